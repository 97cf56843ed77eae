"""Injection through every export: each payload x format x audience stays inert.

* Every output (it goes to standard output, often a terminal) carries no raw
  control, C1 or bidi character (a CSV's leading byte-order mark excepted).
* HTML: no tag or attribute from data: the tags are a subset of those of a
  workbook with plain text in the same fields; no ``on*`` attribute, no
  ``javascript:`` URL, no ``<script``.
* Markdown: no raw HTML tag from data; every table row has as many cells as its
  header (a ``|`` or a newline in a value cannot add a column or end the table).
* CSV: every row has the header's columns; no cell starts a formula
  (``= + - @``, tab, CR) unless it is a plain number.
* JSON: valid, and the payload is carried unchanged where the audience shows it.

``make test`` takes the payloads in ``CORE`` (one or two of each kind), ``--soak`` all.

Skipped until ``gpai export`` exists (issue 5 builds it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gpai_tui.cli import LazyGroup
from gpai_tui.workbook import save_workbook
from tests.reliability.conftest import gpai
from tests.reliability.payloads import PAYLOADS, costly, inject, terminal_unsafe

pytestmark = pytest.mark.skipif(
    not LazyGroup._available("export"), reason="`gpai export` does not exist yet"
)

FORMATS = ["md", "html", "json", "csv"]
AUDIENCES = ["internal", "aio", "nca", "dp", "public"]
AS_OF = "2026-11-25"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export-payloads")
    save_workbook(inject("plain words\nand a second line"), root / "clean.toml")
    for n, payload in enumerate(PAYLOADS.values()):
        save_workbook(inject(payload), root / f"p{n:02d}.toml")
    return root


def export(path: Path, fmt: str, audience: str) -> str:
    outcome = gpai("export", str(path), "--format", fmt, "--audience", audience, "--as-of", AS_OF)
    assert outcome.exit_code == 0, outcome.output
    assert "Traceback" not in outcome.output
    unsafe = terminal_unsafe(outcome.stdout.removeprefix("\ufeff") + outcome.stderr)
    assert unsafe == [], f"{fmt}/{audience}: raw {unsafe} in the export"
    return outcome.stdout


class Tags(HTMLParser):
    """Collects start tags and their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


_baseline_tags: dict[str, set[str]] = {}


def baseline_tags(folder: Path, audience: str) -> set[str]:
    if audience not in _baseline_tags:
        parser = Tags()
        parser.feed(export(folder / "clean.toml", "html", audience))
        _baseline_tags[audience] = parser.tags
    return _baseline_tags[audience]


def check_html(text: str, folder: Path, audience: str) -> None:
    parser = Tags()
    parser.feed(text)
    extra = parser.tags - baseline_tags(folder, audience)
    assert not extra, f"tags from data: {extra}"
    for name, value in parser.attributes:
        assert not name.lower().startswith("on"), f"event handler attribute {name}"
        assert "javascript:" not in value.lower().replace(" ", "")
    assert "<script" not in text.lower()


_HTML_TAG = re.compile(r"<\s*(script|img|svg|iframe|object|embed|a|style|link|meta)\b", re.I)
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def check_markdown(text: str) -> None:
    assert not _HTML_TAG.search(text), _HTML_TAG.search(text)
    header: int | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = len(_UNESCAPED_PIPE.findall(line))
            if header is None:
                header = cells
            assert cells == header, f"a table row has {cells} pipes, its header {header}: {line}"
        else:
            header = None


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def check_csv(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows, "empty CSV"
    width = len(rows[0])
    for row in rows:
        assert len(row) == width, f"row with {len(row)} columns, header {width}"
        for cell in row:
            if cell and cell[0] in "=+-@\t\r" and not _NUMBER.match(cell):
                raise AssertionError(f"cell could start a formula: {cell[:40]!r}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "n", [pytest.param(n, id=name) for n, name in enumerate(PAYLOADS) if name in costly()]
)
def test_export_is_inert(n: int, fmt: str, folder: Path) -> None:
    path = folder / f"p{n:02d}.toml"
    payload = list(PAYLOADS.values())[n]
    for audience in AUDIENCES:
        text = export(path, fmt, audience)
        if fmt == "html":
            check_html(text, folder, audience)
        elif fmt == "md":
            check_markdown(text)
        elif fmt == "csv":
            check_csv(text)
        else:
            data = json.loads(text)
            if audience == "internal":
                dumped = json.dumps(data, ensure_ascii=False)
                assert json.dumps(payload, ensure_ascii=False)[1:-1] in dumped


def test_export_to_a_file_is_atomic_and_inert(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    outcome = gpai(
        "export", str(folder / "p00.toml"), "--format", "html", "-o", str(out), "--as-of", AS_OF
    )
    assert outcome.exit_code == 0, outcome.output
    check_html(out.read_text(encoding="utf-8"), folder, "internal")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
