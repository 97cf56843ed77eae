"""Serious-incident report clocks (Safety and Security Measure 9.3).

Initial report: 2, 5, 10 or 15 days after awareness, by class. Intermediate
reports: at least every 4 weeks while unresolved. Final report: within 60 days
of resolution.
"""

from __future__ import annotations

from datetime import date, timedelta

from gpai_tui.engine.results import IncidentResult, ReportClock
from gpai_tui.workbook import Incident

INITIAL_DAYS: dict[str, int] = {
    "critical-infrastructure": 2,
    "cybersecurity": 5,
    "death": 10,
    "health-rights-property-environment": 15,
}
"""Days from awareness to the initial report, by incident class."""
INTERMEDIATE = timedelta(weeks=4)
"""Longest gap between reports while an incident is unresolved."""
FINAL = timedelta(days=60)
"""Longest time from resolution to the final report."""


def _clock(kind: str, due: date, sent: date | None, as_of: date, rule: str) -> ReportClock:
    return ReportClock(
        kind=kind,  # type: ignore[arg-type]
        due=due,
        sent=sent,
        late=sent is not None and sent > due,
        overdue=sent is None and as_of > due,
        rule=rule,
    )


def incident_result(incident_id: str, incident: Incident, as_of: date) -> IncidentResult:
    """Compute every report clock of one incident as of ``as_of``."""
    days = INITIAL_DAYS[incident.incident_class]
    rule = f"within {days} days of awareness ({incident.incident_class})"
    other = incident.other_class
    if other is not None and other != incident.incident_class:
        # An incident that fits two classes follows the shorter clock (reference §16.3).
        shorter = min((incident.incident_class, other), key=lambda c: INITIAL_DAYS[c])
        days = INITIAL_DAYS[shorter]
        rule = (
            f"within {days} days of awareness: warning, the incident fits two classes "
            f"({incident.incident_class}, {other}) and the shorter clock ({shorter}) applies"
        )
    initial_due = incident.aware + timedelta(days=days)
    reports = [_clock("initial", initial_due, incident.initial_report, as_of, rule)]
    anchor = incident.initial_report or initial_due
    sent_reports = sorted(incident.intermediate_reports)
    index = 0
    while True:
        due = anchor + INTERMEDIATE
        if incident.resolved is not None and incident.resolved <= due:
            break
        sent = sent_reports[index] if index < len(sent_reports) else None
        reports.append(
            _clock("intermediate", due, sent, as_of, "at least every 4 weeks while unresolved")
        )
        if sent is None:
            break
        anchor = sent
        index += 1
        if index > 1000:  # bounded: a workbook holds at most a few thousand dates
            break
    if incident.resolved is not None:
        reports.append(
            _clock(
                "final",
                incident.resolved + FINAL,
                incident.final_report,
                as_of,
                "within 60 days of resolution",
            )
        )
    return IncidentResult(
        id=incident_id,
        title=incident.title,
        incident_class=incident.incident_class,
        aware=incident.aware,
        resolved=incident.resolved,
        reports=tuple(reports),
    )
