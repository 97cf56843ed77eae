"""The one JSON form of the engine's results (``status --json``, ``check``, JSON export).

:func:`group_dict`, :func:`item_dict`, :func:`outstanding_dict` and :func:`incident_dict`
are the only serialisers of a chapter, an item, an outstanding entry and an incident:
``gpai status --json`` and the JSON export (``report/export/json_.py``, schema v2) both
use them, so a measure has the same keys everywhere. The status shape is documented in
the README, the export's in ``export-v2.schema.json``. Dates are ISO strings or ``null``;
percentages use :func:`gpai_tui.engine.results.pct` so every output agrees.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gpai_tui.engine.results import (
    Evaluation,
    GroupResult,
    IncidentResult,
    ItemResult,
    OutstandingItem,
    pct,
)

SCHEMA_VERSION = 1
"""Version of the status JSON shape (``status --json``; additions keep the version)."""


def iso(value: date | None) -> str | None:
    """ISO date or ``None``."""
    return value.isoformat() if value is not None else None


def group_dict(group: GroupResult) -> dict[str, Any]:
    """A chapter, commitment or overall figure."""
    return {
        "id": group.id,
        "title": group.title,
        "applicable": group.applicable,
        "done": group.done,
        "required_checkpoints": group.required,
        "ticked_checkpoints": group.ticked,
        "completeness": pct(group.completeness),
        **({"signed": group.signed} if group.signed is not None else {}),
    }


def item_dict(item: ItemResult) -> dict[str, Any]:
    """One measure or obligation."""
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "chapter": item.chapter,
        "commitment": item.commitment,
        "articles": list(item.articles),
        "applicable": item.applicable,
        "in_scope": item.in_scope,
        "reason": item.reason,
        "status": item.status,
        "owner": item.owner,
        "target": iso(item.target),
        "last_done": iso(item.last_done),
        "completeness": pct(item.completeness),
        "required_checkpoints": item.required,
        "ticked_checkpoints": item.ticked,
        "checkpoints": [
            {
                "id": cp.id,
                "label": cp.label,
                "required": cp.required,
                "ticked": cp.ticked,
                "derived": cp.derived,
            }
            for cp in item.checkpoints
        ],
        "due": iso(item.due),
        "due_reason": item.due_reason,
        "next_due": iso(item.next_due),
        "overdue": item.overdue,
        "consistent": item.consistent,
        "issues": list(item.issues),
    }


def outstanding_dict(entry: OutstandingItem) -> dict[str, Any]:
    """One outstanding entry."""
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "due": iso(entry.due),
        "overdue": entry.overdue,
        "target": iso(entry.target),
        "owner": entry.owner,
        "status": entry.status,
        "inconsistent": entry.inconsistent,
    }


def incident_dict(incident: IncidentResult) -> dict[str, Any]:
    """One incident with its report clocks."""
    return {
        "id": incident.id,
        "title": incident.title,
        "class": incident.incident_class,
        "aware": iso(incident.aware),
        "resolved": iso(incident.resolved),
        "late": incident.late,
        "reports": [
            {
                "kind": r.kind,
                "due": iso(r.due),
                "sent": iso(r.sent),
                "late": r.late,
                "overdue": r.overdue,
                "rule": r.rule,
            }
            for r in incident.reports
        ],
    }


def evaluation_dict(evaluation: Evaluation, path: str | None = None) -> dict[str, Any]:
    """The whole evaluation of one workbook."""
    scope = evaluation.scope
    data: dict[str, Any] = {"schema": SCHEMA_VERSION}
    if path is not None:
        data["path"] = path
    data.update(
        {
            "as_of": iso(evaluation.as_of),
            "overall": pct(evaluation.overall.completeness),
            "done": evaluation.overall.done,
            "applicable": evaluation.overall.applicable,
            "overdue": evaluation.overdue_count,
            "inconsistent": evaluation.inconsistent_count,
            "conflicts": list(evaluation.conflicts),
            "scope": {
                "in_scope": scope.in_scope,
                "provider": {"applies": scope.provider.applies, "reason": scope.provider.reason},
                "gpai": {"applies": scope.gpai.applies, "reason": scope.gpai.reason},
                "systemic_risk": {
                    "applies": scope.systemic_risk.applies,
                    "reason": scope.systemic_risk.reason,
                },
                "open_source_exempt": {
                    "applies": scope.open_source_exempt.applies,
                    "reason": scope.open_source_exempt.reason,
                },
                "authorised_representative": {
                    "applies": scope.non_eu.applies,
                    "reason": scope.non_eu.reason,
                },
                "legacy": scope.legacy,
                "designated_on": iso(scope.designated_on),
                "reassessment_from": iso(scope.reassessment_from),
                "signed": sorted(scope.signed),
                "warnings": list(scope.warnings),
            },
            "chapters": [group_dict(c) for c in evaluation.chapters],
            "commitments": [group_dict(c) for c in evaluation.commitments],
            "obligations_summary": group_dict(evaluation.obligations_summary),
            "measures": [item_dict(i) for i in evaluation.items if i.kind == "measure"],
            "obligations": [item_dict(i) for i in evaluation.items if i.kind == "obligation"],
            "outstanding": [outstanding_dict(o) for o in evaluation.outstanding],
            "incidents": [incident_dict(i) for i in evaluation.incidents],
            "mdf": {
                "required": evaluation.mdf.required,
                "reason": evaluation.mdf.reason,
                "filled": evaluation.mdf.filled,
                "total": evaluation.mdf.total,
                "complete": evaluation.mdf.complete,
                "audiences": {
                    a: {"filled": f, "total": t}
                    for a, (f, t) in evaluation.mdf.per_audience.items()
                },
            },
        }
    )
    return data
