"""Put a change of scope into words: compare two engine evaluations (no Textual here).

The numbers and dates come from the two evaluations; this module only says which
decisions, applicability, legal dates and totals differ.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from gpai_tui.engine import Evaluation, ItemResult
from gpai_tui.tui.labels import iso, percent

MAX_IDS = 6
"""Ids listed by name before the rest are counted."""

_DECISIONS = (
    ("provider", "Provider"),
    ("gpai", "GPAI model"),
    ("systemic_risk", "Systemic risk"),
    ("open_source_exempt", "Open-source exemption"),
    ("non_eu", "Authorised representative"),
)


def _ids(items: Iterable[ItemResult]) -> str:
    ids = [i.id for i in items]
    if len(ids) <= MAX_IDS:
        return ", ".join(ids)
    return f"{', '.join(ids[:MAX_IDS])} and {len(ids) - MAX_IDS} more"


def explain(before: Evaluation, after: Evaluation) -> list[str]:
    """What changed from ``before`` to ``after``, in sentences, most important first."""
    lines: list[str] = []
    for attribute, name in _DECISIONS:
        old = getattr(before.scope, attribute)
        new = getattr(after.scope, attribute)
        if old.applies != new.applies:
            lines.append(f"{name}: {'yes' if new.applies else 'no'} now. {new.reason}")
    pairs = [(b, after.item(b.id)) for b in before.items]
    now = [a for b, a in pairs if a.applicable and not b.applicable]
    gone = [a for b, a in pairs if b.applicable and not a.applicable]
    # One line per rule: each item is named with the reason that actually changed it
    # (systemic-risk designation and the open-source exemption move different items).
    for label, items in (("Now applies", now), ("No longer applies", gone)):
        by_reason: dict[str, list[ItemResult]] = defaultdict(list)
        for item in items:
            by_reason[item.reason].append(item)
        for reason, group in by_reason.items():
            lines.append(f"{label} ({len(group)}): {_ids(group)}. {reason}")
    moved: dict[tuple[str, str], list[ItemResult]] = defaultdict(list)
    for b, a in pairs:
        if a.applicable and b.applicable and a.due != b.due:
            moved[(iso(b.due), iso(a.due))].append(a)
    for (old_due, new_due), items in moved.items():
        lines.append(f"Legal date {old_due} → {new_due} ({len(items)}): {_ids(items)}.")
    if before.overall.completeness != after.overall.completeness:
        lines.append(
            f"Overall {percent(before.overall.completeness)} → "
            f"{percent(after.overall.completeness)}."
        )
    if len(before.outstanding) != len(after.outstanding):
        lines.append(f"Outstanding {len(before.outstanding)} → {len(after.outstanding)}.")
    for warning in after.scope.warnings:
        if warning not in before.scope.warnings:
            lines.append(f"Warning: {warning}")
    return lines
