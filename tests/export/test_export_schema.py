"""Every JSON export validates against the shipped JSON Schema (draft 2020-12)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import jsonschema
import pytest

from gpai_tui.report.export import EXPORT_AUDIENCES, GitInfo, export_text
from gpai_tui.report.export.content import SCHEMA_VERSION
from gpai_tui.report.export.json_ import SCHEMA_FILE, schema_text
from gpai_tui.workbook import ModelProfile, Workbook, new_workbook
from tests.export.exportkit import AS_OF, FIXED_GIT, hostile_workbook

SCHEMA: dict[str, Any] = json.loads(schema_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def validate(data: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert f"export-v{SCHEMA_VERSION}.schema.json" == SCHEMA_FILE
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def exempt_workbook() -> Workbook:
    return new_workbook(
        ModelProfile(
            provider="Open Lab",
            name="Open-1",
            training_compute_flop=2e24,
            open_source=True,
            established_in_eu=False,
        )
    )


WORKBOOKS = {
    "example": None,
    "hostile": hostile_workbook,
    "exempt": exempt_workbook,
    "empty": lambda: new_workbook(ModelProfile(provider="P", name="M")),
}


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
@pytest.mark.parametrize("which", list(WORKBOOKS))
def test_exports_validate(example: Workbook, which: str, audience: str) -> None:
    make = WORKBOOKS[which]
    workbook = example if make is None else make()
    for git in (None, FIXED_GIT, GitInfo("f" * 40, "modified")):
        text = export_text(workbook, "json", audience, as_of=AS_OF, git=git)  # type: ignore[arg-type]
        errors = validate(json.loads(text))
        assert not errors, "\n".join(errors[:10])


def test_schema_rejects_what_it_should(example: Workbook) -> None:
    good = json.loads(export_text(example, "json", "internal", as_of=AS_OF))
    assert not validate(good)
    cases = []
    bad = json.loads(json.dumps(good))
    bad["report"]["chapters"][0]["surprise"] = 1
    cases.append(bad)
    bad = json.loads(json.dumps(good))
    bad["public"] = {"status": {}, "topics": []}
    cases.append(bad)
    bad = json.loads(json.dumps(good))
    bad["mdf"]["sections"][0]["fields"][0]["value"] = 3
    cases.append(bad)
    bad = json.loads(json.dumps(good))
    bad["as_of"] = "15/11/2026"
    cases.append(bad)
    bad = json.loads(json.dumps(good))
    del bad["report"]
    cases.append(bad)
    for case in cases:
        assert validate(case), case.keys()
    pack = json.loads(export_text(example, "json", "dp", as_of=AS_OF))
    pack["mdf"]["per_audience"] = good["mdf"]["per_audience"]
    assert validate(pack)


def test_as_of_is_the_only_date_of_the_run(example: Workbook) -> None:
    data = json.loads(export_text(example, "json", "internal", as_of=date(2030, 1, 2)))
    assert data["as_of"] == "2030-01-02"
