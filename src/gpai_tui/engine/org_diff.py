"""What a change to an organisation workbook changes: its items, and every inheriting model.

:func:`diff_organisations` compares two versions of an organisation workbook, item by
item (the same :class:`~gpai_tui.engine.diff.ItemChange` records as a model's diff),
and re-evaluates each model that inherits it under both versions, as of one date.
The models whose figures move (completeness, done, outstanding, overdue, inconsistent)
are listed; the others are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gpai_tui.catalogue import load_catalogue
from gpai_tui.catalogue.summary import load_summary_template
from gpai_tui.engine.diff import ItemChange, ValueChange, _item_change
from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.inherit import organisation_path, organisation_view, resolve
from gpai_tui.engine.results import Evaluation, pct
from gpai_tui.workbook import Workbook, WorkbookError, read_bytes
from gpai_tui.workbook.organisation import Organisation, OrganisationProfile, parse_any


@dataclass(frozen=True, slots=True)
class ModelImpact:
    """One inheriting model whose figures the change moves."""

    path: Path
    provider: str
    model: str
    completeness: tuple[float, float]
    """Overall completeness before and after (rounded with ``pct``)."""
    done: tuple[int, int]
    applicable: tuple[int, int]
    outstanding: tuple[int, int]
    overdue: tuple[int, int]
    inconsistent: tuple[int, int]


@dataclass(frozen=True, slots=True)
class OrganisationDiff:
    """The change to an organisation workbook and its effect on the models."""

    as_of: date
    identity: tuple[ValueChange, ...]
    items: tuple[ItemChange, ...]
    inheriting: int
    """How many models inherit this organisation workbook."""
    models: tuple[ModelImpact, ...]
    """The inheriting models whose figures change."""

    @property
    def changed(self) -> bool:
        """True when any value of the organisation workbook changed."""
        return bool(self.identity or self.items)


_as_workbook = organisation_view
"""The organisation's answers where every provider-level item applies (the same view
the organisation's own row is computed on)."""


def inheriting_models(org_file: Path, root: Path) -> list[tuple[Path, Workbook]]:
    """The model workbooks under ``root`` that inherit ``org_file`` (unreadable ones skipped)."""
    from gpai_tui.engine.portfolio import find_workbooks

    target = org_file.resolve()
    out: list[tuple[Path, Workbook]] = []
    for path in find_workbooks(root):
        try:
            parsed = parse_any(read_bytes(path), str(path))
            if isinstance(parsed, Organisation) or parsed.inherits is None:
                continue
            if organisation_path(path, parsed.inherits) == target:
                out.append((path, parsed))
        except WorkbookError:
            continue
    return out


def _figures(ev: Evaluation) -> tuple[float, int, int, int, int, int]:
    return (
        pct(ev.overall.completeness),
        ev.overall.done,
        ev.overall.applicable,
        len(ev.outstanding),
        ev.overdue_count,
        ev.inconsistent_count,
    )


def diff_organisations(
    old: Organisation,
    new: Organisation,
    models: Sequence[tuple[Path, Workbook]],
    as_of: date | None = None,
) -> OrganisationDiff:
    """Compare two versions of an organisation workbook and their effect on ``models``."""
    as_of = as_of or date.today()
    identity = tuple(
        ValueChange(f"organisation.{name}", name, getattr(old.organisation, name), value)
        for name in OrganisationProfile.model_fields
        if (value := getattr(new.organisation, name)) != getattr(old.organisation, name)
    ) + tuple(
        # The provider's fields of the public training summary (issue 21).
        ValueChange(
            f"training_summary.{field_id}",
            f"training summary {field_id}",
            old.training_summary.get(field_id),
            value,
        )
        for field_id in load_summary_template().provider_level_ids()
        if (value := new.training_summary.get(field_id)) != old.training_summary.get(field_id)
    )
    wb_old, wb_new = _as_workbook(old), _as_workbook(new)
    ev_old, ev_new = evaluate(wb_old, as_of), evaluate(wb_new, as_of)
    items: list[ItemChange] = []
    for item_id in load_catalogue(new.code).provider_level_ids():
        change = _item_change(
            item_id, old.get_entry(item_id), new.get_entry(item_id), ev_old, ev_new
        )
        if change is not None:
            items.append(change)
    impacts: list[ModelImpact] = []
    for path, workbook in models:
        before = _figures(evaluate(resolve(workbook, old)[0], as_of))
        after = _figures(evaluate(resolve(workbook, new)[0], as_of))
        if before != after:
            impacts.append(
                ModelImpact(
                    path,
                    workbook.model.provider,
                    workbook.model.name,
                    (before[0], after[0]),
                    (before[1], after[1]),
                    (before[2], after[2]),
                    (before[3], after[3]),
                    (before[4], after[4]),
                    (before[5], after[5]),
                )
            )
    return OrganisationDiff(as_of, identity, tuple(items), len(models), tuple(impacts))


def organisation_diff_dict(diff: OrganisationDiff, old: str, new: str) -> dict[str, Any]:
    """The organisation diff as JSON-ready data (``gpai diff --json`` on an organisation)."""
    from gpai_tui.engine.diff import _change_dict

    return {
        "schema": 1,
        "organisation": True,
        "old": old,
        "new": new,
        "as_of": diff.as_of.isoformat(),
        "changed": diff.changed,
        "identity": [_change_dict(c) for c in diff.identity],
        "items": [
            {
                "id": i.id,
                "fields": [_change_dict(c) for c in i.fields],
                "ticked": list(i.ticked),
                "unticked": list(i.unticked),
                "evidence_added": list(i.evidence_added),
                "evidence_removed": list(i.evidence_removed),
                "regressions": list(i.regressions),
            }
            for i in diff.items
        ],
        "inheriting_models": diff.inheriting,
        "models_changed": [
            {
                "path": str(m.path),
                "provider": m.provider,
                "model": m.model,
                "completeness": list(m.completeness),
                "done": list(m.done),
                "applicable": list(m.applicable),
                "outstanding": list(m.outstanding),
                "overdue": list(m.overdue),
                "inconsistent": list(m.inconsistent),
            }
            for m in diff.models
        ],
    }
