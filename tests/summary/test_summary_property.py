"""Completeness of the training summary, and of its obligation in ``status --json``.

Property (acceptance 5): filling a required field never lowers either figure, and the
obligation's derived checkpoints follow the summary's parts.
"""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gpai_tui.catalogue.summary import SummaryField, load_summary_template
from gpai_tui.engine import evaluate
from gpai_tui.engine.serialize import evaluation_dict
from gpai_tui.engine.summary import apply_summary_edit, is_required, summary_result
from gpai_tui.workbook import ModelProfile, SummaryValue, Workbook, new_workbook

AS_OF = date(2026, 12, 1)
OBLIGATION = "art-53-1-d-training-summary"
FIELDS = load_summary_template().fields()

SAMPLES: dict[str, list[SummaryValue]] = {
    "text": ["x"],
    "version": ["1.0"],
    "yes-no": [True, False],
    "modalities": [["text"], ["text", "images"]],
    "size-bands": [{"text": "text-lt-1b"}],
    "month": ["01/2026"],
    "date": [date(2026, 1, 1)],
    "datasets": [{"a": "https://a.example"}],
    "crawlers": [["Bot"]],
    "domains": [["a.example"]],
}


def sample(field: SummaryField, pick: int) -> SummaryValue:
    options = SAMPLES[field.type]
    return options[pick % len(options)]


def obligation_completeness(workbook: Workbook) -> float:
    data = evaluation_dict(evaluate(workbook, AS_OF))
    (entry,) = [o for o in data["obligations"] if o["id"] == OBLIGATION]
    return float(entry["completeness"])


profiles = st.builds(
    ModelProfile,
    provider=st.just("P"),
    name=st.just("M"),
    established_in_eu=st.booleans(),
    downstream_modifier=st.booleans(),
    placed_on_market=st.sampled_from([None, date(2025, 3, 1), date(2026, 3, 1)]),
)


@settings(max_examples=40, deadline=None)
@example(  # the one missing field is 2.3's yes/no; answering "yes" adds eight questions
    profile=ModelProfile(provider="P", name="M"),
    filled=[(f, 1) for f in FIELDS if not f.required_if and f.id != "crawled-data-used"],
    choice=0,
)
@given(
    profile=profiles,
    filled=st.lists(st.tuples(st.sampled_from(FIELDS), st.integers(0, 3)), max_size=40),
    choice=st.integers(0, 10_000),
)
def test_filling_a_required_field_never_lowers_completeness(
    profile: ModelProfile, filled: list[tuple[SummaryField, int]], choice: int
) -> None:
    workbook = new_workbook(profile)
    for field, pick in filled:
        apply_summary_edit(workbook, field.id, sample(field, pick))
    before = summary_result(workbook)
    before_obligation = obligation_completeness(workbook)
    missing = [f for f in FIELDS if f.id in before.missing]
    if not missing:
        assert before.complete and before_obligation >= 4 / 7 * 100 - 0.1
        return
    field = missing[choice % len(missing)]
    assert is_required(field, workbook)
    apply_summary_edit(workbook, field.id, sample(field, choice))
    after = summary_result(workbook)
    if field.id == "crawled-data-used" and before.missing == (field.id,):
        assert after.filled / after.required < before.filled / before.required  # counts drop

    assert after.completeness >= before.completeness
    assert obligation_completeness(workbook) >= before_obligation
    # The derived checkpoints are exactly the parts' completeness.
    item = evaluate(workbook, AS_OF).item(OBLIGATION)
    derived = [c.ticked for c in item.checkpoints if c.derived]
    assert derived == [p.complete for p in after.parts]
