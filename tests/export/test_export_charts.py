"""Inline SVG charts in the HTML exports: valid SVG, nothing that loads or runs, a text
alternative, and the engine's numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate, pct
from gpai_tui.engine.mdf import is_filled, sections_for
from gpai_tui.report.export import EXPORT_AUDIENCES, HistoryDot, export_text
from gpai_tui.report.export.charts import MILESTONES
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF

SVG = "{http://www.w3.org/2000/svg}"


def svgs(page: str) -> dict[str, ET.Element]:
    """Every chart of a page, parsed as XML, by figure id."""
    out = {}
    for fig_id, body in re.findall(
        r'<figure class="chart" id="([^"]+)">\n(<svg.*?</svg>)', page, re.S
    ):
        out[fig_id] = ET.fromstring(body)
    assert page.count("<svg") == len(out)
    return out


def bars(svg: ET.Element) -> dict[str, tuple[float | None, float | None]]:
    """Bar id -> (data-value, drawn width as a share of 300 px, in percent)."""
    out = {}
    for g in svg.iter(f"{SVG}g"):
        if g.get("class") == "bar":
            fill = [r for r in g.iter(f"{SVG}rect") if r.get("class") == "fill"]
            value = g.get("data-value")
            width = float(fill[0].get("width")) / 300 * 100 if fill else None
            out[g.get("data-id")] = (float(value) if value else None, width)
    return out


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
def test_charts_are_inline_valid_svg_with_text_alternatives(
    example: Workbook, audience: str
) -> None:
    page = export_text(example, "html", audience, as_of=AS_OF)  # type: ignore[arg-type]
    charts = svgs(page)
    assert charts, audience
    assert "default-src 'none'" in page and "script-src 'none'" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    for fig_id, svg in charts.items():
        assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        for element in svg.iter():
            assert not element.tag.endswith("script") and not element.tag.endswith("image")
            assert not any("href" in k for k in element.attrib), fig_id
        figure = page.split(f'id="{fig_id}"', 1)[1].split("</figure>", 1)[0]
        assert "<figcaption>" in figure


def test_chapter_bars_are_the_engines_figures(example: Workbook) -> None:
    ev = evaluate(example, AS_OF)
    for audience in ("internal", "public"):
        page = export_text(example, "html", audience, as_of=AS_OF)  # type: ignore[arg-type]
        drawn = bars(svgs(page)["chart-chapters"])
        assert list(drawn) == [c.id for c in ev.chapters]
        for chapter in ev.chapters:
            value, width = drawn[chapter.id]
            assert value == pct(chapter.completeness)
            assert width == pytest.approx(value, abs=0.05)
            assert f"{chapter.title}: {value:.1f}%" in page  # the caption says the same


def test_pack_bars_count_the_packs_fields(example: Workbook) -> None:
    catalogue = load_catalogue(example.code)
    for audience in ("aio", "nca", "dp"):
        page = export_text(example, "html", audience, as_of=AS_OF)  # type: ignore[arg-type]
        drawn = bars(svgs(page)["chart-sections"])
        for section, fields in sections_for(catalogue, audience):
            filled = sum(is_filled(example.mdf.get(f.id)) for f in fields)
            assert drawn[section.id][0] == pct(100 * filled / len(fields))


def test_history_chart_points_and_milestones(example: Workbook) -> None:
    dots = (
        HistoryDot("a" * 40, AS_OF.replace(month=1), 12.5),
        HistoryDot("b" * 40, AS_OF.replace(month=6), 40.0),
        HistoryDot("c" * 40, AS_OF, 77.2),
    )
    page = export_text(example, "html", as_of=AS_OF, history=dots)
    svg = svgs(page)["chart-history"]
    points = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "point"]
    got = [(c.get("data-commit"), c.get("data-date"), float(c.get("data-value"))) for c in points]
    assert got == [(d.commit, d.day.isoformat(), d.overall) for d in dots]
    xs = [float(c.get("cx")) for c in points]
    assert xs == sorted(xs)
    marks = [g.get("data-date") for g in svg.iter(f"{SVG}g") if g.get("class") == "milestone"]
    assert (
        marks
        == [m.isoformat() for m, _ in MILESTONES]
        == ["2025-08-02", "2026-08-02", "2027-08-02"]
    )
    assert "chart-history" not in export_text(example, "html", as_of=AS_OF)
    for audience in ("public", "dp"):  # never outside the internal report
        assert "chart-history" not in export_text(
            example, "html", audience, as_of=AS_OF, history=dots
        )  # type: ignore[arg-type]
