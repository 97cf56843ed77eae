"""Inheritance: the one place where a model workbook meets its organisation workbook.

A model workbook with ``inherits = "organisation.toml"`` takes the provider-level
items (the catalogue's ``provider_level`` measures and obligations) from that file.
:func:`resolve` builds the *resolved view*: a plain :class:`Workbook` in which

* an **inherited** item carries the organisation's answer (status, owner, dates,
  checks, justification, evidence, notes), with the model's own evidence and notes
  added on top;
* an **overridden** item (``override = true`` in the model) carries the model's own
  answer, as if nothing were inherited;
* every other item is the model's **own**;
* the public training summary's provider-level fields (the template's
  ``provider_level`` marks: 1.1's provider and authorised representative) show the
  organisation's ``[training_summary]`` value where the model gives none
  (:func:`summary_origins`).

Every number (status, check, exports, TUI, diff, plan) is computed by
:func:`gpai_tui.engine.evaluate` on that view, so inheriting an answer and copying it
give the same figures (tests/engine/test_inherit.py proves it by property).

Safety: one level only (an organisation file cannot inherit); the organisation file
must lie inside the model's git repository, or inside the model's folder when there is
no repository (symlinks are followed before the check); a missing or invalid
organisation file is a :class:`WorkbookError` naming both files. Parsed organisations
are cached by content, so a portfolio of a thousand models parses one organisation once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.catalogue.summary import load_summary_template
from gpai_tui.engine.results import GroupResult
from gpai_tui.engine.summary import is_filled
from gpai_tui.workbook import ItemEntry, SummaryValue, Workbook, WorkbookError, read_bytes
from gpai_tui.workbook.model import table_name
from gpai_tui.workbook.organisation import Organisation, parse_any, parse_organisation

Origin = Literal["own", "inherited", "overridden"]
"""Where a resolved item's answer comes from."""

ORIGIN_TEXT: dict[str, str] = {
    "own": "this model's own answer",
    "inherited": "the provider's answer (organisation workbook)",
    "overridden": "overridden for this model (the organisation's answer is not used)",
}
"""Each origin in words, for reports."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A model workbook as read (:attr:`own`) and as resolved (:attr:`workbook`)."""

    workbook: Workbook
    """The resolved view: evaluate and show this."""
    own: Workbook
    """The model's file as written (edit and save this)."""
    organisation: Organisation | None = None
    """The organisation inherited from, if any."""
    organisation_path: Path | None = None
    """Its file."""
    origins: Mapping[str, Origin] = field(default_factory=dict)
    """Provider-level item id -> origin (only when inheriting)."""
    added: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Inherited item id -> the model's own evidence added on top."""
    warnings: tuple[str, ...] = ()
    """Disagreements between the model's profile and the provider's identity."""
    summary_origins: Mapping[str, Origin] = field(default_factory=dict)
    """Provider-level training-summary field -> origin (:func:`summary_origins`)."""

    def origin(self, item_id: str) -> Origin:
        """Where the answer of ``item_id`` comes from."""
        return self.origins.get(item_id, "own")

    def summary_origin(self, field_id: str) -> Origin:
        """Where the training summary's value of ``field_id`` comes from."""
        return self.summary_origins.get(field_id, "own")

    @property
    def overrides(self) -> tuple[str, ...]:
        """Provider-level items this model answers itself, in catalogue order."""
        return tuple(i for i, o in self.origins.items() if o == "overridden")

    @property
    def inherited(self) -> tuple[str, ...]:
        """Items whose answer is the organisation's, in catalogue order."""
        return tuple(i for i, o in self.origins.items() if o == "inherited")


# --- where the organisation file may be --------------------------------------------------

_ROOTS: dict[Path, Path | None] = {}


def _repository(folder: Path) -> Path | None:
    """The git work tree holding ``folder`` (found by its ``.git``), or ``None``."""
    if folder in _ROOTS:
        return _ROOTS[folder]
    root: Path | None = None
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            root = candidate
            break
    if len(_ROOTS) > 4096:
        _ROOTS.clear()
    _ROOTS[folder] = root
    return root


def repository_or_folder(path: Path | str) -> Path:
    """Where inheritance may look from ``path``: its repository, else its folder."""
    folder = Path(path).resolve().parent
    return _repository(folder) or folder


_TARGETS: dict[tuple[str, str], Path | WorkbookError] = {}
"""(model's folder, inherits) -> the checked target, or why it was refused (per run)."""


def organisation_path(workbook_path: Path | str, inherits: str) -> Path:
    """The organisation file that ``inherits`` names, checked to stay in bounds.

    Raises :class:`WorkbookError` (naming the model's file) for an absolute path or a
    path outside the repository (or, without one, outside the model's folder).
    """
    model = Path(workbook_path)
    key = (str(model.parent), inherits)
    known = _TARGETS.get(key)
    if known is None:
        known = _check_target(model.parent, inherits)
        if len(_TARGETS) > 4096:
            _TARGETS.clear()
        _TARGETS[key] = known
    if isinstance(known, WorkbookError):
        raise WorkbookError(str(model), known.problem, key=known.key, hint=known.hint)
    return known


def _check_target(parent: Path, inherits: str) -> Path | WorkbookError:
    """Where ``inherits`` leads from the folder ``parent``, or the reason it is refused."""
    if not inherits.strip() or "\x00" in inherits:
        return WorkbookError("", "`inherits` is empty", key="inherits")
    given = Path(inherits)
    if given.is_absolute() or inherits.startswith("~"):
        return WorkbookError(
            "",
            f"`inherits` must be a path relative to this workbook, got {inherits!r}",
            key="inherits",
            hint='for example inherits = "organisation.toml"',
        )
    try:
        folder = parent.resolve()
        bound = _repository(folder)
        where = "the repository" if bound is not None else "this workbook's folder"
        bound = bound or folder
        target = (folder / given).resolve()
    except (OSError, RuntimeError):
        return WorkbookError("", f"`inherits` = {inherits!r} cannot be resolved", key="inherits")
    if not target.is_relative_to(bound):
        return WorkbookError(
            "",
            f"`inherits` = {inherits!r} points outside {where} ({bound}); "
            "gpai never reads an organisation file from there",
            key="inherits",
            hint="keep the organisation workbook next to the models, e.g. workbooks/",
        )
    return target


# --- reading it, once per run ---------------------------------------------------------------

_CACHE: dict[tuple[str, int, int, int], Organisation] = {}
"""(file, inode, size, mtime) -> parsed organisation: one parse per run and version."""


def load_organisation_for(model_path: Path | str, inherits: str) -> tuple[Path, Organisation]:
    """The organisation a model inherits, read and validated (cached by content).

    A missing or invalid organisation file raises :class:`WorkbookError` whose message
    names the model's file and the organisation file.
    """
    model = str(model_path)
    path = organisation_path(model_path, inherits)
    try:
        try:
            info = path.stat()
            key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            key = (str(path), -1, -1, -1)  # read_bytes says what is wrong
        cached = _CACHE.get(key)
        if cached is None:
            cached = parse_organisation(read_bytes(path), str(path))
            if len(_CACHE) > 64:
                _CACHE.clear()
            _CACHE[key] = cached
    except WorkbookError as exc:
        raise WorkbookError(
            model,
            f"inherits {inherits!r}, which cannot be used: {exc}",
            key="inherits",
            hint="fix or restore the organisation workbook, or remove the `inherits` line",
        ) from None
    # Shared between the workbooks of a run: the resolved views never change it, and
    # whoever edits the organisation parses its own copy (gpai set, the TUI).
    return path, cached


# --- the resolved view ------------------------------------------------------------------------


def _inherit(org: ItemEntry, own: ItemEntry | None) -> tuple[ItemEntry, tuple[str, ...]]:
    """The organisation's answer with the model's evidence and notes added on top.

    Views are read, never edited, so an answer without additions is shared as it is.
    """
    if own is None or not (own.evidence or own.notes):
        return org, ()
    shared = set(org.evidence_refs)
    extra = [item for item in own.evidence if item.ref not in shared]
    added = tuple(item.ref for item in extra)
    update: dict[str, object] = {}
    if extra:
        update["evidence"] = [*org.evidence, *extra]
    if own.notes:
        update["notes"] = f"{org.notes}\n\n{own.notes}" if org.notes else own.notes
    return (org.model_copy(update=update) if update else org), added


def resolve(
    workbook: Workbook,
    organisation: Organisation | None,
    catalogue: Catalogue | None = None,
) -> tuple[Workbook, dict[str, Origin], dict[str, tuple[str, ...]]]:
    """The resolved view of ``workbook`` under ``organisation``, with each item's origin."""
    if organisation is None:
        return workbook, {}, {}
    catalogue = catalogue or load_catalogue(workbook.code)
    measures = dict(workbook.measures)
    obligations = dict(workbook.obligations)
    origins: dict[str, Origin] = {}
    added: dict[str, tuple[str, ...]] = {}
    for item_id in catalogue.provider_level_ids():
        table = obligations if table_name(item_id) == "obligations" else measures
        own = table.get(item_id)
        if own is not None and own.override:
            origins[item_id] = "overridden"
            table[item_id] = own.model_copy(update={"override": False})
            continue
        origins[item_id] = "inherited"
        table[item_id], extra = _inherit(organisation.get_entry(item_id), own)
        if extra:
            added[item_id] = extra
    update: dict[str, object] = {"measures": measures, "obligations": obligations}
    summary = _summary_values(workbook, organisation)
    if summary is not workbook.training_summary:
        update["training_summary"] = summary
    view = workbook.model_copy(update=update)
    # The organisation's unresolved merge conflicts count against every model.
    if organisation.conflicts:
        view = view.model_copy(
            update={
                "conflicts": {
                    **workbook.conflicts,
                    **{f"organisation:{k}": v for k, v in organisation.conflicts.items()},
                }
            }
        )
    return view, origins, added


def summary_origins(workbook: Workbook, organisation: Organisation | None) -> dict[str, Origin]:
    """Provider-level summary field -> where the resolved value comes from.

    Only fields the organisation answers are listed: ``inherited`` when the model
    shows the organisation's value, ``overridden`` when the model gives its own.
    A model that keeps no summary of its own (an empty ``[training_summary]``: its
    summary checkpoints are ticked by hand, see ``catalogue.summary.is_computed``)
    takes nothing, so inheriting never switches a model's summary from hand-ticked
    to computed.
    """
    if organisation is None or not organisation.training_summary:
        return {}
    if not workbook.training_summary:
        return {}
    origins: dict[str, Origin] = {}
    for field_id in load_summary_template().provider_level_ids():
        if not is_filled(organisation.training_summary.get(field_id)):
            continue
        own = is_filled(workbook.training_summary.get(field_id))
        origins[field_id] = "overridden" if own else "inherited"
    return origins


def _summary_values(workbook: Workbook, organisation: Organisation) -> Mapping[str, SummaryValue]:
    """The model's summary with the organisation's provider-level values filled in
    where the model gives none (the model's own value always wins)."""
    taken = [k for k, o in summary_origins(workbook, organisation).items() if o == "inherited"]
    if not taken:
        return workbook.training_summary
    values = dict(workbook.training_summary)
    for field_id in taken:
        values[field_id] = organisation.training_summary[field_id]
    # Template order, as a file written by hand would have it.
    order = {f.id: n for n, f in enumerate(load_summary_template().fields())}
    return dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))


def identity_warnings(workbook: Workbook, organisation: Organisation) -> tuple[str, ...]:
    """Where the model's profile disagrees with the provider's identity."""
    profile, org = workbook.model, organisation.organisation
    out: list[str] = []
    if profile.provider.strip() != org.legal_name.strip():
        out.append(
            f"the model's provider {profile.provider!r} differs from the organisation's "
            f"legal name {org.legal_name!r}"
        )
    if profile.established_in_eu != org.established_in_eu:
        out.append(
            "the model's profile and the organisation disagree on whether the provider is "
            "established in the EU (Art. 54 depends on it); the model's profile is used"
        )
    return tuple(out)


def resolve_workbook(workbook: Workbook, path: Path | str | None) -> Resolved:
    """Resolve an already parsed model workbook read from ``path``."""
    if workbook.inherits is None:
        return Resolved(workbook, workbook)
    if path is None:
        raise WorkbookError(
            "<workbook>", "inherits an organisation workbook but has no file to resolve it from"
        )
    org_path, organisation = load_organisation_for(path, workbook.inherits)
    view, origins, added = resolve(workbook, organisation)
    return Resolved(
        view,
        workbook,
        organisation,
        org_path,
        origins,
        added,
        identity_warnings(workbook, organisation),
        summary_origins(workbook, organisation),
    )


def parse_resolved(data: bytes, path: Path | str) -> Resolved:
    """Parse a model workbook's bytes read from ``path`` and resolve its inheritance."""
    workbook = parse_any(data, str(path))
    if isinstance(workbook, Organisation):
        raise WorkbookError(
            str(path),
            "is an organisation workbook (provider-level answers), not a model's workbook",
            hint='model workbooks inherit it with `inherits = "FILE"`',
        )
    return resolve_workbook(workbook, path)


def load_resolved(path: Path | str) -> Resolved:
    """Read the model workbook at ``path`` and resolve its inheritance."""
    return parse_resolved(read_bytes(Path(path)), path)


__all__ = [
    "ORIGIN_TEXT",
    "OrganisationFigures",
    "Origin",
    "Resolved",
    "identity_warnings",
    "inheritance_dict",
    "load_organisation_for",
    "load_resolved",
    "organisation_figures",
    "organisation_path",
    "organisation_view",
    "parse_resolved",
    "repository_or_folder",
    "resolve",
    "resolve_workbook",
    "summary_origins",
]


# --- the organisation's own figures -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganisationFigures:
    """What ``status`` and ``check`` show of an organisation workbook itself.

    Computed by :func:`gpai_tui.engine.evaluate` (the one place numbers come from) on
    :func:`organisation_view`, counting the provider-level items only. Applicability
    and legal dates depend on each model's profile, so here every provider-level item
    counts unless marked not applicable; each model's own row gives its legal figures.
    """

    overall: GroupResult
    """Done over items, ticked over required checkpoints."""
    outstanding: tuple[str, ...]
    """Items not done (or done without the checkpoints or evidence it needs)."""
    issues: tuple[tuple[str, str], ...]
    """(item id, problem): the engine's consistency rules, as for a model's items."""


def organisation_view(organisation: Organisation) -> Workbook:
    """The organisation's answers in a workbook where every provider-level item applies
    (a systemic-risk model of a provider outside the EU, no market date: no legal date,
    no per-model checkpoint such as the legacy disclosure of Guidelines para. 110)."""
    from gpai_tui.workbook import ModelProfile, new_workbook

    profile = ModelProfile(
        provider=organisation.organisation.legal_name,
        name="(organisation)",
        training_compute_flop=1e26,  # Art. 51(2): systemic risk, so SS-* apply
        established_in_eu=False,  # Art. 54: the mandate applies
    )
    workbook = new_workbook(profile, organisation.code)
    for item_id in load_catalogue(organisation.code).provider_level_ids():
        workbook.table(item_id)[item_id] = organisation.get_entry(item_id)
    return workbook


def organisation_figures(
    organisation: Organisation, catalogue: Catalogue | None = None, as_of: date | None = None
) -> OrganisationFigures:
    """The organisation's completeness, outstanding items and inconsistencies."""
    from gpai_tui.engine.evaluate import _group, evaluate

    catalogue = catalogue or load_catalogue(organisation.code)
    evaluation = evaluate(organisation_view(organisation), as_of, catalogue)
    items = [evaluation.item(item_id) for item_id in catalogue.provider_level_ids()]
    return OrganisationFigures(
        _group("organisation", "Organisation", items),
        tuple(i.id for i in items if i.applicable and (i.status != "done" or i.unsupported)),
        tuple((i.id, issue) for i in items for issue in i.issues),
    )


def inheritance_dict(resolved: Resolved) -> dict[str, object] | None:
    """Where a model's answers come from, as JSON-ready data (``None``: no inheritance)."""
    if resolved.organisation is None:
        return None
    return {
        "inherits": resolved.own.inherits,
        "provider": resolved.organisation.organisation.legal_name,
        "inherited": list(resolved.inherited),
        "overridden": list(resolved.overrides),
        "added_evidence": {k: list(v) for k, v in resolved.added.items()},
        "warnings": list(resolved.warnings),
        **(
            {"training_summary": dict(resolved.summary_origins)} if resolved.summary_origins else {}
        ),
    }
