"""The work plan: every applicable item not yet done and consistent, in the order to work on it.

A plan row is an entry of the engine's outstanding list (an item not done, a recurring round
that is due, an unsent incident report), or an applicable item marked done that the engine
flags as inconsistent (done with unticked required checkpoints, or without evidence): the
officer still has work there. Every number and date on a row is the engine's
(:func:`gpai_tui.engine.evaluate`); this module only selects and orders.

Order: overdue rows first, then rows with a legal date, earliest first, then rows without a
legal date (the engine has none for them yet, and says why in ``due_reason``). Ties keep
the catalogue's order; for several workbooks, the workbook path breaks ties first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from gpai_tui.engine.results import CheckpointState, Evaluation

Band = Literal["overdue", "dated", "undated"]
"""The three groups of the plan, in the order they are listed."""
BANDS: tuple[Band, ...] = ("overdue", "dated", "undated")

RowKind = Literal["measure", "obligation", "recurring", "incident-report", "inconsistent"]


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the work plan."""

    workbook: str
    """The workbook the row comes from (its path as given)."""
    id: str
    """Measure or obligation id, or ``<incident>/<report>`` for an incident report."""
    title: str
    kind: RowKind
    """Why the row is open: not done (``measure``/``obligation``), a due ``recurring``
    round, an unsent ``incident-report``, or done but ``inconsistent``."""
    chapter: str | None
    status: str
    owner: str | None
    target: date | None
    due: date | None
    """The legal date (for a recurring round, the next round's date)."""
    due_reason: str
    """How the engine computed the legal date, or why there is none."""
    overdue: bool
    open_checkpoints: tuple[CheckpointState, ...]
    """Required checkpoints not ticked yet."""
    required: int
    """Required checkpoints of the item (0 for incident reports)."""
    issues: tuple[str, ...]
    """The engine's inconsistencies for the item."""

    @property
    def band(self) -> Band:
        """Which group of the plan the row is listed in."""
        if self.overdue:
            return "overdue"
        return "dated" if self.due is not None else "undated"


def plan_rows(evaluation: Evaluation, workbook: str) -> list[PlanRow]:
    """The plan rows of one evaluated workbook, in plan order."""
    order = {item.id: n for n, item in enumerate(evaluation.items)}
    rows: list[tuple[int, PlanRow]] = []
    listed: set[str] = set()
    rules: dict[tuple[str, date | None], str] = {
        (f"{incident.id}/{report.kind}", report.due): report.rule
        for incident in evaluation.incidents
        for report in incident.reports
    }
    for n, entry in enumerate(evaluation.outstanding):
        if entry.kind == "incident-report":
            rows.append(
                (
                    len(order) + n,
                    PlanRow(
                        workbook=workbook,
                        id=entry.id,
                        title=entry.title,
                        kind="incident-report",
                        chapter=None,
                        status=entry.status,
                        owner=entry.owner,
                        target=entry.target,
                        due=entry.due,
                        due_reason=rules.get((entry.id, entry.due), ""),
                        overdue=entry.overdue,
                        open_checkpoints=(),
                        required=0,
                        issues=(),
                    ),
                )
            )
            continue
        item = evaluation.item(entry.id)
        listed.add(item.id)
        reason = item.due_reason
        if entry.kind == "recurring":
            reason = f"Next recurring round; first legal date {_iso(item.due)}: {reason}"
        rows.append(
            (
                order[item.id],
                PlanRow(
                    workbook=workbook,
                    id=item.id,
                    title=item.title,
                    # Done with gaps is outstanding in the engine: still named as such here.
                    kind="inconsistent" if item.unsupported else entry.kind,
                    chapter=item.chapter,
                    status=item.status,
                    owner=item.owner,
                    target=item.target,
                    due=entry.due,
                    due_reason=reason,
                    overdue=entry.overdue,
                    open_checkpoints=_open(item.checkpoints),
                    required=item.required,
                    issues=item.issues,
                ),
            )
        )
    for item in evaluation.items:
        if item.applicable and item.status == "done" and item.issues and item.id not in listed:
            rows.append(
                (
                    order[item.id],
                    PlanRow(
                        workbook=workbook,
                        id=item.id,
                        title=item.title,
                        kind="inconsistent",
                        chapter=item.chapter,
                        status=item.status,
                        owner=item.owner,
                        target=item.target,
                        due=item.due,
                        due_reason=item.due_reason,
                        overdue=item.overdue,
                        open_checkpoints=_open(item.checkpoints),
                        required=item.required,
                        issues=item.issues,
                    ),
                )
            )
    rows.sort(key=lambda pair: (_rank(pair[1]), pair[0]))
    return [row for _, row in rows]


def merge_plans(plans: Iterable[Sequence[PlanRow]]) -> list[PlanRow]:
    """The rows of several workbooks' plans in one plan order (workbook breaks ties)."""
    numbered = [(_rank(row), row.workbook, n, row) for rows in plans for n, row in enumerate(rows)]
    numbered.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in numbered]


def _rank(row: PlanRow) -> tuple[int, date]:
    """Band first (overdue, dated, undated), then the legal date."""
    return (BANDS.index(row.band), row.due or date.max)


def _open(checkpoints: Sequence[CheckpointState]) -> tuple[CheckpointState, ...]:
    return tuple(cp for cp in checkpoints if cp.required and not cp.ticked)


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else "none"
