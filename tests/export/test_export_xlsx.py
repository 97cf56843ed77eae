"""The xlsx export read back with openpyxl: sheets, headers, typed cells, row counts,
no formula or link for any payload of the injection corpus, identical bytes per run."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate, pct
from gpai_tui.engine.mdf import sections_for
from gpai_tui.report.export import EXPORT_AUDIENCES, export_bytes
from gpai_tui.report.export.xlsx import (
    CHECKPOINT_COLUMNS,
    INCIDENT_COLUMNS,
    MDF_COLUMNS,
    MEASURE_COLUMNS,
    OBLIGATION_COLUMNS,
    PUBLIC_COLUMNS,
)
from gpai_tui.text import safe
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF, FIXED_GIT
from tests.reliability.payloads import PAYLOADS, inject

SHEETS = {
    "internal": ["Summary", "Measures", "Checkpoints", "Obligations", "MDF", "Incidents"],
    "aio": ["Summary", "MDF"],
    "nca": ["Summary", "MDF"],
    "dp": ["Summary", "MDF"],
    "public": ["Summary", "Public"],
}
HEADERS = {
    "Measures": MEASURE_COLUMNS,
    "Checkpoints": CHECKPOINT_COLUMNS,
    "Obligations": OBLIGATION_COLUMNS,
    "MDF": MDF_COLUMNS,
    "Incidents": INCIDENT_COLUMNS,
    "Public": PUBLIC_COLUMNS,
}


def _open(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws: Any) -> list[dict[str, Any]]:
    values = list(ws.iter_rows(values_only=True))
    head = values[0]
    return [dict(zip(head, row, strict=True)) for row in values[1:]]


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
def test_sheets_headers_and_layout(example: Workbook, audience: str) -> None:
    book = _open(export_bytes(example, "xlsx", audience, as_of=AS_OF, git=FIXED_GIT))  # type: ignore[arg-type]
    assert book.sheetnames == SHEETS[audience]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref is not None, ws.title
        if ws.title in HEADERS:
            head = [c.value for c in ws[1]]
            assert head == [c.header for c in HEADERS[ws.title]], ws.title


def test_internal_rows_and_types_match_the_engine(example: Workbook) -> None:
    catalogue = load_catalogue(example.code)
    ev = evaluate(example, AS_OF, catalogue)
    book = _open(export_bytes(example, "xlsx", "internal", as_of=AS_OF))
    measures = _rows(book["Measures"])
    assert [r["id"] for r in measures] == [m.id for m in catalogue.measures()]
    for row in measures:
        result = ev.item(row["id"])
        assert row["completeness"] == pct(result.completeness)
        assert row["applies"] == ("yes" if result.applicable else "no")
        for column, value in (("legal date", result.due), ("target", result.target)):
            if value is None:
                assert row[column] is None
            else:
                assert isinstance(row[column], datetime), (row["id"], column)
                assert row[column].date() == value
    assert any(r["legal date"] is not None for r in measures)
    obligations = _rows(book["Obligations"])
    assert [r["id"] for r in obligations] == [o.id for o in catalogue.obligations]
    checkpoints = _rows(book["Checkpoints"])
    assert len(checkpoints) == sum(len(i.checkpoints) for i in ev.items)
    ticked = sum(cp.ticked for i in ev.items for cp in i.checkpoints)
    assert sum(r["ticked"] == "yes" for r in checkpoints) == ticked
    mdf_fields = [f.id for _, fields in sections_for(catalogue, None) for f in fields]
    assert {r["field id"] for r in _rows(book["MDF"])} == set(mdf_fields)
    incidents = _rows(book["Incidents"])
    assert len(incidents) == sum(len(i.reports) for i in ev.incidents)
    for row in incidents:
        assert isinstance(row["due"], datetime)
    summary = {r["item"]: r["value"] for r in _rows(book["Summary"])}
    assert summary["As of"] == datetime(2026, 11, 15)
    assert summary["Overall completeness"] == f"{pct(ev.overall.completeness):.1f}%"
    status = book["Measures"].data_validations.dataValidation
    assert len(status) == 1 and status[0].type == "list"
    assert status[0].formula1 == '"to do,in progress,done,not applicable"'


@pytest.mark.parametrize("audience", ["aio", "nca", "dp"])
def test_pack_holds_only_its_fields(example: Workbook, audience: str) -> None:
    catalogue = load_catalogue(example.code)
    book = _open(export_bytes(example, "xlsx", audience, as_of=AS_OF))  # type: ignore[arg-type]
    expected = [f.id for _, fields in sections_for(catalogue, audience) for f in fields]
    assert {r["field id"] for r in _rows(book["MDF"])} == set(expected)


def payload_workbook() -> Workbook:
    """One workbook carrying every payload of the corpus, each in a note, a justification,
    an owner or an MDF value (one export proves what one export per payload would)."""
    workbook = inject("x")
    catalogue = load_catalogue(workbook.code)
    payloads = list(PAYLOADS.values())
    slots: list[tuple[str, str]] = [("notes", i) for i in catalogue.item_ids()]
    slots += [("mdf", f.id) for f in catalogue.mdf_fields() if not f.repeats]
    assert len(slots) >= len(payloads)
    for (kind, key), payload in zip(slots, payloads, strict=False):
        if kind == "notes":
            workbook.entry(key).notes = payload or None
        else:
            workbook.mdf[key] = payload or "x"
    return workbook


def test_no_formula_and_no_link_for_any_payload() -> None:
    book = _open(export_bytes(payload_workbook(), "xlsx", "internal", as_of=AS_OF))
    texts: set[str] = set()
    for ws in book.worksheets:
        assert not ws._hyperlinks, ws.title
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None, (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    for name, payload in PAYLOADS.items():
        if payload.strip():  # kept as text, exactly (control characters made visible)
            assert safe(payload.replace("\r\n", "\n")) in texts, name


def test_same_workbook_same_bytes(example: Workbook) -> None:
    for audience in ("internal", "public"):
        one = export_bytes(example, "xlsx", audience, as_of=AS_OF, git=FIXED_GIT)  # type: ignore[arg-type]
        two = export_bytes(example, "xlsx", audience, as_of=AS_OF, git=FIXED_GIT)  # type: ignore[arg-type]
        assert one == two
    other = export_bytes(example, "xlsx", "internal", as_of=AS_OF.replace(day=16))
    assert other != export_bytes(example, "xlsx", "internal", as_of=AS_OF)


def _all_text(data: bytes) -> str:
    book = _open(data)
    cells = (c.value for ws in book.worksheets for row in ws.iter_rows() for c in row)
    return "\n".join(str(v) for v in cells if v is not None)


def test_packs_and_public_hold_what_the_other_formats_hold() -> None:
    """Marked values: a pack shows exactly its fields' markers; public shows none, and no
    note, owner or file name (the same rules as md, html, json and csv)."""
    from tests.export.test_export_audience import AUDIENCES, expected_ids, marked_workbook

    workbook = marked_workbook()
    for audience in AUDIENCES:
        text = _all_text(export_bytes(workbook, "xlsx", audience, as_of=AS_OF))  # type: ignore[arg-type]
        wanted = expected_ids(audience)
        for f in load_catalogue().mdf_fields():
            assert (f"VALUE:{f.id};" in text) == (f.id in wanted), (audience, f.id)
    public = _all_text(
        export_bytes(payload_workbook(), "xlsx", "public", as_of=AS_OF, source="secret.toml")
    )
    assert "VALUE:" not in public and "secret.toml" not in public
    for payload in PAYLOADS.values():
        if len(payload.strip()) > 3:
            assert safe(payload) not in public, payload
