"""Table-driven scoping tests: applicable sets, reasons and legal dates, asserted exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine import evaluate
from tests.engine.conftest import AS_OF, make

TR = {"TR-1.1", "TR-1.2", "TR-1.3"}
CR = {"CR-1.1", "CR-1.2", "CR-1.3", "CR-1.4", "CR-1.5"}
SS_IDS = [
    "SS-1.1", "SS-1.2", "SS-1.3", "SS-1.4", "SS-2.1", "SS-2.2", "SS-3.1", "SS-3.2", "SS-3.3",
    "SS-3.4", "SS-3.5", "SS-4.1", "SS-4.2", "SS-5.1", "SS-6.1", "SS-6.2", "SS-7.1", "SS-7.2",
    "SS-7.3", "SS-7.4", "SS-7.5", "SS-7.6", "SS-7.7", "SS-8.1", "SS-8.2", "SS-8.3", "SS-9.1",
    "SS-9.2", "SS-9.3", "SS-9.4", "SS-10.1", "SS-10.2",
]  # fmt: skip
SS = set(SS_IDS)
N52, N53, N54 = (
    "art-52-notification",
    "art-53-1-d-training-summary",
    "art-54-authorised-representative",
)

CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "closed non-EU model above 10^25 on the market",
        dict(
            training_compute_flop=3e25,
            established_in_eu=False,
            placed_on_market=date(2026, 1, 15),
            threshold_known=date(2025, 9, 1),
        ),
        TR | CR | SS | {N52, N53, N54},
    ),
    (
        "open-source EU model at 2e24",
        dict(training_compute_flop=2e24, open_source=True, placed_on_market=date(2026, 2, 1)),
        CR | {N53},
    ),
    (
        "open-source model at 2e25 (exemption lost)",
        dict(
            training_compute_flop=2e25,
            open_source=True,
            placed_on_market=date(2026, 2, 1),
            threshold_known=date(2025, 12, 1),
        ),
        TR | CR | SS | {N52, N53},
    ),
    (
        "model placed on the market in May 2025",
        dict(training_compute_flop=5e24, placed_on_market=date(2025, 5, 20)),
        TR | CR | {N53},
    ),
    ("model at 10^22", dict(training_compute_flop=1e22, placed_on_market=date(2026, 1, 1)), set()),
    ("model not yet placed", dict(training_compute_flop=5e24), TR | CR | {N53}),
]


@pytest.mark.parametrize(("name", "profile", "expected"), CASES, ids=[c[0] for c in CASES])
def test_applicable_sets(name: str, profile: dict[str, Any], expected: set[str]) -> None:
    ev = evaluate(make(**profile), AS_OF)
    assert {i.id for i in ev.items if i.applicable} == expected
    for item in ev.items:
        assert item.reason, item.id


def test_non_eu_closed_dates() -> None:
    ev = evaluate(
        make(
            training_compute_flop=3e25,
            established_in_eu=False,
            placed_on_market=date(2026, 1, 15),
            threshold_known=date(2025, 9, 1),
        ),
        AS_OF,
    )
    # Art. 52: two weeks after knowing the threshold is met.
    assert ev.item(N52).due == date(2025, 9, 15)
    # SS-1.1: 4 weeks after the (due) notification, and 2 weeks before placing: earlier wins.
    assert ev.item("SS-1.1").due == date(2025, 10, 13)
    for item_id in TR | CR | (SS - {"SS-1.1", "SS-1.3", "SS-1.4"}) | {N53, N54}:
        assert ev.item(item_id).due == date(2026, 1, 15), item_id
    # Reference §16.1: the first Framework assessment is due 12 months after placing.
    assert ev.item("SS-1.3").due == date(2027, 1, 15)
    # §16.1: SS-1.4 counts from the Framework confirmation, which is not recorded.
    assert ev.item("SS-1.4").due is None
    assert "framework_confirmed" in ev.item("SS-1.4").due_reason
    # §16.1: no 6-monthly Model Report clock unless among the most capable models; the
    # whistleblower notice of SS-8.3 is an indicator with no clock.
    assert ev.item("SS-7.6").next_due is None
    assert ev.item("SS-8.3").next_due is None
    # Appendix 4.3: access reviews every 6 months, counted from the legal date here.
    assert ev.item("SS-6.2").next_due == date(2026, 7, 15)
    assert "Art. 54" in ev.item(N54).reason
    undated = {"SS-1.3", "SS-1.4"}
    assert all(i.overdue for i in ev.items if i.applicable and i.id not in undated)


def test_ss_1_1_uses_actual_notification_date() -> None:
    wb = make(
        training_compute_flop=3e25,
        placed_on_market=date(2026, 6, 1),
        threshold_known=date(2025, 9, 1),
    )
    entry = wb.entry(N52)
    entry.status = "done"
    entry.last_done = date(2025, 9, 10)
    ev = evaluate(wb, AS_OF)
    assert ev.item("SS-1.1").due == date(2025, 10, 8)
    assert "notified on 2025-09-10" in ev.item("SS-1.1").due_reason
    # Placing soon after notification: the 2-weeks-before-market limit wins.
    wb.model.placed_on_market = date(2025, 10, 1)
    ev = evaluate(wb, AS_OF)
    assert ev.item("SS-1.1").due == date(2025, 9, 17)


def test_open_source_reasons() -> None:
    ev = evaluate(make(training_compute_flop=2e24, open_source=True), AS_OF)
    assert "Art. 53(2)" in ev.item("TR-1.1").reason
    assert not ev.item("TR-1.1").applicable
    assert "open-source release does not exempt" in ev.item("CR-1.1").reason
    assert not ev.mdf.required
    lost = evaluate(make(training_compute_flop=2e25, open_source=True), AS_OF)
    assert "exemption is lost" in lost.item("TR-1.1").reason
    assert lost.mdf.required


def test_legacy_model_due_2027() -> None:
    ev = evaluate(make(training_compute_flop=5e24, placed_on_market=date(2025, 5, 20)), AS_OF)
    for item_id in TR | CR | {N53}:
        assert ev.item(item_id).due == date(2027, 8, 2)
        assert "Art. 111(3)" in ev.item(item_id).due_reason
        assert not ev.item(item_id).overdue


def test_below_criterion_nothing_applies() -> None:
    ev = evaluate(make(training_compute_flop=1e22), AS_OF)
    assert not ev.scope.in_scope
    assert ev.overall.applicable == 0
    assert ev.outstanding == ()
    assert "10^23" in ev.item("CR-1.1").reason


def test_not_yet_placed_has_no_legal_date() -> None:
    ev = evaluate(make(training_compute_flop=5e24), AS_OF)
    for item in ev.items:
        if item.applicable:
            assert item.due is None
            assert "Not yet placed" in item.due_reason
            assert not item.overdue


def test_systemic_risk_none_above_threshold_warns() -> None:
    ev = evaluate(make(training_compute_flop=3e25, systemic_risk="none"), AS_OF)
    assert not ev.scope.systemic_risk.applies
    assert any("presumption stands" in w for w in ev.scope.warnings)
    assert not ev.item("SS-1.1").applicable


def test_designated_below_threshold() -> None:
    ev = evaluate(make(training_compute_flop=5e24, systemic_risk="designated"), AS_OF)
    assert ev.item("SS-1.1").applicable
    assert "designated" in ev.item("SS-1.1").reason


def test_gpai_override_both_ways() -> None:
    no = evaluate(
        make(training_compute_flop=5e24, gpai="no", gpai_reason="narrow speech transcriber"),
        AS_OF,
    )
    assert not no.scope.in_scope
    assert "narrow speech transcriber" in no.item("CR-1.1").reason
    yes = evaluate(
        make(training_compute_flop=5e22, gpai="yes", gpai_reason="broad generality shown"), AS_OF
    )
    assert yes.item("CR-1.1").applicable
    missing = evaluate(make(training_compute_flop=5e22, gpai="yes"), AS_OF)
    assert any("gpai_reason" in w for w in missing.scope.warnings)


def test_non_generative_model_is_not_gpai() -> None:
    ev = evaluate(make(training_compute_flop=5e24, generates=["other"]), AS_OF)
    assert not ev.scope.gpai.applies


def test_downstream_modifier() -> None:
    above = evaluate(
        make(
            training_compute_flop=5e24,
            downstream_modifier=True,
            original_compute_flop=3e24,
            modification_compute_flop=2e24,
        ),
        AS_OF,
    )
    assert above.item("CR-1.1").applicable
    assert "limited to the modification" in above.item("CR-1.1").reason
    below = evaluate(
        make(
            training_compute_flop=5e24,
            downstream_modifier=True,
            original_compute_flop=3e24,
            modification_compute_flop=5e23,
        ),
        AS_OF,
    )
    assert not below.scope.in_scope
    assert "not the provider" in below.item("CR-1.1").reason


def test_user_not_applicable_keeps_justification(catalogue: Catalogue) -> None:
    wb = make(training_compute_flop=5e24, placed_on_market=date(2026, 1, 1))
    wb.entry("CR-1.3").status = "not-applicable"
    wb.entry("CR-1.3").justification = "We do not crawl the web."
    ev = evaluate(wb, AS_OF)
    item = ev.item("CR-1.3")
    assert not item.applicable and item.in_scope
    assert "We do not crawl the web." in item.reason
    assert item.consistent
    wb.entry("CR-1.3").justification = None
    item = evaluate(wb, AS_OF).item("CR-1.3")
    assert not item.consistent
    assert "justification" in item.issues[0]


def test_framework_confirmed_and_most_capable_clocks() -> None:
    # Reference §16.1: SS-1.4 is 5 business days after the recorded confirmation
    # (Fri 2025-12-05 + 5 business days = Fri 2025-12-12); SS-7.6 every 6 months for a
    # model among the most capable, from its legal date when never done.
    wb = make(
        training_compute_flop=3e25,
        placed_on_market=date(2026, 1, 15),
        threshold_known=date(2025, 9, 1),
        framework_confirmed=date(2025, 12, 5),
        most_capable=True,
    )
    ev = evaluate(wb, AS_OF)
    assert ev.item("SS-1.4").due == date(2025, 12, 12)
    assert "2025-12-05" in ev.item("SS-1.4").due_reason
    assert ev.item("SS-7.6").next_due == date(2026, 7, 15)
    entry = wb.entry("SS-7.6")
    entry.checks = {cp.id: True for cp in ev.item("SS-7.6").checkpoints if cp.required}
    entry.status = "done"
    entry.last_done = date(2026, 8, 1)
    entry.evidence = ["reports/model-report-v2.pdf"]
    ev = evaluate(wb, AS_OF)
    assert ev.item("SS-7.6").next_due == date(2027, 2, 1)
    assert not ev.item("SS-7.6").overdue


def test_legacy_checkpoints_only_for_legacy_models() -> None:
    # Guidelines ¶110: the no-retraining disclosure is a checkpoint of the copyright policy
    # and of the training summary, for models placed before 2 Aug 2025 only.
    legacy = evaluate(make(training_compute_flop=5e24, placed_on_market=date(2025, 1, 1)), AS_OF)
    new = evaluate(make(training_compute_flop=5e24, placed_on_market=date(2026, 1, 1)), AS_OF)
    for item_id in ("CR-1.1", N53):
        assert "legacy-no-retraining-disclosure" in {c.id for c in legacy.item(item_id).checkpoints}
        assert "legacy-no-retraining-disclosure" not in {
            c.id for c in new.item(item_id).checkpoints
        }
        assert legacy.item(item_id).required == new.item(item_id).required + 1


def test_unsigned_chapter_done_without_alternative_is_inconsistent() -> None:
    wb = make(training_compute_flop=5e24, placed_on_market=date(2026, 1, 15))
    wb.signatory.signed = ["copyright"]
    entry = wb.entry("TR-1.2")
    entry.status = "done"
    entry.evidence = ["docs/contact.md"]
    entry.checks = {cp: True for cp in ("public-contact-point", "aio-request-procedure")}
    ev = evaluate(wb, AS_OF)
    assert any("alternative" in issue for issue in ev.item("TR-1.2").issues)
    entry.alternative = "Our own documentation process, mapped to the Form in docs/gap.md"
    assert not any("alternative" in i for i in evaluate(wb, AS_OF).item("TR-1.2").issues)
    chapters = {c.id: c.signed for c in ev.chapters}
    assert chapters == {"transparency": False, "copyright": True, "safety-and-security": False}


def test_status_json_says_which_chapters_are_signed() -> None:
    from gpai_tui.engine.serialize import evaluation_dict

    wb = make(training_compute_flop=3e25, placed_on_market=date(2026, 1, 15))
    wb.signatory.signed = ["safety-and-security"]
    data = evaluation_dict(evaluate(wb, AS_OF))
    assert {c["id"]: c["signed"] for c in data["chapters"]} == {
        "transparency": False,
        "copyright": False,
        "safety-and-security": True,
    }
    assert data["scope"]["signed"] == ["safety-and-security"]
    assert all("signed" not in c for c in data["commitments"])
