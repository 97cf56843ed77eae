"""Semantic diff of two workbooks: what changed in compliance terms.

:func:`diff_workbooks` compares two workbooks and evaluates both **as of the same
date**, so every difference it reports comes from the data, never from the
calendar. It returns plain frozen data: profile and scope changes (with the
reasons from :func:`gpai_tui.engine.evaluate`), per-item changes, MDF and
incident changes, conflicts added or resolved, completeness per chapter before
and after (rounded with :func:`gpai_tui.engine.pct`), and the regressions in
words. Rendering lives in :mod:`gpai_tui.report.diff`; :func:`diff_dict` is the
JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.paths import incident_dict
from gpai_tui.engine.results import Evaluation, GroupResult, pct
from gpai_tui.engine.scope import Decision
from gpai_tui.words import status_prose
from gpai_tui.workbook import ItemEntry, ModelProfile, Workbook
from gpai_tui.workbook.model import table_name

DIFF_SCHEMA = 1
"""Version of the ``gpai diff --json`` shape."""

SCOPE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("provider", "Provider of the model"),
    ("gpai", "General-purpose AI model"),
    ("systemic_risk", "Systemic risk"),
    ("open_source_exempt", "Open-source exemption (Art. 53(2))"),
    ("non_eu", "Authorised representative needed (Art. 54)"),
)
"""Scope decisions compared, with their names in words."""


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One value that changed; ``None`` stands for absent."""

    path: str
    """Value path, keyed like conflict records (``measures.CR-1.3.status``)."""
    field: str
    """The field's name (``status``, ``training_compute_flop``, ``input-max-size[text]``)."""
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class ScopeChange:
    """A scoping decision whose answer changed."""

    id: str
    label: str
    before: Decision
    after: Decision


@dataclass(frozen=True, slots=True)
class ApplicabilityChange:
    """A measure or obligation that came into or went out of scope."""

    id: str
    title: str
    now_applies: bool
    reason: str
    """Why, after the change."""
    reason_before: str


@dataclass(frozen=True, slots=True)
class ItemChange:
    """What changed on one measure or obligation."""

    id: str
    kind: Literal["measure", "obligation"]
    title: str
    chapter: str | None
    fields: tuple[ValueChange, ...]
    """Status, owner, target, last done, review months, notes, justification, alternative
    and override changes, in that order."""
    ticked: tuple[str, ...]
    unticked: tuple[str, ...]
    evidence_added: tuple[str, ...]
    evidence_removed: tuple[str, ...]
    completeness_before: float
    completeness_after: float
    """Rounded with :func:`pct`."""
    regressions: tuple[str, ...]
    """What got worse, in words."""
    evidence_updated: tuple[str, ...] = ()
    """References whose details (hash, dates, label) changed."""

    def field(self, name: str) -> ValueChange | None:
        """The change of one field, if it changed."""
        return next((f for f in self.fields if f.field == name), None)


@dataclass(frozen=True, slots=True)
class MdfChange:
    """One Model Documentation Form value that changed (``key`` for repeating fields)."""

    id: str
    name: str
    key: str | None
    old: str | None
    new: str | None

    @property
    def path(self) -> str:
        """Value path."""
        return f"mdf.{self.id}" + (f".{self.key}" if self.key is not None else "")


@dataclass(frozen=True, slots=True)
class IncidentChange:
    """A serious incident added, removed or changed."""

    id: str
    title: str
    change: Literal["added", "removed", "changed"]
    fields: tuple[ValueChange, ...]
    reports_added: tuple[date, ...]
    reports_removed: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class GroupDelta:
    """Completeness of a chapter (or overall) before and after, rounded with :func:`pct`."""

    id: str
    title: str
    before: float
    after: float
    applicable_before: int
    applicable_after: int
    done_before: int
    done_after: int

    @property
    def changed(self) -> bool:
        """True when the figure or the count of applicable measures moved."""
        return (
            self.before != self.after
            or self.applicable_before != self.applicable_after
            or self.done_before != self.done_after
        )


@dataclass(frozen=True, slots=True)
class Regression:
    """Something that got worse, in words."""

    id: str
    """Item id, ``mdf.<field>``, ``conflicts.<path>``, or an outstanding entry id."""
    text: str


@dataclass(frozen=True, slots=True)
class WorkbookDiff:
    """Everything that changed between two workbooks, evaluated as of one date."""

    as_of: date
    code: ValueChange | None
    profile: tuple[ValueChange, ...]
    scope: tuple[ScopeChange, ...]
    warnings_added: tuple[str, ...]
    warnings_removed: tuple[str, ...]
    applicability: tuple[ApplicabilityChange, ...]
    items: tuple[ItemChange, ...]
    mdf: tuple[MdfChange, ...]
    mdf_filled: tuple[int, int, int]
    """MDF fields filled before, after, and the total."""
    incidents: tuple[IncidentChange, ...]
    conflicts_added: tuple[str, ...]
    conflicts_removed: tuple[str, ...]
    chapters: tuple[GroupDelta, ...]
    overall: GroupDelta
    obligations: GroupDelta
    outstanding: tuple[int, int]
    overdue: tuple[int, int]
    new_overdue: tuple[str, ...]
    """Outstanding entry ids overdue after but not before."""
    regressions: tuple[Regression, ...]

    @property
    def changed(self) -> bool:
        """True when any value of the workbook changed."""
        return bool(
            self.code
            or self.profile
            or self.items
            or self.mdf
            or self.incidents
            or self.conflicts_added
            or self.conflicts_removed
        )


def _blank(value: Any) -> Any:
    return None if value in ("", [], {}) else value


def _changed(old: Any, new: Any) -> bool:
    old, new = _blank(old), _blank(new)
    if isinstance(old, bool) != isinstance(new, bool):
        return True
    return bool(old != new)


def _profile_changes(old: ModelProfile, new: ModelProfile) -> list[ValueChange]:
    out = []
    for name in ModelProfile.model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if _changed(a, b):
            out.append(ValueChange(f"model.{name}", name, _blank(a), _blank(b)))
        elif _added(name, old, new) and b is not None:
            # The same value, but the old file did not have the key (a format upgrade
            # writes new keys at their defaults): shown as added, so nothing is silent.
            out.append(ValueChange(f"model.{name}", name, None, _blank(b)))
    return out


def _added(name: str, old: BaseModel, new: BaseModel) -> bool:
    """``name`` is written in the new file but was absent from the old one."""
    return name in new.model_fields_set and name not in old.model_fields_set


def _signatory_changes(old: Workbook, new: Workbook) -> list[ValueChange]:
    """The [code] table's chapters signed (format 2)."""
    out = []
    for name in ("signed", "named_model"):
        a, b = getattr(old.signatory, name), getattr(new.signatory, name)
        if _changed(a, b) or _added("signatory", old, new):
            shown_a = None if _added("signatory", old, new) else _blank(a)
            out.append(ValueChange(f"code.{name}", name, shown_a, _blank(b)))
    return out


def _scope_changes(old: Evaluation, new: Evaluation) -> list[ScopeChange]:
    out = []
    for key, label in SCOPE_QUESTIONS:
        a: Decision = getattr(old.scope, key)
        b: Decision = getattr(new.scope, key)
        if a.applies != b.applies:
            out.append(ScopeChange(key, label, a, b))
    return out


def _item_change(
    item_id: str, old: ItemEntry, new: ItemEntry, ev_old: Evaluation, ev_new: Evaluation
) -> ItemChange | None:
    prefix = f"{table_name(item_id)}.{item_id}"
    fields = [
        ValueChange(
            f"{prefix}.{name}", name, _blank(getattr(old, name)), _blank(getattr(new, name))
        )
        for name in (
            "status",
            "owner",
            "target",
            "last_done",
            "review_months",
            "notes",
            "justification",
            "alternative",
            "override",
        )
        if _changed(getattr(old, name), getattr(new, name))
    ]
    cps = list(dict.fromkeys([*old.checks, *new.checks]))
    ticked = tuple(c for c in cps if new.checks.get(c, False) and not old.checks.get(c, False))
    unticked = tuple(c for c in cps if old.checks.get(c, False) and not new.checks.get(c, False))
    old_refs, new_refs = old.evidence_refs, new.evidence_refs
    added = tuple(e for e in new_refs if e not in old_refs)
    removed = tuple(e for e in old_refs if e not in new_refs)
    details = {e.ref: e for e in old.evidence}
    updated = tuple(e.ref for e in new.evidence if e.ref in details and details[e.ref] != e)
    if not (fields or ticked or unticked or added or removed or updated):
        return None
    before, after = ev_old.item(item_id), ev_new.item(item_id)
    regressions: list[str] = []
    if old.status == "done" and new.status != "done":
        regressions.append(
            f"{item_id} is no longer done ({status_prose(old.status)} → {status_prose(new.status)})"
        )
    regressions += [f"{item_id} checkpoint {c} unticked" for c in unticked]
    regressions += [f"{item_id} evidence removed: {e}" for e in removed]
    for issue in after.issues:
        if issue not in before.issues:
            regressions.append(f"{item_id} is now inconsistent: {issue}")
    return ItemChange(
        id=item_id,
        kind=after.kind,
        title=after.title,
        chapter=after.chapter,
        fields=tuple(fields),
        ticked=ticked,
        unticked=unticked,
        evidence_added=added,
        evidence_removed=removed,
        evidence_updated=updated,
        completeness_before=pct(before.completeness),
        completeness_after=pct(after.completeness),
        regressions=tuple(regressions),
    )


def _mdf_changes(old: Workbook, new: Workbook) -> list[MdfChange]:
    catalogue = load_catalogue(new.code)
    names = {f.id: f.name for f in catalogue.mdf_fields()}
    order = list(dict.fromkeys([*names, *old.mdf, *new.mdf]))
    out: list[MdfChange] = []
    for field_id in order:
        a, b = old.mdf.get(field_id), new.mdf.get(field_id)
        name = names.get(field_id, field_id)
        if isinstance(a, dict) or isinstance(b, dict):
            at = a if isinstance(a, dict) else ({"": a} if a else {})
            bt = b if isinstance(b, dict) else ({"": b} if b else {})
            for key in dict.fromkeys([*at, *bt]):
                if _changed(at.get(key), bt.get(key)):
                    out.append(
                        MdfChange(
                            field_id,
                            name,
                            key or None,
                            _blank(at.get(key)),
                            _blank(bt.get(key)),
                        )
                    )
        elif _changed(a, b):
            out.append(MdfChange(field_id, name, None, _blank(a), _blank(b)))
    return out


def _incident_changes(old: Workbook, new: Workbook) -> list[IncidentChange]:
    out: list[IncidentChange] = []
    for key in sorted(set(old.incidents) | set(new.incidents)):
        a, b = old.incidents.get(key), new.incidents.get(key)
        if a is None and b is not None:
            out.append(IncidentChange(key, b.title, "added", (), tuple(b.intermediate_reports), ()))
            continue
        if b is None and a is not None:
            out.append(IncidentChange(key, a.title, "removed", (), (), ()))
            continue
        assert a is not None and b is not None
        ad, bd = incident_dict(a), incident_dict(b)
        fields = tuple(
            ValueChange(f"incidents.{key}.{name}", name, ad.get(name), bd.get(name))
            for name in (
                "class",
                "other_class",
                "title",
                "aware",
                "resolved",
                "initial_report",
                "final_report",
                "notes",
            )
            if _changed(ad.get(name), bd.get(name))
        )
        added = tuple(d for d in sorted(b.intermediate_reports) if d not in a.intermediate_reports)
        gone = tuple(d for d in sorted(a.intermediate_reports) if d not in b.intermediate_reports)
        if fields or added or gone:
            out.append(IncidentChange(key, b.title, "changed", fields, added, gone))
    return out


def _delta(a: GroupResult, b: GroupResult) -> GroupDelta:
    return GroupDelta(
        id=b.id,
        title=b.title,
        before=pct(a.completeness),
        after=pct(b.completeness),
        applicable_before=a.applicable,
        applicable_after=b.applicable,
        done_before=a.done,
        done_after=b.done,
    )


def diff_workbooks(old: Workbook, new: Workbook, as_of: date | None = None) -> WorkbookDiff:
    """Compare ``old`` and ``new``, both evaluated as of ``as_of`` (default: today)."""
    as_of = as_of or date.today()
    ev_old, ev_new = evaluate(old, as_of), evaluate(new, as_of)
    catalogue = load_catalogue(new.code)
    regressions: list[Regression] = []

    applicability: list[ApplicabilityChange] = []
    items: list[ItemChange] = []
    for item_id in catalogue.item_ids():
        try:
            before = ev_old.item(item_id)
        except KeyError:
            continue
        after = ev_new.item(item_id)
        if before.in_scope != after.in_scope:
            applicability.append(
                ApplicabilityChange(
                    item_id, after.title, after.in_scope, after.reason, before.reason
                )
            )
        change = _item_change(
            item_id, old.get_entry(item_id), new.get_entry(item_id), ev_old, ev_new
        )
        if change is not None:
            items.append(change)
            regressions += [Regression(item_id, text) for text in change.regressions]

    mdf = _mdf_changes(old, new)
    for mdf_change in mdf:
        if mdf_change.old is not None and mdf_change.new is None:
            regressions.append(Regression(mdf_change.path, f"MDF field {mdf_change.id} cleared"))

    incidents = _incident_changes(old, new)

    conflicts_added = tuple(sorted(set(new.conflicts) - set(old.conflicts)))
    conflicts_removed = tuple(sorted(set(old.conflicts) - set(new.conflicts)))
    regressions += [
        Regression(f"conflicts.{key}", f"new unresolved merge conflict at {key}")
        for key in conflicts_added
    ]

    overdue_before = {o.id for o in ev_old.outstanding if o.overdue}
    new_overdue = [o for o in ev_new.outstanding if o.overdue and o.id not in overdue_before]
    for entry in new_overdue:
        due = entry.due.isoformat() if entry.due else "?"
        regressions.append(Regression(entry.id, f"{entry.id} is now overdue (legal date {due})"))

    code = ValueChange("code", "code", old.code, new.code) if old.code != new.code else None
    return WorkbookDiff(
        as_of=as_of,
        code=code,
        profile=tuple([*_signatory_changes(old, new), *_profile_changes(old.model, new.model)]),
        scope=tuple(_scope_changes(ev_old, ev_new)),
        warnings_added=tuple(w for w in ev_new.scope.warnings if w not in ev_old.scope.warnings),
        warnings_removed=tuple(w for w in ev_old.scope.warnings if w not in ev_new.scope.warnings),
        applicability=tuple(applicability),
        items=tuple(items),
        mdf=tuple(mdf),
        mdf_filled=(ev_old.mdf.filled, ev_new.mdf.filled, ev_new.mdf.total),
        incidents=tuple(incidents),
        conflicts_added=conflicts_added,
        conflicts_removed=conflicts_removed,
        chapters=tuple(_delta(a, b) for a, b in zip(ev_old.chapters, ev_new.chapters, strict=True)),
        overall=_delta(ev_old.overall, ev_new.overall),
        obligations=_delta(ev_old.obligations_summary, ev_new.obligations_summary),
        outstanding=(len(ev_old.outstanding), len(ev_new.outstanding)),
        overdue=(ev_old.overdue_count, ev_new.overdue_count),
        new_overdue=tuple(o.id for o in new_overdue),
        regressions=tuple(regressions),
    )


# JSON form ------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _change_dict(change: ValueChange) -> dict[str, Any]:
    return {
        "path": change.path,
        "field": change.field,
        "old": _json(change.old),
        "new": _json(change.new),
    }


def _group_dict(delta: GroupDelta) -> dict[str, Any]:
    return {
        "id": delta.id,
        "title": delta.title,
        "before": delta.before,
        "after": delta.after,
        "applicable_before": delta.applicable_before,
        "applicable_after": delta.applicable_after,
        "done_before": delta.done_before,
        "done_after": delta.done_after,
    }


def diff_dict(diff: WorkbookDiff, old: str | None = None, new: str | None = None) -> dict[str, Any]:
    """The diff as plain JSON-ready data (``gpai diff --json``; see the README)."""
    return {
        "schema": DIFF_SCHEMA,
        "old": old,
        "new": new,
        "as_of": diff.as_of.isoformat(),
        "changed": diff.changed,
        "code": _change_dict(diff.code) if diff.code else None,
        "profile": [_change_dict(c) for c in diff.profile],
        "scope": [
            {
                "id": s.id,
                "label": s.label,
                "before": {"applies": s.before.applies, "reason": s.before.reason},
                "after": {"applies": s.after.applies, "reason": s.after.reason},
            }
            for s in diff.scope
        ],
        "warnings_added": list(diff.warnings_added),
        "warnings_removed": list(diff.warnings_removed),
        "applicability": [
            {
                "id": a.id,
                "title": a.title,
                "applies": a.now_applies,
                "reason": a.reason,
                "reason_before": a.reason_before,
            }
            for a in diff.applicability
        ],
        "items": [
            {
                "id": i.id,
                "kind": i.kind,
                "title": i.title,
                "chapter": i.chapter,
                "changes": [_change_dict(c) for c in i.fields],
                "ticked": list(i.ticked),
                "unticked": list(i.unticked),
                "evidence_added": list(i.evidence_added),
                "evidence_removed": list(i.evidence_removed),
                "evidence_updated": list(i.evidence_updated),
                "completeness_before": i.completeness_before,
                "completeness_after": i.completeness_after,
                "regressions": list(i.regressions),
            }
            for i in diff.items
        ],
        "mdf": [
            {
                "path": m.path,
                "field": m.id,
                "name": m.name,
                "key": m.key,
                "old": m.old,
                "new": m.new,
            }
            for m in diff.mdf
        ],
        "mdf_filled": {
            "before": diff.mdf_filled[0],
            "after": diff.mdf_filled[1],
            "total": diff.mdf_filled[2],
        },
        "incidents": [
            {
                "id": i.id,
                "title": i.title,
                "change": i.change,
                "changes": [_change_dict(c) for c in i.fields],
                "reports_added": _json(i.reports_added),
                "reports_removed": _json(i.reports_removed),
            }
            for i in diff.incidents
        ],
        "conflicts_added": list(diff.conflicts_added),
        "conflicts_removed": list(diff.conflicts_removed),
        "completeness": {
            "chapters": [_group_dict(c) for c in diff.chapters],
            "overall": _group_dict(diff.overall),
            "obligations": _group_dict(diff.obligations),
        },
        "outstanding": {"before": diff.outstanding[0], "after": diff.outstanding[1]},
        "overdue": {"before": diff.overdue[0], "after": diff.overdue[1]},
        "new_overdue": list(diff.new_overdue),
        "regressions": [{"id": r.id, "text": r.text} for r in diff.regressions],
    }
