"""``gpai check`` gates: which failures a workbook has, in words."""

from __future__ import annotations

from dataclasses import dataclass

from gpai_tui.engine.results import Evaluation, pct


@dataclass(frozen=True, slots=True)
class Gates:
    """What ``check`` enforces. Unresolved merge conflicts always fail."""

    min_completeness: float | None = None
    no_overdue: bool = False
    no_inconsistent: bool = False


def failures(evaluation: Evaluation, gates: Gates) -> list[str]:
    """Every gate the evaluation fails, as one line each."""
    out: list[str] = []
    for key in evaluation.conflicts:
        out.append(f"unresolved merge conflict at {key}")
    overall = pct(evaluation.overall.completeness)
    if gates.min_completeness is not None and overall < gates.min_completeness:
        out.append(
            f"overall completeness {overall:.1f}% is below the minimum {gates.min_completeness:g}%"
        )
    if gates.no_overdue:
        for entry in evaluation.outstanding:
            if entry.overdue:
                due = entry.due.isoformat() if entry.due else "?"
                if entry.kind == "review":
                    out.append(f"{entry.id} is due for review since {due}: {entry.title}")
                else:
                    out.append(f"{entry.id} is overdue (legal date {due})")
    if gates.no_inconsistent:
        for item in evaluation.items:
            for issue in item.issues:
                out.append(f"{item.id} is inconsistent: {issue}")
    return out
