"""Serious-incident report clocks (Measure 9.3) for every class and report kind."""

from __future__ import annotations

from datetime import date

import pytest

from gpai_tui.engine.incidents import incident_result
from gpai_tui.workbook import Incident

AWARE = date(2026, 3, 2)


def incident(**fields: object) -> Incident:
    data: dict[str, object] = {"class": "death", "title": "t", "aware": AWARE}
    data.update(fields)
    return Incident.model_validate(data)


@pytest.mark.parametrize(
    ("klass", "days"),
    [
        ("critical-infrastructure", 2),
        ("cybersecurity", 5),
        ("death", 10),
        ("health-rights-property-environment", 15),
    ],
)
def test_initial_report_deadline_by_class(klass: str, days: int) -> None:
    r = incident_result("I", incident(**{"class": klass}), date(2026, 3, 2))
    initial = r.reports[0]
    assert initial.kind == "initial"
    assert (initial.due - AWARE).days == days
    assert not initial.overdue
    late = incident_result("I", incident(**{"class": klass}), date(2026, 4, 30))
    assert late.reports[0].overdue


def test_initial_sent_late_is_flagged() -> None:
    r = incident_result(
        "I",
        incident(**{"class": "critical-infrastructure"}, initial_report=date(2026, 3, 5)),
        AWARE,
    )
    assert r.reports[0].late and not r.reports[0].overdue
    assert r.late


def test_intermediate_every_four_weeks_while_unresolved() -> None:
    inc = incident(
        initial_report=date(2026, 3, 10),
        intermediate_reports=[date(2026, 4, 6), date(2026, 5, 8)],
    )
    r = incident_result("I", inc, date(2026, 6, 20))
    kinds = [(c.kind, c.due, c.sent) for c in r.reports]
    assert kinds == [
        ("initial", date(2026, 3, 12), date(2026, 3, 10)),
        ("intermediate", date(2026, 4, 7), date(2026, 4, 6)),
        ("intermediate", date(2026, 5, 4), date(2026, 5, 8)),
        ("intermediate", date(2026, 6, 5), None),
    ]
    assert r.reports[2].late  # sent 4 days after its due date
    assert r.reports[3].overdue


def test_final_report_within_60_days_of_resolution() -> None:
    inc = incident(initial_report=date(2026, 3, 10), resolved=date(2026, 3, 30))
    r = incident_result("I", inc, date(2026, 5, 1))
    assert [c.kind for c in r.reports] == ["initial", "final"]
    final = r.reports[-1]
    assert final.due == date(2026, 5, 29)
    assert not final.overdue
    r2 = incident_result("I", inc, date(2026, 6, 1))
    assert r2.reports[-1].overdue
    sent = incident_result(
        "I",
        incident(
            initial_report=date(2026, 3, 10),
            resolved=date(2026, 3, 30),
            final_report=date(2026, 5, 1),
        ),
        date(2026, 8, 1),
    )
    assert not sent.late


def test_resolution_after_an_intermediate_round() -> None:
    inc = incident(
        initial_report=date(2026, 3, 10),
        intermediate_reports=[date(2026, 4, 7)],
        resolved=date(2026, 4, 20),
    )
    r = incident_result("I", inc, date(2026, 4, 21))
    assert [c.kind for c in r.reports] == ["initial", "intermediate", "final"]
    assert r.reports[-1].due == date(2026, 6, 19)


@pytest.mark.parametrize(
    ("first", "second", "days"),
    [
        ("health-rights-property-environment", "cybersecurity", 5),
        ("cybersecurity", "health-rights-property-environment", 5),
        ("death", "critical-infrastructure", 2),
        ("death", "death", 10),
    ],
)
def test_incident_in_two_classes_follows_the_shorter_clock(
    first: str, second: str, days: int
) -> None:
    # Reference §16.3: an incident that fits two classes follows the shorter clock, and
    # the report rule says so as a warning (the same class twice is one class).
    r = incident_result("I", incident(**{"class": first, "other_class": second}), AWARE)
    initial = r.reports[0]
    assert (initial.due - AWARE).days == days
    assert ("warning" in initial.rule) == (first != second)
