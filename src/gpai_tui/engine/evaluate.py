"""The one function that computes: :func:`evaluate`.

From a workbook, its catalogue and an as-of date it computes applicability with
reasons, completeness per item, commitment, chapter and overall, legal due dates,
recurring clocks, serious-incident report clocks, inconsistencies and the
outstanding list. The TUI, ``status``, ``check`` and the exports all call it, so
every number they show agrees to the digit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date

from gpai_tui.catalogue import (
    Catalogue,
    Checkpoint,
    Measure,
    Obligation,
    Roles,
    TimeLimit,
    load_catalogue,
)
from gpai_tui.catalogue.summary import is_computed
from gpai_tui.engine.dates import LEGACY_CUTOFF, LEGACY_DEADLINE, add, add_months
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
    condition_holds,
    scope_for,
)
from gpai_tui.engine.summary import DERIVED_PARTS, derived_tick, summary_result
from gpai_tui.workbook import ItemEntry, Workbook

CHAPTER_V_START = LEGACY_CUTOFF
"""No legal date of a GPAI obligation falls before 2 Aug 2025 (Art. 113(b))."""


def _legacy_reason(placed: date) -> str:
    return (
        f"Placed on the market on {placed.isoformat()}, before 2 Aug 2025: due by 2 Aug 2027 "
        "(Art. 111(3); Guidelines ¶109)."
    )


class _Dates:
    """The workbook's dates that every item's due date starts from, worked out once.

    (A plain class: a dataclass costs ~0.7 ms to create at import.)
    """

    __slots__ = (
        "base",
        "base_reason",
        "confirmed",
        "designated_on",
        "known",
        "legacy",
        "notification",
        "notification_role",
        "placed",
        "scope",
    )

    def __init__(self, workbook: Workbook, scope: Scope, catalogue: Catalogue) -> None:
        profile = workbook.model
        self.scope = scope
        self.placed = profile.placed_on_market
        self.legacy = scope.legacy
        self.known = profile.threshold_known
        self.confirmed = profile.framework_confirmed
        self.designated_on = scope.designated_on
        self.notification_role = catalogue.roles.notification
        if self.placed is None:
            self.base: date | None = None
            self.base_reason = "Not yet placed on the market: no legal date yet."
        elif self.legacy:
            self.base, self.base_reason = LEGACY_DEADLINE, _legacy_reason(self.placed)
        else:
            self.base = self.placed
            self.base_reason = f"Due before placing on the market on {self.placed.isoformat()}."
        self.notification: tuple[date | None, str] = (None, "notification date unknown")
        if scope.designated:
            return
        entry = workbook.get_entry(self.notification_role)
        if profile.notified_on is not None:
            self.notification = (profile.notified_on, f"notified on {profile.notified_on}")
        elif entry.status == "done" and entry.last_done is not None:
            self.notification = (entry.last_done, f"notified on {entry.last_done.isoformat()}")
        else:
            notification = catalogue.obligation(self.notification_role)
            if notification is not None:
                due, _ = _raw_due(notification.time_limits, self, notification.id)
                if due is not None:
                    self.notification = (due, f"notification due {due.isoformat()}")


def _limit_counts(limit: TimeLimit, dates: _Dates) -> bool:
    return condition_holds(dates.scope, limit.only_if)


def _raw_due(limits: Sequence[TimeLimit], dates: _Dates, item_id: str) -> tuple[date | None, str]:
    """The due date from an item's own time limits, before the legal floors."""
    placed = dates.placed
    candidates: list[tuple[date, str]] = []
    dated = False
    missing: str | None = None
    for limit in limits:
        if not _limit_counts(limit, dates):
            continue
        if limit.kind == "before-market":
            dated = True
            if placed is not None:
                candidates.append((placed, f"Due before placing on the market on {placed}."))
        elif limit.kind == "after-event" and limit.amount and limit.unit:
            start: date | None = None
            words = ""
            if limit.trigger == "threshold-known":
                dated = True
                start = dates.known
                words = (
                    f"of knowing the 10^25 FLOP threshold is or will be met ({dates.known}) "
                    "(Art. 52(1))"
                )
                if start is None:
                    missing = (
                        "Due within 2 weeks of knowing the 10^25 FLOP threshold is or will be "
                        "met (Art. 52(1)); record threshold_known in the profile to compute it."
                    )
            elif limit.trigger == "notification":  # the roles.notification obligation
                dated = True
                start, how = dates.notification
                words = f"after the Art. 52 notification ({how})"
            elif limit.trigger == "placing-on-market":
                dated = True
                start = placed
                words = f"after placing on the market on {placed}"
            elif limit.trigger == "framework-confirmed":
                dated = True
                start = dates.confirmed
                words = f"of confirming the Framework on {dates.confirmed}"
                if start is None:
                    missing = (
                        f"Due {limit.amount} {limit.unit.replace('-', ' ')} after the "
                        "Framework is confirmed; "
                        "record framework_confirmed in the profile to compute it."
                    )
            if start is None:
                continue
            due = add(start, limit.amount, limit.unit)
            span = f"{limit.amount} {limit.unit.replace('-', ' ')}"
            within = limit.trigger in ("threshold-known", "framework-confirmed")
            reason = f"Within {span} {words}." if within else f"{span} {words}."
            if limit.not_before is not None and due < limit.not_before:
                due = limit.not_before
                reason = (
                    f"Not before {limit.not_before.isoformat()} "
                    f"({limit.source or 'the time limit'}): {reason}"
                )
            candidates.append((due, reason))
        elif (
            limit.kind == "before-event"
            and limit.trigger == "placing-on-market"
            and limit.amount
            and limit.unit
        ):
            dated = True
            if placed is not None:
                due = add(placed, -limit.amount, limit.unit)
                span = f"{limit.amount} {limit.unit.replace('-', ' ')}"
                candidates.append((due, f"{span} before placing on the market on {placed}."))
    if not dated:
        # No explicit limit: the AI Act obligations behind every measure apply from
        # placing on the market.
        if placed is None:
            return None, "Not yet placed on the market: no legal date yet."
        return placed, f"Due before placing on the market on {placed.isoformat()}."
    if not candidates:
        if missing is not None:
            return None, missing
        if placed is None:
            return None, "Not yet placed on the market: no legal date yet."
        return placed, f"Due before placing on the market on {placed.isoformat()}."
    return min(candidates, key=lambda c: c[0])


def _legal_due(
    item: Measure | Obligation, decision: Decision, dates: _Dates
) -> tuple[date | None, str]:
    """The legal due date of an item and how it was computed.

    The floors of the law come last: nothing before 2 Aug 2025 (Art. 113(b)); a model
    placed before then has until 2 Aug 2027 for everything (Art. 111(3)); a designated
    model's systemic-risk obligations run from the designation (Art. 52(4)).
    """
    if not decision.legal_clock:
        return None, "A commitment under the Code only: no AI Act date (reference §16.2)."
    systemic = item.applies == "systemic-risk"
    scope = dates.scope
    if systemic and scope.designated and dates.designated_on is None:
        return None, (
            "Cannot compute the legal date: the model is designated but the date the provider "
            "was informed of the designation (designated_on) is not recorded (Art. 52(4))."
        )
    due, reason = _raw_due(item.time_limits, dates, item.id)
    if dates.legacy:
        assert dates.placed is not None
        if due is None or due <= LEGACY_DEADLINE:
            due = LEGACY_DEADLINE
            reason = _legacy_reason(dates.placed)
            if item.id == dates.notification_role:
                reason += (
                    " The AI Office nevertheless expects providers of such models to contact "
                    "it earlier."
                )
    elif due is not None and due < CHAPTER_V_START:
        due = CHAPTER_V_START
        reason = f"Chapter V applies from 2 Aug 2025 (Art. 113(b)); by its own terms: {reason}"
    on = dates.designated_on
    if systemic and on is not None and due is not None and due < on:
        due = on
        reason = (
            f"Designated model: the obligations run from {on.isoformat()}, "
            "when the provider was informed of the designation (Art. 52(4))."
        )
    return due, reason


def _recurring(limits: Sequence[TimeLimit], scope: Scope) -> TimeLimit | None:
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
            and condition_holds(scope, limit.only_if)
        ):
            return limit
    return None


def _checkpoints(
    checkpoints: Iterable[Checkpoint], entry: ItemEntry, derived: dict[str, bool], scope: Scope
) -> tuple[CheckpointState, ...]:
    """The checkpoints that exist for this model (``only_if``), with their ticks: computed
    ones from ``derived`` (its ``summary-kept`` key says whether the training summary's
    checkpoints are computed yet, see ``is_computed``), others by hand."""
    checks = entry.checks
    kept = derived.get("summary-kept", False)
    out: list[CheckpointState] = []
    for cp in checkpoints:
        if not condition_holds(scope, cp.only_if):
            continue
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


def _review(entry: ItemEntry, as_of: date) -> tuple[tuple[tuple[str, date], ...], date | None]:
    """Evidence past its ``review_by`` date, and the next periodic review.

    Evidence is due for review once ``as_of`` is after its ``review_by`` date (on
    the date itself it still stands). The next periodic review is ``last_done``
    plus ``review_months``; with no ``last_done`` there is none to compute.
    """
    due = tuple(
        (item.ref, item.review_by)
        for item in entry.evidence
        if item.review_by is not None and item.review_by < as_of
    )
    next_review = None
    if entry.review_months is not None and entry.last_done is not None:
        next_review = add_months(entry.last_done, entry.review_months)
    return due, next_review


def _item(
    item: Measure | Obligation,
    kind: str,
    chapter: str | None,
    commitment: str | None,
    decision: Decision,
    workbook: Workbook,
    derived: dict[str, bool],
    as_of: date,
    dates: _Dates,
) -> ItemResult:
    entry = workbook.get_entry(item.id)
    states = _checkpoints(item.checkpoints, entry, derived, dates.scope)
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
    signed = chapter is None or chapter in dates.scope.signed
    if in_scope and not signed and entry.status == "done" and not (entry.alternative or "").strip():
        issues.append(
            "done, but the chapter is not signed and no alternative (the other adequate "
            "means used instead) is recorded"
        )
    # A status of done with nothing behind it does not count as done: the item stays
    # outstanding and keeps its legal date (and so can be overdue).
    settled = entry.status == "done" and not gaps
    due, due_reason = _legal_due(item, decision, dates)
    next_due: date | None = None
    recurring = _recurring(item.time_limits, dates.scope) if decision.legal_clock else None
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
    evidence_due, next_review = _review(entry, as_of)
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
        evidence_due=evidence_due,
        next_review=next_review,
        review_overdue=applicable and next_review is not None and next_review < as_of,
        signed=signed,
    )


def _role(roles: Roles, item_id: str) -> str | None:
    """The part an item plays in the engine's rules, as the catalogue names it."""
    for role, named in roles:
        if named == item_id:
            return role
    return None


def _group(
    group_id: str, title: str, items: Iterable[ItemResult], signed: bool | None = None
) -> GroupResult:
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
        signed=signed,
    )


def _outstanding(
    items: Sequence[ItemResult], evaluation_incidents: Sequence[object], order: dict[str, int]
) -> tuple[OutstandingItem, ...]:
    out: list[OutstandingItem] = []
    for item in items:
        if not item.applicable:
            continue
        note = item.review_note()
        if item.status != "done" or item.unsupported:
            out.append(
                OutstandingItem(
                    id=item.id,
                    title=f"{item.title} ({note})" if note else item.title,
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
                    title=f"{item.title} (recurring round{'; ' + note if note else ''})",
                    kind="recurring",
                    due=item.next_due,
                    overdue=True,
                    target=item.target,
                    owner=item.owner,
                    status=item.status,
                )
            )
        elif note:
            reviews = [when for _, when in item.evidence_due]
            if item.review_overdue and item.next_review is not None:
                reviews.append(item.next_review)
            out.append(
                OutstandingItem(
                    id=item.id,
                    title=f"{item.title} ({note})",
                    kind="review",
                    due=min(reviews),
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


def _with_art52_warning(
    scope: Scope, workbook: Workbook, as_of: date, catalogue: Catalogue
) -> Scope:
    """``scope`` plus the warning of :func:`art52_undated_warning`, when it applies."""
    if scope.legacy:  # everything, Art. 52 included, is dated 2 Aug 2027 (Art. 111(3))
        return scope
    entry = workbook.get_entry(catalogue.roles.notification)
    notified = workbook.model.notified_on or (entry.last_done if entry.status == "done" else None)
    warning = art52_undated_warning(
        workbook.model, scope.in_scope and scope.systemic_risk.applies, notified, as_of
    )
    if warning is None:
        return scope
    return replace(scope, warnings=(*scope.warnings, warning))


def _basis(
    catalogue: Catalogue, as_of: date, derived: dict[str, bool], dates: _Dates
) -> tuple[object, ...]:
    """Everything an item's result depends on besides its own entry (see :func:`_item`,
    :func:`_legal_due`). Compared by value; the catalogue is the same object (cached),
    which a tuple compares by identity first."""
    return (
        catalogue,
        as_of,
        tuple(sorted(derived.items())),
        tuple(getattr(dates, name) for name in _Dates.__slots__),
    )


def evaluate(
    workbook: Workbook,
    as_of: date | None = None,
    catalogue: Catalogue | None = None,
    *,
    reuse: tuple[Evaluation, Collection[str]] | None = None,
) -> Evaluation:
    """Compute everything about ``workbook`` as of ``as_of`` (default: today).

    ``reuse=(previous, changed)``: ``previous`` is this workbook's evaluation before a
    change whose only effect on the measures and obligations was on the entries of the
    ``changed`` ids (an item edit, or its undo). The results of the other items are
    taken from ``previous`` when everything else they are computed from is the same
    (its basis: catalogue, date, scope, dates, derived checkpoints); otherwise, or
    with another catalogue, they are all computed again. Groups, the overall figure,
    the outstanding list and everything else are always computed.
    """
    as_of = as_of or date.today()
    catalogue = catalogue or load_catalogue(workbook.code)
    scope: Scope = scope_for(
        workbook.model, workbook.signatory.signed, workbook.signatory.named_model
    )
    scope = _with_art52_warning(scope, workbook, as_of, catalogue)
    roles = catalogue.roles
    gate = catalogue.measure(roles.mdf_measure)
    assert gate is not None, "the catalogue's MDF measure must exist"
    mdf_decision = applicability(scope, gate.applies, role=_role(roles, gate.id))
    mdf = mdf_result(workbook, catalogue, mdf_decision)
    summary = summary_result(workbook)
    # Derived checkpoints: TR-1.1's form (mdf-complete) and the training summary's
    # parts (summary-header, summary-part-1..3; engine/summary.py).
    derived = {"mdf-complete": mdf.complete, "summary-kept": bool(workbook.training_summary)}
    derived.update((kind, derived_tick(kind, summary)) for kind in DERIVED_PARTS)
    dates = _Dates(workbook, scope, catalogue)
    basis = _basis(catalogue, as_of, derived, dates)
    kept: dict[str, ItemResult] = {}
    if reuse is not None and reuse[0]._basis == basis:
        changed = set(reuse[1])
        kept = {k: v for k, v in reuse[0]._index.items() if k not in changed}
    items: list[ItemResult] = []
    chapters: list[GroupResult] = []
    commitments: list[GroupResult] = []
    for chapter in catalogue.chapters:
        chapter_items: list[ItemResult] = []
        for commitment in chapter.commitments:
            commitment_items = []
            for measure in commitment.measures:
                if (same := kept.get(measure.id)) is not None:
                    commitment_items.append(same)
                    continue
                decision = applicability(
                    scope,
                    measure.applies,
                    role=_role(roles, measure.id),
                    chapter=chapter.id,
                    only_if=measure.only_if,
                    only_if_reason=measure.only_if_reason,
                )
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
        chapters.append(
            _group(chapter.id, chapter.title, chapter_items, signed=chapter.id in scope.signed)
        )
        items.extend(chapter_items)
    measures_only = list(items)
    obligations: list[ItemResult] = []
    for obligation in catalogue.obligations:
        if (same := kept.get(obligation.id)) is not None:
            obligations.append(same)
            continue
        decision = applicability(
            scope,
            obligation.applies,
            role=_role(roles, obligation.id),
            only_if=obligation.only_if,
            only_if_reason=obligation.only_if_reason,
        )
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
        _basis=basis,
    )
