"""The engine's results: plain, frozen data that the TUI, the CLI and the exports show.

Nothing here computes; :mod:`gpai_tui.engine.evaluate` fills these in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from gpai_tui.engine.scope import Scope

if TYPE_CHECKING:
    from gpai_tui.engine.summary import SummaryResult

ItemKind = Literal["measure", "obligation"]


def pct(value: float) -> float:
    """The one rounding of a percentage used everywhere (one decimal)."""
    return round(value, 1)


@dataclass(frozen=True, slots=True)
class CheckpointState:
    """One checkpoint of one item, with its tick."""

    id: str
    label: str
    required: bool
    ticked: bool
    derived: str | None = None


@dataclass(frozen=True, slots=True)
class ItemResult:
    """Everything computed about one measure or obligation."""

    id: str
    kind: ItemKind
    title: str
    chapter: str | None
    """Chapter id for measures; ``None`` for obligations."""
    commitment: str | None
    """Commitment id for measures; ``None`` for obligations."""
    articles: tuple[str, ...]
    in_scope: bool
    """The scoping rules make the item apply to this model."""
    applicable: bool
    """In scope and not marked not-applicable by the officer."""
    reason: str
    """Why it applies or not (names the rule or article, or the officer's justification)."""
    status: str
    owner: str | None
    target: date | None
    last_done: date | None
    required: int
    """Number of required checkpoints."""
    ticked: int
    """Number of required checkpoints ticked."""
    completeness: float
    """Ticked over required, 0-100 (unrounded)."""
    checkpoints: tuple[CheckpointState, ...]
    due: date | None
    """Legal due date, or ``None`` when there is none yet."""
    due_reason: str
    """How the legal due date was computed (or why there is none)."""
    next_due: date | None
    """For recurring duties: when the next round is due."""
    overdue: bool
    """Past its legal date (or its next recurring date) and not done."""
    issues: tuple[str, ...]
    """Inconsistencies (done with gaps, not-applicable without justification)."""
    unsupported: bool = False
    """Marked done while required checkpoints are unticked or evidence is missing: it
    does not count as done (it stays outstanding, with its legal date) and is flagged."""
    evidence_due: tuple[tuple[str, date], ...] = ()
    """Evidence past its ``review_by`` date as of the evaluation: (reference, date)."""
    next_review: date | None = None
    """With a review cadence (``review_months``): ``last_done`` plus the cadence."""
    review_overdue: bool = False
    """Applicable and past :attr:`next_review`."""
    signed: bool = True
    """The item's chapter is signed (or it is an AI Act obligation outside the Code).
    When it is not, a done item records the other adequate means used instead
    (``alternative``; Art. 53(4) and 55(2), see ``engine/rules.py``)."""

    @property
    def review_due(self) -> bool:
        """Applicable, and evidence is past its review date or the periodic review is due."""
        return self.applicable and (bool(self.evidence_due) or self.review_overdue)

    def review_note(self) -> str:
        """Why a review is due, in words (empty when none is)."""
        if not self.review_due:
            return ""
        bits: list[str] = []
        if self.evidence_due:
            first = min(when for _, when in self.evidence_due)
            count = len(self.evidence_due)
            what = "evidence" if count == 1 else f"{count} evidence items"
            bits.append(f"{what} due for review since {first.isoformat()}")
        if self.review_overdue and self.next_review is not None:
            bits.append(f"periodic review due since {self.next_review.isoformat()}")
        return "; ".join(bits)

    @property
    def consistent(self) -> bool:
        """No inconsistency flagged."""
        return not self.issues

    @property
    def outstanding(self) -> bool:
        """Applicable and not (really) done, or a recurring round that is due."""
        return self.applicable and (
            self.status != "done" or self.unsupported or self.overdue or self.review_due
        )


@dataclass(frozen=True, slots=True)
class GroupResult:
    """Completeness of a chapter or commitment (or the whole workbook)."""

    id: str
    title: str
    applicable: int
    """Applicable measures."""
    done: int
    """Applicable measures with status done and nothing missing behind it."""
    required: int
    ticked: int
    completeness: float
    """Ticked required checkpoints over required ones, 0-100 (unrounded); 0 when none apply."""
    signed: bool | None = None
    """For a chapter: whether the provider signed it; ``None`` for other groups."""


@dataclass(frozen=True, slots=True)
class ReportClock:
    """One serious-incident report and its deadline."""

    kind: Literal["initial", "intermediate", "final"]
    due: date
    sent: date | None
    late: bool
    """Sent after its due date."""
    overdue: bool
    """Not sent and past its due date."""
    rule: str
    """The time limit in words."""


@dataclass(frozen=True, slots=True)
class IncidentResult:
    """A serious incident with its report clocks."""

    id: str
    title: str
    incident_class: str
    aware: date
    resolved: date | None
    reports: tuple[ReportClock, ...]

    @property
    def late(self) -> bool:
        """Any report late or overdue."""
        return any(r.late or r.overdue for r in self.reports)


@dataclass(frozen=True, slots=True)
class MdfResult:
    """Model Documentation Form state."""

    required: bool
    reason: str
    filled: int
    total: int
    per_audience: dict[str, tuple[int, int]]
    """Audience -> (filled, total) for the fields flagged for it."""
    complete: bool


@dataclass(frozen=True, slots=True)
class OutstandingItem:
    """One outstanding obligation: an item not done, a recurring round due, or a report."""

    id: str
    """Item id, or ``incident:<id>`` for an incident report."""
    title: str
    kind: Literal["measure", "obligation", "recurring", "review", "incident-report"]
    """``review``: done, but evidence is past its review date or the periodic review
    (``review_months``) is due."""
    due: date | None
    overdue: bool
    target: date | None = None
    owner: str | None = None
    status: str = "todo"
    inconsistent: bool = False
    """The item is flagged inconsistent (e.g. marked done with checkpoints or evidence
    missing, which keeps it outstanding)."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The whole computed state of one workbook as of one date."""

    as_of: date
    scope: Scope
    items: tuple[ItemResult, ...]
    chapters: tuple[GroupResult, ...]
    commitments: tuple[GroupResult, ...]
    overall: GroupResult
    obligations_summary: GroupResult
    outstanding: tuple[OutstandingItem, ...]
    """Overdue first, then by legal date (undated last), then catalogue order."""
    incidents: tuple[IncidentResult, ...]
    mdf: MdfResult
    conflicts: tuple[str, ...]
    summary: SummaryResult | None = None
    """The training summary's completeness (engine/summary.py)."""
    _index: dict[str, ItemResult] = field(default_factory=dict, repr=False, compare=False)
    _basis: object = field(default=None, repr=False, compare=False)
    """What every item's result was computed from besides its own entry (the catalogue,
    the date, the scope, the dates, the derived checkpoints): ``evaluate(reuse=...)``
    keeps the results of unchanged items while it is the same."""

    def item(self, item_id: str) -> ItemResult:
        """The result for one measure or obligation id (``KeyError`` if unknown)."""
        return self._index[item_id]

    @property
    def overdue_count(self) -> int:
        """Outstanding entries past their legal date (or their review date)."""
        return sum(1 for o in self.outstanding if o.overdue)

    def outstanding_order(self) -> tuple[str, ...]:
        """Measure and obligation ids to step through (``n``/``N``): overdue first, then
        by legal date, undated last; catalogue order on ties; each id once.

        The same order as :attr:`outstanding`, without incident reports.
        """
        ids = (o.id for o in self.outstanding if o.kind != "incident-report")
        return tuple(dict.fromkeys(ids))

    @property
    def inconsistent_count(self) -> int:
        """Items flagged inconsistent."""
        return sum(1 for i in self.items if i.issues)
