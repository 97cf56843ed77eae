"""The public summary as plain data: template order, template wording, public fields only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from gpai_tui.catalogue.summary import SummaryField, SummaryTemplate, load_summary_template
from gpai_tui.engine.summary import condition_holds, is_filled
from gpai_tui.workbook import SummaryValue, Workbook

NOT_PROVIDED = "Not provided."
NOT_APPLICABLE = "Not applicable."


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One published field: its id, the template's label, its value (``None``: empty)."""

    id: str
    label: str
    type: str
    value: SummaryValue | None
    applicable: bool
    """False when the field's condition does not hold (shown as not applicable)."""
    origin: str = "own"
    """``inherited`` when the value is the provider's, from the organisation workbook
    the model inherits (issue 21); else ``own``. Only the JSON form prints it: the
    Markdown and HTML pages read exactly as the same values written in the model."""


@dataclass(frozen=True, slots=True)
class SectionDoc:
    number: str
    title: str
    fields: tuple[FieldDoc, ...]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, slots=True)
class PartDoc:
    number: int
    title: str
    sections: tuple[SectionDoc, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True, slots=True)
class EarlierVersion:
    """An earlier version of the summary: its number, date (from git) and link."""

    version: str
    updated: date | None
    link: str | None


@dataclass(frozen=True, slots=True)
class SummaryDoc:
    """Everything a published summary shows."""

    title: str
    template_version: str
    version: str | None
    last_updated: date | None
    earlier: tuple[EarlierVersion, ...]
    parts: tuple[PartDoc, ...]
    template: SummaryTemplate

    def fields(self) -> list[FieldDoc]:
        """Every published field, in template order."""
        return [f for p in self.parts for s in p.sections for f in s.fields]


HEADER_FIELDS = ("summary-version", "earlier-version-links", "last-updated")
"""Header fields: shown in the document's header, not as a section."""


def _field_doc(
    field: SummaryField, workbook: Workbook, origins: Mapping[str, str]
) -> FieldDoc | None:
    value = workbook.training_summary.get(field.id)
    rule = field.required_if or ""
    if rule.startswith("yes:") and not condition_holds(rule, workbook):
        # behind a yes/no answered no (or not at all): the question is not asked
        return None
    if not field.required and not is_filled(value):
        return None  # an optional field left empty is not printed
    applicable = condition_holds(field.required_if, workbook)
    return FieldDoc(
        field.id,
        field.label,
        field.type,
        value if is_filled(value) else None,
        applicable or is_filled(value),
        "inherited" if is_filled(value) and origins.get(field.id) == "inherited" else "own",
    )


def build(
    workbook: Workbook,
    earlier_from_git: list[tuple[str, date | None]] | None = None,
    origins: Mapping[str, str] | None = None,
) -> SummaryDoc:
    """The public document for ``workbook``'s summary.

    ``earlier_from_git``: (version, last-updated) of each earlier version found in the
    file's git history; links come from the ``earlier-version-links`` field.
    For a model that inherits an organisation workbook, ``workbook`` is the resolved
    view (:mod:`gpai_tui.engine.inherit`) and ``origins`` its ``summary_origins``: the
    provider's values are then in the document, marked ``inherited``.
    """
    origins = origins or {}
    template = load_summary_template()
    values = workbook.training_summary
    parts: list[PartDoc] = []
    for part in template.parts:
        if part.number == 0:
            continue
        sections: list[SectionDoc] = []
        for section in part.sections:
            docs = [_field_doc(f, workbook, origins) for f in section.fields if f.public]
            sections.append(SectionDoc(section.number, section.title, tuple(d for d in docs if d)))
        parts.append(PartDoc(part.number, part.title, tuple(sections)))
    version = values.get("summary-version")
    current = version.strip() if isinstance(version, str) else None
    links = values.get("earlier-version-links")
    links = links if isinstance(links, dict) else {}
    earlier: dict[str, EarlierVersion] = {}
    for old, when in earlier_from_git or []:
        if old != current:
            earlier[old] = EarlierVersion(old, when, links.get(old))
    for old, link in links.items():
        if old not in earlier and old != current:
            earlier[old] = EarlierVersion(old, None, link)
    updated = values.get("last-updated")
    return SummaryDoc(
        template.title,
        template.template_version,
        current,
        updated if isinstance(updated, date) else None,
        tuple(earlier.values()),
        tuple(parts),
        template,
    )


def value_lines(doc: SummaryDoc, field: FieldDoc) -> list[tuple[str, str | None]]:
    """A value as (text, link) lines: size bands in words, datasets as name + link."""
    value = field.value
    if value is None:
        return [(NOT_PROVIDED if field.applicable else NOT_APPLICABLE, None)]
    if isinstance(value, bool):
        return [("Yes" if value else "No", None)]
    if isinstance(value, date):
        return [(value.isoformat(), None)]
    if isinstance(value, list):
        return [(item, None) for item in value]
    if isinstance(value, dict):
        if field.type == "size-bands":
            return [
                (f"{m.capitalize()}: {doc.template.bin_label(b) or b}", None)
                for m, b in value.items()
            ]
        return [(name, link) for name, link in value.items()]
    return [(value, None)]
