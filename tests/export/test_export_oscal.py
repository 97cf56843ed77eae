"""OSCAL: the catalog and the assessment results validate against NIST's OSCAL 1.1.3 JSON
schemas (tests/export/oscal/), and say what the engine says."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate
from gpai_tui.report.export import catalogue_bytes, export_bytes
from gpai_tui.report.export.oscal import control_id, satisfied
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF, FIXED_GIT
from tests.export.test_export_xlsx import payload_workbook

SCHEMAS = Path(__file__).parent / "oscal"


@cache
def validator(model: str) -> Any:
    text = (SCHEMAS / f"oscal_{model}_schema.json").read_text(encoding="utf-8")
    # The schemas use \p{L} and \p{N} (XML Schema regexes); Python's re spells the same
    # classes [^\W\d_] (letters) and \d (Unicode digits).
    text = text.replace("\\\\p{L}", "[^\\\\W\\\\d_]").replace("\\\\p{N}", "\\\\d")
    schema = json.loads(text)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(model: str, data: Any) -> list[str]:
    found = validator(model).iter_errors(data)
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in found]


def test_catalog_validates_and_holds_every_item() -> None:
    cat = load_catalogue()
    data = json.loads(catalogue_bytes(cat, "oscal"))
    assert errors("catalog", data) == []
    controls = {}

    def walk(group: dict[str, Any]) -> None:
        for c in group.get("controls", []):
            controls[c["id"]] = c
        for g in group.get("groups", []):
            walk(g)

    for g in data["catalog"]["groups"]:
        walk(g)
    items = [*cat.measures(), *cat.obligations]
    assert list(controls) == [control_id(i.id) for i in items]
    for item in items:
        control = controls[control_id(item.id)]
        objectives = [p for p in control["parts"] if p["name"] == "assessment-objective"]
        assert [p["prose"] for p in objectives] == [cp.label for cp in item.checkpoints]
        articles = [p["value"] for p in control["props"] if p["name"] == "article"]
        assert articles == list(item.articles)


def test_schema_check_can_fail() -> None:
    data = json.loads(catalogue_bytes(load_catalogue(), "oscal"))
    data["catalog"]["groups"][0]["groups"][0]["controls"][0]["id"] = "1 bad id"
    assert errors("catalog", data)


@pytest.mark.parametrize("which", ["example", "payloads"])
def test_assessment_results_validate_and_match_the_engine(example: Workbook, which: str) -> None:
    workbook = example if which == "example" else payload_workbook()
    data = json.loads(export_bytes(workbook, "oscal", as_of=AS_OF, git=FIXED_GIT))
    assert errors("assessment-results", data) == []
    result = data["assessment-results"]["results"][0]
    ev = evaluate(workbook, AS_OF)
    applicable = [i for i in ev.items if i.applicable]
    findings = {f["target"]["target-id"]: f for f in result["findings"]}
    assert list(findings) == [f"{control_id(i.id)}_smt" for i in applicable]
    observations = {o["uuid"]: o for o in result["observations"]}
    for item in applicable:
        finding = findings[f"{control_id(item.id)}_smt"]
        state = finding["target"]["status"]["state"]
        assert state == ("satisfied" if satisfied(item) else "not-satisfied")
        (link,) = finding["related-observations"]
        observation = observations[link["observation-uuid"]]
        entry = workbook.get_entry(item.id)
        shown = [e["description"] for e in observation.get("relevant-evidence", [])]
        assert len(shown) == len(entry.evidence)
    if which == "example":
        states = {f["target"]["status"]["state"] for f in findings.values()}
        assert states == {"satisfied", "not-satisfied"}
        again = export_bytes(example, "oscal", as_of=AS_OF, git=FIXED_GIT)
        assert again == export_bytes(example, "oscal", as_of=AS_OF, git=FIXED_GIT)
