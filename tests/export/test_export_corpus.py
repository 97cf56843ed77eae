"""The 52-payload injection corpus (tests/reliability/payloads.py) through every export.

Each payload sits in every free-text field (:func:`inject`). Markdown, HTML and CSV
never carry a character a terminal would act on or that hides text; HTML has no
script or event handler; CSV has no formula; JSON gives the text back exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from markdown_it import MarkdownIt

from gpai_tui.report.export import export_text
from tests.reliability.payloads import PAYLOADS, inject, terminal_unsafe

AS_OF = date(2026, 11, 15)
FORMULA = ("=", "+", "-", "@", "\t", "\r")
FORGE = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_corpus_through_every_export(name: str) -> None:
    payload = PAYLOADS[name]
    workbook = inject(payload)
    for audience in ("internal", "dp", "public"):
        for fmt in ("md", "html", "csv"):
            text = export_text(workbook, fmt, audience, as_of=AS_OF)  # type: ignore[arg-type]
            body = text.removeprefix("\ufeff") if fmt == "csv" else text
            assert not terminal_unsafe(body), (fmt, audience, terminal_unsafe(body))
            if fmt == "html":
                lowered = text.lower()
                # Our own inline charts are the only SVG (their labels are never user text).
                outside = re.sub(r'<figure class="chart".*?</figure>', "", lowered, flags=re.S)
                assert "<script" not in lowered and "<img" not in lowered and "<svg" not in outside
                assert not re.search(r"<[^>]*\son\w+\s*=", text), "event handler attribute"
                assert 'href="javascript' not in lowered
            if fmt == "md":
                html = FORGE.render(text)  # as a git forge shows it
                assert "<script" not in html and "<img" not in html and "<svg" not in html
                assert "<a " not in html and "<h1>Fake" not in html
            if fmt == "csv":
                for row in csv.reader(io.StringIO(body)):
                    for value in row:
                        assert not value.lstrip(" \n").startswith(FORMULA), value
        raw = export_text(workbook, "json", audience, as_of=AS_OF)  # type: ignore[arg-type]
        assert not terminal_unsafe(raw.replace("\n", "")), terminal_unsafe(raw)
        data = json.loads(raw)
        if audience == "internal" and payload:
            first = data["report"]["chapters"][0]["commitments"][0]["measures"][0]
            assert first["notes"] == payload
            assert data["report"]["profile"]["gpai_reason"] == payload
        if audience == "dp" and payload:
            values = [f["value"] for s in data["mdf"]["sections"] for f in s["fields"]]
            assert payload in values or any(
                isinstance(v, dict) and v.get("text") == payload for v in values
            )
