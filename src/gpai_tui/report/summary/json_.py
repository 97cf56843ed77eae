"""The public training summary as JSON: template order, public fields only."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from gpai_tui.report.summary.content import SummaryDoc
from gpai_tui.text import safe_json

SCHEMA = "gpai-training-summary/1"


def _value(doc: SummaryDoc, field_type: str, value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if field_type == "size-bands" and isinstance(value, dict):
        return {m: {"band": b, "label": doc.template.bin_label(b) or b} for m, b in value.items()}
    return value


def render(doc: SummaryDoc) -> str:
    """The document as indented JSON."""
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "title": doc.title,
        "template": doc.template_version,
        "header": {
            "version": doc.version,
            "last_updated": doc.last_updated.isoformat() if doc.last_updated else None,
            "earlier_versions": [
                {
                    "version": e.version,
                    "last_updated": e.updated.isoformat() if e.updated else None,
                    "link": e.link,
                }
                for e in doc.earlier
            ],
        },
        "parts": [
            {
                "number": part.number,
                "title": part.title,
                "sections": [
                    {
                        "number": section.number,
                        "title": section.title,
                        "fields": [
                            {
                                "id": f.id,
                                "label": f.label,
                                "applicable": f.applicable,
                                "value": _value(doc, f.type, f.value),
                                **({"origin": f.origin} if f.origin != "own" else {}),
                            }
                            for f in section.fields
                        ],
                    }
                    for section in part.sections
                ],
            }
            for part in doc.parts
        ],
    }
    return safe_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
