"""Value paths: one name for every value of a workbook, as used by conflict records.

A path names one value the officer can set:

* ``model.<field>`` (a profile answer), ``code``;
* ``measures.<ID>.<field>`` and ``obligations.<ID>.<field>`` for ``status``,
  ``owner``, ``target``, ``last_done``, ``review_months``, ``evidence`` (as written in
  the file: strings and tables), ``notes``, ``justification``, ``alternative``,
  ``override``;
  ``measures.<ID>.checks.<checkpoint>`` for one tick;
* ``mdf.<field>`` (a text field, or a whole repeating field) and
  ``mdf.<field>.<key>`` (one modality/version of a repeating field);
* ``incidents.<ID>`` (a whole incident) and ``incidents.<ID>.<field>`` (``class``,
  ``other_class``,
  ``title``, ``aware``, ``resolved``, ``initial_report``, ``intermediate_reports``,
  ``final_report``, ``notes``).

Measure ids contain dots (``CR-1.3``), so paths are parsed against the catalogue,
never split blindly. :func:`set_value` validates, so a refused value changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from gpai_tui.catalogue import CURRENT_CODE, Catalogue, load_catalogue
from gpai_tui.errors import UsageError
from gpai_tui.workbook import Incident, ItemEntry, ModelProfile, Workbook
from gpai_tui.workbook.model import table_name

ITEM_FIELDS = (
    "status",
    "owner",
    "target",
    "last_done",
    "review_months",
    "evidence",
    "notes",
    "justification",
    "alternative",
    "override",
)
"""Fields of a measure or obligation entry, other than ticks, in file order."""
INCIDENT_FIELDS = (
    "class",
    "other_class",
    "title",
    "aware",
    "resolved",
    "initial_report",
    "intermediate_reports",
    "final_report",
    "notes",
)
"""Fields of an incident as written in the file (``class`` is the TOML key)."""

PathKind = Literal["code", "model", "item", "check", "mdf", "mdf-key", "incident", "incident-field"]


@dataclass(frozen=True, slots=True)
class PathRef:
    """A parsed value path."""

    kind: PathKind
    table: str = ""
    """``measures``/``obligations`` for items; else the top-level table."""
    key: str = ""
    """Item id, incident id, MDF field id, or profile field."""
    field: str = ""
    """Entry field, checkpoint id, incident field, or repeating-field key."""


def item_table(item_id: str) -> str:
    """``obligations`` for obligation ids (``art-...``), else ``measures``."""
    return table_name(item_id)


def parse_path(
    path: str, workbook: Workbook | None = None, catalogue: Catalogue | None = None
) -> PathRef:
    """Parse ``path``; raise :class:`UsageError` when it names nothing."""
    catalogue = catalogue or load_catalogue(workbook.code if workbook else CURRENT_CODE)
    head, _, rest = path.partition(".")
    if head == "code" and not rest:
        return PathRef("code")
    if head == "model" and rest in ModelProfile.model_fields:
        return PathRef("model", "model", rest)
    if head in ("measures", "obligations"):
        for item_id in catalogue.item_ids():
            if item_table(item_id) != head or not rest.startswith(item_id + "."):
                continue
            tail = rest[len(item_id) + 1 :]
            if tail in ITEM_FIELDS:
                return PathRef("item", head, item_id, tail)
            if tail.startswith("checks.") and len(tail) > len("checks."):
                return PathRef("check", head, item_id, tail[len("checks.") :])
    if head == "mdf":
        for field in catalogue.mdf_fields():
            if rest == field.id:
                return PathRef("mdf", "mdf", field.id)
            if rest.startswith(field.id + ".") and field.repeats is not None:
                return PathRef("mdf-key", "mdf", field.id, rest[len(field.id) + 1 :])
    if head == "incidents" and rest:
        known = set(workbook.incidents) if workbook else set()
        if workbook is not None:  # a whole incident removed on one side: its record holds tables
            known |= {
                k.partition(".")[2]
                for k, record in workbook.conflicts.items()
                if k.startswith("incidents.") and _whole_incident(record)
            }
        if rest in known:
            return PathRef("incident", "incidents", rest)
        incident_id, _, name = rest.rpartition(".")
        if incident_id and name in INCIDENT_FIELDS:
            return PathRef("incident-field", "incidents", incident_id, name)
        return PathRef("incident", "incidents", rest)
    raise UsageError(f"{path!r} does not name a value of a workbook")


def _whole_incident(record: Any) -> bool:
    """Whether a conflict record holds whole incidents (tables or absent), not one field."""
    sides = (record.ours, record.theirs, record.base)
    return any(isinstance(v, dict) for v in sides) and all(
        v is None or isinstance(v, dict) for v in sides
    )


def incident_dict(incident: Incident) -> dict[str, Any]:
    """An incident as plain data with the file's key names (no absent values)."""
    data = incident.model_dump(by_alias=True, exclude_none=True)
    if not data.get("intermediate_reports"):
        data.pop("intermediate_reports", None)
    else:
        data["intermediate_reports"] = sorted(data["intermediate_reports"])
    return data


def _attr(field: str) -> str:
    return "incident_class" if field == "class" else field


def get_value(workbook: Workbook, ref: PathRef) -> Any:
    """The current value at ``ref`` (``None`` when absent)."""
    if ref.kind == "code":
        return workbook.code
    if ref.kind == "model":
        return getattr(workbook.model, ref.key)
    if ref.kind in ("item", "check"):
        entry = workbook.get_entry(ref.key)
        if ref.kind == "check":
            return bool(entry.checks.get(ref.field, False))
        if ref.field == "evidence":
            return [item.to_toml() for item in entry.evidence]
        value = getattr(entry, ref.field)
        return list(value) if isinstance(value, list) else value
    if ref.kind in ("mdf", "mdf-key"):
        value = workbook.mdf.get(ref.key)
        if ref.kind == "mdf":
            return dict(value) if isinstance(value, dict) else value
        return value.get(ref.field) if isinstance(value, dict) else None
    incident = workbook.incidents.get(ref.key)
    if ref.kind == "incident":
        return incident_dict(incident) if incident else None
    if incident is None:
        return None
    value = getattr(incident, _attr(ref.field))
    return list(value) if isinstance(value, list) else value


def set_value(workbook: Workbook, ref: PathRef, value: Any) -> None:
    """Set the value at ``ref`` (``None`` removes it); raise :class:`UsageError` if invalid.

    The workbook is changed only when the new value is valid.
    """
    try:
        _set(workbook, ref, value)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise UsageError(f"cannot set {describe(ref)}: {first['msg'].lower()}") from None


def _set(workbook: Workbook, ref: PathRef, value: Any) -> None:
    if ref.kind == "code":
        raise UsageError("the Code version cannot be changed this way")
    if ref.kind == "model":
        # Assigned in place (validated), so views holding the profile see the change.
        if value is None and ref.key in ("provider", "name"):
            raise UsageError(f"the profile needs a {ref.key}; pick a side that has one")
        if value is None:
            value = ModelProfile.model_fields[ref.key].get_default(call_default_factory=True)
        setattr(workbook.model, ref.key, list(value) if isinstance(value, list) else value)
        return
    if ref.kind in ("item", "check"):
        # Validate on a copy first, then assign in place on the stored entry.
        entry = workbook.get_entry(ref.key)
        new_value: Any
        if ref.kind == "check":
            name, new_value = "checks", {**entry.checks, ref.field: bool(value)}
        elif value is None:
            name = ref.field
            new_value = ItemEntry.model_fields[name].get_default(call_default_factory=True)
        else:
            name, new_value = ref.field, list(value) if isinstance(value, list) else value
        setattr(entry.model_copy(deep=True), name, new_value)
        setattr(workbook.entry(ref.key), name, new_value)
        return
    if ref.kind == "mdf":
        mdf = dict(workbook.mdf)
        if value is None or value == "" or value == {}:
            mdf.pop(ref.key, None)
        else:
            mdf[ref.key] = dict(value) if isinstance(value, dict) else value
        workbook.mdf = mdf
        return
    if ref.kind == "mdf-key":
        mdf = dict(workbook.mdf)
        current = mdf.get(ref.key)
        table_value = dict(current) if isinstance(current, dict) else {}
        if value is None or value == "":
            table_value.pop(ref.field, None)
        else:
            table_value[ref.field] = value
        if table_value:
            mdf[ref.key] = table_value
        else:
            mdf.pop(ref.key, None)
        workbook.mdf = mdf
        return
    incidents = dict(workbook.incidents)
    if ref.kind == "incident":
        if value is None:
            incidents.pop(ref.key, None)
        else:
            incidents[ref.key] = Incident.model_validate(value)
        workbook.incidents = incidents
        return
    incident = incidents.get(ref.key)
    if incident is None:
        raise UsageError(f"incident {ref.key!r} does not exist; take the whole incident first")
    data = incident_dict(incident)
    if value is None:
        if ref.field in ("class", "title", "aware"):
            raise UsageError(f"an incident needs a {ref.field}; pick a side that has one")
        data.pop(ref.field, None)
    else:
        data[ref.field] = list(value) if isinstance(value, list) else value
    incidents[ref.key] = Incident.model_validate(data)
    workbook.incidents = incidents


def describe(ref: PathRef) -> str:
    """A short human name for the value at ``ref``."""
    if ref.kind == "code":
        return "the Code version"
    if ref.kind == "model":
        return f"profile {ref.key}"
    what = "obligation" if ref.table == "obligations" else "measure"
    if ref.kind == "item":
        return f"{what} {ref.key} {ref.field.replace('_', ' ')}"
    if ref.kind == "check":
        return f"{what} {ref.key} checkpoint {ref.field}"
    if ref.kind == "mdf":
        return f"MDF field {ref.key}"
    if ref.kind == "mdf-key":
        return f"MDF field {ref.key} [{ref.field}]"
    if ref.kind == "incident":
        return f"incident {ref.key}"
    return f"incident {ref.key} {ref.field.replace('_', ' ')}"
