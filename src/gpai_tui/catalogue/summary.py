"""The Commission's template for the public summary of training content, as data.

AI Act Art. 53(1)(d): every provider of a general-purpose AI model, open-source ones
included, publishes a summary of the content used to train the model on the
Commission's mandatory template (reference, sections 10 and 16.4). The template lives
in ``catalogue/template/training-summary.toml``; this module holds its models and the
cached loader. ``tests/test_summary_template.py`` validates the shipped data with
``SummaryTemplate.model_validate``; at run time it is built without validating again,
like the Code catalogue.
"""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources
from typing import Any, Literal

from pydantic import Field

from gpai_tui.catalogue.models import Checkpoint, _Frozen

SummaryFieldType = Literal[
    "text", "yes-no", "modalities", "size-bands", "month", "date", "datasets", "crawlers",
    "domains", "version",
]  # fmt: skip
"""What a template field holds:

* ``text`` / ``version``: free text; ``month``: ``MM/YYYY``; ``date``: ``YYYY-MM-DD``.
* ``yes-no``: true or false.
* ``modalities``: a list of :data:`SUMMARY_MODALITIES`.
* ``size-bands``: modality -> bin id (``other``: a size in the provider's own unit).
* ``datasets``: name -> link or short description.
* ``crawlers`` / ``domains``: a list of names.
"""

SUMMARY_MODALITIES: tuple[str, ...] = ("text", "images", "audio", "video", "other")


def is_computed(checkpoint: Checkpoint, summary_kept: bool) -> bool:
    """Whether the tool computes ``checkpoint`` rather than the officer ticking it.

    ``mdf-complete`` always is. The training summary's ``summary-*`` checkpoints are
    computed once the workbook keeps a summary (``summary_kept``: a non-empty
    ``[training_summary]``); before that they are ticked by hand, as they were before
    the summary was kept in the workbook, so older files load and save unchanged.
    """
    if not checkpoint.derived:
        return False
    return summary_kept or not checkpoint.derived.startswith("summary-")


"""The template's modalities, in its order."""


class SizeBin(_Frozen):
    """One size band of the template (section 1.3)."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Stable id, stored in the workbook."""
    label: str
    """The band in words, as printed."""


class SizeBins(_Frozen):
    """The bands offered for one modality."""

    modality: str
    """One of :data:`SUMMARY_MODALITIES`."""
    unit: str
    """What is counted: tokens, images, hours; ``custom`` for the provider's own unit."""
    bins: tuple[SizeBin, ...] = ()
    """The bands, smallest first; empty for ``other`` (free text)."""


class SummaryField(_Frozen):
    """One field of the template."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Stable kebab-case id; the key under ``[training_summary]`` in a workbook."""
    label: str
    """The field's wording in the template (public heading)."""
    type: SummaryFieldType
    """What the field holds."""
    help: str
    """What to write, in plain words (our own)."""
    required: bool = True
    """False for the template's optional fields."""
    required_if: str | None = None
    """Required only when this holds: ``yes:FIELD``, ``profile:non-eu``,
    ``profile:modifier`` or ``profile:legacy``."""
    prefill: str | None = None
    """Where a proposal comes from (``profile:…``, ``mdf:…``, ``cr13:…``, ``workbook:…``)."""
    public: bool = True
    """False for the tool's own records (never exported)."""
    unverified: bool = False
    """True where the reference marks the rule as not confirmed."""
    source: str = "Art. 53(1)(d); template, reference section 10"
    """Legal source of the field."""
    provider_level: str | None = None
    """Why the field is the provider's rather than one model's (issue 21), with its
    source. A model that inherits an organisation workbook shows the organisation's
    value of such a field unless it gives its own."""


class SummarySection(_Frozen):
    """A numbered section of the template (1.1, 2.2.1, ...); the header has no number."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Stable id."""
    number: str
    """Its number in the template, e.g. ``2.3`` (empty for the header)."""
    title: str
    """The template's heading."""
    fields: tuple[SummaryField, ...] = Field(min_length=1)
    """Its fields, in template order."""

    @property
    def heading(self) -> str:
        """Number and title, as printed: ``2.3 Data crawled and scraped ...``."""
        return f"{self.number} {self.title}" if self.number else self.title


class SummaryPart(_Frozen):
    """One of the template's numbered parts (0 is the header)."""

    number: int
    """0 (header), 1, 2 or 3."""
    id: str
    """Stable id; the obligation's derived checkpoints name it."""
    title: str
    """The template's heading."""
    sections: tuple[SummarySection, ...] = Field(min_length=1)
    """Its sections, in order."""

    @property
    def heading(self) -> str:
        """Number and title, as printed."""
        return f"{self.number}. {self.title}" if self.number else self.title


class SummaryTemplate(_Frozen):
    """The whole template."""

    id: str
    """``training-summary``."""
    title: str
    """The document's title."""
    legal_basis: str
    """The article it serves."""
    template_version: str
    """Which Commission text this encodes."""
    source: str
    """Where in our reference it comes from."""
    update_rule: str
    """When the summary must be updated, in words."""
    update_rule_unverified: bool = True
    """The update cadence is marked [unverified] in the reference."""
    size_bins: tuple[SizeBins, ...]
    """The size bands per modality (section 1.3)."""
    parts: tuple[SummaryPart, ...]
    """Header, then parts 1-3."""

    @cached_property
    def _fields(self) -> dict[str, tuple[SummaryPart, SummarySection, SummaryField]]:
        return {f.id: (p, s, f) for p in self.parts for s in p.sections for f in s.fields}

    def fields(self) -> list[SummaryField]:
        """Every field, in template order."""
        return [entry[2] for entry in self._fields.values()]

    def field(self, field_id: str) -> SummaryField | None:
        """The field with this id, or ``None``."""
        entry = self._fields.get(field_id)
        return entry[2] if entry else None

    def provider_level_ids(self) -> list[str]:
        """The fields that describe the provider, not the model, in template order."""
        return [f.id for f in self.fields() if f.provider_level]

    def section_of(self, field_id: str) -> SummarySection:
        """The section holding a field (``KeyError`` if unknown)."""
        return self._fields[field_id][1]

    def part_of(self, field_id: str) -> SummaryPart:
        """The part holding a field (``KeyError`` if unknown)."""
        return self._fields[field_id][0]

    def bins_for(self, modality: str) -> SizeBins | None:
        """The size bands of a modality, or ``None``."""
        for bins in self.size_bins:
            if bins.modality == modality:
                return bins
        return None

    def bin_label(self, bin_id: str) -> str | None:
        """The words of a size band id, or ``None``."""
        for bins in self.size_bins:
            for b in bins.bins:
                if b.id == bin_id:
                    return b.label
        return None


def template_data() -> dict[str, Any]:
    """The raw shipped template (for the validating test)."""
    import tomli

    path = resources.files("gpai_tui.catalogue") / "template" / "training-summary.toml"
    with path.open("rb") as fh:
        return tomli.load(fh)


@cache
def load_summary_template() -> SummaryTemplate:
    """The template, built once per process without validating again."""
    from gpai_tui.catalogue import _construct

    return _construct(SummaryTemplate, template_data())


MONTH_RE = r"(0[1-9]|1[0-2])/\d{4}"
"""A template date: ``MM/YYYY``."""

_TYPE_WORDS: dict[str, str] = {
    "text": "text",
    "version": "text",
    "yes-no": "true or false",
    "month": 'a month written MM/YYYY, e.g. "03/2026"',
    "date": "a date such as 2026-12-31",
    "modalities": "a list of modalities (" + ", ".join(SUMMARY_MODALITIES) + ")",
    "size-bands": "a table of modality = size band",
    "datasets": 'a table of name = "link or description"',
    "crawlers": "a list of crawler names",
    "domains": "a list of domain names",
}
"""What each field type expects, in words."""


def expected(field: SummaryField) -> str:
    """What ``field`` takes, in words."""
    return _TYPE_WORDS[field.type]


def value_problem(template: SummaryTemplate, field: SummaryField, value: object) -> str | None:
    """Why ``value`` does not fit ``field``'s type, or ``None`` when it does.

    Shapes only (the loader and the edit path share it); completeness and
    consistency are the engine's (:mod:`gpai_tui.engine.summary`).
    """
    import re
    from datetime import date

    kind = field.type
    bad = f"expected {expected(field)}"
    if kind in ("text", "version"):
        return None if isinstance(value, str) else bad
    if kind == "yes-no":
        return None if isinstance(value, bool) else bad
    if kind == "date":
        return None if isinstance(value, date) else bad
    if kind == "month":
        if not isinstance(value, str) or not re.fullmatch(MONTH_RE, value.strip()):
            return bad
        return None
    if kind in ("modalities", "crawlers", "domains"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return bad
        if kind == "modalities":
            unknown = [v for v in value if v not in SUMMARY_MODALITIES]
            if unknown:
                return f"unknown modality {unknown[0]!r}; {bad}"
        if len(set(value)) != len(value):
            return "a name is listed twice"
        if kind == "domains":
            for v in value:
                if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9-]+)+", v):
                    return f"{v!r} is not a domain name"
        return None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        return bad
    if kind == "size-bands":
        for modality, band in value.items():
            bins = template.bins_for(modality)
            if bins is None:
                return f"unknown modality {modality!r}; {bad}"
            if bins.bins and band not in {b.id for b in bins.bins}:
                ids = ", ".join(b.id for b in bins.bins)
                return f"{band!r} is not a size band for {modality}; choose one of {ids}"
    return None
