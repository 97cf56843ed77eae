"""The walk's route (engine.walk): order, skips, confirmations, scope; the suggested status."""

from __future__ import annotations

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine import evaluate
from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.engine.walk import route, suggest_status
from tests.engine.conftest import AS_OF, make


def test_route_skips_settled_confirms_not_applicable_and_keeps_to_its_scope(
    catalogue: Catalogue,
) -> None:
    workbook = make(training_compute_flop=3e25)
    cr11 = catalogue.measure("CR-1.1")
    assert cr11 is not None
    all_cr11 = tuple(cp.id for cp in cr11.checkpoints if cp.required)
    apply_edit(workbook, "CR-1.1", Edit(status="done", check=all_cr11, add_evidence=("p.pdf",)))
    apply_edit(workbook, "CR-1.2", Edit(status="not-applicable", justification="no crawling"))
    apply_edit(workbook, "CR-1.4", Edit(status="done"))  # done with gaps: asked again
    evaluation = evaluate(workbook, AS_OF)

    steps = route(catalogue, evaluation, "copyright")
    assert {s.chapter for s in steps} == {"copyright"}
    items = [s.item_id for s in steps if s.kind != "question"]
    assert items == ["CR-1.2", "CR-1.3", "CR-1.4", "CR-1.5", None]  # CR-1.1 is settled
    assert [s.kind for s in steps if s.item_id == "CR-1.2"] == ["confirm"]
    cr13 = [s.checkpoint_id for s in steps if s.item_id == "CR-1.3" and s.kind == "question"]
    assert cr13 == [cp.id for cp in catalogue.measure("CR-1.3").checkpoints]  # type: ignore[union-attr]
    assert steps[-1].kind == "chapter"

    # Started at a settled measure: it is asked anyway, then the rest of its chapter.
    from_measure = route(catalogue, evaluation, "CR-1.1")
    assert from_measure[0].item_id == "CR-1.1"
    assert {s.chapter for s in from_measure} == {"copyright"}

    # The whole Code: chapter by chapter, in catalogue order; computed checkpoints not asked.
    whole = route(catalogue, evaluation)
    chapters = [s.chapter for s in whole if s.kind == "chapter"]
    assert chapters == [c.id for c in catalogue.chapters]
    assert ("TR-1.1", "mdf-completed") not in {(s.item_id, s.checkpoint_id) for s in whole}


def test_route_leaves_out_what_is_out_of_scope(catalogue: Catalogue) -> None:
    evaluation = evaluate(make(training_compute_flop=2e23), AS_OF)  # no systemic risk
    steps = route(catalogue, evaluation)
    assert not any(s.chapter == "safety-and-security" for s in steps)


def test_suggested_status_needs_every_required_tick_and_evidence(catalogue: Catalogue) -> None:
    workbook = make()
    required = tuple(cp.id for cp in catalogue.measure("CR-1.5").checkpoints if cp.required)  # type: ignore[union-attr]
    apply_edit(workbook, "CR-1.5", Edit(check=required))
    item = evaluate(workbook, AS_OF).item("CR-1.5")
    assert suggest_status(item, 0) == "in-progress"
    assert suggest_status(item, 1) == "done"
    apply_edit(workbook, "CR-1.5", Edit(uncheck=required[:1]))
    assert suggest_status(evaluate(workbook, AS_OF).item("CR-1.5"), 1) == "in-progress"
