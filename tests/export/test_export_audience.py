"""Audience packs hold exactly the catalogue's fields for their audience, in every format.

The expected sets are computed from the catalogue, never written out by hand.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate
from gpai_tui.engine.mdf import AUDIENCES, HEADER_SECTION, fields_for, sections_for
from gpai_tui.report.export import FORMATS, build_document, export_text
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF, hostile_workbook

CATALOGUE = load_catalogue()


def expected_ids(audience: str) -> set[str]:
    """The catalogue's fields for an audience: flagged for it, plus the header."""
    header = {f.id for s in CATALOGUE.mdf if s.id == HEADER_SECTION for f in s.fields}
    flagged = {f.id for f in CATALOGUE.mdf_fields() if audience in f.audiences}
    return header | flagged


def marked_workbook() -> Workbook:
    """Every MDF field filled with a unique marker ``VALUE:<id>;``."""
    return hostile_workbook()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_engine_filter_matches_catalogue(audience: str) -> None:
    assert {f.id for f in fields_for(CATALOGUE, audience)} == expected_ids(audience)
    # Form order is kept and no section is empty.
    order = [f.id for f in CATALOGUE.mdf_fields()]
    ids = [f.id for f in fields_for(CATALOGUE, audience)]
    assert ids == sorted(ids, key=order.index)
    assert all(fields for _, fields in sections_for(CATALOGUE, audience))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_json_pack_field_set(example: Workbook, audience: str) -> None:
    data = json.loads(export_text(example, "json", audience, as_of=AS_OF))  # type: ignore[arg-type]
    ids = [f["id"] for s in data["mdf"]["sections"] for f in s["fields"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected_ids(audience)
    assert "report" not in data and "public" not in data


@pytest.mark.parametrize("audience", AUDIENCES)
def test_csv_pack_field_set(example: Workbook, audience: str) -> None:
    text = export_text(example, "csv", audience, as_of=AS_OF)  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {r["field_id"] for r in rows} == expected_ids(audience)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_values_of_other_audiences_never_appear(fmt: str, audience: str) -> None:
    """With every field filled with its own marker, a pack shows exactly its markers."""
    text = export_text(marked_workbook(), fmt, audience, as_of=AS_OF)  # type: ignore[arg-type]
    wanted = expected_ids(audience)
    for f in CATALOGUE.mdf_fields():
        present = f"VALUE:{f.id};" in text
        assert present == (f.id in wanted), (f.id, present)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_names_of_other_audiences_never_appear_even_empty(
    example: Workbook, fmt: str, audience: str
) -> None:
    text = export_text(example, fmt, audience, as_of=AS_OF)  # type: ignore[arg-type]
    wanted = expected_ids(audience)
    names_in = {f.name for f in CATALOGUE.mdf_fields() if f.id in wanted}
    for f in CATALOGUE.mdf_fields():
        if f.id in wanted:
            continue
        if f.name in names_in:  # the form repeats some names across audiences
            continue
        assert f.name not in text, f"{f.id} ({f.name}) leaked into the {audience} pack"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pack_counts_agree_with_engine(example: Workbook, audience: str) -> None:
    evaluation = evaluate(example, AS_OF)
    doc = build_document(example, audience, evaluation=evaluation)  # type: ignore[arg-type]
    assert doc.mdf is not None
    shown = [f for s in doc.mdf.sections for f in s.fields]
    assert (doc.mdf.filled, doc.mdf.total) == evaluation.mdf.per_audience[audience]
    assert doc.mdf.total == len(shown)
    assert doc.mdf.filled == sum(1 for f in shown if f.filled)
    md = export_text(example, "md", audience, as_of=AS_OF)  # type: ignore[arg-type]
    assert f"Fields filled: {doc.mdf.filled}/{doc.mdf.total}." in md


def test_internal_holds_the_whole_form(example: Workbook) -> None:
    data = json.loads(export_text(example, "json", "internal", as_of=AS_OF))
    ids = [f["id"] for s in data["mdf"]["sections"] for f in s["fields"]]
    assert ids == [f.id for f in CATALOGUE.mdf_fields()]
    per = data["mdf"]["per_audience"]
    assert {a: (v["filled"], v["total"]) for a, v in per.items()} == {
        a: evaluate(example, AS_OF).mdf.per_audience[a] for a in AUDIENCES
    }


def test_repeating_values_render_in_every_format(example: Workbook) -> None:
    repeating = [f for f in CATALOGUE.mdf_fields() if f.repeats and f.id in example.mdf]
    assert repeating, "the example workbook should hold a repeating MDF value"
    for fmt in FORMATS:
        text = export_text(example, fmt, "dp", as_of=AS_OF)
        for f in repeating:
            value = example.mdf[f.id]
            assert isinstance(value, dict)
            for key, entry in value.items():
                assert key in text and entry in text, (fmt, f.id, key)
