"""Review dates in the engine: past ``review_by`` always makes a measure outstanding,
a future one never does; a review cadence computes the next review."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gpai_tui.engine import evaluate
from gpai_tui.engine.gates import Gates, failures
from gpai_tui.workbook import EvidenceItem, Workbook, load_workbook

EXAMPLE = Path(__file__).resolve().parents[2] / "workbooks" / "example.toml"
AS_OF = date(2026, 6, 1)
BASE = load_workbook(EXAMPLE)
SETTLED = [
    i.id
    for i in evaluate(BASE, AS_OF).items
    if i.applicable and i.status == "done" and not i.outstanding and BASE.get_entry(i.id).evidence
]


def _with_review(item_id: str, review_by: date) -> Workbook:
    workbook = BASE.model_copy(deep=True)
    entry = workbook.entry(item_id)
    first, *rest = entry.evidence
    entry.evidence = [EvidenceItem(ref=first.ref, review_by=review_by), *rest]
    return workbook


def test_there_are_settled_items_to_test_on() -> None:
    assert len(SETTLED) >= 5


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(SETTLED), st.integers(min_value=-3000, max_value=3000))
def test_past_review_by_is_always_outstanding_and_future_never(item_id: str, days: int) -> None:
    review_by = AS_OF + timedelta(days=days)
    evaluation = evaluate(_with_review(item_id, review_by), AS_OF)
    item = evaluation.item(item_id)
    listed = [o for o in evaluation.outstanding if o.id == item_id]
    if review_by < AS_OF:
        assert item.outstanding and item.evidence_due == ((item.evidence_due[0][0], review_by),)
        assert [o.kind for o in listed] == ["review"]
        assert listed[0].overdue and listed[0].due == review_by
        assert f"evidence due for review since {review_by.isoformat()}" in listed[0].title
        gate = failures(evaluation, Gates(no_overdue=True))
        assert any(line.startswith(f"{item_id} is due for review since") for line in gate)
    else:  # on the review date itself the evidence still stands
        assert not item.outstanding and not item.evidence_due and listed == []


def test_review_cadence_computes_the_next_review() -> None:
    item_id = SETTLED[0]
    workbook = BASE.model_copy(deep=True)
    entry = workbook.entry(item_id)
    entry.last_done, entry.review_months = date(2025, 8, 31), 6
    evaluation = evaluate(workbook, AS_OF)
    item = evaluation.item(item_id)
    assert item.next_review == date(2026, 2, 28)  # end of month clamped
    assert item.review_overdue and item.outstanding
    assert any(
        o.id == item_id and o.kind == "review" and "periodic review due since 2026-02-28" in o.title
        for o in evaluation.outstanding
    )
    entry.last_done = date(2026, 1, 15)
    later = evaluate(workbook, AS_OF).item(item_id)
    assert later.next_review == date(2026, 7, 15) and not later.outstanding


def test_the_plan_calls_a_review_date_a_review_date() -> None:
    from gpai_tui.engine.plan import plan_rows
    from gpai_tui.report.plan import PlanHeading, plan_markdown

    evaluation = evaluate(_with_review(SETTLED[0], date(2026, 5, 1)), AS_OF)
    rows = plan_rows(evaluation, "wb.toml")
    assert [r.kind for r in rows if r.id == SETTLED[0]] == ["review"]
    text = plan_markdown(rows, PlanHeading("A · B", "wb.toml", AS_OF, multi=False))
    assert (
        "Review date: 2026-05-01, **overdue** — Evidence due for review since 2026-05-01." in text
    )


def test_status_marks_a_review_row_review_due_not_overdue() -> None:
    from rich.console import Console

    from gpai_tui.report.status import workbook_status

    workbook = _with_review(SETTLED[0], date(2026, 5, 1))
    console = Console(width=120, record=True, color_system=None)
    console.print(workbook_status(workbook, evaluate(workbook, AS_OF), "wb.toml"))
    line = next(ln for ln in console.export_text().splitlines() if SETTLED[0] + " " in ln)
    assert "REVIEW DUE" in line and "OVERDUE" not in line and "2026-05-01" in line
