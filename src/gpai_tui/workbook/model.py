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
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gpai_tui.catalogue import CURRENT_CODE, IncidentClass
from gpai_tui.workbook.read import FORMAT_VERSION as FORMAT_VERSION

ChapterId = Literal["transparency", "copyright", "safety-and-security"]
"""A chapter of the Code that can be signed on its own."""

ALL_CHAPTERS: tuple[ChapterId, ...] = ("transparency", "copyright", "safety-and-security")
"""Every chapter, in the Code's order (the default: all signed)."""

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
    """Cumulative training compute used so far, in FLOP (synthetic data generation included,
    Guidelines ¶118-119)."""
    planned_compute_flop: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Cumulative training compute planned, in FLOP: above 10^25 the model is presumed to have
    systemic risk before training ends (Art. 52(1); Guidelines ¶31)."""
    generates: list[Modality] = Field(default_factory=lambda: _TEXT_ONLY.copy(), max_length=5)
    """Output modalities the model can generate (part of the GPAI criterion)."""
    gpai: GpaiOverride = "auto"
    """Override of the Commission's indicative GPAI criterion."""
    gpai_reason: str | None = Field(default=None, max_length=MAX_TEXT)
    """Why the indicative criterion is overridden (required unless ``gpai = "auto"``)."""
    open_source: bool = False
    """Released as free and open-source (the Art. 53(2) claim; the conditions below decide)."""
    oss_open_licence: bool | None = None
    """Open-source condition: the licence allows access, use, modification and redistribution
    with no restriction (no non-commercial or research-only clause, no user thresholds, no
    separate commercial licence) (Guidelines ¶78-92). ``None``: not answered."""
    oss_no_monetisation: bool | None = None
    """Open-source condition: no monetisation (no paid or ad-funded exclusive hosting, no
    mandatory paid support, no personal data as the price of access) (Guidelines ¶78-92)."""
    oss_weights_public: bool | None = None
    """Open-source condition: the weights are public (Art. 53(2))."""
    oss_architecture_public: bool | None = None
    """Open-source condition: information on the model architecture is public (Art. 53(2))."""
    oss_usage_public: bool | None = None
    """Open-source condition: information on model usage is public (Art. 53(2))."""
    systemic_risk: SystemicRisk = "auto"
    """How systemic risk is established."""
    threshold_known: date | None = None
    """When the provider knew the 10^25 FLOP threshold is or will be met (Art. 52 clock)."""
    notified_on: date | None = None
    """When the Art. 52(1) notification was sent to the Commission."""
    designated_on: date | None = None
    """Designated models: when the provider was informed of the designation (Art. 52(4))."""
    placed_on_market: date | None = None
    """Date the model was (or will be) placed on the EU market; absent if not yet planned."""
    crawls_web: bool = True
    """The provider (or someone on its behalf) crawls the web for training data."""
    most_capable: bool = False
    """Among the provider's most capable models on the market (Safety and Security 7.6)."""
    framework_confirmed: date | None = None
    """When the Safety and Security Framework (or its latest update) was confirmed."""
    downstream_modifier: bool = False
    """True when this provider modified (fine-tuned) someone else's GPAI model."""
    original_compute_flop: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Modifier only: training compute of the original model, if known."""
    original_systemic_risk: bool = False
    """Modifier only: the original model has systemic risk (Guidelines ¶64, ¶70)."""
    modification_compute_flop: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Modifier only: compute used for the modification."""


SHA256_PATTERN = r"^[0-9a-f]{64}$"
"""A SHA-256 digest as written in a workbook: 64 lower-case hex digits."""


class EvidenceItem(_Strict):
    """One piece of evidence: a path or URL, with an optional hash, dates and label.

    In the file an item is either a plain string (only ``ref``) or an inline table
    ``{ ref = "...", sha256 = "...", added = ..., review_by = ..., label = "..." }``;
    both load as this model, and the writer writes a plain string back whenever only
    ``ref`` is set, so old workbooks keep their bytes. Paths are relative to the
    workbook's folder (see :mod:`gpai_tui.engine.evidence`). Data only: loading a
    workbook never opens what an item points at.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    ref: str = Field(max_length=MAX_SHORT)
    """A path (relative to the workbook's folder), a URL, or a document id."""
    sha256: str | None = Field(default=None, pattern=SHA256_PATTERN)
    """SHA-256 of the file when it was recorded (local files only)."""
    added: date | None = None
    """When the evidence was recorded."""
    review_by: date | None = None
    """When the evidence must be reviewed again; past it, its measure is outstanding."""
    label: str | None = Field(default=None, max_length=MAX_SHORT)
    """A short human name for the evidence."""

    def is_plain(self) -> bool:
        """True when only ``ref`` is set (the item is written as a plain string)."""
        return (
            self.sha256 is None
            and self.added is None
            and self.review_by is None
            and (self.label is None)
        )

    def to_toml(self) -> str | dict[str, Any]:
        """The item as written in the file: a string when plain, else a table."""
        if self.is_plain():
            return self.ref
        out: dict[str, Any] = {"ref": self.ref}
        for name in ("sha256", "added", "review_by", "label"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


def _evidence_items(value: Any) -> Any:
    """Strings in an evidence list become :class:`EvidenceItem` tables (``ref`` only)."""
    if isinstance(value, (list, tuple)):
        return [{"ref": item} if isinstance(item, str) else item for item in value]
    return value


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
    evidence: list[EvidenceItem] = Field(default_factory=list, max_length=MAX_LIST)
    """Evidence: paths, URLs, document ids, as strings or tables (:class:`EvidenceItem`).
    Data only: loading never opens them."""
    notes: str | None = Field(default=None, max_length=MAX_TEXT)
    """Free notes."""
    justification: str | None = Field(default=None, max_length=MAX_TEXT)
    """Why the item is not applicable (required with ``status = "not-applicable"``)."""
    checks: dict[str, bool] = Field(default_factory=dict)
    """Checkpoint id -> ticked."""
    alternative: str | None = Field(default=None, max_length=MAX_TEXT)
    """For a measure of a chapter not signed: how the AI Act obligation is met instead
    ("other adequate means", Art. 53(4), Art. 55(2); Guidelines ¶94-95)."""
    review_months: int | None = Field(default=None, ge=1, le=120)
    """Review cadence in months: the engine computes the next review from ``last_done``."""

    @field_validator("evidence", mode="before")
    @classmethod
    def _normalise_evidence(cls, value: Any) -> Any:
        return _evidence_items(value)

    @property
    def evidence_refs(self) -> list[str]:
        """The evidence references alone, in order."""
        return [item.ref for item in self.evidence]

    def find_evidence(self, ref: str) -> EvidenceItem | None:
        """The first evidence item whose ``ref`` is ``ref``, if any."""
        return next((item for item in self.evidence if item.ref == ref), None)

    override: bool = False
    """In a workbook that ``inherits``, a provider-level item: this model's own answer
    replaces the organisation's. Without it the organisation's answer is inherited and
    only ``evidence`` and ``notes`` may be added here."""


class Incident(_Strict):
    """A serious incident (Safety and Security Commitment 9)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_assignment=True, populate_by_name=True
    )

    incident_class: IncidentClass = Field(alias="class")
    """Measure 9.3 category; it sets the initial-report deadline."""
    other_class: IncidentClass | None = None
    """A second category the incident also fits: the shorter clock of the two applies."""
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


class Signatory(_Strict):
    """Which chapters of the Code the provider signed (the ``[code]`` table, less its version)."""

    signed: list[ChapterId] = Field(default_factory=lambda: list(ALL_CHAPTERS), max_length=3)
    """Chapters signed. For a chapter not signed, its measures are the yardstick for "other
    adequate means" and the AI Act obligations keep their legal dates (Guidelines ¶94-95)."""
    named_model: bool = False
    """A provider without systemic risk that signed the Safety and Security chapter named this
    model under it: the chapter then applies as a commitment, with no AI Act clock."""


def table_name(item_id: str) -> Literal["measures", "obligations"]:
    """The table an item id lives in: obligation ids (``art-...``) or measure ids."""
    return "obligations" if item_id.startswith("art-") else "measures"


class ItemTables:
    """Entry access shared by model and organisation workbooks (their ``measures`` and
    ``obligations`` tables)."""

    if TYPE_CHECKING:
        measures: dict[str, ItemEntry]
        obligations: dict[str, ItemEntry]

    def table(self, item_id: str) -> dict[str, ItemEntry]:
        """The table (measures or obligations) ``item_id`` lives in."""
        return self.obligations if table_name(item_id) == "obligations" else self.measures

    def entry(self, item_id: str) -> ItemEntry:
        """The entry for a measure or obligation id, created empty if missing."""
        return self.table(item_id).setdefault(item_id, ItemEntry())

    def get_entry(self, item_id: str) -> ItemEntry:
        """The entry for a measure or obligation id, or a default one (not stored)."""
        return self.table(item_id).get(item_id) or ItemEntry()


class Workbook(ItemTables, _Strict):
    """One model's workbook."""

    format: int = FORMAT_VERSION
    """File-format version."""
    code: str = CURRENT_CODE
    """Catalogue (Code of Practice) version the workbook follows (``[code] version``)."""
    signatory: Signatory = Field(default_factory=Signatory)
    """The rest of the ``[code]`` table: the chapters signed."""
    """Catalogue (Code of Practice) version the workbook follows."""
    inherits: str | None = Field(default=None, min_length=1, max_length=MAX_SHORT)
    """The organisation workbook whose provider-level answers this one inherits: a path
    relative to this file (``engine/inherit.py`` resolves it)."""
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
