"""The law as it stands (issue 12, acceptance 1): one table of profiles, asserted exactly.

For each profile the table gives the exact applicable set and the legal date of every
applicable item; the overdue flag of every item is then checked against those dates as
of ``AS_OF`` (nothing is done in these workbooks, so an item is overdue exactly when its
legal date is before ``AS_OF``). Each row cites its source in a comment: AI Act articles,
Guidelines C(2025) 5045 paragraphs (¶), and the reference's section 16 (the December
2026 audit). Dates are worked out by hand in the comments, not copied from the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from gpai_tui.engine import evaluate
from gpai_tui.workbook import ModelProfile, Workbook, new_workbook
from tests.engine.conftest import AS_OF

TR = {"TR-1.1", "TR-1.2", "TR-1.3"}
CR = {"CR-1.1", "CR-1.2", "CR-1.3", "CR-1.4", "CR-1.5"}
CRAWL = {"CR-1.2", "CR-1.3"}
SS = {
    "SS-1.1", "SS-1.2", "SS-1.3", "SS-1.4", "SS-2.1", "SS-2.2", "SS-3.1", "SS-3.2", "SS-3.3",
    "SS-3.4", "SS-3.5", "SS-4.1", "SS-4.2", "SS-5.1", "SS-6.1", "SS-6.2", "SS-7.1", "SS-7.2",
    "SS-7.3", "SS-7.4", "SS-7.5", "SS-7.6", "SS-7.7", "SS-8.1", "SS-8.2", "SS-8.3", "SS-9.1",
    "SS-9.2", "SS-9.3", "SS-9.4", "SS-10.1", "SS-10.2",
}  # fmt: skip
N52, N53, N54 = (
    "art-52-notification",
    "art-53-1-d-training-summary",
    "art-54-authorised-representative",
)
ALL = ["transparency", "copyright", "safety-and-security"]
D = date
LEGACY = D(2027, 8, 2)


@dataclass
class Row:
    """One profile and what the law says about it."""

    name: str
    profile: dict[str, Any]
    applicable: set[str]
    due: date | None
    """The legal date of every applicable item not listed in ``dues``."""
    dues: dict[str, date | None] = field(default_factory=dict)
    signed: list[str] = field(default_factory=lambda: list(ALL))
    named_model: bool = False
    says: dict[str, str] = field(default_factory=dict)
    """Item id (or ``scope``) -> words its reason must contain."""


def sr_dues(placed: date, ss11: date, n52: date | None) -> dict[str, date | None]:
    """The systemic-risk dates that differ from placing on the market."""
    out: dict[str, date | None] = {
        "SS-1.1": ss11,  # Measure 1.1: 4 weeks after notifying, >= 2 weeks before placing
        "SS-1.3": D(placed.year + 1, placed.month, placed.day),  # §16.1: placing + 12 months
        "SS-1.4": None,  # §16.1: needs framework_confirmed
    }
    if n52 is not None:
        out[N52] = n52
    return out


ROWS: list[Row] = [
    # Art. 51(2), 52(1), 54: non-EU SR model; notice 2025-09-01 + 14 d = 09-15; SS-1.1 =
    # min(09-15 + 28 d = 10-13, 2026-01-15 - 14 d = 01-01) = 2025-10-13.
    Row(
        "closed non-EU SR model",
        dict(
            training_compute_flop=3e25,
            established_in_eu=False,
            placed_on_market=D(2026, 1, 15),
            threshold_known=D(2025, 9, 1),
        ),
        TR | CR | SS | {N52, N53, N54},
        D(2026, 1, 15),
        sr_dues(D(2026, 1, 15), D(2025, 10, 13), D(2025, 9, 15)),
        says={N54: "Art. 54", N52: "Art. 51(2)"},
    ),
    # Art. 52(1), Guidelines ¶114: known 2025-07-20, so +14 d = 08-03, floored to 16 Aug 2025;
    # SS-1.1 = min(08-16 + 28 d = 09-13, 10-01 - 14 d = 09-17) = 2025-09-13.
    Row(
        "notification floor: threshold known before Chapter V",
        dict(
            training_compute_flop=2e25,
            placed_on_market=D(2025, 10, 1),
            threshold_known=D(2025, 7, 20),
        ),
        TR | CR | SS | {N52, N53},
        D(2025, 10, 1),
        sr_dues(D(2025, 10, 1), D(2025, 9, 13), D(2025, 8, 16)),
        says={N52: "Not before 2025-08-16"},
    ),
    # ¶114: known 2025-08-01 + 14 d = 08-15, still floored to 08-16 (the boundary);
    # SS-1.1 = min(09-13, 2025-12-01 - 14 d = 11-17) = 2025-09-13.
    Row(
        "notification floor boundary",
        dict(
            training_compute_flop=2e25,
            placed_on_market=D(2025, 12, 1),
            threshold_known=D(2025, 8, 1),
        ),
        TR | CR | SS | {N52, N53},
        D(2025, 12, 1),
        sr_dues(D(2025, 12, 1), D(2025, 9, 13), D(2025, 8, 16)),
    ),
    # Art. 52(1): known 2025-08-05 + 14 d = 08-19, after the floor: the floor does not bite.
    # SS-1.1 = min(08-19 + 28 d = 09-16, 2025-12-01 - 14 d = 11-17) = 2025-09-16.
    Row(
        "notification after the floor",
        dict(
            training_compute_flop=2e25,
            placed_on_market=D(2025, 12, 1),
            threshold_known=D(2025, 8, 5),
        ),
        TR | CR | SS | {N52, N53},
        D(2025, 12, 1),
        sr_dues(D(2025, 12, 1), D(2025, 9, 16), D(2025, 8, 19)),
    ),
    # Art. 52(1), ¶31, §16.2: planned compute above 10^25 presumes SR before training ends;
    # not placed: no market dates; notice 2026-10-01 + 14 d = 10-15; SS-1.1 = 10-15 + 28 d.
    Row(
        "planned compute above 10^25, not yet placed",
        dict(
            training_compute_flop=4e24,
            planned_compute_flop=2e25,
            threshold_known=D(2026, 10, 1),
        ),
        TR | CR | SS | {N52, N53},
        None,
        {N52: D(2026, 10, 15), "SS-1.1": D(2026, 11, 12)},
        says={"scope": "planned training compute"},
    ),
    # ¶31: planned compute above 10^25 but no threshold_known: the notice cannot be dated.
    Row(
        "planned compute without threshold_known",
        dict(training_compute_flop=4e24, planned_compute_flop=2e25),
        TR | CR | SS | {N52, N53},
        None,
        says={N52: "record threshold_known"},
    ),
    # Measure 1.1, §16.1: SS-1.1 counts from notified_on (2025-09-10 + 28 d = 10-08).
    Row(
        "notification sent: SS-1.1 from notified_on",
        dict(
            training_compute_flop=3e25,
            placed_on_market=D(2026, 6, 1),
            threshold_known=D(2025, 9, 1),
            notified_on=D(2025, 9, 10),
        ),
        TR | CR | SS | {N52, N53},
        D(2026, 6, 1),
        sr_dues(D(2026, 6, 1), D(2025, 10, 8), D(2025, 9, 15)),
    ),
    # Art. 111(3), ¶109: legacy SR model, no threshold_known: everything 2 Aug 2027, Art. 52
    # included (the AI Office expects contact earlier).
    Row(
        "legacy SR model without threshold_known",
        dict(training_compute_flop=2e25, placed_on_market=D(2024, 6, 1)),
        TR | CR | SS | {N52, N53},
        LEGACY,
        says={N52: "expects", "SS-1.1": "Art. 111(3)"},
    ),
    # Art. 111(3): legacy SR model with threshold_known in 2024: still 2 Aug 2027, never 2024.
    Row(
        "legacy SR model with threshold_known",
        dict(
            training_compute_flop=2e25,
            placed_on_market=D(2024, 6, 1),
            threshold_known=D(2024, 3, 1),
        ),
        TR | CR | SS | {N52, N53},
        LEGACY,
    ),
    # Art. 111(3): legacy model without SR.
    Row(
        "legacy model without systemic risk",
        dict(training_compute_flop=5e24, placed_on_market=D(2025, 5, 20)),
        TR | CR | {N53},
        LEGACY,
    ),
    # Art. 52(4), 52(5), ¶47: designated 2026-03-02; no Art. 52(1) notice; SR obligations run
    # from the designation (SS items placed 01-15 -> 03-02); SS-1.3 = 2027-01-15; Art. 53
    # items keep the placing date (they applied before the designation).
    Row(
        "designated with a date",
        dict(
            training_compute_flop=5e24,
            systemic_risk="designated",
            designated_on=D(2026, 3, 2),
            placed_on_market=D(2026, 1, 15),
        ),
        TR | CR | SS | {N53},
        D(2026, 1, 15),
        {
            **{i: D(2026, 3, 2) for i in SS},
            "SS-1.3": D(2027, 1, 15),
            "SS-1.4": None,
        },
        says={"scope": "2026-09-02", N52: "Art. 52(4)", "SS-2.1": "Art. 52(4)"},
    ),
    # Art. 52(4), §16.1: designated without the date: SR dates cannot be computed.
    Row(
        "designated without a date",
        dict(
            training_compute_flop=5e24,
            systemic_risk="designated",
            placed_on_market=D(2026, 1, 15),
        ),
        TR | CR | SS | {N53},
        D(2026, 1, 15),
        {i: None for i in SS},
        says={"SS-2.1": "Cannot compute"},
    ),
    # ¶63, ¶68: modifier above one third of the known original compute (2e24 > 1e24): provider,
    # Art. 53(1)(a)-(d) limited to the modification.
    Row(
        "modifier above one third of known original compute",
        dict(
            downstream_modifier=True,
            training_compute_flop=5e24,
            original_compute_flop=3e24,
            modification_compute_flop=2e24,
            placed_on_market=D(2026, 2, 1),
        ),
        TR | CR | {N53},
        D(2026, 2, 1),
        says={"TR-1.1": "limited to the modification", N53: "limited to the modification"},
    ),
    # ¶64: original SR, compute unknown: threshold 1/3 x 10^25; 2e24 is below: not provider.
    Row(
        "modifier of SR original below 1/3 x 10^25",
        dict(
            downstream_modifier=True,
            original_systemic_risk=True,
            modification_compute_flop=2e24,
            placed_on_market=D(2026, 2, 1),
        ),
        set(),
        None,
        says={"TR-1.1": "one third of 10^25"},
    ),
    # ¶64, ¶69, ¶70: original SR, 5e24 > 3.3e24: provider, presumed SR, Art. 52 and all S&S;
    # Art. 54 in full. Notice 2026-02-01 + 14 d = 02-15; SS-1.1 = min(03-15, 03-18).
    Row(
        "modifier of SR original above 1/3 x 10^25",
        dict(
            downstream_modifier=True,
            original_systemic_risk=True,
            modification_compute_flop=5e24,
            established_in_eu=False,
            threshold_known=D(2026, 2, 1),
            placed_on_market=D(2026, 4, 1),
        ),
        TR | CR | SS | {N52, N53, N54},
        D(2026, 4, 1),
        sr_dues(D(2026, 4, 1), D(2026, 3, 15), D(2026, 2, 15)),
        says={"SS-1.1": "¶70", N54: "¶69"},
    ),
    # ¶64: original not SR, compute unknown: threshold 1/3 x 10^23; 5e22 is above.
    Row(
        "modifier of non-SR original above 1/3 x 10^23",
        dict(
            downstream_modifier=True,
            modification_compute_flop=5e22,
            placed_on_market=D(2026, 2, 1),
        ),
        TR | CR | {N53},
        D(2026, 2, 1),
    ),
    # ¶64: original not SR, compute unknown: 2e22 is below 3.3e22: not provider.
    Row(
        "modifier of non-SR original below 1/3 x 10^23",
        dict(
            downstream_modifier=True,
            modification_compute_flop=2e22,
            placed_on_market=D(2026, 2, 1),
        ),
        set(),
        None,
        says={"CR-1.1": "one third of 10^23"},
    ),
    # Art. 53(2), ¶78-92: every open-source condition met: TR and Art. 54 exempt.
    Row(
        "open source with every condition met",
        dict(
            training_compute_flop=2e24,
            open_source=True,
            established_in_eu=False,
            oss_open_licence=True,
            oss_no_monetisation=True,
            oss_weights_public=True,
            oss_architecture_public=True,
            oss_usage_public=True,
            placed_on_market=D(2026, 2, 1),
        ),
        CR | {N53},
        D(2026, 2, 1),
        says={"TR-1.1": "every condition", N54: "Art. 53(2)"},
    ),
    # ¶78-92, issue rule 5: a bare open_source = true is kept as a claim, with a warning.
    Row(
        "open-source claim with conditions unanswered",
        dict(training_compute_flop=2e24, open_source=True, placed_on_market=D(2026, 2, 1)),
        CR | {N53},
        D(2026, 2, 1),
        says={"TR-1.1": "not all answered"},
    ),
    # ¶78-92: monetised: the first failing condition is named; TR and Art. 54 apply.
    Row(
        "open source but monetised",
        dict(
            training_compute_flop=2e24,
            open_source=True,
            established_in_eu=False,
            oss_open_licence=True,
            oss_no_monetisation=False,
            oss_weights_public=False,
            placed_on_market=D(2026, 2, 1),
        ),
        TR | CR | {N53, N54},
        D(2026, 2, 1),
        says={"TR-1.1": "no monetisation"},
    ),
    # Art. 53(2), ¶78: the exemption never holds with systemic risk.
    Row(
        "open source with systemic risk",
        dict(
            training_compute_flop=2e25,
            open_source=True,
            oss_open_licence=True,
            oss_no_monetisation=True,
            oss_weights_public=True,
            oss_architecture_public=True,
            oss_usage_public=True,
            placed_on_market=D(2026, 2, 1),
            threshold_known=D(2025, 12, 1),
        ),
        TR | CR | SS | {N52, N53},
        D(2026, 2, 1),
        # notice 12-01 + 14 d = 12-15; SS-1.1 = min(12-15 + 28 d = 2026-01-12, 02-01 - 14 d = 01-18)
        sr_dues(D(2026, 2, 1), D(2026, 1, 12), D(2025, 12, 15)),
        says={"TR-1.1": "exemption is lost"},
    ),
    # §16.2: CR-1.2 and CR-1.3 only for a provider that crawls the web.
    Row(
        "no web crawling",
        dict(training_compute_flop=5e24, crawls_web=False, placed_on_market=D(2026, 2, 1)),
        TR | (CR - CRAWL) | {N53},
        D(2026, 2, 1),
        says={"CR-1.3": "does not crawl"},
    ),
    # §16.2, ¶94-95: a provider that signed nothing: the measures stay as the yardstick and the
    # AI Act dates are unchanged.
    Row(
        "SR provider that signed no chapter",
        dict(
            training_compute_flop=3e25,
            placed_on_market=D(2026, 1, 15),
            threshold_known=D(2025, 9, 1),
        ),
        TR | CR | SS | {N52, N53},
        D(2026, 1, 15),
        sr_dues(D(2026, 1, 15), D(2025, 10, 13), D(2025, 9, 15)),
        signed=[],
        says={"TR-1.1": "not signed", "SS-2.1": "¶94-95"},
    ),
    # §16.2: signed only the Safety and Security chapter: TR and CR are yardsticks, same dates.
    Row(
        "SR provider that signed only Safety and Security",
        dict(
            training_compute_flop=3e25,
            placed_on_market=D(2026, 1, 15),
            threshold_known=D(2025, 9, 1),
        ),
        TR | CR | SS | {N52, N53},
        D(2026, 1, 15),
        sr_dues(D(2026, 1, 15), D(2025, 10, 13), D(2025, 9, 15)),
        signed=["safety-and-security"],
        says={"CR-1.1": "not signed"},
    ),
    # §16.2: a non-SR provider that signed S&S and named the model: a commitment, no clock.
    Row(
        "non-SR provider naming the model under Safety and Security",
        dict(training_compute_flop=5e24, placed_on_market=D(2026, 2, 1)),
        TR | CR | SS | {N53},
        D(2026, 2, 1),
        {i: None for i in SS},
        named_model=True,
        says={"SS-2.1": "commitment"},
    ),
    # §16.2: signing S&S without naming the model changes nothing for a non-SR model.
    Row(
        "non-SR provider that signed everything, model not named",
        dict(training_compute_flop=5e24, placed_on_market=D(2026, 2, 1)),
        TR | CR | {N53},
        D(2026, 2, 1),
    ),
    # §16.2: naming a model under a chapter the provider did not sign is no commitment.
    Row(
        "non-SR model named, Safety and Security not signed",
        dict(training_compute_flop=5e24, placed_on_market=D(2026, 2, 1)),
        TR | CR | {N53},
        D(2026, 2, 1),
        signed=["transparency", "copyright"],
        named_model=True,
    ),
    # Guidelines indicative criterion: at 10^22 FLOP the model is not a GPAI model.
    Row("below the GPAI criterion", dict(training_compute_flop=1e22), set(), None),
]


def build(row: Row) -> Workbook:
    fields: dict[str, Any] = {"provider": "Test Provider", "name": "Test Model", **row.profile}
    workbook = new_workbook(ModelProfile(**fields))
    workbook.signatory.signed = list(row.signed)  # type: ignore[arg-type]
    workbook.signatory.named_model = row.named_model
    return workbook


def test_the_table_is_big_enough() -> None:
    assert len(ROWS) >= 20


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_law_table(row: Row) -> None:
    ev = evaluate(build(row), AS_OF)
    assert {i.id for i in ev.items if i.applicable} == row.applicable
    for item in ev.items:
        assert item.reason, item.id
        if not item.applicable:
            assert not item.overdue, item.id
            continue
        expected = row.dues.get(item.id, row.due)
        assert item.due == expected, (item.id, item.due, expected, item.due_reason)
        # Nothing is done: overdue exactly when the table's date is before AS_OF.
        assert item.overdue == (expected is not None and expected < AS_OF), item.id
        # Issue rule 1: no legal date before 2 Aug 2025.
        assert item.due is None or item.due >= D(2025, 8, 2), item.id
    for key, words in row.says.items():
        text = (
            " ".join([ev.scope.systemic_risk.reason, *ev.scope.warnings])
            if key == "scope"
            else ev.item(key).reason + " " + ev.item(key).due_reason
        )
        assert words in text, (key, text)


SR_PROFILE = dict(
    training_compute_flop=3e25, placed_on_market=D(2026, 1, 15), threshold_known=D(2025, 9, 1)
)
COMBOS = [
    [c for c, keep in zip(ALL, mask, strict=True) if keep]
    for mask in ((a, b, c) for a in (0, 1) for b in (0, 1) for c in (0, 1))
]


@pytest.mark.parametrize("signed", COMBOS, ids=["+".join(c) or "none" for c in COMBOS])
def test_every_signatory_combination(signed: list[str]) -> None:
    """Reference §16.2, Guidelines ¶94-95: for a model with systemic risk, signing changes
    no applicable set and no legal date; exactly the measures of unsigned chapters say the
    chapter is not signed, and status --json says which chapters are signed. For a model
    without systemic risk named under Safety and Security, the chapter applies (as a
    commitment, no date) exactly when it is signed."""
    base = evaluate(build(Row("all", SR_PROFILE, set(), None)), AS_OF)
    row = Row("combo", SR_PROFILE, set(), None, signed=signed)
    ev = evaluate(build(row), AS_OF)
    for item, ref in zip(ev.items, base.items, strict=True):
        assert (item.applicable, item.due, item.overdue) == (ref.applicable, ref.due, ref.overdue)
        unsigned = item.chapter is not None and item.chapter not in signed
        assert ("not signed this chapter" in item.reason) == (unsigned and item.applicable)
    assert {c.id: c.signed for c in ev.chapters} == {c: c in signed for c in ALL}
    profile = dict(training_compute_flop=5e24, placed_on_market=D(2026, 2, 1))
    named = Row("named", profile, set(), None, signed=signed)
    named.named_model = True
    nev = evaluate(build(named), AS_OF)
    ss = {i.id for i in nev.items if i.applicable and i.chapter == "safety-and-security"}
    assert ss == (SS if "safety-and-security" in signed else set())
    assert all(nev.item(i).due is None and not nev.item(i).overdue for i in ss)
    assert nev.item("TR-1.1").due == D(2026, 2, 1)  # the AI Act dates stay
