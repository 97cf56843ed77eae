"""Model Documentation Form state: filled fields overall and per audience."""

from __future__ import annotations

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine.results import MdfResult
from gpai_tui.engine.scope import Decision
from gpai_tui.workbook import MdfValue, Workbook

AUDIENCES = ("aio", "nca", "dp")
"""MDF recipients in display order."""


def is_filled(value: MdfValue | None) -> bool:
    """A field counts as filled when it has non-blank text (any entry, for repeats)."""
    if value is None:
        return False
    if isinstance(value, dict):
        return any(v.strip() for v in value.values())
    return bool(value.strip())


def mdf_result(workbook: Workbook, catalogue: Catalogue, decision: Decision) -> MdfResult:
    """Count filled MDF fields, overall and per audience."""
    fields = catalogue.mdf_fields()
    filled_ids = {f.id for f in fields if is_filled(workbook.mdf.get(f.id))}
    per_audience: dict[str, tuple[int, int]] = {}
    for audience in AUDIENCES:
        flagged = [f for f in fields if audience in f.audiences]
        per_audience[audience] = (sum(1 for f in flagged if f.id in filled_ids), len(flagged))
    reason = (
        decision.reason
        if not decision.applies
        else ("Required: Transparency Measure 1.1 (Art. 53(1)(a)-(b), Annexes XI and XII).")
    )
    return MdfResult(
        required=decision.applies,
        reason=reason,
        filled=len(filled_ids),
        total=len(fields),
        per_audience=per_audience,
        complete=len(filled_ids) == len(fields),
    )
