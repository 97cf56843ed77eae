"""The one function that computes: :func:`evaluate`.

From a workbook, its catalogue and an as-of date it computes applicability with
reasons, completeness per item, commitment, chapter and overall, legal due dates,
recurring clocks, serious-incident report clocks, inconsistencies and the
outstanding list. The TUI, ``status``, ``check`` and the exports all call it, so
every number they show agrees to the digit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from gpai_tui.catalogue import Catalogue, Checkpoint, Measure, Obligation, TimeLimit, load_catalogue
from gpai_tui.catalogue.summary import is_computed
from gpai_tui.engine.dates import LEGACY_CUTOFF, LEGACY_DEADLINE, add
from gpai_tui.engine.incidents import incident_result
from gpai_tui.engine.mdf import mdf_result
from gpai_tui.engine.results import (
    CheckpointState,
    Evaluation,
    GroupResult,
    ItemResult,
    OutstandingItem,
)
from gpai_tui.engine.scope import (
    Decision,
    Scope,
    applicability,
    art52_undated_warning,
    scope_for,
)
from gpai_tui.engine.summary import DERIVED_PARTS, derived_tick, summary_result
from gpai_tui.workbook import ItemEntry, Workbook

NOTIFICATION_ID = "art-52-notification"


def _base_due(workbook: Workbook) -> tuple[date | None, str, bool]:
    """The market deadline: (date, reason, legacy)."""
    placed = workbook.model.placed_on_market
    if placed is None:
        return None, "Not yet placed on the market: no legal date yet.", False
    if placed < LEGACY_CUTOFF:
        return (
            LEGACY_DEADLINE,
            f"Placed on the market on {placed.isoformat()}, before 2 Aug 2025: due by "
            "2 Aug 2027 (Art. 111(3)).",
            True,
        )
    return placed, f"Due before placing on the market on {placed.isoformat()}.", False


def _notification_date(workbook: Workbook) -> tuple[date | None, str]:
    entry = workbook.get_entry(NOTIFICATION_ID)
    if entry.status == "done" and entry.last_done is not None:
        return entry.last_done, f"notified on {entry.last_done.isoformat()}"
    known = workbook.model.threshold_known
    if known is not None:
        due = known + timedelta(weeks=2)
        return due, f"notification due {due.isoformat()}"
    return None, "notification date unknown"


class _Dates:
    """The workbook's dates that every item's due date starts from, worked out once.

    (A plain class: a dataclass costs ~0.7 ms to create at import.)
    """

    __slots__ = ("base", "base_reason", "known", "legacy", "notification", "placed")

    def __init__(self, workbook: Workbook) -> None:
        self.base, self.base_reason, self.legacy = _base_due(workbook)
        self.placed = workbook.model.placed_on_market
        self.known = workbook.model.threshold_known
        self.notification = _notification_date(workbook)


def _dates(workbook: Workbook) -> _Dates:
    return _Dates(workbook)


def _legal_due(
    item_id: str, limits: Sequence[TimeLimit], workbook: Workbook, dates: _Dates | None = None
) -> tuple[date | None, str]:
    """The legal due date of an item and how it was computed."""
    dates = dates or _dates(workbook)
    base, base_reason, legacy = dates.base, dates.base_reason, dates.legacy
    if not limits:
        return base, base_reason
    placed = dates.placed
    candidates: list[tuple[date, str]] = []
    dated = False
    for limit in limits:
        if limit.kind == "before-market":
            dated = True
            if base is not None:
                candidates.append((base, base_reason))
        elif limit.kind == "after-event" and limit.amount and limit.unit:
            if limit.trigger == "threshold-known":
                dated = True
                known = dates.known
                if known is not None:
                    due = add(known, limit.amount, limit.unit)
                    candidates.append(
                        (
                            due,
                            f"Within {limit.amount} {limit.unit} of knowing the 10^25 FLOP "
                            f"threshold is or will be met ({known.isoformat()}) (Art. 52(1)).",
                        )
                    )
            elif limit.trigger == "art-52-notification":
                dated = True
                notified, how = dates.notification
                if notified is not None:
                    due = add(notified, limit.amount, limit.unit)
                    candidates.append(
                        (
                            due,
                            f"{limit.amount} {limit.unit} after the Art. 52 notification ({how}).",
                        )
                    )
        elif (
            limit.kind == "before-event"
            and limit.trigger == "placing-on-market"
            and limit.amount
            and limit.unit
        ):
            dated = True
            if placed is not None and not legacy:
                due = add(placed, -limit.amount, limit.unit)
                candidates.append(
                    (
                        due,
                        f"{limit.amount} {limit.unit} before placing on the market on "
                        f"{placed.isoformat()}.",
                    )
                )
            elif legacy and base is not None:
                candidates.append((base, base_reason))
    if not dated:
        # No explicit limit: the AI Act obligations behind every measure apply from
        # placing on the market (or 2 Aug 2027 for legacy models).
        return base, base_reason
    if item_id == NOTIFICATION_ID and not candidates:
        return None, (
            "Due within 2 weeks of knowing the 10^25 FLOP threshold is or will be met "
            "(Art. 52(1)); set threshold_known in the profile to compute it."
        )
    if not candidates:
        return base, base_reason
    due, reason = min(candidates, key=lambda c: c[0])
    return due, reason


def _recurring(limits: Sequence[TimeLimit]) -> TimeLimit | None:
    """The fixed-period duty of an item (e.g. a 12-monthly assessment), if any.

    Only calendar periods count; recurrences tied to an event the workbook does not
    record (e.g. further training) and unverified cadences are left out.
    """
    for limit in limits:
        if (
            limit.kind == "recurring"
            and limit.amount
            and limit.unit
            and limit.trigger in (None, "placing-on-market")
            and not limit.unverified
        ):
            return limit
    return None


def _checkpoints(
    checkpoints: Iterable[Checkpoint], entry: ItemEntry, derived: dict[str, bool]
) -> tuple[CheckpointState, ...]:
    """Ticks: computed ones from ``derived`` (its ``summary-kept`` key says whether the
    training summary's checkpoints are computed yet, see ``is_computed``), others by hand."""
    checks = entry.checks
    kept = derived.get("summary-kept", False)
    out: list[CheckpointState] = []
    for cp in checkpoints:
        if is_computed(cp, kept):
            assert cp.derived is not None
            out.append(
                CheckpointState(cp.id, cp.label, cp.required, derived[cp.derived], cp.derived)
            )
        else:
            out.append(CheckpointState(cp.id, cp.label, cp.required, bool(checks.get(cp.id))))
    return tuple(out)


def _done_gaps(entry: ItemEntry, required: int, ticked: int) -> list[str]:
    """What is missing behind a status of done: unticked required checkpoints, evidence.

    An item with gaps is flagged inconsistent and still counts as outstanding.
    """
    if entry.status != "done":
        return []
    gaps: list[str] = []
    if ticked < required:
        gaps.append(f"done, but {required - ticked} of {required} required checkpoints not ticked")
    if not entry.evidence:
        gaps.append("done, but no evidence recorded")
    return gaps


def _item(
    item: Measure | Obligation,
    kind: str,
    chapter: str | None,
    commitment: str | None,
    decision: Decision,
    workbook: Workbook,
    derived: dict[str, bool],
    as_of: date,
    dates: _Dates | None = None,
) -> ItemResult:
    entry = workbook.get_entry(item.id)
    states = _checkpoints(item.checkpoints, entry, derived)
    required = ticked = 0
    for state in states:
        if state.required:
            required += 1
            ticked += state.ticked
    if required:
        completeness = 100.0 * ticked / required
    else:
        completeness = 100.0 if entry.status == "done" else 0.0
    in_scope = decision.applies
    marked_na = entry.status == "not-applicable"
    applicable = in_scope and not marked_na
    reason = decision.reason
    if in_scope and marked_na:
        justification = (entry.justification or "").strip()
        reason = (
            f"Marked not applicable by the officer: {justification}"
            if justification
            else "Marked not applicable by the officer, without a justification."
        )
    issues: list[str] = []
    gaps = _done_gaps(entry, required, ticked) if in_scope else []
    if in_scope and marked_na and not (entry.justification or "").strip():
        issues.append("not applicable without a written justification")
    issues.extend(gaps)
    # A status of done with nothing behind it does not count as done: the item stays
    # outstanding and keeps its legal date (and so can be overdue).
    settled = entry.status == "done" and not gaps
    due, due_reason = _legal_due(item.id, item.time_limits, workbook, dates)
    next_due: date | None = None
    recurring = _recurring(item.time_limits)
    if recurring is not None and recurring.amount and recurring.unit:
        anchor = entry.last_done or due
        if anchor is not None:
            next_due = add(anchor, recurring.amount, recurring.unit)
    if not applicable:
        overdue = False
    elif not settled:
        overdue = due is not None and due < as_of
    else:
        overdue = next_due is not None and next_due < as_of
    return ItemResult(
        id=item.id,
        kind="measure" if kind == "measure" else "obligation",
        title=item.title,
        chapter=chapter,
        commitment=commitment,
        articles=tuple(item.articles),
        in_scope=in_scope,
        applicable=applicable,
        reason=reason,
        status=entry.status,
        owner=entry.owner,
        target=entry.target,
        last_done=entry.last_done,
        required=required,
        ticked=ticked,
        completeness=completeness,
        checkpoints=states,
        due=due,
        due_reason=due_reason,
        next_due=next_due,
        overdue=overdue,
        issues=tuple(issues),
        unsupported=entry.status == "done" and bool(gaps),
    )


def _group(group_id: str, title: str, items: Iterable[ItemResult]) -> GroupResult:
    applicable = [i for i in items if i.applicable]
    required = sum(i.required for i in applicable)
    ticked = sum(i.ticked for i in applicable)
    return GroupResult(
        id=group_id,
        title=title,
        applicable=len(applicable),
        done=sum(1 for i in applicable if i.status == "done" and not i.unsupported),
        required=required,
        ticked=ticked,
        completeness=100.0 * ticked / required if required else 0.0,
    )


def _outstanding(
    items: Sequence[ItemResult], evaluation_incidents: Sequence[object], order: dict[str, int]
) -> tuple[OutstandingItem, ...]:
    out: list[OutstandingItem] = []
    for item in items:
        if not item.applicable:
            continue
        if item.status != "done" or item.unsupported:
            out.append(
                OutstandingItem(
                    id=item.id,
                    title=item.title,
                    kind=item.kind,
                    due=item.due,
                    overdue=item.overdue,
                    target=item.target,
                    owner=item.owner,
                    status=item.status,
                    inconsistent=bool(item.issues),
                )
            )
        elif item.overdue:
            out.append(
                OutstandingItem(
                    id=item.id,
                    title=f"{item.title} (recurring round)",
                    kind="recurring",
                    due=item.next_due,
                    overdue=True,
                    target=item.target,
                    owner=item.owner,
                    status=item.status,
                )
            )
    from gpai_tui.engine.results import IncidentResult

    for incident in evaluation_incidents:
        assert isinstance(incident, IncidentResult)
        for report in incident.reports:
            if report.sent is None:
                out.append(
                    OutstandingItem(
                        id=f"{incident.id}/{report.kind}",
                        title=f"{report.kind.capitalize()} report on incident {incident.id}: "
                        f"{incident.title}",
                        kind="incident-report",
                        due=report.due,
                        overdue=report.overdue,
                        status="todo",
                    )
                )
    big = date.max
    # Overdue first, then by legal date (undated last), then catalogue order.
    out.sort(
        key=lambda o: (
            not o.overdue,
            o.due is None,
            o.due or big,
            order.get(o.id, len(order)),
            o.id,
        )
    )
    return tuple(out)


_ORDERS: dict[int, tuple[Catalogue, dict[str, int]]] = {}
"""Catalogue order of item ids, per catalogue (by identity; catalogues are cached)."""


def _order(catalogue: Catalogue) -> dict[str, int]:
    known = _ORDERS.get(id(catalogue))
    if known is not None and known[0] is catalogue:
        return known[1]
    if len(_ORDERS) > 16:
        _ORDERS.clear()
    order = {item_id: n for n, item_id in enumerate(catalogue.item_ids())}
    _ORDERS[id(catalogue)] = (catalogue, order)
    return order


def _with_art52_warning(scope: Scope, workbook: Workbook, as_of: date) -> Scope:
    """``scope`` plus the warning of :func:`art52_undated_warning`, when it applies."""
    entry = workbook.get_entry(NOTIFICATION_ID)
    notified = entry.last_done if entry.status == "done" else None
    warning = art52_undated_warning(
        workbook.model, scope.in_scope and scope.systemic_risk.applies, notified, as_of
    )
    if warning is None:
        return scope
    return replace(scope, warnings=(*scope.warnings, warning))


def evaluate(
    workbook: Workbook, as_of: date | None = None, catalogue: Catalogue | None = None
) -> Evaluation:
    """Compute everything about ``workbook`` as of ``as_of`` (default: today)."""
    as_of = as_of or date.today()
    catalogue = catalogue or load_catalogue(workbook.code)
    scope: Scope = _with_art52_warning(scope_for(workbook.model), workbook, as_of)
    transparency = next(c for c in catalogue.chapters if c.id == "transparency")
    mdf_decision = applicability(scope, transparency.applies, "TR-1.1")
    mdf = mdf_result(workbook, catalogue, mdf_decision)
    summary = summary_result(workbook)
    # Derived checkpoints: TR-1.1's form (mdf-complete) and the training summary's
    # parts (summary-header, summary-part-1..3; engine/summary.py).
    derived = {"mdf-complete": mdf.complete, "summary-kept": bool(workbook.training_summary)}
    derived.update((kind, derived_tick(kind, summary)) for kind in DERIVED_PARTS)
    dates = _dates(workbook)
    items: list[ItemResult] = []
    chapters: list[GroupResult] = []
    commitments: list[GroupResult] = []
    for chapter in catalogue.chapters:
        chapter_items: list[ItemResult] = []
        for commitment in chapter.commitments:
            commitment_items = []
            for measure in commitment.measures:
                decision = applicability(scope, measure.applies, measure.id)
                result = _item(
                    measure,
                    "measure",
                    chapter.id,
                    commitment.id,
                    decision,
                    workbook,
                    derived,
                    as_of,
                    dates,
                )
                commitment_items.append(result)
            commitments.append(_group(commitment.id, commitment.title, commitment_items))
            chapter_items.extend(commitment_items)
        chapters.append(_group(chapter.id, chapter.title, chapter_items))
        items.extend(chapter_items)
    measures_only = list(items)
    obligations: list[ItemResult] = []
    for obligation in catalogue.obligations:
        decision = applicability(scope, obligation.applies, obligation.id)
        obligations.append(
            _item(obligation, "obligation", None, None, decision, workbook, derived, as_of, dates)
        )
    items.extend(obligations)
    incidents = tuple(
        incident_result(key, workbook.incidents[key], as_of) for key in sorted(workbook.incidents)
    )
    order = _order(catalogue)
    return Evaluation(
        as_of=as_of,
        scope=scope,
        items=tuple(items),
        chapters=tuple(chapters),
        commitments=tuple(commitments),
        overall=_group("overall", "Overall", measures_only),
        obligations_summary=_group("obligations", "AI Act obligations", obligations),
        outstanding=_outstanding(items, incidents, order),
        incidents=incidents,
        mdf=mdf,
        conflicts=tuple(sorted(workbook.conflicts)),
        summary=summary,
        _index={i.id: i for i in items},
    )
