"""Validated edits of one serious incident, shared by ``gpai incident`` and the TUI.

:func:`apply_incident_edit` checks everything first (id, class, title, the order of
the dates) and only then changes the workbook, so a refused edit changes nothing
(:class:`~gpai_tui.errors.UsageError`). The clocks that follow from the dates are
computed by :mod:`gpai_tui.engine.incidents` (Safety and Security Measure 9.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import get_args

from gpai_tui.catalogue import IncidentClass
from gpai_tui.errors import UsageError
from gpai_tui.workbook import Incident, Workbook
from gpai_tui.workbook.errors import did_you_mean
from gpai_tui.workbook.model import MAX_LIST, MAX_SHORT, MAX_TEXT

INCIDENT_CLASSES: tuple[str, ...] = get_args(IncidentClass)
"""Every Measure 9.3 incident class."""
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""What an incident id may look like (it is a TOML key and a CLI argument)."""
REPORTS = ("initial", "intermediate", "final")
"""The reports of an incident that can be marked sent."""


@dataclass(frozen=True)
class IncidentFields:
    """What to set on an incident; ``None`` leaves a value as it is."""

    incident_class: str | None = None
    title: str | None = None
    aware: date | None = None
    resolved: date | None = None
    clear_resolved: bool = False
    initial_report: date | None = None
    add_intermediate: tuple[date, ...] = field(default_factory=tuple)
    final_report: date | None = None
    notes: str | None = None


def check_class(value: str) -> str:
    """``value`` if it is an incident class, else a refusal with a hint."""
    if value in INCIDENT_CLASSES:
        return value
    hint = did_you_mean(value, INCIDENT_CLASSES)
    raise UsageError(
        f"unknown incident class {value!r}; "
        + (hint if hint else f"use one of {', '.join(INCIDENT_CLASSES)}")
    )


def _known(workbook: Workbook, incident_id: str) -> Incident:
    incident = workbook.incidents.get(incident_id)
    if incident is None:
        hint = did_you_mean(incident_id, list(workbook.incidents))
        known = ", ".join(workbook.incidents) or "none yet"
        raise UsageError(
            f"no incident {incident_id!r}; " + (hint if hint else f"the workbook has {known}")
        )
    return incident


def apply_incident_edit(
    workbook: Workbook, incident_id: str, edit: IncidentFields, *, create: bool = False
) -> list[str]:
    """Create (``create``) or change incident ``incident_id``; return what changed, in words."""
    if create:
        if not ID_PATTERN.match(incident_id):
            raise UsageError(
                f"incident id {incident_id!r} is not usable; use letters, digits, '.', '-' "
                "or '_' (at most 64, starting with a letter or digit)"
            )
        if incident_id in workbook.incidents:
            raise UsageError(f"incident {incident_id!r} already exists; use update")
        if edit.incident_class is None or edit.title is None or edit.aware is None:
            raise UsageError("a new incident needs a class, a title and the date of awareness")
        if len(workbook.incidents) >= MAX_LIST:
            raise UsageError(f"a workbook holds at most {MAX_LIST} incidents")
        old = None
    else:
        old = _known(workbook, incident_id)
    if edit.incident_class is not None:
        check_class(edit.incident_class)
    if edit.title is not None:
        if not edit.title.strip():
            raise UsageError("an incident title cannot be empty")
        if len(edit.title) > MAX_SHORT:
            raise UsageError(f"the title is {len(edit.title)} characters long; limit {MAX_SHORT}")
    if edit.notes is not None and len(edit.notes) > MAX_TEXT:
        raise UsageError(f"the notes are {len(edit.notes)} characters long; limit {MAX_TEXT}")
    data = old.model_dump(by_alias=True) if old is not None else {}
    if edit.incident_class is not None:
        data["class"] = edit.incident_class
    if edit.title is not None:
        data["title"] = edit.title.strip()
    if edit.aware is not None:
        data["aware"] = edit.aware
    if edit.clear_resolved:
        data["resolved"] = None
        data["final_report"] = None
    if edit.resolved is not None:
        data["resolved"] = edit.resolved
    if edit.initial_report is not None:
        data["initial_report"] = edit.initial_report
    if edit.add_intermediate:
        sent = list(data.get("intermediate_reports") or [])
        for when in edit.add_intermediate:
            if when in sent:
                raise UsageError(f"an intermediate report sent on {when} is already recorded")
            sent.append(when)
        if len(sent) > MAX_LIST:
            raise UsageError(f"more than {MAX_LIST} intermediate reports")
        data["intermediate_reports"] = sorted(sent)
    if edit.final_report is not None:
        data["final_report"] = edit.final_report
    if edit.notes is not None:
        data["notes"] = edit.notes if edit.notes.strip() else None
    _check_dates(data)
    new = Incident.model_validate(data)
    if old is not None and new == old:
        return []
    workbook.incidents = {**workbook.incidents, incident_id: new}
    if old is None:
        return [f"incident {incident_id} added"]
    return [f"incident {incident_id} {name} changed" for name in _differences(old, new)]


def _check_dates(data: dict[str, object]) -> None:
    """Reports are sent after awareness; the final report follows resolution."""
    aware = data.get("aware")
    resolved = data.get("resolved")
    assert isinstance(aware, date)
    if isinstance(resolved, date) and resolved < aware:
        raise UsageError(f"resolved ({resolved}) is before awareness ({aware})")
    initial = data.get("initial_report")
    if isinstance(initial, date) and initial < aware:
        raise UsageError(f"the initial report ({initial}) is dated before awareness ({aware})")
    for when in data.get("intermediate_reports") or []:  # type: ignore[attr-defined]
        if when < aware:
            raise UsageError(f"an intermediate report ({when}) is dated before awareness")
    final = data.get("final_report")
    if isinstance(final, date):
        if not isinstance(resolved, date):
            raise UsageError("a final report is sent after resolution: set --resolved first")
        if final < resolved:
            raise UsageError(f"the final report ({final}) is dated before resolution ({resolved})")


def _differences(old: Incident, new: Incident) -> list[str]:
    a, b = old.model_dump(), new.model_dump()
    return [name for name in a if a[name] != b[name]]
