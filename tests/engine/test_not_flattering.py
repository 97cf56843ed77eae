"""Numbers that must not flatter (issue 15).

A measure marked done with required checkpoints unticked or no evidence is not done:
it stays outstanding and overdue, flagged inconsistent. A systemic-risk model already
on the market without an Art. 52 date gets a scope warning.
"""

from __future__ import annotations

from datetime import date

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine import evaluate
from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.engine.scope import ART_52_UNDATED
from tests.engine.conftest import AS_OF, make

MEASURE = "CR-1.1"


def _placed(**extra: object) -> dict[str, object]:
    return {"training_compute_flop": 3e24, "placed_on_market": date(2026, 3, 1), **extra}


def test_done_without_ticks_or_evidence_stays_outstanding_and_overdue(
    catalogue: Catalogue,
) -> None:
    workbook = make(**_placed())
    before = evaluate(workbook, AS_OF, catalogue)
    assert MEASURE in {o.id for o in before.outstanding}
    assert before.item(MEASURE).overdue  # legal date 2026-03-01 is past

    apply_edit(workbook, MEASURE, Edit(status="done"))  # nothing ticked, no evidence
    after = evaluate(workbook, AS_OF, catalogue)
    item = after.item(MEASURE)
    assert item.unsupported and item.outstanding and item.overdue
    assert len(item.issues) == 2  # checkpoints and evidence
    entry = next(o for o in after.outstanding if o.id == MEASURE)
    assert entry.overdue and entry.inconsistent and entry.status == "done"
    # Marking it done changed nothing that counts.
    assert len(after.outstanding) == len(before.outstanding)
    assert after.overdue_count == before.overdue_count
    copyright_ = next(c for c in after.chapters if c.id == "copyright")
    assert copyright_.done == 0
    assert after.inconsistent_count == before.inconsistent_count + 1


def test_done_with_ticks_but_no_evidence_is_still_outstanding(catalogue: Catalogue) -> None:
    workbook = make(**_placed())
    checkpoints = [cp.id for cp in catalogue.measure(MEASURE).checkpoints if cp.required]
    apply_edit(workbook, MEASURE, Edit(status="done", check=tuple(checkpoints)))
    item = evaluate(workbook, AS_OF, catalogue).item(MEASURE)
    assert item.issues == ("done, but no evidence recorded",)
    assert item.unsupported and item.outstanding and item.overdue

    apply_edit(workbook, MEASURE, Edit(add_evidence=("policy.pdf",)))
    done = evaluate(workbook, AS_OF, catalogue)
    item = done.item(MEASURE)
    assert not item.unsupported and not item.outstanding and not item.overdue
    assert MEASURE not in {o.id for o in done.outstanding}
    assert next(c for c in done.chapters if c.id == "copyright").done == 1


def _art52_warnings(**profile: object) -> list[str]:
    evaluation = evaluate(make(**profile), AS_OF)
    return [w for w in evaluation.scope.warnings if w.startswith(ART_52_UNDATED)]


def test_systemic_model_on_the_market_without_art52_date_warns() -> None:
    systemic = {"training_compute_flop": 3e25, "placed_on_market": date(2026, 3, 1)}
    assert len(_art52_warnings(**systemic)) == 1
    # Any recorded Art. 52 date silences it; so do: no systemic risk, not yet placed.
    assert not _art52_warnings(**systemic, threshold_known=date(2026, 1, 10))
    assert not _art52_warnings(training_compute_flop=3e24, placed_on_market=date(2026, 3, 1))
    assert not _art52_warnings(training_compute_flop=3e25)
    assert not _art52_warnings(training_compute_flop=3e25, placed_on_market=date(2027, 6, 1))


def test_art52_warning_goes_once_the_notification_is_recorded() -> None:
    workbook = make(training_compute_flop=3e25, placed_on_market=date(2026, 3, 1))
    apply_edit(workbook, "art-52-notification", Edit(status="done", last_done=date(2026, 2, 1)))
    warnings = evaluate(workbook, AS_OF).scope.warnings
    assert not [w for w in warnings if w.startswith(ART_52_UNDATED)]


def test_outstanding_order_is_overdue_first_then_by_legal_date(catalogue: Catalogue) -> None:
    """What `n` / `N` step through: not catalogue order."""
    workbook = make(
        training_compute_flop=3e25,
        threshold_known=date(2026, 1, 10),  # the Art. 52 clock: long past
        placed_on_market=date(2026, 12, 1),  # most duties: still ahead
    )
    evaluation = evaluate(workbook, AS_OF, catalogue)
    order = evaluation.outstanding_order()
    assert set(order) == {i.id for i in evaluation.items if i.outstanding}
    assert len(order) == len(set(order))
    ranks = [(not evaluation.item(i).overdue, evaluation.item(i).due or date.max) for i in order]
    assert ranks == sorted(ranks)
    assert ranks[0][0] is False and ranks[-1][0] is True  # overdue first, then the rest
    assert order[0] == "art-52-notification"  # the most urgent duty leads
    catalogue_order = [i.id for i in evaluation.items if i.id in set(order)]
    assert list(order) != catalogue_order  # the point: legal dates, not the tree
