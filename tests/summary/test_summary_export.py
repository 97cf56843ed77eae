"""Public summary exports: goldens per format, and nothing outside the template leaks.

Regenerate the goldens with ``GPAI_UPDATE_GOLDENS=1`` and read the diff before committing.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.catalogue.summary import load_summary_template
from gpai_tui.engine.summary import is_filled
from gpai_tui.report.summary import FORMATS, render
from gpai_tui.report.summary.content import build
from gpai_tui.workbook import Incident, ItemEntry, Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("GPAI_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="module")
def example() -> Workbook:
    return load_workbook(EXAMPLE)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden(example: Workbook, fmt: str) -> None:
    text = render(fmt, build(example))
    path = GOLDEN / f"example.summary.{fmt}"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.read_text(encoding="utf-8") == text, f"{path.name}: GPAI_UPDATE_GOLDENS=1"


def test_json_holds_the_template_public_fields_in_order_field_by_field(example: Workbook) -> None:
    data = json.loads(render("json", build(example)))
    template = load_summary_template()
    public = [f for f in template.fields() if f.public and template.part_of(f.id).number > 0]
    exported = [
        field
        for part in data["parts"]
        for section in part["sections"]
        for field in section["fields"]
    ]
    ids = [f["id"] for f in exported]
    assert ids == [f.id for f in public if f.id in ids], "template order"
    for field in exported:
        spec = template.field(field["id"])
        assert spec is not None and spec.public, field["id"]
        assert field["label"] == spec.label
        assert set(field) == {"id", "label", "applicable", "value"}
    # Every filled public field is exported; the private method record is not.
    for spec in public:
        if is_filled(example.training_summary.get(spec.id)):
            assert spec.id in ids, spec.id
    assert "top-domains-method" not in ids
    sections = [(s["number"], s["title"]) for p in data["parts"] for s in p["sections"]]
    expected = [(s.number, s.title) for p in template.parts[1:] for s in p.sections]
    assert sections == expected
    assert set(data) == {"schema", "title", "template", "header", "parts"}
    assert data["header"]["version"] == example.training_summary["summary-version"]


CANARY = "CANARY{}"


def _planted(example: Workbook) -> tuple[Workbook, list[str]]:
    """The example with a unique marker in every place outside the public summary."""
    wb = example.model_copy(deep=True)
    marks: list[str] = []

    def mark() -> str:
        marks.append(CANARY.format(len(marks)))
        return marks[-1]

    wb.model.gpai_reason = mark()
    wb.model.version = mark()
    wb.measures = {
        k: ItemEntry(status=v.status, owner=mark(), notes=mark(), evidence=[mark()])
        for k, v in wb.measures.items()
    }
    wb.obligations = {k: ItemEntry(owner=mark(), notes=mark()) for k in wb.obligations}
    wb.mdf = {k: mark() for k in wb.mdf if isinstance(wb.mdf[k], str)}
    wb.incidents = {
        "INC-1": Incident(
            incident_class="death", title=mark(), aware=date(2026, 1, 1), notes=mark()
        )
    }
    wb.training_summary = {**wb.training_summary, "top-domains-method": mark()}
    return wb, marks


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_nothing_outside_the_template_leaks(example: Workbook, fmt: str) -> None:
    wb, marks = _planted(example)
    text = render(fmt, build(wb))
    leaked = [m for m in marks if m in text]
    assert not leaked
    assert "CANARY" not in text
    # ... while every public value of the summary is there.
    assert "AuroraBot/3.2" in text and "europa.eu" in text


def test_earlier_versions_from_git_and_links(example: Workbook) -> None:
    doc = build(example, [("1.0", date(2026, 4, 2)), ("1.1", date(2026, 10, 15))])
    assert [(e.version, e.updated) for e in doc.earlier] == [("1.0", date(2026, 4, 2))]
    assert doc.earlier[0].link == "https://aurora.example/legal/training-summary/aurora-2-v1.0"
    html = render("html", doc)
    assert "Version 1.0 (2026-04-02)" in html


def test_hostile_text_is_inert_in_every_format(example: Workbook) -> None:
    from tests.export.exportkit import HOSTILE

    wb = example.model_copy(deep=True)
    values = dict(wb.training_summary)
    for field in load_summary_template().fields():
        if field.type == "text":
            values[field.id] = HOSTILE
    values["public-datasets-large"] = {HOSTILE: "javascript:alert(1)"}
    values["crawlers"] = ["<script>alert(1)</script>"]
    wb.training_summary = values
    doc = build(wb)
    html = render("html", doc)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html and "\x1b" not in html and "\x00" not in html
    md = render("md", doc)
    assert "<script>" not in md and "\\[bold\\]" in md and "\x1b" not in md
    data = json.loads(render("json", doc))
    crawlers = [
        f["value"]
        for p in data["parts"]
        for s in p["sections"]
        for f in s["fields"]
        if f["id"] == "crawlers"
    ]
    assert crawlers == [["<script>alert(1)</script>"]]  # JSON keeps text exact
