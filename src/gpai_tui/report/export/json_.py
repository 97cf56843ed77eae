"""JSON export, following the versioned schema ``schema/export-v2.schema.json``.

Measures, obligations, chapters, outstanding entries and incidents are written by
:mod:`gpai_tui.engine.serialize`, the same functions as ``gpai status --json``; this
module adds the document around them and the officer's records (evidence, notes).

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

from gpai_tui.engine import IncidentResult
from gpai_tui.engine.serialize import group_dict, incident_dict, item_dict, outstanding_dict
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

SCHEMA_FILE = "export-v2.schema.json"
"""The JSON Schema (draft 2020-12) every JSON export validates against."""

FORMAT_NAME = "gpai-tui-export"
"""The ``format`` value that identifies an export document."""


def schema_text() -> str:
    """The JSON Schema of the export, as shipped in the package."""
    path = resources.files("gpai_tui.report.export") / "schema" / SCHEMA_FILE
    return path.read_text(encoding="utf-8")


def _item(doc: ItemDoc) -> dict[str, Any]:
    """The engine's item (:func:`item_dict`, as ``status --json``) plus the officer's records."""
    return {
        **item_dict(doc.result),
        "evidence": list(doc.evidence),
        "notes": doc.notes,
        "justification": doc.justification,
        **({"origin": doc.origin} if doc.origin != "own" else {}),
        **({"alternative": doc.alternative} if doc.alternative else {}),
    }


def _incident(i: IncidentResult, notes: str | None) -> dict[str, Any]:
    return {**incident_dict(i), "notes": notes}


def _report(report: ReportDoc) -> dict[str, Any]:
    return {
        "profile": {row.key: row.value for row in report.profile},
        **(
            {
                "provider": {
                    **{r.key: r.value for r in report.provider if r.key != "disagreement"},
                    "disagreements": [r.value for r in report.provider if r.key == "disagreement"],
                }
            }
            if report.provider
            else {}
        ),
        "scope": {
            "in_scope": report.in_scope,
            "decisions": [
                {"id": s.id, "question": s.question, "applies": s.applies, "reason": s.reason}
                for s in report.scope
            ],
            "warnings": list(report.warnings),
        },
        "overall": group_dict(report.overall),
        "obligations_summary": group_dict(report.obligations_summary),
        "counts": {
            "outstanding": len(report.outstanding),
            "overdue": report.overdue,
            "inconsistent": len(report.inconsistent),
            "conflicts": len(report.conflicts),
        },
        "chapters": [
            {
                **group_dict(c.group),
                "applies": c.applies,
                "reason": c.reason,
                "commitments": [
                    {**group_dict(cm.group), "measures": [_item(i) for i in cm.items]}
                    for cm in c.commitments
                ],
            }
            for c in report.chapters
        ],
        "obligations": [_item(i) for i in report.obligations],
        "outstanding": [outstanding_dict(o) for o in report.outstanding],
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
    """The export as JSON-ready data (the shape of ``export-v2.schema.json``)."""
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
