"""CISO Assistant: the library YAML passes the checks their loader makes, and the audit
CSV round-trips through a parser written from their importer (see ciso_checks.py)."""

from __future__ import annotations

import copy
from datetime import date

import yaml
from click.testing import CliRunner

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import cli
from gpai_tui.engine import evaluate
from gpai_tui.report.export import catalogue_bytes, export_bytes
from gpai_tui.report.export.ciso import _observations, audit_values, node_urn
from gpai_tui.report.export.content import build_document
from gpai_tui.report.export.csv_ import cell
from gpai_tui.workbook import Workbook
from tests.export.ciso_checks import check_library, read_audit, reconcile
from tests.export.exportkit import AS_OF
from tests.export.test_export_xlsx import payload_workbook


def _library() -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(catalogue_bytes(load_catalogue(), "ciso-library"))
    assert isinstance(data, dict)
    return data


def test_library_loads_as_their_loader_requires() -> None:
    data = _library()
    assert check_library(data) == []
    assert data["publication_date"] == date(2025, 7, 10)
    nodes = data["objects"]["framework"]["requirement_nodes"]
    cat = load_catalogue()
    assessable = [n["ref_id"] for n in nodes if n["assessable"]]
    assert assessable == [m.id for m in cat.measures()] + [o.id for o in cat.obligations]
    by_ref = {n["ref_id"]: n for n in nodes}
    for chapter in cat.chapters:
        assert by_ref[chapter.prefix]["depth"] == 1
        for commitment in chapter.commitments:
            assert by_ref[commitment.id]["parent_urn"] == by_ref[chapter.prefix]["urn"]
            for m in commitment.measures:
                node = by_ref[m.id]
                assert node["depth"] == 3 and node["parent_urn"] == by_ref[commitment.id]["urn"]
                for cp in m.checkpoints:
                    assert cp.label in node["description"]
                for article in m.articles:
                    assert article in node["annotation"]
                expected = "systemic-risk" if m.applies == "systemic-risk" else "all"
                assert node["implementation_groups"] == [expected]
    assert by_ref["art-54-authorised-representative"]["implementation_groups"] == ["non-eu"]


def test_checker_refuses_what_their_loader_refuses() -> None:
    good = _library()
    for breaks in (
        lambda d: d.pop("version"),
        lambda d: d.__setitem__("urn", "urn:bad urn"),
        lambda d: d["objects"]["framework"].pop("ref_id"),
        lambda d: d["objects"]["framework"]["requirement_nodes"][1].__setitem__(
            "parent_urn", "urn:x:risk:req_node:nowhere:1"
        ),
        lambda d: d["objects"]["framework"]["requirement_nodes"][5].__setitem__(
            "implementation_groups", ["ig9"]
        ),
    ):
        bad = copy.deepcopy(good)
        breaks(bad)
        assert check_library(bad), breaks


def _round_trip(workbook: Workbook) -> None:
    data = export_bytes(workbook, "ciso-audit", as_of=AS_OF)
    nodes = _library()["objects"]["framework"]["requirement_nodes"]
    updates = reconcile(read_audit(data), nodes)
    ev = evaluate(workbook, AS_OF)
    doc = build_document(workbook, as_of=AS_OF, evaluation=ev)
    assert doc.report is not None
    items = [i for c in doc.report.chapters for cm in c.commitments for i in cm.items]
    items += list(doc.report.obligations)
    assert set(updates) == {n["urn"] for n in nodes if n["assessable"]}
    for item in items:
        result, progress = audit_values(item.result)
        update = updates[node_urn(workbook.code, item.result.id)]
        assert update == {
            "result": result,
            "status": progress,
            "observation": cell(_observations(item, AS_OF.isoformat())),
        }


def test_audit_round_trips_through_their_importer(example: Workbook) -> None:
    _round_trip(example)
    _round_trip(payload_workbook())  # quotes, separators, newlines and formulas in notes


def test_status_mapping(example: Workbook) -> None:
    ev = evaluate(example, AS_OF)
    seen = {audit_values(i) for i in ev.items}
    assert ("not_applicable", "done") in seen and ("compliant", "done") in seen
    for item in ev.items:
        result, _ = audit_values(item)
        assert (result == "not_applicable") == (not item.applicable)
        assert (result == "compliant") == (
            item.applicable and item.status == "done" and item.consistent
        )


def test_catalogue_cli_writes_the_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "gpai.yaml"
    result = CliRunner().invoke(cli, ["catalogue", "--format", "ciso-library", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert check_library(yaml.safe_load(out.read_bytes())) == []
