"""Pydantic models for the Code of Practice catalogue.

The catalogue is read-only reference data: the Code's chapters, commitments,
measures and checkpoints; the AI Act obligations that sit outside the Code;
the Model Documentation Form (MDF); and the specified systemic risks.
It never knows about any workbook.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    "extension",
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
* ``extension``: a deadline may be moved by at most ``amount`` ``unit`` on conditions
  (it never changes the legal date shown).
* ``incident-*``: serious-incident report clocks (Measure 9.3).
* ``no-limit``: the Code sets no number (e.g. "reasonable time").
"""

Condition = Literal["legacy", "crawls-web", "most-capable"]
"""A fact about the model that a measure, checkpoint or time limit depends on:

* ``legacy``: placed on the market before 2 Aug 2025 (Art. 111(3); Guidelines ¶109-110).
* ``crawls-web``: the provider (or someone for it) crawls the web (profile ``crawls_web``).
* ``most-capable``: among the provider's most capable models on the market (``most_capable``).
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
    ``notification``, ``placing-on-market``, ``awareness``, ``resolution``."""
    incident_class: IncidentClass | None = None
    """For ``incident-initial`` limits: the incident class it applies to."""
    description: str
    """The limit in plain words (our own)."""
    unverified: bool = False
    """True where the reference marks this limit as not confirmed."""
    not_before: date | None = None
    """No date computed from this limit falls before this one (e.g. Art. 52: 16 Aug 2025)."""
    source: str = ""
    """Where the limit comes from (article, Guidelines paragraph, Code measure)."""
    only_if: Condition | None = None
    """The limit counts only when this holds for the model (e.g. ``most-capable``)."""


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
    only_if: Condition | None = None
    """The checkpoint exists only when this holds for the model (e.g. ``legacy``)."""


class Measure(_Frozen):
    """One of the Code's 40 measures."""

    id: str = Field(min_length=1)
    """Catalogue id; its shape is the catalogue's (``Catalogue.ids``)."""
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
    only_if: Condition | None = None
    """The measure applies only when this holds for the model (e.g. ``crawls-web``)."""
    only_if_reason: str = ""
    """Why, with its source, shown when ``only_if`` does not hold."""

    def checkpoint(self, checkpoint_id: str) -> Checkpoint | None:
        """Return the checkpoint with this id, or ``None``."""
        for cp in self.checkpoints:
            if cp.id == checkpoint_id:
                return cp
        return None


class Commitment(_Frozen):
    """A commitment: a group of measures within a chapter."""

    id: str = Field(min_length=1)
    """Catalogue id; its shape is the catalogue's (``Catalogue.ids``)."""
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
    prefix: str
    """Id prefix of the chapter's measures, also its short code (history columns)."""
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
    only_if: Condition | None = None
    """The obligation applies only when this holds for the model."""
    only_if_reason: str = ""
    """Why, with its source, shown when ``only_if`` does not hold."""


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


class PublicTopic(_Frozen):
    """A topic of the public export pack and the measures that feed it."""

    id: str
    """Stable id, e.g. ``copyright-policy``."""
    title: str
    """The topic's heading."""
    intro: str
    """One sentence on what the topic shows, in our own words."""
    measures: tuple[str, ...]
    """The measures shown under the topic, in order."""
    publishing: dict[str, str] = Field(default_factory=dict)
    """Measure id -> the checkpoint saying its page is published; web addresses in that
    measure's evidence go in the pack only once the checkpoint is ticked."""


class Ids(_Frozen):
    """The shape of this Code's ids (a revised Code may number differently)."""

    measure: str
    """Regular expression every measure id matches, e.g. ``^(TR|CR|SS)-\\d+\\.\\d+$``."""
    commitment: str
    """Regular expression every commitment id matches."""


class Roles(_Frozen):
    """The items the engine names by their part in the law, not by their id.

    A revised Code may renumber its measures; the engine follows these roles.
    """

    notification: str
    """The Art. 52(1) notification obligation."""
    training_summary: str
    """The Art. 53(1)(d) public summary of training content."""
    authorised_representative: str
    """The Art. 54 authorised representative (non-EU providers only)."""
    mdf_measure: str
    """The measure whose documentation the Model Documentation Form is (its gate)."""
    crawler_opt_outs: str
    """The measure recording the crawlers and how they honour rights reservations (the
    training summary's section 2.3 proposals read its notes and evidence)."""


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
    roles: Roles
    """Which items the engine's rules name (notification, training summary, ...)."""
    ids: Ids
    """The shape of the measure and commitment ids (checked by :meth:`check_ids`)."""
    public_topics: tuple[PublicTopic, ...] = ()
    """What the public export pack is made of, topic by topic."""
    replaces: str | None = None
    """The catalogue version this one follows, if any (``gpai migrate`` maps from it)."""
    id_map: dict[str, list[str]] = Field(default_factory=dict)
    """Migration from :attr:`replaces`: old item id -> the new ids it became (a rename is
    one id, a split several, a drop none). An old id not listed keeps its id."""

    @model_validator(mode="after")
    def check_ids(self) -> Catalogue:
        """Every measure and commitment id has the shape :attr:`ids` gives."""
        measure = re.compile(self.ids.measure)
        commitment = re.compile(self.ids.commitment)
        for chapter in self.chapters:
            for c in chapter.commitments:
                if not commitment.match(c.id):
                    raise ValueError(f"commitment id {c.id!r} does not match {self.ids.commitment}")
                for m in c.measures:
                    if not measure.match(m.id):
                        raise ValueError(f"measure id {m.id!r} does not match {self.ids.measure}")
        return self

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
