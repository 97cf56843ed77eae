"""Pydantic models of one model's workbook.

These names are the public contract of the file format (see the README):
top-level ``format`` and ``code``; ``[model]`` (the profile); ``[measures."ID"]``
and ``[obligations."id"]`` (progress); ``[incidents."ID"]`` (serious incidents);
``[mdf]`` (Model Documentation Form values); ``[training_summary]`` (the public
summary of training content, Art. 53(1)(d)); ``[conflicts."path"]`` (unresolved
merge conflicts). The workbook only holds data: the engine computes from it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gpai_tui.catalogue import CURRENT_CODE, IncidentClass

FORMAT_VERSION = 1
"""The workbook file-format version this tool writes and the newest it reads."""

Status = Literal["todo", "in-progress", "done", "not-applicable"]
"""Progress of one measure or obligation."""

STATUSES: tuple[Status, ...] = ("todo", "in-progress", "done", "not-applicable")
"""Every status, in workflow order."""

SystemicRisk = Literal["auto", "designated", "none"]
"""How systemic risk is established: ``auto`` (presumed above 10^25 FLOP, Art. 51(2)),
``designated`` (by the Commission, Art. 51(1)(b)), or ``none``."""

Modality = Literal["text", "audio", "images", "video", "other"]
"""A modality a model can generate."""

GpaiOverride = Literal["auto", "yes", "no"]
"""Whether the model is a GPAI model: ``auto`` applies the Commission's indicative
criterion; ``yes`` / ``no`` override it (a reason is then required)."""

_TEXT_ONLY: list[Modality] = ["text"]

MAX_TEXT = 100_000
"""Longest accepted free-text value (characters)."""
MAX_SHORT = 1_000
"""Longest accepted short value: owner, evidence reference, names."""
MAX_LIST = 5_000
"""Most entries accepted in one list (evidence, intermediate reports)."""

MAX_DOMAINS = 100_000
"""Most domain names in the training summary's top-domains list (Art. 53(1)(d) 2.3)."""

ShortText = str
LongText = str


class _Strict(BaseModel):
    """Base for workbook models: strict types, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)


class ModelProfile(_Strict):
    """The scoping answers about the model and its provider."""

    provider: str = Field(min_length=1, max_length=MAX_SHORT)
    """Legal name of the provider."""
    name: str = Field(min_length=1, max_length=MAX_SHORT)
    """Model name."""
    version: str | None = Field(default=None, max_length=MAX_SHORT)
    """Model version the workbook covers, if any."""
    established_in_eu: bool = True
    """True when the provider is established in the EU (else Art. 54 applies)."""
    training_compute_flop: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Cumulative training compute in FLOP (the GPAI and systemic-risk thresholds)."""
    generates: list[Modality] = Field(default_factory=lambda: _TEXT_ONLY.copy(), max_length=5)
    """Output modalities the model can generate (part of the GPAI criterion)."""
    gpai: GpaiOverride = "auto"
    """Override of the Commission's indicative GPAI criterion."""
    gpai_reason: str | None = Field(default=None, max_length=MAX_TEXT)
    """Why the indicative criterion is overridden (required unless ``gpai = "auto"``)."""
    open_source: bool = False
    """Released under a free and open-source licence meeting Art. 53(2)."""
    systemic_risk: SystemicRisk = "auto"
    """How systemic risk is established."""
    threshold_known: date | None = None
    """When the provider knew the 10^25 FLOP threshold is or will be met (Art. 52 clock)."""
    placed_on_market: date | None = None
    """Date the model was (or will be) placed on the EU market; absent if not yet planned."""
    downstream_modifier: bool = False
    """True when this provider modified (fine-tuned) someone else's GPAI model."""
    original_compute_flop: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Modifier only: training compute of the original model, if known."""
    modification_compute_flop: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Modifier only: compute used for the modification."""


class ItemEntry(_Strict):
    """Progress on one measure or obligation."""

    status: Status = "todo"
    """Where the item stands."""
    owner: str | None = Field(default=None, max_length=MAX_SHORT)
    """Who is responsible."""
    target: date | None = None
    """The officer's own target date (the legal date is computed)."""
    last_done: date | None = None
    """When the item (or a recurring duty) was last done; drives recurring clocks."""
    evidence: list[str] = Field(default_factory=list, max_length=MAX_LIST)
    """References to evidence: paths, URLs, document ids. Data only, never opened."""
    notes: str | None = Field(default=None, max_length=MAX_TEXT)
    """Free notes."""
    justification: str | None = Field(default=None, max_length=MAX_TEXT)
    """Why the item is not applicable (required with ``status = "not-applicable"``)."""
    checks: dict[str, bool] = Field(default_factory=dict)
    """Checkpoint id -> ticked."""


class Incident(_Strict):
    """A serious incident (Safety and Security Commitment 9)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_assignment=True, populate_by_name=True
    )

    incident_class: IncidentClass = Field(alias="class")
    """Measure 9.3 category; it sets the initial-report deadline."""
    title: str = Field(min_length=1, max_length=MAX_SHORT)
    """Short description."""
    aware: date
    """When the provider became aware of the model's involvement (clock start)."""
    resolved: date | None = None
    """When the incident was resolved, if it is."""
    initial_report: date | None = None
    """When the initial report was sent."""
    intermediate_reports: list[date] = Field(default_factory=list, max_length=MAX_LIST)
    """When intermediate reports were sent."""
    final_report: date | None = None
    """When the final report was sent."""
    notes: str | None = Field(default=None, max_length=MAX_TEXT)
    """Free notes."""


MdfValue = str | dict[str, str]
"""An MDF value: text, or for repeating fields a table of modality/version -> text."""


SummaryValue = bool | date | str | list[str] | dict[str, str]
"""A training-summary value: yes/no, a date, text, a list of names (modalities,
crawlers, domains) or a table (size band per modality, dataset name -> link). Which
one a field takes is the template's ``type`` (:mod:`gpai_tui.catalogue.summary`)."""


class Conflict(_Strict):
    """An unresolved merge conflict on one value (written by ``gpai merge``)."""

    model_config = ConfigDict(extra="forbid", strict=False, validate_assignment=True)

    ours: Any = None
    """Our side's value (absent when our side removed it)."""
    theirs: Any = None
    """Their side's value (absent when their side removed it)."""
    base: Any = None
    """The common ancestor's value (absent when it had none)."""


class Workbook(_Strict):
    """One model's workbook."""

    format: int = FORMAT_VERSION
    """File-format version."""
    code: str = CURRENT_CODE
    """Catalogue (Code of Practice) version the workbook follows."""
    model: ModelProfile
    """The model's profile."""
    measures: dict[str, ItemEntry] = Field(default_factory=dict)
    """Measure id -> progress."""
    obligations: dict[str, ItemEntry] = Field(default_factory=dict)
    """Obligation id -> progress."""
    incidents: dict[str, Incident] = Field(default_factory=dict, max_length=MAX_LIST)
    """Incident id -> serious incident."""
    mdf: dict[str, MdfValue] = Field(default_factory=dict)
    """MDF field id -> value."""
    training_summary: dict[str, SummaryValue] = Field(default_factory=dict)
    """Training-summary field id -> value (only values the officer wrote or accepted)."""
    conflicts: dict[str, Conflict] = Field(default_factory=dict)
    """Value path (e.g. ``measures.CR-1.3.status``) -> unresolved conflict."""

    def entry(self, item_id: str) -> ItemEntry:
        """The entry for a measure or obligation id, created empty if missing."""
        table = self.obligations if item_id.startswith("art-") else self.measures
        if item_id not in table:
            table[item_id] = ItemEntry()
        return table[item_id]

    def get_entry(self, item_id: str) -> ItemEntry:
        """The entry for a measure or obligation id, or a default one (not stored)."""
        table = self.obligations if item_id.startswith("art-") else self.measures
        return table.get(item_id) or ItemEntry()
