"""Three-way merge of workbooks, value by value (the ``gpai merge`` git driver).

Every value is merged on its own: each profile answer; each measure's and
obligation's status, owner, target, last_done, review_months, notes, justification,
alternative, override flag and each checkpoint tick; each MDF field (each
modality/version of a repeating field); each incident field. The usual three-way rule applies
to each:

* both sides agree → that value;
* only one side changed it → that side's value;
* both changed it differently → a **conflict**: the value stays at *ours* (so the
  merged workbook is valid and can be evaluated) and a record
  ``[conflicts."<path>"]`` keeps ``ours``, ``theirs`` and ``base``. Nothing is
  lost; ``gpai validate`` and ``gpai check`` fail until the officer resolves it.

Lists never conflict. Evidence references (and an incident's intermediate
report dates) merge as a union in a stable order: the base order, then our
additions, then theirs; a reference removed on one side stays removed (the
other side did not add it, since it was already there). Whole incidents added or
removed on one side follow that side; an incident removed on one side and edited
on the other is a conflict on ``incidents.<ID>`` holding both versions.

Conflict records already in a side (from an earlier merge that was committed
unresolved) are carried over by the same rule. If both sides changed one record
differently, or this merge would write a second record on a path that has one,
the merge stops with :class:`MergeError` rather than drop a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.errors import GpaiError
from gpai_tui.workbook import (
    Conflict,
    EvidenceItem,
    Incident,
    ItemEntry,
    ModelProfile,
    Signatory,
    Workbook,
)
from gpai_tui.workbook.model import MdfValue, table_name

T = TypeVar("T")

ITEM_SCALARS = (
    "status",
    "owner",
    "target",
    "last_done",
    "review_months",
    "notes",
    "justification",
    "alternative",
)
"""Entry fields merged as single values (``tests/git/test_merge_unit.py`` checks that
this list, with evidence, checks and override, covers every entry field)."""
INCIDENT_SCALARS = (
    ("class", "incident_class"),
    ("other_class", "other_class"),
    ("title", "title"),
    ("aware", "aware"),
    ("resolved", "resolved"),
    ("initial_report", "initial_report"),
    ("final_report", "final_report"),
    ("notes", "notes"),
)
"""Incident fields merged as single values: (file key, attribute)."""


class MergeError(GpaiError):
    """The sides cannot be merged safely; nothing was written."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged workbook and what the merge found."""

    workbook: Workbook
    """The merged workbook (values at ours where they conflict)."""
    conflicts: tuple[str, ...]
    """Paths where this merge found a conflict (new records), sorted."""
    carried: tuple[str, ...]
    """Unresolved conflict records that were already in a side, sorted."""

    @property
    def clean(self) -> bool:
        """True when this merge found no new conflict."""
        return not self.conflicts


def _norm(value: Any) -> Any:
    """Absent and empty are the same thing in a workbook (the writer drops empties)."""
    if value == "" or value == [] or value == {}:
        return None
    return value


def same(a: Any, b: Any) -> bool:
    """Equality of two values, treating empty as absent."""
    a, b = _norm(a), _norm(b)
    if isinstance(a, bool) != isinstance(b, bool):
        return False  # True == 1 in Python; in a workbook they are different values
    return bool(a == b)


class _Merger:
    def __init__(self) -> None:
        self.conflicts: dict[str, Conflict] = {}

    def value(self, path: str, base: Any, ours: Any, theirs: Any) -> Any:
        if same(ours, theirs):
            return ours
        if same(base, ours):
            return theirs
        if same(base, theirs):
            return ours
        self.conflicts[path] = Conflict(
            ours=_plain(_norm(ours)), theirs=_plain(_norm(theirs)), base=_plain(_norm(base))
        )
        return ours


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def merge_lists(base: Sequence[T], ours: Sequence[T], theirs: Sequence[T]) -> list[T]:
    """Union of two edits of a list, in a stable order (see the module docstring)."""
    if list(ours) == list(theirs) or list(theirs) == list(base):
        return list(ours)
    if list(ours) == list(base):
        return list(theirs)
    ours_set, theirs_set = set(ours), set(theirs)
    out: list[T] = []
    seen: set[T] = set()

    def add(value: T) -> None:
        if value not in seen:
            seen.add(value)
            out.append(value)

    base_set = set(base)
    for value in base:
        if value in ours_set and value in theirs_set:
            add(value)
    for value in ours:
        if value not in base_set:
            add(value)
    for value in theirs:
        if value not in base_set:
            add(value)
    return out


def merge_evidence(
    m: _Merger,
    prefix: str,
    base: Sequence[EvidenceItem],
    ours: Sequence[EvidenceItem],
    theirs: Sequence[EvidenceItem],
) -> list[EvidenceItem]:
    """Union of two edits of an evidence list, keyed on ``ref``.

    Which references are kept follows :func:`merge_lists`; the details of one
    reference (hash, dates, label) merge as one value: a side that changed them
    wins, and when both changed them differently a conflict on the whole list is
    recorded at ``PREFIX.evidence`` (as written in the file) with ours kept.
    """
    refs = merge_lists([e.ref for e in base], [e.ref for e in ours], [e.ref for e in theirs])
    by_base = {e.ref: e for e in reversed(base)}
    by_ours = {e.ref: e for e in reversed(ours)}
    by_theirs = {e.ref: e for e in reversed(theirs)}
    out: list[EvidenceItem] = []
    for ref in refs:
        b, o, t = by_base.get(ref), by_ours.get(ref), by_theirs.get(ref)
        if o is None or t is None or o == t or t == b:
            chosen = o or t
        elif o == b:
            chosen = t
        else:
            m.value(
                f"{prefix}.evidence",
                [e.to_toml() for e in base],
                [e.to_toml() for e in ours],
                [e.to_toml() for e in theirs],
            )
            chosen = o
        assert chosen is not None
        out.append(chosen)
    return out


def _merge_profile(
    m: _Merger, base: ModelProfile | None, ours: ModelProfile, theirs: ModelProfile
) -> ModelProfile:
    data: dict[str, Any] = {}
    for name in ModelProfile.model_fields:
        b = getattr(base, name) if base is not None else None
        value = m.value(f"model.{name}", b, getattr(ours, name), getattr(theirs, name))
        if value is not None:
            data[name] = list(value) if isinstance(value, list) else value
    return ModelProfile.model_validate(data)


def _merge_entry(
    m: _Merger, prefix: str, base: ItemEntry, ours: ItemEntry, theirs: ItemEntry
) -> ItemEntry:
    data: dict[str, Any] = {}
    for name in ITEM_SCALARS:
        value = m.value(
            f"{prefix}.{name}", getattr(base, name), getattr(ours, name), getattr(theirs, name)
        )
        if name == "status":
            data[name] = value or ours.status
        elif value is not None:
            data[name] = value
    data["evidence"] = merge_evidence(m, prefix, base.evidence, ours.evidence, theirs.evidence)
    checks: dict[str, bool] = {}
    for cp in _union_keys(ours.checks, theirs.checks, base.checks):
        ticked = m.value(
            f"{prefix}.checks.{cp}",
            bool(base.checks.get(cp, False)),
            bool(ours.checks.get(cp, False)),
            bool(theirs.checks.get(cp, False)),
        )
        checks[cp] = bool(ticked)
    data["checks"] = checks
    # Inheritance (engine/inherit.py): whether this model answers the item itself.
    if m.value(f"{prefix}.override", base.override, ours.override, theirs.override):
        data["override"] = True
    return ItemEntry.model_validate(data)


def _union_keys(*tables: Iterable[str]) -> list[str]:
    """The keys of ``tables`` in first-seen order, each once (linear: a dict keeps order)."""
    out: dict[str, None] = {}
    for table in tables:
        out.update(dict.fromkeys(table))
    return list(out)


def _merge_items(
    m: _Merger, catalogue: Catalogue, base: Workbook | None, ours: Workbook, theirs: Workbook
) -> tuple[dict[str, ItemEntry], dict[str, ItemEntry]]:
    measures: dict[str, ItemEntry] = {}
    obligations: dict[str, ItemEntry] = {}
    known = catalogue.item_ids()
    extra = [i for w in (ours, theirs) for i in (*w.measures, *w.obligations) if i not in known]
    for item_id in _union_keys(known, extra):
        table = obligations if table_name(item_id) == "obligations" else measures
        prefix = f"{table_name(item_id)}.{item_id}"
        b = base.get_entry(item_id) if base is not None else ItemEntry()
        table[item_id] = _merge_entry(
            m, prefix, b, ours.get_entry(item_id), theirs.get_entry(item_id)
        )
    return measures, obligations


def _incident_data(incident: Incident | None) -> dict[str, Any] | None:
    if incident is None:
        return None
    from gpai_tui.engine.paths import incident_dict

    return incident_dict(incident)


def _merge_incident(
    m: _Merger, prefix: str, base: Incident | None, ours: Incident, theirs: Incident
) -> Incident:
    data: dict[str, Any] = {}
    for key, attr in INCIDENT_SCALARS:
        b = getattr(base, attr) if base is not None else None
        value = m.value(f"{prefix}.{key}", b, getattr(ours, attr), getattr(theirs, attr))
        if value is not None:
            data[key] = value
    reports: list[date] = merge_lists(
        sorted(base.intermediate_reports) if base is not None else [],
        sorted(ours.intermediate_reports),
        sorted(theirs.intermediate_reports),
    )
    data["intermediate_reports"] = sorted(reports)
    return Incident.model_validate(data)


def _merge_incidents(
    m: _Merger, base: Workbook | None, ours: Workbook, theirs: Workbook
) -> dict[str, Incident]:
    out: dict[str, Incident] = {}
    base_incidents = base.incidents if base is not None else {}
    for key in sorted(_union_keys(base_incidents, ours.incidents, theirs.incidents)):
        b, o, t = base_incidents.get(key), ours.incidents.get(key), theirs.incidents.get(key)
        bd, od, td = _incident_data(b), _incident_data(o), _incident_data(t)
        path = f"incidents.{key}"
        if same(od, td) or same(bd, td):
            result = o
        elif same(bd, od):
            result = t
        elif o is None or t is None:
            m.value(path, bd, od, td)  # records the conflict; the result stays at ours
            result = o
        else:
            result = _merge_incident(m, path, b, o, t)
        if result is not None:
            out[key] = result
    return out


def _mdf_value(value: MdfValue | None) -> MdfValue | None:
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if v}
        return kept or None
    return value or None


def _merge_mdf(
    m: _Merger, catalogue: Catalogue, base: Workbook | None, ours: Workbook, theirs: Workbook
) -> dict[str, MdfValue]:
    out: dict[str, MdfValue] = {}
    base_mdf = base.mdf if base is not None else {}
    order = _union_keys([f.id for f in catalogue.mdf_fields()], ours.mdf, theirs.mdf, base_mdf)
    for field_id in order:
        b = _mdf_value(base_mdf.get(field_id))
        o = _mdf_value(ours.mdf.get(field_id))
        t = _mdf_value(theirs.mdf.get(field_id))
        present = [v for v in (b, o, t) if v is not None]
        path = f"mdf.{field_id}"
        if present and all(isinstance(v, dict) for v in present):
            bt = b if isinstance(b, dict) else {}
            ot = o if isinstance(o, dict) else {}
            tt = t if isinstance(t, dict) else {}
            table: dict[str, str] = {}
            for key in _union_keys(ot, tt, bt):
                mine, other = ot.get(key), tt.get(key)
                if mine == other:  # the common case, without building a path (texts only)
                    value = mine
                else:
                    value = m.value(f"{path}.{key}", bt.get(key), mine, other)
                if value:
                    table[key] = value
            if table:
                out[field_id] = table
            continue
        merged: MdfValue | None = m.value(path, b, o, t)
        if merged is not None:
            out[field_id] = merged
    return out


def _merge_summary(
    m: _Merger, base: Workbook | None, ours: Workbook, theirs: Workbook
) -> dict[str, Any]:
    """``[training_summary]`` value by value (a list or table is one value)."""
    from gpai_tui.catalogue.summary import load_summary_template

    out: dict[str, Any] = {}
    base_values = base.training_summary if base is not None else {}
    order = _union_keys(
        [f.id for f in load_summary_template().fields()],
        ours.training_summary,
        theirs.training_summary,
        base_values,
    )
    for field_id in order:
        merged = m.value(
            f"training_summary.{field_id}",
            base_values.get(field_id),
            ours.training_summary.get(field_id),
            theirs.training_summary.get(field_id),
        )
        if merged is not None:
            out[field_id] = merged
    return out


def _record(conflict: Conflict | None) -> dict[str, Any] | None:
    if conflict is None:
        return None
    return {s: getattr(conflict, s) for s in ("ours", "theirs", "base")}


def _merge_carried(base: Workbook | None, ours: Workbook, theirs: Workbook) -> dict[str, Conflict]:
    out: dict[str, Conflict] = {}
    base_conflicts = base.conflicts if base is not None else {}
    for key in sorted(_union_keys(base_conflicts, ours.conflicts, theirs.conflicts)):
        b, o, t = base_conflicts.get(key), ours.conflicts.get(key), theirs.conflicts.get(key)
        rb, ro, rt = _record(b), _record(o), _record(t)
        if ro == rt or rb == rt:
            result = o
        elif rb == ro:
            result = t
        else:
            raise MergeError(
                f"both sides changed the unresolved merge conflict at {key}; resolve the "
                "conflicts on each branch (gpai open, or gpai set) and merge again"
            )
        if result is not None:
            out[key] = result
    return out


def merge_workbooks(
    base: Workbook | None,
    ours: Workbook,
    theirs: Workbook,
    catalogue: Catalogue | None = None,
) -> MergeResult:
    """Merge ``ours`` and ``theirs`` (both edited from ``base``) value by value.

    ``base`` is ``None`` when the sides share no ancestor (both added the file):
    it then counts as an empty workbook (every value absent or at its default), so a
    value set on one side only merges and values set differently conflict. Raises
    :class:`MergeError` when the sides follow different Code versions or carried
    conflicts collide.
    """
    if ours.code != theirs.code:
        raise MergeError(
            f"the sides follow different Code of Practice versions ({ours.code} and "
            f"{theirs.code}); migrate both to one version before merging"
        )
    catalogue = catalogue or load_catalogue(ours.code)
    m = _Merger()
    carried = _merge_carried(base, ours, theirs)
    try:
        profile = _merge_profile(
            m, base.model if base is not None else None, ours.model, theirs.model
        )
        measures, obligations = _merge_items(m, catalogue, base, ours, theirs)
        incidents = _merge_incidents(m, base, ours, theirs)
        mdf = _merge_mdf(m, catalogue, base, ours, theirs)
        summary = _merge_summary(m, base, ours, theirs)
        clash = sorted(set(m.conflicts) & set(carried))
        if clash:
            raise MergeError(
                f"this merge conflicts at {', '.join(clash)}, which already holds an "
                "unresolved conflict from an earlier merge; resolve that first and merge again"
            )
        workbook = Workbook.model_validate(
            {
                "format": ours.format,
                "code": ours.code,
                "signatory": _merge_signatory(base, ours, theirs),
                "inherits": m.value(
                    "inherits",
                    base.inherits if base is not None else None,
                    ours.inherits,
                    theirs.inherits,
                ),
                "model": profile,
                "measures": measures,
                "obligations": obligations,
                "incidents": incidents,
                "mdf": mdf,
                "training_summary": summary,
                "conflicts": {**carried, **m.conflicts},
            }
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MergeError(
            f"the merged workbook would be invalid at {where}: {first['msg']}"
        ) from None
    return MergeResult(workbook, tuple(sorted(m.conflicts)), tuple(sorted(carried)))


def _merge_signatory(base: Workbook | None, ours: Workbook, theirs: Workbook) -> dict[str, Any]:
    """The chapters signed, merged: a side that changed them wins; both changed differently
    is refused (the choice is the provider's, made once, not a value to pick by line)."""
    mine, other = ours.signatory.model_dump(), theirs.signatory.model_dump()
    if mine == other:
        return mine
    start = (base.signatory if base is not None else Signatory()).model_dump()
    if start == mine:
        return other
    if start == other:
        return mine
    raise MergeError(
        "both sides changed which chapters of the Code are signed ([code] signed / "
        "named_model) differently; agree on one and merge again"
    )


def looks_like_workbook(data: bytes) -> bool:
    """True when ``data`` is meant to be a gpai workbook (even a broken one).

    Used by the git driver and textconv so that files matched by a broad
    ``.gitattributes`` pattern (``pyproject.toml``) are handled as plain text.
    Bounded like the loader (issue 16): a file over the size limit or whose shape
    fails the loader's pre-scan (``workbook.limits.check_text``) is never parsed; it
    counts as a workbook when its top-level lines say so (``format =``, ``code =``,
    ``[model]``), so that the caller reports it as an invalid one.
    """
    head = data[:4096].lstrip()
    if head.startswith(b"# gpai workbook"):
        return True
    from gpai_tui.workbook.io import MAX_FILE_BYTES
    from gpai_tui.workbook.limits import check_text

    if len(data) > MAX_FILE_BYTES:
        return _top_level_says_workbook(data)
    try:
        text = data.decode("utf-8")
        check_text(text, "<merge>")
    except UnicodeDecodeError:
        return False
    except GpaiError:
        return _top_level_says_workbook(data)
    import tomli

    try:
        raw = tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError):
        return False
    return "format" in raw and "code" in raw and isinstance(raw.get("model"), dict)


_FORMAT_LINE = re.compile(rb"^format[ \t]*=", re.MULTILINE)
_CODE_LINE = re.compile(rb"^code[ \t]*=", re.MULTILINE)
_MODEL_LINE = re.compile(rb"^\[[ \t]*model[ \t]*\]", re.MULTILINE)


def _top_level_says_workbook(data: bytes) -> bool:
    """A linear look at the lines: the three keys every workbook starts with."""
    return all(p.search(data) is not None for p in (_FORMAT_LINE, _CODE_LINE, _MODEL_LINE))
