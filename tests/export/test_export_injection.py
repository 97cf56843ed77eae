"""Hostile text in names, notes, evidence, owners, incidents and MDF values is inert in
every format and every audience.

Payloads: ``<script>``, ``[bold]x[/]``, ``a|b``, ``=cmd|' /C calc'!A0``, a NUL byte and an
ANSI escape. Markdown is rendered with a CommonMark parser (tables and strikethrough on,
as on git forges); HTML is parsed; CSV is read back with :mod:`csv`; JSON is loaded.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from gpai_tui.report.export import EXPORT_AUDIENCES, export_text
from gpai_tui.report.export.csv_ import cell
from gpai_tui.report.export.markdown import md
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF, HOSTILE, PAYLOADS

RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters that must never reach md, html or csv output raw."""

VISIBLE = ("nul\\x00byte", "\\x1b[31mred")
"""How the NUL and ANSI payloads are shown (made visible, not removed)."""

FORGE = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
"""A git-forge-like Markdown renderer, raw HTML allowed (as GitHub allows some)."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> _Collector:
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser


def assert_html_inert(text: str, allowed: set[str]) -> str:
    """No script, no event handler, no unknown tag; returns the visible text."""
    assert "<script" not in text.lower()
    parsed = parse_html(text)
    for tag, attrs in parsed.tags:
        assert tag in allowed, f"unexpected <{tag}>"
        for name, value in attrs:
            assert not name.lower().startswith("on"), name
            if name == "href":
                assert value is not None and re.match(r"https?://", value), value
    return "".join(parsed.text)


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
def test_markdown_is_inert(hostile: Workbook, audience: str) -> None:
    text = export_text(hostile, "md", audience, as_of=AS_OF)  # type: ignore[arg-type]
    assert not RAW_CONTROLS.search(text)
    assert "<script>" not in text
    html = FORGE.render(text)
    visible = assert_html_inert(
        html,
        {
            "h1",
            "h2",
            "h3",
            "h4",
            "p",
            "strong",
            "em",
            "ul",
            "li",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "br",
            "blockquote",
            "input",
        },
    )
    # The forge shows the payloads literally.
    if audience != "public":
        for payload in ("<script>alert(1)</script>", "[bold]x[/]", "a|b", *VISIBLE):
            assert payload in visible, payload
        assert "=cmd|' /C calc'!A0" in visible
    # Table rows keep their column count: `|` and newlines never split a cell.
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        heads = len(re.findall(r"<th[ >]", table))
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert len(re.findall(r"<td[ >]", row)) == heads


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
def test_html_is_inert(hostile: Workbook, audience: str) -> None:
    text = export_text(hostile, "html", audience, as_of=AS_OF)  # type: ignore[arg-type]
    assert not RAW_CONTROLS.search(text)
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "footer",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
        "strong",
        "ul",
        "li",
        "div",
        "blockquote",
        "a",
        "br",
        # the inline SVG charts (report/export/charts.py): drawn from our figures only
        *("figure", "figcaption", "svg", "desc", "g", "line", "rect", "text", "polyline"),
        "circle",
    }
    visible = assert_html_inert(text, allowed)
    if audience != "public":
        for payload in ("<script>alert(1)</script>", "[bold]x[/]", "a|b", *VISIBLE):
            assert payload in visible, payload
    # No external resource, no script source, a policy that forbids scripts.
    assert "script-src 'none'" in text
    assert not re.search(r"\b(src|srcset)=", text)


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
def test_csv_is_inert(hostile: Workbook, audience: str) -> None:
    text = export_text(hostile, "csv", audience, as_of=AS_OF)  # type: ignore[arg-type]
    assert text.startswith("\ufeff")
    assert not RAW_CONTROLS.search(text.replace("\ufeff", "", 1))
    rows = list(csv.reader(io.StringIO(text[1:])))
    width = len(rows[0])
    seen = []
    for row in rows:
        assert len(row) == width
        for value in row:
            assert not value.lstrip(" \n").startswith(("=", "+", "-", "@", "\t", "\r")), value
            seen.append(value)
    if audience != "public":
        joined = "\n".join(seen)
        assert "'=cmd|' /C calc'!A0" in joined
        for payload in ("<script>alert(1)</script>", "[bold]x[/]", "a|b", *VISIBLE):
            assert payload in joined, payload


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
def test_json_keeps_text_exact_and_inert(hostile: Workbook, audience: str) -> None:
    text = export_text(hostile, "json", audience, as_of=AS_OF)  # type: ignore[arg-type]
    # Only the newlines of the indentation are raw; every other control is a JSON escape.
    assert not RAW_CONTROLS.search(text)
    assert "\\u0000" in text and "\\u001b" in text
    data = json.loads(text)
    if audience == "internal":
        item = data["report"]["chapters"][0]["commitments"][0]["measures"][0]
        assert item["notes"] == HOSTILE
        assert item["evidence"][: len(PAYLOADS)] == list(PAYLOADS)
        assert data["report"]["incidents"][0]["notes"] == HOSTILE
    if audience in ("internal", "aio", "nca", "dp"):
        values = [f["value"] for s in data["mdf"]["sections"] for f in s["fields"]]
        assert any(isinstance(v, str) and v.startswith(HOSTILE) for v in values)
        tables = [v for v in values if isinstance(v, dict)]
        if tables:
            assert set(tables[0]) == set(PAYLOADS)
    assert data["model"]["name"] == "[bold]x[/] a|b \x1b[31mred"


def test_json_escapes_c1_and_bidi(example: Workbook) -> None:
    wb = example.model_copy(deep=True)
    wb.entry("TR-1.1").notes = "csi\x9b31m bidi\u202eevil line\u2028sep"
    text = export_text(wb, "json", "internal", as_of=AS_OF)
    assert "\x9b" not in text and "\u202e" not in text and "\u2028" not in text
    assert "\\u009b" in text and "\\u202e" in text and "\\u2028" in text
    notes = json.loads(text)["report"]["chapters"][0]["commitments"][0]["measures"][0]["notes"]
    assert notes == "csi\x9b31m bidi\u202eevil line\u2028sep"


def test_public_pack_never_shows_user_text(hostile: Workbook) -> None:
    """Notes, owners, evidence paths, justifications and MDF values stay out of it."""
    for fmt in ("md", "html", "json", "csv"):
        text = export_text(hostile, fmt, "public", as_of=AS_OF)  # type: ignore[arg-type]
        for marker in ("alert(1)", "calc", "byte", "31m", "VALUE:"):
            # Only the provider and model names (profile) may carry them.
            body = (
                text.split("Status", 1)[-1]
                if fmt != "json"
                else json.dumps(json.loads(text)["public"])
            )
            assert marker not in body, (fmt, marker)
        assert "https://example.org/policy" in text  # CR-1.1's published summary


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\\x0d=1"),
        ("  =1", "'  =1"),
        ("\n=1", "'\n=1"),
        ("a=1", "a=1"),
        ("nul\x00", "nul\\x00"),
    ],
)
def test_csv_cell(raw: str, shown: str) -> None:
    assert cell(raw) == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a|b", "a\\|b"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("2.1", "2.1"),
        ("`code`", "\\`code\\`"),
        ("<b>", "&lt;b&gt;"),
        ("line\nbreak", "line<br>break"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("$x$", "\\$x\\$"),
        ("&amp;", "&amp;amp;"),
        ("", "—"),
    ],
)
def test_markdown_escape(raw: str, shown: str) -> None:
    assert md(raw) == shown
