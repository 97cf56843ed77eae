"""JSON export, following the versioned schema ``schema/export-v1.schema.json``.

Strings are kept exactly as in the workbook: JSON's own escapes make them inert.
``json.dumps`` already escapes C0 controls (NUL, ESC, ...); we also escape DEL, the
C1 controls, bidirectional overrides, zero-width characters and the Unicode line
separators as ``\\uXXXX``, so that printing the file on a terminal can never act on it,
while ``json.loads`` gives back the original text. Other non-ASCII text stays
readable UTF-8.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from gpai_tui.engine import GroupResult, IncidentResult, ItemResult, OutstandingItem, pct
from gpai_tui.engine.serialize import iso
from gpai_tui.report.export.content import (
    SCHEMA_VERSION,
    ExportDocument,
    ItemDoc,
    MdfDoc,
    PublicDoc,
    PublicMeasure,
    ReportDoc,
)
from gpai_tui.text import safe_json

SCHEMA_FILE = "export-v1.schema.json"
"""The JSON Schema (draft 2020-12) every JSON export validates against."""

FORMAT_NAME = "gpai-tui-export"
"""The ``format`` value that identifies an export document."""


def schema_text() -> str:
    """The JSON Schema of the export, as shipped in the package."""
    path = resources.files("gpai_tui.report.export") / "schema" / SCHEMA_FILE
    return path.read_text(encoding="utf-8")


def _group(group: GroupResult) -> dict[str, Any]:
    return {
        "id": group.id,
        "title": group.title,
        "applicable": group.applicable,
        "done": group.done,
        "required_checkpoints": group.required,
        "ticked_checkpoints": group.ticked,
        "completeness": pct(group.completeness),
    }


def _item(doc: ItemDoc) -> dict[str, Any]:
    r: ItemResult = doc.result
    return {
        "id": r.id,
        "kind": r.kind,
        "title": r.title,
        "articles": list(r.articles),
        "in_scope": r.in_scope,
        "applicable": r.applicable,
        "reason": r.reason,
        "status": r.status,
        "owner": r.owner,
        "target": iso(r.target),
        "last_done": iso(r.last_done),
        "due": iso(r.due),
        "due_reason": r.due_reason,
        "next_due": iso(r.next_due),
        "overdue": r.overdue,
        "completeness": pct(r.completeness),
        "required_checkpoints": r.required,
        "ticked_checkpoints": r.ticked,
        "checkpoints": [
            {
                "id": cp.id,
                "label": cp.label,
                "required": cp.required,
                "ticked": cp.ticked,
                "derived": cp.derived,
            }
            for cp in r.checkpoints
        ],
        "evidence": list(doc.evidence),
        "notes": doc.notes,
        "justification": doc.justification,
        "issues": list(r.issues),
        **({"origin": doc.origin} if doc.origin != "own" else {}),
    }


def _outstanding(o: OutstandingItem) -> dict[str, Any]:
    return {
        "id": o.id,
        "kind": o.kind,
        "title": o.title,
        "due": iso(o.due),
        "overdue": o.overdue,
        "target": iso(o.target),
        "owner": o.owner,
        "status": o.status,
    }


def _incident(i: IncidentResult, notes: str | None) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "class": i.incident_class,
        "aware": iso(i.aware),
        "resolved": iso(i.resolved),
        "late": i.late,
        "notes": notes,
        "reports": [
            {
                "kind": r.kind,
                "due": iso(r.due),
                "sent": iso(r.sent),
                "late": r.late,
                "overdue": r.overdue,
                "rule": r.rule,
            }
            for r in i.reports
        ],
    }


def _report(report: ReportDoc) -> dict[str, Any]:
    return {
        "profile": {row.key: row.value for row in report.profile},
        "scope": {
            "in_scope": report.in_scope,
            "decisions": [
                {"id": s.id, "question": s.question, "applies": s.applies, "reason": s.reason}
                for s in report.scope
            ],
            "warnings": list(report.warnings),
        },
        "overall": _group(report.overall),
        "obligations_summary": _group(report.obligations_summary),
        "counts": {
            "outstanding": len(report.outstanding),
            "overdue": report.overdue,
            "inconsistent": len(report.inconsistent),
            "conflicts": len(report.conflicts),
        },
        "chapters": [
            {
                **_group(c.group),
                "applies": c.applies,
                "reason": c.reason,
                "commitments": [
                    {**_group(cm.group), "measures": [_item(i) for i in cm.items]}
                    for cm in c.commitments
                ],
            }
            for c in report.chapters
        ],
        "obligations": [_item(i) for i in report.obligations],
        "outstanding": [_outstanding(o) for o in report.outstanding],
        "incidents": [_incident(i.result, i.notes) for i in report.incidents],
        "conflicts": list(report.conflicts),
    }


def _mdf(mdf: MdfDoc) -> dict[str, Any]:
    out: dict[str, Any] = {
        "audience": mdf.audience,
        "required": mdf.required,
        "reason": mdf.reason,
        "filled": mdf.filled,
        "total": mdf.total,
        "complete": mdf.complete,
    }
    if mdf.audience is None:
        out["per_audience"] = {a: {"filled": f, "total": t} for a, f, t in mdf.per_audience}
    out["sections"] = [
        {
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "fields": [
                {
                    "id": f.id,
                    "name": f.name,
                    "audiences": list(f.audiences),
                    "basis": f.basis,
                    "unverified": f.unverified,
                    "repeats": f.repeats,
                    "filled": f.filled,
                    "value": dict(f.value) if isinstance(f.value, dict) else f.value,
                }
                for f in s.fields
            ],
        }
        for s in mdf.sections
    ]
    return out


def _public_measure(m: PublicMeasure) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "applies": m.applies,
        "status": m.status,
        "in_place": list(m.in_place),
        "published": m.published,
        "links": list(m.links),
    }


def _public(public: PublicDoc) -> dict[str, Any]:
    def chapter(c: Any) -> dict[str, Any]:
        return {
            "id": c.id,
            "title": c.title,
            "applies": c.applies,
            "done": c.done,
            "applicable": c.applicable,
            "completeness": c.completeness,
        }

    return {
        "status": {
            "overall": chapter(public.overall),
            "chapters": [chapter(c) for c in public.chapters],
        },
        "topics": [
            {
                "id": t.id,
                "title": t.title,
                "intro": t.intro,
                "measures": [_public_measure(m) for m in t.measures],
            }
            for t in public.topics
        ],
    }


def document_dict(doc: ExportDocument) -> dict[str, Any]:
    """The export as JSON-ready data (the shape of ``export-v1.schema.json``)."""
    p = doc.provenance
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "audience": doc.audience,
        "title": doc.title,
        "generator": p.generator,
        "as_of": p.as_of.isoformat(),
        "code": p.code,
        "source": {
            "file": p.source if doc.audience != "public" else None,
            "git": None if p.git is None else {"commit": p.git.commit, "state": p.git.state},
        },
        "model": {
            "provider": doc.model.provider,
            "name": doc.model.name,
            "version": doc.model.version,
        },
    }
    if doc.report is not None:
        data["report"] = _report(doc.report)
    if doc.mdf is not None:
        data["mdf"] = _mdf(doc.mdf)
    if doc.public is not None:
        data["public"] = _public(doc.public)
    return data


def render(doc: ExportDocument) -> str:
    """The JSON text of ``doc`` (two-space indent, one final newline)."""
    text = json.dumps(document_dict(doc), indent=2, ensure_ascii=False, allow_nan=False)
    # Non-ASCII characters only ever occur inside JSON strings, so escaping them is exact.
    return safe_json(text) + "\n"
