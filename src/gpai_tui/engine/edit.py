"""Validated edits of one measure or obligation, shared by ``gpai set`` and the TUI.

:func:`apply_edit` checks everything first (id, checkpoints, justification) and
only then changes the workbook, so a refused edit changes nothing. Setting a
value that sits in an unresolved merge conflict resolves that conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.catalogue.summary import is_computed
from gpai_tui.errors import UsageError
from gpai_tui.words import plural
from gpai_tui.workbook import EvidenceItem, ItemEntry, Workbook
from gpai_tui.workbook.errors import did_you_mean
from gpai_tui.workbook.model import MAX_LIST, MAX_SHORT, MAX_TEXT, STATUSES, table_name
from gpai_tui.workbook.organisation import Organisation


@dataclass(frozen=True)
class Edit:
    """What to change; ``None`` (or empty) means leave as it is."""

    status: str | None = None
    owner: str | None = None
    target: date | None = None
    clear_target: bool = False
    last_done: date | None = None
    check: tuple[str, ...] = field(default_factory=tuple)
    uncheck: tuple[str, ...] = field(default_factory=tuple)
    add_evidence: tuple[str, ...] = field(default_factory=tuple)
    remove_evidence: tuple[str, ...] = field(default_factory=tuple)
    put_evidence: tuple[EvidenceItem, ...] = field(default_factory=tuple)
    """Evidence items to record with their details: an item with the same ``ref`` is
    replaced in place (a string upgraded to a table), else the item is appended."""
    review_months: int | None = None
    clear_review_months: bool = False
    notes: str | None = None
    justification: str | None = None
    alternative: str | None = None
    """The other adequate means used instead of the measure, for a chapter not signed
    (Art. 53(4), 55(2)); ``""`` clears it."""

    def is_empty(self) -> bool:
        """True when the edit changes nothing."""
        return (
            self.status is None
            and self.owner is None
            and self.target is None
            and not self.clear_target
            and self.last_done is None
            and not self.check
            and not self.uncheck
            and not self.add_evidence
            and not self.remove_evidence
            and not self.put_evidence
            and self.review_months is None
            and not self.clear_review_months
            and self.notes is None
            and self.justification is None
            and self.alternative is None
        )


def resolve_item(catalogue: Catalogue, item_id: str) -> str:
    """Return ``item_id`` if it names a measure or obligation, else raise with a hint."""
    if catalogue.measure(item_id) or catalogue.obligation(item_id):
        return item_id
    hint = did_you_mean(item_id, catalogue.item_ids())
    raise UsageError(
        f"unknown measure or obligation id {item_id!r}" + (f"; {hint}" if hint else "")
    )


def _conflict_key(item_id: str, name: str) -> str:
    table = table_name(item_id)
    return f"{table}.{item_id}.{name}"


def _check_text(label: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise UsageError(f"{label} is {len(value)} characters long; the limit is {limit}")


def apply_edit(workbook: Workbook | Organisation, item_id: str, edit: Edit) -> list[str]:
    """Apply ``edit`` to one item of ``workbook``; return what changed, in words.

    ``workbook`` may be an organisation workbook (then ``item_id`` must be one of the
    provider-level items it holds).
    """
    catalogue = load_catalogue(workbook.code)
    resolve_item(catalogue, item_id)
    item = catalogue.measure(item_id) or catalogue.obligation(item_id)
    assert item is not None
    if isinstance(workbook, Organisation) and not item.provider_level:
        raise UsageError(
            f"{item_id} is answered per model, not in the organisation workbook; "
            f"provider-level items: {', '.join(catalogue.provider_level_ids())}"
        )
    checkpoints = {cp.id: cp for cp in item.checkpoints}
    for cp_id in (*edit.check, *edit.uncheck):
        cp = checkpoints.get(cp_id)
        if cp is None:
            hint = did_you_mean(cp_id, list(checkpoints))
            raise UsageError(
                f"{item_id} has no checkpoint {cp_id!r}"
                + (f"; {hint}" if hint else f"; it has {', '.join(checkpoints)}")
            )
        if is_computed(cp, bool(getattr(workbook, "training_summary", None))):
            raise UsageError(
                f"checkpoint {cp_id!r} of {item_id} is computed ({cp.derived}); "
                "it cannot be ticked by hand"
            )
    if edit.status is not None and edit.status not in STATUSES:
        raise UsageError(f"unknown status {edit.status!r}; use {', '.join(STATUSES)}")
    current = workbook.get_entry(item_id)
    justification = edit.justification if edit.justification is not None else current.justification
    final_status = edit.status or current.status
    touches = edit.status is not None or edit.justification is not None
    if final_status == "not-applicable" and touches and not (justification or "").strip():
        raise UsageError(
            f"{item_id}: not-applicable needs a written justification (--justification TEXT)"
        )
    for label, value, limit in (
        ("owner", edit.owner, MAX_SHORT),
        ("notes", edit.notes, MAX_TEXT),
        ("justification", edit.justification, MAX_TEXT),
        ("alternative", edit.alternative, MAX_TEXT),
        *[("evidence reference", ref, MAX_SHORT) for ref in edit.add_evidence],
    ):
        if value is not None:
            _check_text(label, value, limit)
    if any(not ref.strip() for ref in edit.add_evidence):
        raise UsageError("an evidence reference cannot be empty")
    if edit.review_months is not None and not 1 <= edit.review_months <= 120:
        raise UsageError("a review cadence is 1 to 120 months")
    if len(current.evidence) + len(edit.add_evidence) + len(edit.put_evidence) > MAX_LIST:
        raise UsageError(f"{item_id} would have more than {MAX_LIST} evidence references")

    entry: ItemEntry = workbook.entry(item_id)
    changes: list[str] = []
    resolved: list[str] = []

    def note(name: str, text: str) -> None:
        changes.append(text)
        resolved.append(_conflict_key(item_id, name))

    if edit.status is not None and edit.status != entry.status:
        note("status", f"status {entry.status} → {edit.status}")
        entry.status = edit.status
    if edit.owner is not None:
        value = edit.owner.strip() or None
        if value != entry.owner:
            note("owner", f"owner → {value or '(none)'}")
            entry.owner = value
    if edit.clear_target and entry.target is not None:
        note("target", "target cleared")
        entry.target = None
    if edit.target is not None and edit.target != entry.target:
        note("target", f"target → {edit.target.isoformat()}")
        entry.target = edit.target
    if edit.last_done is not None and edit.last_done != entry.last_done:
        note("last_done", f"last done → {edit.last_done.isoformat()}")
        entry.last_done = edit.last_done
    for cp_id in edit.check:
        if not entry.checks.get(cp_id):
            note(f"checks.{cp_id}", f"ticked {cp_id}")
        entry.checks = {**entry.checks, cp_id: True}
    for cp_id in edit.uncheck:
        if entry.checks.get(cp_id):
            note(f"checks.{cp_id}", f"unticked {cp_id}")
        entry.checks = {**entry.checks, cp_id: False}
    if edit.clear_review_months and entry.review_months is not None:
        note("review_months", "review cadence cleared")
        entry.review_months = None
    if edit.review_months is not None and edit.review_months != entry.review_months:
        note("review_months", f"review every {plural(edit.review_months, 'month')}")
        entry.review_months = edit.review_months
    evidence = list(entry.evidence)
    for ref in edit.remove_evidence:
        kept = [item for item in evidence if item.ref != ref]
        if len(kept) != len(evidence):
            evidence = kept
            note("evidence", f"evidence removed: {ref}")
    for ref in edit.add_evidence:
        if all(item.ref != ref for item in evidence):
            evidence.append(EvidenceItem(ref=ref))
            note("evidence", f"evidence added: {ref}")
    for new in edit.put_evidence:
        at = next((i for i, item in enumerate(evidence) if item.ref == new.ref), None)
        if at is None:
            evidence.append(new)
            note("evidence", f"evidence added: {new.ref}")
        elif evidence[at] != new:
            evidence[at] = new
            note("evidence", f"evidence updated: {new.ref}")
    if evidence != entry.evidence:
        entry.evidence = evidence
    if edit.notes is not None:
        value = edit.notes if edit.notes.strip() else None
        if value != entry.notes:
            note("notes", "notes changed")
            entry.notes = value
    if edit.justification is not None:
        value = edit.justification if edit.justification.strip() else None
        if value != entry.justification:
            note("justification", "justification changed")
            entry.justification = value
    if edit.alternative is not None:
        value = edit.alternative if edit.alternative.strip() else None
        if value != entry.alternative:
            note("alternative", "alternative means changed")
            entry.alternative = value
    # Setting a value resolves its conflict even when it equals the value the merge
    # kept (ours): that is how an officer keeps our side with `gpai set`.
    given = (
        ("status", edit.status is not None),
        ("owner", edit.owner is not None),
        ("target", edit.target is not None or edit.clear_target),
        ("last_done", edit.last_done is not None),
        ("review_months", edit.review_months is not None or edit.clear_review_months),
        ("notes", edit.notes is not None),
        ("justification", edit.justification is not None),
        ("alternative", edit.alternative is not None),
    )
    resolved += [_conflict_key(item_id, name) for name, set_ in given if set_]
    resolved += [_conflict_key(item_id, f"checks.{cp}") for cp in (*edit.check, *edit.uncheck)]
    if resolved and workbook.conflicts:
        prefix = _conflict_key(item_id, "")
        touched = set(resolved)
        remaining = {
            k: v
            for k, v in workbook.conflicts.items()
            if not (k in touched or (k.startswith(prefix) and f"{k}" in touched))
        }
        if len(remaining) != len(workbook.conflicts):
            count = len(workbook.conflicts) - len(remaining)
            changes.append(f"{plural(count, 'conflict')} resolved")
            workbook.conflicts = remaining
    return changes


ADDITIONS_ONLY = ("add_evidence", "remove_evidence", "notes")
"""What a model may change on an item it inherits without overriding it."""


def is_addition(edit: Edit) -> bool:
    """True when ``edit`` only touches evidence and notes (a model's own additions)."""
    rest = Edit(**{k: v for k, v in vars(edit).items() if k not in ADDITIONS_ONLY})
    return rest.is_empty()


def start_override(workbook: Workbook, item_id: str, inherited: ItemEntry) -> None:
    """Make ``item_id`` this model's own answer, starting from the inherited one.

    ``inherited`` is the resolved entry (the organisation's answer with the model's
    additions); from now on the organisation's answer is no longer used for it.
    """
    copy = inherited.model_copy(deep=True)
    copy.override = True
    table = workbook.table(item_id)
    table[item_id] = copy
