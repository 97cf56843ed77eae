"""The public summary of training content (Art. 53(1)(d)): state, edits, proposals, checks.

* :func:`summary_result` counts filled and required fields per section and part. A
  field is required when the template says so and its condition holds (``yes:FIELD``:
  an earlier yes/no answered yes; ``profile:non-eu`` / ``modifier`` / ``legacy``).
  The ``art-53-1-d-training-summary`` obligation's derived checkpoints
  (``summary-header``, ``summary-part-1`` ... ``-3``) are the parts' completeness, as
  TR-1.1's ``mdf-completed`` is the form's.
* :func:`apply_summary_edit` is the one validated edit of a summary value (pure:
  workbook in, change applied, :class:`UsageError` on bad input, nothing changed then).
* :func:`proposals` offers values the workbook already knows (profile, MDF, CR-1.3,
  signatory status). A proposal is never stored: it is written only when accepted.
* :func:`check_summary` lists what is missing or inconsistent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from gpai_tui.catalogue import load_catalogue
from gpai_tui.catalogue.summary import (
    SUMMARY_MODALITIES,
    SummaryField,
    SummaryTemplate,
    load_summary_template,
    value_problem,
)
from gpai_tui.engine.dates import LEGACY_CUTOFF
from gpai_tui.errors import UsageError
from gpai_tui.workbook import SummaryValue, Workbook
from gpai_tui.workbook.errors import did_you_mean
from gpai_tui.workbook.io import size_problem
from gpai_tui.workbook.organisation import Organisation

DERIVED_PARTS: dict[str, int] = {
    "summary-header": 0,
    "summary-part-1": 1,
    "summary-part-2": 2,
    "summary-part-3": 3,
}
"""Derived checkpoint kind -> template part it follows."""
LAST_UPDATED = "last-updated"
"""The header field stamped with the day of any change."""


def is_filled(value: SummaryValue | None) -> bool:
    """A value counts when answered: yes/no either way, a date, non-blank text, a
    non-empty list or table."""
    if value is None:
        return False
    if isinstance(value, (bool, date)):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def condition_holds(rule: str | None, workbook: Workbook) -> bool:
    """Whether a field's ``required_if`` rule holds for this workbook."""
    if rule is None:
        return True
    kind, _, target = rule.partition(":")
    if kind == "yes":
        return workbook.training_summary.get(target) is True
    profile = workbook.model
    if rule == "profile:non-eu":
        return not profile.established_in_eu  # Art. 54
    if rule == "profile:modifier":
        return profile.downstream_modifier  # Guidelines para. 68
    if rule == "profile:legacy":  # Art. 111(3), Guidelines para. 110
        return profile.placed_on_market is not None and profile.placed_on_market < LEGACY_CUTOFF
    raise ValueError(f"unknown condition {rule!r}")


def is_required(field: SummaryField, workbook: Workbook) -> bool:
    """The field must be filled for this workbook."""
    return field.required and condition_holds(field.required_if, workbook)


def is_shown(field: SummaryField, workbook: Workbook) -> bool:
    """Fields behind a yes/no are shown once it is answered yes (or when filled)."""
    rule = field.required_if
    if rule is None or not rule.startswith("yes:"):
        return True
    return condition_holds(rule, workbook) or is_filled(workbook.training_summary.get(field.id))


@dataclass(frozen=True, slots=True)
class SectionCount:
    """Filled and required fields of one template section (or part)."""

    id: str
    heading: str
    filled: int
    required: int

    @property
    def complete(self) -> bool:
        """Every required field filled."""
        return self.filled == self.required


@dataclass(frozen=True, slots=True)
class SummaryResult:
    """The summary's completeness."""

    sections: tuple[SectionCount, ...]
    parts: tuple[SectionCount, ...]
    filled: int
    """Required fields filled."""
    required: int
    """Fields required for this workbook."""
    missing: tuple[str, ...]
    """Required fields not filled, in template order."""

    @property
    def complete(self) -> bool:
        """Every required field filled."""
        return self.filled == self.required

    units: tuple[float, ...] = ()
    """Progress of each unit of the summary, 0-1 (see :func:`summary_result`)."""

    @property
    def completeness(self) -> float:
        """Mean progress of the summary's units, 0-100 (unrounded).

        A unit is a required field, or a yes/no together with the questions it turns
        on. So answering "yes" (which adds questions) still moves the figure up, and
        filling a required field never lowers it; ``filled``/``required`` counts the
        fields themselves.
        """
        return 100.0 * sum(self.units) / len(self.units) if self.units else 100.0

    def part_complete(self, number: int) -> bool:
        """Part ``number`` (0 = header) has every required field filled."""
        return self.parts[number].complete


def summary_result(workbook: Workbook, template: SummaryTemplate | None = None) -> SummaryResult:
    """Count required and filled fields per section and part."""
    template = template or load_summary_template()
    values = workbook.training_summary
    sections: list[SectionCount] = []
    parts: list[SectionCount] = []
    missing: list[str] = []
    for part in template.parts:
        part_filled = part_required = 0
        for section in part.sections:
            filled = required = 0
            for field in section.fields:
                if not is_required(field, workbook):
                    continue
                required += 1
                if is_filled(values.get(field.id)):
                    filled += 1
                else:
                    missing.append(field.id)
            sections.append(SectionCount(section.id, section.heading, filled, required))
            part_filled += filled
            part_required += required
        parts.append(SectionCount(part.id, part.heading, part_filled, part_required))
    return SummaryResult(
        tuple(sections),
        tuple(parts),
        sum(p.filled for p in parts),
        sum(p.required for p in parts),
        tuple(missing),
        _units(template, workbook),
    )


def _units(template: SummaryTemplate, workbook: Workbook) -> tuple[float, ...]:
    """Progress per unit: a required field (0 or 1), or a gate with what it turns on."""
    values = workbook.training_summary
    gated: dict[str, list[SummaryField]] = {}
    for field in template.fields():
        rule = field.required_if or ""
        if rule.startswith("yes:"):
            gated.setdefault(rule[4:], []).append(field)
    units: list[float] = []
    for field in template.fields():
        if (field.required_if or "").startswith("yes:") or not is_required(field, workbook):
            continue
        answer = values.get(field.id)
        if not is_filled(answer):
            units.append(0.0)
        elif field.id in gated and answer is True:
            due = [f for f in gated[field.id] if f.required]
            done = sum(1 for f in due if is_filled(values.get(f.id)))
            units.append((1 + done) / (1 + len(due)))
        else:
            units.append(1.0)
    return tuple(units)


def derived_from(kind: str) -> str:
    """What a derived checkpoint is computed from, in words."""
    if kind in DERIVED_PARTS:
        return "the training-content summary"
    return "the Model Documentation Form"


def derived_tick(kind: str, result: SummaryResult) -> bool:
    """The tick of a ``summary-*`` derived checkpoint."""
    return result.part_complete(DERIVED_PARTS[kind])


# -- edits -------------------------------------------------------------------------------


def _field(template: SummaryTemplate, field_id: str) -> SummaryField:
    field = template.field(field_id)
    if field is None:
        hint = did_you_mean(field_id, [f.id for f in template.fields()])
        raise UsageError(
            f"unknown training-summary field {field_id!r}" + (f"; {hint}" if hint else "")
        )
    return field


def _normalise(field: SummaryField, value: SummaryValue) -> SummaryValue | None:
    """Blank text, empty lists/tables and blank entries become absent."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        items = [v.strip() for v in value if v.strip()]
        if field.type == "modalities":  # always in the template's order
            items = [m for m in SUMMARY_MODALITIES if m in items] + [
                m for m in items if m not in SUMMARY_MODALITIES
            ]
        return items or None
    if isinstance(value, Mapping):
        table = {k.strip(): v.strip() for k, v in value.items() if k.strip() and v.strip()}
        return table or None
    return value


def _checked(field_id: str, value: SummaryValue | None) -> SummaryValue | None:
    """The normalised value, or :class:`UsageError` naming what is wrong with it."""
    template = load_summary_template()
    field = _field(template, field_id)
    new = None if value is None else _normalise(field, value)
    if new is not None:
        problem = value_problem(template, field, new) or size_problem(field.type, new)
        if problem is not None:
            raise UsageError(f"{field_id}: {problem}")
    return new


def summary_problem(field_id: str, value: SummaryValue | None) -> str | None:
    """What :func:`apply_summary_edit` would refuse in ``value`` (``None``: nothing),
    checked without changing anything (for a field's inline message)."""
    try:
        _checked(field_id, value)
    except UsageError as exc:
        return str(exc)
    return None


def apply_summary_edit(
    workbook: Workbook, field_id: str, value: SummaryValue | None, *, today: date | None = None
) -> list[str]:
    """Set (or with ``None`` / blank, clear) one summary value; return what changed.

    Everything is checked first, so a refused edit changes nothing (:class:`UsageError`).
    When ``today`` is given and the value changed, ``last-updated`` becomes ``today``
    (the header's "date of last update"). Setting a value resolves an unresolved
    merge conflict on it.
    """
    new = _checked(field_id, value)
    old = workbook.training_summary.get(field_id)
    changes: list[str] = []
    if new != old:
        values = dict(workbook.training_summary)
        if new is None:
            values.pop(field_id, None)
            changes.append(f"training summary {field_id} cleared")
        else:
            values[field_id] = new
            changes.append(f"training summary {field_id} changed")
        if today is not None and field_id != LAST_UPDATED and values.get(LAST_UPDATED) != today:
            values[LAST_UPDATED] = today
            changes.append(f"training summary {LAST_UPDATED} set to {today.isoformat()}")
        if values and not workbook.training_summary:
            _drop_hand_ticks(workbook)
        workbook.training_summary = values
    key = f"training_summary.{field_id}"
    if key in workbook.conflicts:
        workbook.conflicts = {k: v for k, v in workbook.conflicts.items() if k != key}
        changes.append("1 conflict(s) resolved")
    return changes


def apply_provider_summary_edit(
    organisation: Organisation, field_id: str, value: SummaryValue | None
) -> list[str]:
    """Set (or clear) one provider-level summary value of an organisation workbook.

    Only the template's ``provider_level`` fields belong there (issue 21); anything
    else, or a value of the wrong shape, is refused (:class:`UsageError`, nothing
    changed). No date is stamped: each model's summary keeps its own date of last
    update.
    """
    provider_level = load_summary_template().provider_level_ids()
    new = _checked(field_id, value)
    if field_id not in provider_level:
        raise UsageError(
            f"{field_id} describes one model: it is set in each model's workbook, not the "
            f"organisation's (provider-level fields: {', '.join(provider_level)})"
        )
    old = organisation.training_summary.get(field_id)
    changes: list[str] = []
    if new != old:
        values = dict(organisation.training_summary)
        if new is None:
            values.pop(field_id, None)
            changes.append(f"training summary {field_id} cleared")
        else:
            values[field_id] = new
            changes.append(f"training summary {field_id} changed")
        organisation.training_summary = values
    key = f"training_summary.{field_id}"
    if key in organisation.conflicts:
        organisation.conflicts = {k: v for k, v in organisation.conflicts.items() if k != key}
        changes.append("1 conflict(s) resolved")
    return changes


def _drop_hand_ticks(workbook: Workbook) -> None:
    """The summary is kept from now on: its section checkpoints are computed, so the
    ticks the officer set by hand before go (the file no longer holds them)."""
    catalogue = load_catalogue(workbook.code)
    obligation_id = catalogue.roles.training_summary  # the obligation the summary drives
    entry = workbook.obligations.get(obligation_id)
    obligation = catalogue.obligation(obligation_id)
    if entry is None or obligation is None:
        return
    kinds = {cp.id for cp in obligation.checkpoints if cp.derived in DERIVED_PARTS}
    if any(cp in entry.checks for cp in kinds):
        entry.checks = {k: v for k, v in entry.checks.items() if k not in kinds}


_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


def parse_value(field_id: str, text: str) -> SummaryValue | None:
    """A value typed on the command line, in the field's type (blank: clear).

    Lists: one entry per line or comma-separated. Tables: ``name=value`` entries, one
    per line (or ``;``-separated). Yes/no: yes/no/true/false. Dates: ``YYYY-MM-DD``.
    """
    field = _field(load_summary_template(), field_id)
    if not text.strip():
        return None
    kind = field.type
    if kind == "yes-no":
        word = text.strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise UsageError(f"{field_id} takes yes or no, not {text.strip()!r}")
    if kind == "date":
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise UsageError(f"{field_id} takes a date such as 2026-12-31") from None
    if kind in ("modalities", "crawlers", "domains"):
        return [p.strip() for p in re.split(r"[,\n]", text) if p.strip()]
    if kind in ("size-bands", "datasets"):
        table: dict[str, str] = {}
        for entry in re.split(r"[;\n]", text):
            if not entry.strip():
                continue
            name, sep, rest = entry.partition("=")
            if not sep or not name.strip():
                raise UsageError(f"{field_id}: write each entry as name=value, got {entry!r}")
            if name.strip() in table:
                raise UsageError(f"{field_id}: {name.strip()!r} is given twice")
            table[name.strip()] = rest.strip()
        return table
    return text


def show_value(value: SummaryValue | None, template: SummaryTemplate | None = None) -> str:
    """A value in words, one line per entry (size bands by their label)."""
    template = template or load_summary_template()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {template.bin_label(v) or v}" for k, v in value.items())
    return value
