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


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed gate: the message and where in the workbook it points."""

    message: str
    where: tuple[str, ...] = ()
    """Key path in the workbook (``("measures", "CR-1.3")``), empty for the whole file."""


def _item_path(evaluation: Evaluation, item_id: str, kind: str) -> tuple[str, ...]:
    """The key path of a measure or obligation; an incident report points at its incident."""
    if kind == "incident-report":  # id "INC-1/initial"
        return ("incidents", item_id.rsplit("/", 1)[0])
    for item in evaluation.items:
        if item.id == item_id:
            return ("measures" if item.kind == "measure" else "obligations", item_id)
    return ()


def failures(evaluation: Evaluation, gates: Gates) -> list[str]:
    """Every gate the evaluation fails, as one line each."""
    return [failure.message for failure in located_failures(evaluation, gates)]


def located_failures(evaluation: Evaluation, gates: Gates) -> list[Failure]:
    """Every gate the evaluation fails, with the key path each points at."""
    out: list[Failure] = []
    for key in evaluation.conflicts:
        out.append(Failure(f"unresolved merge conflict at {key}", ("conflicts", key)))
    overall = pct(evaluation.overall.completeness)
    if gates.min_completeness is not None and overall < gates.min_completeness:
        out.append(
            Failure(
                f"overall completeness {overall:.1f}% is below the minimum "
                f"{gates.min_completeness:g}%"
            )
        )
    if gates.no_overdue:
        for entry in evaluation.outstanding:
            if entry.overdue:
                due = entry.due.isoformat() if entry.due else "?"
                out.append(
                    Failure(
                        f"{entry.id} is overdue (legal date {due})",
                        _item_path(evaluation, entry.id, entry.kind),
                    )
                )
    if gates.no_inconsistent:
        for item in evaluation.items:
            where = ("measures" if item.kind == "measure" else "obligations", item.id)
            for issue in item.issues:
                out.append(Failure(f"{item.id} is inconsistent: {issue}", where))
    return out
