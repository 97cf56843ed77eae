"""Pydantic models for the Code of Practice catalogue.

The catalogue is read-only reference data: the Code's chapters, commitments,
measures and checkpoints; the AI Act obligations that sit outside the Code;
the Model Documentation Form (MDF); and the specified systemic risks.
It never knows about any workbook.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Applicability = Literal["all", "all-except-open-source", "systemic-risk"]
"""Who a measure or obligation applies to, before any per-model rule:

* ``all``: every GPAI provider (AI Act Art. 53), open-source included.
* ``all-except-open-source``: every provider except a qualifying Art. 53(2)
  open-source model, unless that model has systemic risk.
* ``systemic-risk``: only providers of models with systemic risk (Art. 55).
"""

Audience = Literal["aio", "nca", "dp"]
"""An MDF recipient: AI Office, national competent authorities, downstream providers."""

Unit = Literal["days", "business-days", "weeks", "months", "years"]
"""Units a time limit is counted in."""

TimeLimitKind = Literal[
    "before-market",
    "after-event",
    "before-event",
    "recurring",
    "retention",
    "incident-initial",
    "incident-intermediate",
    "incident-final",
    "no-limit",
]
"""What a time limit measures:

* ``before-market``: done by the time the model is placed on the market.
* ``after-event``: within ``amount`` ``unit`` after ``trigger`` happens.
* ``before-event``: at least ``amount`` ``unit`` before ``trigger`` happens.
* ``recurring``: every ``amount`` ``unit`` from the last time it was done.
* ``retention``: keep records for ``amount`` ``unit`` after ``trigger``.
* ``incident-*``: serious-incident report clocks (Measure 9.3).
* ``no-limit``: the Code sets no number (e.g. "reasonable time").
"""

IncidentClass = Literal[
    "critical-infrastructure",
    "cybersecurity",
    "death",
    "health-rights-property-environment",
]
"""Serious-incident categories of Safety and Security Measure 9.3."""


class _Frozen(BaseModel):
    """Base for catalogue models: immutable, strict about unknown keys."""

    # defer_build: the packaged data is built without validation at run time (see
    # ``catalogue._construct``), so the validators are only built when a test or a
    # tool validates catalogue data; that saves ~15 ms on every gpai command.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class TimeLimit(_Frozen):
    """A deadline, period or retention rule attached to a measure or obligation."""

    kind: TimeLimitKind
    """What kind of limit this is."""
    amount: int | None = None
    """How many units; ``None`` for ``before-market`` and ``no-limit``."""
    unit: Unit | None = None
    """The unit of ``amount``."""
    trigger: str | None = None
    """The event the limit counts from or to, e.g. ``dp-request``, ``confirmation``,
    ``art-52-notification``, ``placing-on-market``, ``awareness``, ``resolution``."""
    incident_class: IncidentClass | None = None
    """For ``incident-initial`` limits: the incident class it applies to."""
    description: str
    """The limit in plain words (our own)."""
    unverified: bool = False
    """True where the reference marks this limit as not confirmed."""


class Checkpoint(_Frozen):
    """An evidence item an officer ticks when it is in place."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Stable kebab-case id, unique within its measure."""
    label: str
    """What has to be in place, in our own words."""
    required: bool = True
    """False for items the Code only encourages (optional evidence)."""
    derived: str | None = None
    """When set, the tick is computed from workbook state rather than ticked by hand.
    ``mdf-complete`` (TR-1.1: the form is filled in), and ``summary-header`` /
    ``summary-part-1`` .. ``summary-part-3`` (Art. 53(1)(d): that part of the training
    summary has every required field filled; engine/summary.py)."""


class Measure(_Frozen):
    """One of the Code's 40 measures."""

    id: str = Field(pattern=r"^(TR|CR|SS)-\d+\.\d+$")
    """Catalogue id, e.g. ``TR-1.1``, ``CR-1.3``, ``SS-9.3``."""
    title: str
    """The measure's title as printed in the Code."""
    articles: tuple[str, ...]
    """AI Act articles (and other legal anchors) the measure serves."""
    applies: Applicability
    """Who the measure applies to."""
    summary: str
    """What the measure asks, in our own words."""
    checkpoints: tuple[Checkpoint, ...] = Field(min_length=1)
    """Evidence items, in order."""
    time_limits: tuple[TimeLimit, ...] = ()
    """Deadlines, periods and retention rules."""
    unverified: bool = False
    """True where the reference marks something about the measure as not confirmed."""

    def checkpoint(self, checkpoint_id: str) -> Checkpoint | None:
        """Return the checkpoint with this id, or ``None``."""
        for cp in self.checkpoints:
            if cp.id == checkpoint_id:
                return cp
        return None


class Commitment(_Frozen):
    """A commitment: a group of measures within a chapter."""

    id: str = Field(pattern=r"^(TR|CR|SS)-\d+$")
    """Catalogue id, e.g. ``SS-7``."""
    number: int
    """The commitment's number within its chapter."""
    title: str
    """The commitment's title."""
    articles: tuple[str, ...] = ()
    """Legal text the commitment cites."""
    summary: str = ""
    """The commitment in our own words."""
    measures: tuple[Measure, ...] = Field(min_length=1)
    """The commitment's measures, in order."""


class Chapter(_Frozen):
    """One of the Code's three chapters."""

    id: Literal["transparency", "copyright", "safety-and-security"]
    """Chapter id."""
    title: str
    """Chapter title."""
    prefix: Literal["TR", "CR", "SS"]
    """Id prefix of the chapter's measures."""
    applies: Applicability
    """Who the chapter applies to."""
    summary: str = ""
    """The chapter's scope in our own words."""
    commitments: tuple[Commitment, ...] = Field(min_length=1)
    """The chapter's commitments, in order."""


class Obligation(_Frozen):
    """An AI Act obligation that sits outside the Code's measures."""

    id: str = Field(pattern=r"^art-[a-z0-9-]+$")
    """Stable id, e.g. ``art-52-notification``."""
    title: str
    """Short title."""
    articles: tuple[str, ...]
    """AI Act articles."""
    applies: Applicability
    """Base applicability (further rules, e.g. non-EU only, live in the engine)."""
    summary: str
    """What the obligation asks, in our own words."""
    checkpoints: tuple[Checkpoint, ...] = Field(min_length=1)
    """Evidence items."""
    time_limits: tuple[TimeLimit, ...] = ()
    """Deadlines and retention rules."""
    unverified: bool = False
    """True where a detail is not confirmed."""


class MdfField(_Frozen):
    """One row of the Model Documentation Form."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    """Stable kebab-case id, unique across the form; the key under ``[mdf]`` in a workbook."""
    name: str
    """The field's name as printed on the form."""
    audiences: tuple[Audience, ...] = Field(min_length=1)
    """Who receives this field."""
    basis: Literal["F", "D3", "INF", "?"] = "F"
    """Where the audience flags come from (see the reference, section 3)."""
    unverified: bool = False
    """True where the flags are not confirmed on the final form."""
    description: str = ""
    """What to fill in, in our own words."""
    repeats: Literal["modality", "version"] | None = None
    """When set, the value may be given once per modality (or per version)."""


class MdfSection(_Frozen):
    """A section of the Model Documentation Form."""

    id: str
    """Stable id, e.g. ``general-information``."""
    number: int
    """Section number on the form (0 for the header)."""
    title: str
    """Section title."""
    fields: tuple[MdfField, ...] = Field(min_length=1)
    """The section's fields, in order."""


class SpecifiedRisk(_Frozen):
    """One of the four specified systemic risks (Appendix 1.4)."""

    id: str
    """Stable id, e.g. ``cbrn``."""
    title: str
    """The risk's name."""
    summary: str
    """What the risk is, in our own words."""


class Catalogue(_Frozen):
    """The whole Code of Practice, one version of it."""

    code: str
    """Catalogue version: the date of the Code's text, e.g. ``2025-07-10``."""
    title: str
    """The Code's title."""
    chapters: tuple[Chapter, ...]
    """The three chapters."""
    obligations: tuple[Obligation, ...]
    """AI Act obligations outside the measures."""
    mdf: tuple[MdfSection, ...]
    """The Model Documentation Form: the header (section 0) and sections 1-8."""
    specified_risks: tuple[SpecifiedRisk, ...]
    """The four specified systemic risks."""

    # Lookup helpers, built once per (cached) catalogue.

    @cached_property
    def _measure_index(self) -> dict[str, tuple[Chapter, Commitment, Measure]]:
        return {
            m.id: (ch, c, m) for ch in self.chapters for c in ch.commitments for m in c.measures
        }

    def measures(self) -> list[Measure]:
        """All measures, in catalogue order."""
        return [entry[2] for entry in self._measure_index.values()]

    def measure(self, measure_id: str) -> Measure | None:
        """The measure with this id, or ``None``."""
        entry = self._measure_index.get(measure_id)
        return entry[2] if entry else None

    def obligation(self, obligation_id: str) -> Obligation | None:
        """The obligation with this id, or ``None``."""
        for o in self.obligations:
            if o.id == obligation_id:
                return o
        return None

    def chapter_of(self, measure_id: str) -> Chapter:
        """The chapter that holds a measure (raises ``KeyError`` if unknown)."""
        return self._measure_index[measure_id][0]

    def commitment_of(self, measure_id: str) -> Commitment:
        """The commitment that holds a measure (raises ``KeyError`` if unknown)."""
        return self._measure_index[measure_id][1]

    def mdf_fields(self) -> list[MdfField]:
        """All MDF fields, header first, in form order."""
        return [f for s in self.mdf for f in s.fields]

    def mdf_field(self, field_id: str) -> MdfField | None:
        """The MDF field with this id, or ``None``."""
        for f in self.mdf_fields():
            if f.id == field_id:
                return f
        return None

    def item_ids(self) -> list[str]:
        """Every measure id then every obligation id, in catalogue order."""
        return [*self._measure_index, *(o.id for o in self.obligations)]
