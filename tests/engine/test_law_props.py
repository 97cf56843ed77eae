"""Property test of the legal floors (issue 12, acceptance 2).

Over random profiles, signatory choices and as-of dates: no legal date falls before
2 Aug 2025 (Art. 113(b)); a model placed before then has nothing due before 2 Aug 2027
(Art. 111(3)); and for a designated model, no date of an obligation that the designation
brings (the systemic-risk ones) falls before ``designated_on`` (Art. 52(4)), while without
that date those obligations have no date at all. The Art. 53 obligations of a designated
model keep their own dates: they applied from placing on the market, before any
designation. Cheap: a few dozen examples.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate
from gpai_tui.workbook import ModelProfile, new_workbook

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31))
MAYBE_DAY = st.none() | DAYS
FLOP = st.none() | st.sampled_from([1e22, 2e22, 5e22, 3e23, 4e24, 9e24, 1.1e25, 3e25, 2e26])
MAYBE_BOOL = st.none() | st.booleans()

PROFILES = st.fixed_dictionaries(
    {
        "provider": st.just("P"),
        "name": st.just("M"),
        "established_in_eu": st.booleans(),
        "training_compute_flop": FLOP,
        "planned_compute_flop": FLOP,
        "open_source": st.booleans(),
        "oss_open_licence": MAYBE_BOOL,
        "oss_no_monetisation": MAYBE_BOOL,
        "oss_weights_public": MAYBE_BOOL,
        "systemic_risk": st.sampled_from(["auto", "designated", "none"]),
        "threshold_known": MAYBE_DAY,
        "notified_on": MAYBE_DAY,
        "designated_on": MAYBE_DAY,
        "placed_on_market": MAYBE_DAY,
        "crawls_web": st.booleans(),
        "most_capable": st.booleans(),
        "framework_confirmed": MAYBE_DAY,
        "downstream_modifier": st.booleans(),
        "original_compute_flop": FLOP,
        "original_systemic_risk": st.booleans(),
        "modification_compute_flop": FLOP,
    }
)
CHAPTERS = st.lists(
    st.sampled_from(["transparency", "copyright", "safety-and-security"]), unique=True
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=PROFILES, signed=CHAPTERS, named=st.booleans(), as_of=DAYS)
def test_no_legal_date_before_the_law_allows(
    profile: dict[str, object], signed: list[str], named: bool, as_of: date
) -> None:
    workbook = new_workbook(ModelProfile.model_validate(profile))
    workbook.signatory.signed = signed  # type: ignore[assignment]
    workbook.signatory.named_model = named
    ev = evaluate(workbook, as_of)
    catalogue = load_catalogue()
    systemic = {m.id for m in catalogue.measures() if m.applies == "systemic-risk"}
    systemic |= {o.id for o in catalogue.obligations if o.applies == "systemic-risk"}
    placed = workbook.model.placed_on_market
    designated = workbook.model.systemic_risk == "designated"
    for item in ev.items:
        if item.due is None:
            continue
        assert item.due >= date(2025, 8, 2), (item.id, item.due, item.due_reason)
        if placed is not None and placed < date(2025, 8, 2):
            assert item.due >= date(2027, 8, 2), (item.id, item.due)
        if designated and item.id in systemic and item.applicable:
            assert workbook.model.designated_on is not None, (item.id, item.due_reason)
            assert item.due >= workbook.model.designated_on, (item.id, item.due)
        if item.overdue and item.status != "done":
            assert item.due < as_of
