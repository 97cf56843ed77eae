"""One JSON form: a measure in ``gpai status --json`` and in the JSON export (schema v2)
is the same object, the export adding only the officer's records."""

from __future__ import annotations

import json

from gpai_tui.engine import evaluate, evaluation_dict
from gpai_tui.report.export import export_text
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF


def test_status_and_export_items_are_one_form(example: Workbook) -> None:
    status = evaluation_dict(evaluate(example, AS_OF))
    export = json.loads(export_text(example, "json", as_of=AS_OF))["report"]
    exported = {
        m["id"]: m for c in export["chapters"] for cm in c["commitments"] for m in cm["measures"]
    }
    exported.update({o["id"]: o for o in export["obligations"]})
    items = status["measures"] + status["obligations"]
    assert len(items) == len(exported)
    for item in items:
        other = dict(exported[item["id"]])
        assert {k: other.pop(k) for k in ("evidence", "notes", "justification")}
        assert other == item
    assert export["outstanding"] == status["outstanding"]
    incidents = [{k: v for k, v in i.items() if k != "notes"} for i in export["incidents"]]
    assert incidents == status["incidents"] and incidents
    assert [c["completeness"] for c in export["chapters"]] == [
        c["completeness"] for c in status["chapters"]
    ]
