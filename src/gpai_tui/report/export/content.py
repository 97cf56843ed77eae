"""The format-neutral content of every export, built once and rendered four ways.

:func:`build_document` turns a workbook, its evaluation (:func:`gpai_tui.engine.evaluate`,
the only place that computes) and the catalogue into an :class:`ExportDocument` for one
audience. The Markdown, HTML, JSON and CSV writers only lay this document out, so the
five audience packs hold the same facts, and the same numbers, in every format.

* ``internal``: the full report (profile, scope, completeness, outstanding obligations,
  every measure and obligation with its checkpoints, evidence and notes, incidents,
  conflicts, and the whole MDF).
* ``aio``, ``nca``, ``dp``: the MDF pack for that audience: the header fields and the
  fields flagged for it (:func:`gpai_tui.engine.mdf.sections_for`), nothing else.
* ``public``: what a provider may publish (the catalogue's ``public_topics``). It is built
  only from structured data: the profile's provider and model names, chapter
  completeness, measure statuses, the catalogue's labels of the checkpoints ticked,
  and web addresses recorded as evidence on the publishing measures once their
  "published" checkpoint is ticked. Notes, justifications, owners, file paths,
  MDF values and scope reasons (which quote training compute) never go in.

Texts here are raw user data; each writer escapes them for its format.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from gpai_tui import __version__
from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.engine import (
    Evaluation,
    GroupResult,
    IncidentResult,
    ItemResult,
    OutstandingItem,
    evaluate,
    pct,
)
from gpai_tui.engine.inherit import Resolved
from gpai_tui.engine.mdf import (
    AUDIENCES,
    is_filled,
    pack_count_text,
    profile_facts,
    sections_for,
)
from gpai_tui.engine.scope import applicability, flop, scope_decisions
from gpai_tui.words import STATUS_TEXT as STATUS_TEXT
from gpai_tui.workbook import MdfValue, Workbook

ExportAudience = Literal["internal", "aio", "nca", "dp", "public"]
"""Who an export is for."""

EXPORT_AUDIENCES: tuple[ExportAudience, ...] = ("internal", "aio", "nca", "dp", "public")
"""Every audience, in the order the help text lists them."""

SCHEMA_VERSION = 2
"""Version of the export document (the JSON schema ``export-v2.schema.json``)."""

AUDIENCE_TITLES: dict[str, str] = {
    "internal": "Compliance report (internal)",
    "aio": "Model documentation for the AI Office",
    "nca": "Model documentation for national competent authorities",
    "dp": "Model documentation for downstream providers",
    "public": "Public compliance summary",
}
"""Document title per audience."""


PUBLIC_STATUS_TEXT: dict[str, str] = {
    "todo": "not started",
    "in-progress": "in progress",
    "done": "in place",
    "not-applicable": "not applicable",
}
"""Statuses as the public pack words them."""

ORIGIN_WORDS: dict[str, str] = {
    "inherited": "the provider's answer (organisation workbook), shared by the provider's models",
    "overridden": "this model's own answer, in place of the provider's",
}
"""How exports word an item's origin (nothing for a model's own items)."""


GitState = Literal["clean", "modified", "untracked"]
"""The workbook file against the commit: same bytes, changed, or not in the commit."""

_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_WEB_ADDRESS = re.compile(
    "^https?://[^\\s<>\"'`\\\\"
    "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class GitInfo:
    """The git commit a workbook was exported from."""

    commit: str
    """Full commit id (hex)."""
    state: GitState
    """Whether the exported bytes are the committed ones."""

    def __post_init__(self) -> None:
        if not _COMMIT.match(self.commit):
            raise ValueError(f"not a git commit id: {self.commit!r}")

    @property
    def short(self) -> str:
        """The first 12 hex digits."""
        return self.commit[:12]

    def describe(self) -> str:
        """``abc123def456``, ``... (modified)`` or ``... (file not committed)``."""
        suffix = {"clean": "", "modified": " (modified)", "untracked": " (file not committed)"}
        return self.short + suffix[self.state]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an export comes from: everything that makes it reproducible."""

    as_of: date
    """The date the evaluation was computed for (the only date in an export)."""
    code: str
    """Code of Practice version (catalogue)."""
    generator: str
    """The tool and its version."""
    source: str | None
    """The workbook's file name, when there is one."""
    git: GitInfo | None
    """The workbook's git commit, when it lives in a git repository."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """The model the export is about (from the workbook profile)."""

    provider: str
    name: str
    version: str | None


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One scoping answer of the profile."""

    key: str
    """The workbook key, e.g. ``training_compute_flop``."""
    label: str
    """The question in words."""
    value: object
    """The raw value (JSON-ready: str, bool, float, list of str, ISO date str, or None)."""
    text: str
    """The value in words, for the document formats."""


@dataclass(frozen=True, slots=True)
class ScopeRow:
    """One scoping decision with its reason."""

    id: str
    question: str
    applies: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ItemDoc:
    """One measure or obligation: the engine's result plus the officer's records."""

    result: ItemResult
    evidence: tuple[str, ...]
    notes: str | None
    justification: str | None
    origin: str = "own"
    """``own``; ``inherited`` (the provider's answer, from the organisation workbook
    the model inherits); or ``overridden`` (a provider-level item this model answers)."""
    added: tuple[str, ...] = ()
    """Inherited items: the evidence this model added to the provider's."""
    alternative: str | None = None
    """For a chapter not signed: the other adequate means used instead (internal only,
    like the justification)."""


@dataclass(frozen=True, slots=True)
class CommitmentDoc:
    """One commitment with its completeness and its measures."""

    group: GroupResult
    items: tuple[ItemDoc, ...]


@dataclass(frozen=True, slots=True)
class ChapterDoc:
    """One chapter: whether it applies, completeness, commitments."""

    group: GroupResult
    applies: bool
    reason: str
    commitments: tuple[CommitmentDoc, ...]


@dataclass(frozen=True, slots=True)
class IncidentDoc:
    """One serious incident with its report clocks and notes."""

    result: IncidentResult
    notes: str | None


@dataclass(frozen=True, slots=True)
class ReportDoc:
    """The internal report."""

    profile: tuple[ProfileRow, ...]
    scope: tuple[ScopeRow, ...]
    in_scope: bool
    warnings: tuple[str, ...]
    overall: GroupResult
    obligations_summary: GroupResult
    chapters: tuple[ChapterDoc, ...]
    obligations: tuple[ItemDoc, ...]
    outstanding: tuple[OutstandingItem, ...]
    overdue: int
    inconsistent: tuple[ItemResult, ...]
    incidents: tuple[IncidentDoc, ...]
    conflicts: tuple[str, ...]
    provider: tuple[ProfileRow, ...] = ()
    """A model that inherits: the provider's identity from its organisation workbook
    (issue 21), and where the model's profile disagrees with it; empty otherwise."""


@dataclass(frozen=True, slots=True)
class MdfEntry:
    """One shown value of a field: the text, or one modality's (or version's) text."""

    key: str | None
    """The modality or version, for repeating fields; ``None`` for plain fields."""
    text: str


@dataclass(frozen=True, slots=True)
class MdfFieldDoc:
    """One MDF field with its value."""

    id: str
    name: str
    description: str
    audiences: tuple[str, ...]
    basis: str
    unverified: bool
    repeats: str | None
    value: MdfValue | None
    """The value exactly as stored (``None`` when absent)."""
    filled: bool
    entries: tuple[MdfEntry, ...]
    """The non-blank parts of the value, in the workbook's order."""


@dataclass(frozen=True, slots=True)
class MdfSectionDoc:
    """One section of the form, with the fields in this export."""

    id: str
    number: int
    title: str
    fields: tuple[MdfFieldDoc, ...]


@dataclass(frozen=True, slots=True)
class MdfDoc:
    """The MDF in an export: the whole form (internal) or one audience's pack."""

    audience: str | None
    """``aio``, ``nca`` or ``dp`` for a pack; ``None`` for the whole form."""
    required: bool
    reason: str
    """Why the form is required or not (e.g. the open-source exemption)."""
    filled: int
    total: int
    complete: bool
    """Every field in this export is filled."""
    per_audience: tuple[tuple[str, int, int], ...]
    """(audience, filled, total) for each audience (internal only; empty in packs)."""
    sections: tuple[MdfSectionDoc, ...]


@dataclass(frozen=True, slots=True)
class PublicMeasure:
    """One measure as the public sees it."""

    id: str
    title: str
    applies: bool
    status: str
    """The workbook status, or ``not-applicable`` when the measure is out of scope."""
    in_place: tuple[str, ...]
    """Catalogue labels of the checkpoints ticked (our words, never user text)."""
    published: bool | None
    """The publishing checkpoint is ticked (``None``: the measure has none)."""
    links: tuple[str, ...]
    """Web addresses from the evidence, when published."""


@dataclass(frozen=True, slots=True)
class PublicTopic:
    """One topic of the public pack."""

    id: str
    title: str
    intro: str
    measures: tuple[PublicMeasure, ...]


@dataclass(frozen=True, slots=True)
class PublicChapter:
    """High-level status of one chapter (or overall)."""

    id: str
    title: str
    applies: bool
    done: int
    applicable: int
    completeness: float | None
    """Rounded with :func:`pct`; ``None`` when nothing applies."""


@dataclass(frozen=True, slots=True)
class PublicDoc:
    """The public pack."""

    chapters: tuple[PublicChapter, ...]
    overall: PublicChapter
    topics: tuple[PublicTopic, ...]


@dataclass(frozen=True, slots=True)
class HistoryDot:
    """One commit of the workbook's git history with its overall completeness
    (a point of ``gpai history``; unreadable versions are left out)."""

    commit: str
    """Full commit id."""
    day: date
    """The commit date (the figures are computed as of it)."""
    overall: float
    """Overall completeness, rounded with :func:`pct`."""


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """One export, format-neutral."""

    audience: ExportAudience
    title: str
    provenance: Provenance
    model: ModelInfo
    report: ReportDoc | None
    """The internal report (internal only)."""
    mdf: MdfDoc | None
    """The form (internal) or the pack (aio, nca, dp)."""
    public: PublicDoc | None
    """The public pack (public only)."""
    history: tuple[HistoryDot, ...] = ()
    """Completeness over the git history (internal only; empty outside git)."""


# ---------------------------------------------------------------------------------------------
# Small shared wordings, so every format says the same thing.


def percent(value: float) -> str:
    """A completeness figure as shown everywhere: ``53.8%`` (rounded by :func:`pct`)."""
    return f"{pct(value):.1f}%"


def group_percent(group: GroupResult) -> str:
    """A chapter or commitment figure, or ``n/a`` when nothing in it applies."""
    return percent(group.completeness) if group.applicable else "n/a"


def status_text(item: ItemResult) -> str:
    """An item's status in words (``not applicable`` when out of scope)."""
    if not item.in_scope:
        return "not applicable"
    return STATUS_TEXT.get(item.status, item.status)


def iso(value: date | None) -> str:
    """An ISO date, or an em dash."""
    return value.isoformat() if value is not None else "—"


def is_web_address(ref: str) -> bool:
    """True for an ``http(s)://`` address without spaces or quotes."""
    return bool(_WEB_ADDRESS.match(ref.strip()))


def audience_count_text(audience: str, filled: int, total: int) -> str:
    """``downstream pack: 14/19 fields``."""
    return pack_count_text(audience, filled, total)


# ---------------------------------------------------------------------------------------------
# Builders.

_PROFILE_LABELS: dict[str, str] = {
    "provider": "Provider",
    "name": "Model",
    "version": "Model version",
    "established_in_eu": "Provider established in the EU",
    "training_compute_flop": "Training compute used (FLOP)",
    "planned_compute_flop": "Training compute planned (FLOP)",
    "generates": "Generates",
    "gpai": "GPAI criterion",
    "gpai_reason": "Reason for overriding the GPAI criterion",
    "open_source": "Released as free and open-source (Art. 53(2))",
    "oss_open_licence": "Open-source: licence without restriction on use (Guidelines ¶78-92)",
    "oss_no_monetisation": "Open-source: no monetisation (Guidelines ¶78-92)",
    "oss_weights_public": "Open-source: weights public",
    "oss_architecture_public": "Open-source: architecture information public",
    "oss_usage_public": "Open-source: usage information public",
    "systemic_risk": "Systemic risk",
    "threshold_known": "10^25 FLOP threshold known on",
    "notified_on": "Art. 52 notification sent on",
    "designated_on": "Informed of the designation on",
    "placed_on_market": "Placed on the EU market on",
    "crawls_web": "Crawls the web for training data",
    "most_capable": "Among our most capable models",
    "framework_confirmed": "Safety and Security Framework confirmed on",
    "downstream_modifier": "Downstream modifier",
    "original_compute_flop": "Original model's compute (FLOP)",
    "original_systemic_risk": "Original model has systemic risk",
    "modification_compute_flop": "Modification compute (FLOP)",
}
"""Every profile key in file order, with its question. A test checks it covers the model."""

_SYSTEMIC_TEXT = {
    "auto": "presumed above 10^25 FLOP (Art. 51(2))",
    "designated": "designated by the Commission",
    "none": "none",
}
_GPAI_TEXT = {
    "auto": "indicative criterion of the Guidelines",
    "yes": "GPAI (overridden)",
    "no": "not GPAI (overridden)",
}


def _profile_rows(workbook: Workbook) -> tuple[ProfileRow, ...]:
    rows: list[ProfileRow] = []
    for key, label in _PROFILE_LABELS.items():
        value = getattr(workbook.model, key)
        raw: object
        if isinstance(value, date):
            raw, text = value.isoformat(), value.isoformat()
        elif isinstance(value, bool):
            raw, text = value, "yes" if value else "no"
        elif isinstance(value, float):
            finite = math.isfinite(value)
            raw, text = (value, flop(value)) if finite else (str(value), str(value))
        elif isinstance(value, list):
            raw, text = list(value), ", ".join(value) or "—"
        elif value is None:
            raw, text = None, "—"
        else:
            raw = value
            text = {"systemic_risk": _SYSTEMIC_TEXT, "gpai": _GPAI_TEXT}.get(key, {}).get(
                value, value
            )
        rows.append(ProfileRow(key, label, raw, text))
    return tuple(rows)


_PROVIDER_LABELS: dict[str, str] = {
    "legal_name": "Legal name",
    "established_in_eu": "Established in the EU",
    "eu_establishment": "EU establishment",
    "authorised_representative": "Authorised representative (Art. 54)",
}
"""The provider's identity in an organisation workbook, in words."""


def _provider_rows(inheritance: Resolved | None) -> tuple[ProfileRow, ...]:
    """The identity of the provider whose answers the model inherits (issue 21)."""
    if inheritance is None or inheritance.organisation is None:
        return ()
    identity = inheritance.organisation.organisation
    inherits = inheritance.own.inherits or ""
    rows = [ProfileRow("inherits", "Organisation workbook", inherits, inherits)]
    for key, label in _PROVIDER_LABELS.items():
        value = getattr(identity, key)
        text = ("yes" if value else "no") if isinstance(value, bool) else (value or "—")
        rows.append(ProfileRow(key, label, value, text))
    rows += [
        ProfileRow("disagreement", "Disagrees with the model's profile", w, w)
        for w in inheritance.warnings
    ]
    return tuple(rows)


def _scope_rows(evaluation: Evaluation) -> tuple[ScopeRow, ...]:
    # The same list as the TUI's scope panel (engine.scope.scope_decisions).
    return tuple(
        ScopeRow(key, question, decision.applies, decision.reason)
        for key, question, decision in scope_decisions(evaluation.scope)
    )


def _item_doc(workbook: Workbook, result: ItemResult, inheritance: Resolved | None) -> ItemDoc:
    entry = workbook.get_entry(result.id)
    return ItemDoc(
        result=result,
        evidence=tuple(entry.evidence_refs),
        notes=entry.notes or None,
        justification=entry.justification or None,
        origin=inheritance.origin(result.id) if inheritance is not None else "own",
        added=tuple(inheritance.added.get(result.id, ())) if inheritance is not None else (),
        alternative=entry.alternative or None,
    )


def _report(
    workbook: Workbook,
    evaluation: Evaluation,
    catalogue: Catalogue,
    inheritance: Resolved | None = None,
) -> ReportDoc:
    groups = {g.id: g for g in (*evaluation.chapters, *evaluation.commitments)}
    chapters: list[ChapterDoc] = []
    for chapter in catalogue.chapters:
        decision = applicability(evaluation.scope, chapter.applies, "")
        commitments = tuple(
            CommitmentDoc(
                group=groups[c.id],
                items=tuple(
                    _item_doc(workbook, evaluation.item(m.id), inheritance) for m in c.measures
                ),
            )
            for c in chapter.commitments
        )
        chapters.append(
            ChapterDoc(groups[chapter.id], decision.applies, decision.reason, commitments)
        )
    obligations = tuple(
        _item_doc(workbook, evaluation.item(o.id), inheritance) for o in catalogue.obligations
    )
    incidents = tuple(
        IncidentDoc(i, workbook.incidents[i.id].notes or None) for i in evaluation.incidents
    )
    return ReportDoc(
        profile=_profile_rows(workbook),
        scope=_scope_rows(evaluation),
        in_scope=evaluation.scope.in_scope,
        warnings=evaluation.scope.warnings,
        overall=evaluation.overall,
        obligations_summary=evaluation.obligations_summary,
        chapters=tuple(chapters),
        obligations=obligations,
        outstanding=evaluation.outstanding,
        overdue=evaluation.overdue_count,
        inconsistent=tuple(i for i in evaluation.items if i.issues),
        incidents=incidents,
        conflicts=evaluation.conflicts,
        provider=_provider_rows(inheritance),
    )


def _entries(value: MdfValue | None) -> tuple[MdfEntry, ...]:
    if value is None:
        return ()
    if isinstance(value, dict):
        return tuple(MdfEntry(k, v) for k, v in value.items() if v.strip())
    return (MdfEntry(None, value),) if value.strip() else ()


def _mdf(
    workbook: Workbook, evaluation: Evaluation, catalogue: Catalogue, audience: str | None
) -> MdfDoc:
    sections: list[MdfSectionDoc] = []
    for section, fields in sections_for(catalogue, audience):
        docs = []
        facts = profile_facts(workbook)
        for f in fields:
            value = workbook.mdf.get(f.id)
            entries = _entries(value)
            if not entries and f.id in facts:
                # A fact the profile holds is never "Not provided"; the field still
                # counts as empty until the officer confirms it in the form.
                entries = (MdfEntry(None, f"{facts[f.id]} (from the model profile)"),)
            docs.append(
                MdfFieldDoc(
                    id=f.id,
                    name=f.name,
                    description=f.description,
                    audiences=tuple(f.audiences),
                    basis=f.basis,
                    unverified=f.unverified,
                    repeats=f.repeats,
                    value=value,
                    filled=is_filled(value),
                    entries=entries,
                )
            )
        sections.append(MdfSectionDoc(section.id, section.number, section.title, tuple(docs)))
    result = evaluation.mdf
    if audience is None:
        filled, total = result.filled, result.total
        per_audience = tuple((a, *result.per_audience[a]) for a in AUDIENCES)
    else:
        filled, total = result.per_audience[audience]
        per_audience = ()
    return MdfDoc(
        audience=audience,
        required=result.required,
        reason=result.reason,
        filled=filled,
        total=total,
        complete=filled == total,
        per_audience=per_audience,
        sections=tuple(sections),
    )


def _public(workbook: Workbook, evaluation: Evaluation, catalogue: Catalogue) -> PublicDoc:
    def chapter_status(group: GroupResult, applies: bool) -> PublicChapter:
        return PublicChapter(
            id=group.id,
            title=group.title,
            applies=applies,
            done=group.done,
            applicable=group.applicable,
            completeness=pct(group.completeness) if group.applicable else None,
        )

    by_id = {g.id: g for g in evaluation.chapters}
    chapters = tuple(
        chapter_status(by_id[c.id], applicability(evaluation.scope, c.applies, "").applies)
        for c in catalogue.chapters
    )
    topics: list[PublicTopic] = []
    for spec in catalogue.public_topics:  # what the public pack is made of, nothing else
        measures: list[PublicMeasure] = []
        for measure_id in spec.measures:
            result = evaluation.item(measure_id)
            entry = workbook.get_entry(measure_id)
            in_place = tuple(cp.label for cp in result.checkpoints if cp.ticked)
            publishing = spec.publishing.get(measure_id)
            published: bool | None = None
            links: tuple[str, ...] = ()
            if publishing is not None:
                published = result.applicable and any(
                    cp.id == publishing and cp.ticked for cp in result.checkpoints
                )
                if published:
                    links = tuple(r.strip() for r in entry.evidence_refs if is_web_address(r))
            measures.append(
                PublicMeasure(
                    id=measure_id,
                    title=result.title,
                    applies=result.applicable,
                    status=result.status if result.in_scope else "not-applicable",
                    in_place=in_place if result.applicable else (),
                    published=published,
                    links=links,
                )
            )
        topics.append(PublicTopic(spec.id, spec.title, spec.intro, tuple(measures)))
    return PublicDoc(
        chapters=chapters,
        overall=chapter_status(evaluation.overall, evaluation.overall.applicable > 0),
        topics=tuple(topics),
    )


def build_document(
    workbook: Workbook,
    audience: ExportAudience = "internal",
    *,
    as_of: date | None = None,
    evaluation: Evaluation | None = None,
    catalogue: Catalogue | None = None,
    source: str | None = None,
    git: GitInfo | None = None,
    history: tuple[HistoryDot, ...] = (),
    inheritance: Resolved | None = None,
) -> ExportDocument:
    """Build the export for ``audience`` from ``workbook``.

    ``inheritance`` (a model that inherits an organisation workbook; ``workbook`` is
    then its resolved view) marks the provider's answers in the internal report. The
    packs are built from the resolved view alone: they hold exactly what the same
    answers copied into the model would give.

    ``evaluation`` is computed with :func:`evaluate` when not given (``as_of`` default:
    today). ``source`` is the file name to show; ``git`` the commit, if any
    (see :func:`gpai_tui.report.export.provenance.git_info`); ``history`` the points of
    ``gpai history`` (:func:`~gpai_tui.report.export.provenance.history_dots`), kept for
    the internal audience only.
    """
    if audience not in EXPORT_AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    catalogue = catalogue or load_catalogue(workbook.code)
    evaluation = evaluation or evaluate(workbook, as_of, catalogue)
    provenance = Provenance(
        as_of=evaluation.as_of,
        code=workbook.code,
        generator=f"gpai-tui {__version__}",
        source=source,
        git=git,
    )
    profile = workbook.model
    model = ModelInfo(profile.provider, profile.name, profile.version or None)
    report = (
        _report(workbook, evaluation, catalogue, inheritance) if audience == "internal" else None
    )
    mdf: MdfDoc | None = None
    if audience == "internal":
        mdf = _mdf(workbook, evaluation, catalogue, None)
    elif audience in AUDIENCES:
        mdf = _mdf(workbook, evaluation, catalogue, audience)
    public = _public(workbook, evaluation, catalogue) if audience == "public" else None
    return ExportDocument(
        audience=audience,
        title=AUDIENCE_TITLES[audience],
        provenance=provenance,
        model=model,
        report=report,
        mdf=mdf,
        public=public,
        history=history if audience == "internal" else (),
    )
