"""The MDF in the engine (edit, counts, derived checkpoint) and in the exports:
not-required state, the public pack's sources, the profile rows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate
from gpai_tui.engine.mdf import apply_mdf_edit, fields_for, pack_count_text
from gpai_tui.errors import UsageError
from gpai_tui.report.export import FORMATS, build_document, export_text
from gpai_tui.report.export.content import _PROFILE_LABELS
from gpai_tui.workbook import ModelProfile, Workbook, new_workbook
from tests.export.exportkit import AS_OF

CATALOGUE = load_catalogue()


def fresh(**profile: object) -> Workbook:
    fields: dict[str, object] = {"provider": "P", "name": "M", "training_compute_flop": 2e24}
    fields.update(profile)
    return new_workbook(ModelProfile(**fields))  # type: ignore[arg-type]


def test_apply_mdf_edit_validates_first() -> None:
    wb = fresh()
    assert apply_mdf_edit(wb, "model-name", "M 1.0") == ["MDF model-name changed"]
    assert wb.mdf["model-name"] == "M 1.0"
    with pytest.raises(UsageError, match="unknown Model Documentation Form field"):
        apply_mdf_edit(wb, "model-nam", "x")
    with pytest.raises(UsageError, match="one text value, not a table"):
        apply_mdf_edit(wb, "model-name", {"text": "x"})
    with pytest.raises(UsageError, match="limit"):
        apply_mdf_edit(wb, "model-name", "x" * 100_001)
    with pytest.raises(UsageError, match="modality name"):
        apply_mdf_edit(wb, "input-max-size", {" ": "x"})
    assert wb.mdf == {"model-name": "M 1.0"}  # refused edits changed nothing
    apply_mdf_edit(wb, "input-max-size", {"text": "8k tokens", "images": "  "})
    assert wb.mdf["input-max-size"] == {"text": "8k tokens"}
    assert apply_mdf_edit(wb, "model-name", "   ") == ["MDF model-name cleared"]
    assert "model-name" not in wb.mdf
    assert apply_mdf_edit(wb, "model-name", "") == []


def test_apply_mdf_edit_resolves_a_conflict() -> None:
    wb = fresh()
    wb.conflicts = {"mdf.model-name": {"ours": "a", "theirs": "b"}}  # type: ignore[dict-item]
    changes = apply_mdf_edit(wb, "model-name", "c")
    assert "1 conflict resolved" in changes and not wb.conflicts


def test_counts_follow_edits_and_tr11_is_derived() -> None:
    wb = fresh()
    before = evaluate(wb, AS_OF).mdf.per_audience["dp"]
    apply_mdf_edit(wb, "licence-category", "proprietary")
    after = evaluate(wb, AS_OF).mdf.per_audience["dp"]
    assert after == (before[0] + 1, before[1]) == (1, len(fields_for(CATALOGUE, "dp")))
    assert pack_count_text("dp", *after) == f"downstream pack: 1/{after[1]} fields"
    for f in CATALOGUE.mdf_fields():
        apply_mdf_edit(wb, f.id, {"text": "x"} if f.repeats else "x")
    ev = evaluate(wb, AS_OF)
    assert ev.mdf.complete
    tick = next(c for c in ev.item("TR-1.1").checkpoints if c.derived == "mdf-complete")
    assert tick.ticked


def test_open_source_exempt_shows_not_required_with_reason() -> None:
    wb = fresh(open_source=True)
    ev = evaluate(wb, AS_OF)
    assert not ev.mdf.required and "Art. 53(2)" in ev.mdf.reason
    for audience in ("internal", "dp"):
        for fmt in ("md", "html"):
            text = export_text(wb, fmt, audience, as_of=AS_OF)  # type: ignore[arg-type]
            assert "Not required for this model." in text
            assert "Art. 53(2)" in text
        data = json.loads(export_text(wb, "json", audience, as_of=AS_OF))  # type: ignore[arg-type]
        assert data["mdf"]["required"] is False and "Art. 53(2)" in data["mdf"]["reason"]
    # With systemic risk the exemption is lost: required again.
    assert evaluate(fresh(open_source=True, training_compute_flop=3e25), AS_OF).mdf.required


def test_public_topics_name_real_measures_and_checkpoints() -> None:
    for topic in CATALOGUE.public_topics:
        for measure_id in topic.measures:
            assert CATALOGUE.measure(measure_id) is not None, measure_id
        for measure_id, checkpoint in topic.publishing.items():
            measure = CATALOGUE.measure(measure_id)
            assert measure is not None and measure.checkpoint(checkpoint) is not None
    covered = {m for t in CATALOGUE.public_topics for m in t.measures}
    assert {m.id for m in CATALOGUE.measures() if m.id.startswith("CR-")} <= covered


def test_public_links_only_once_published(example: Workbook) -> None:
    wb = example.model_copy(deep=True)
    doc = build_document(wb, "public", as_of=AS_OF)
    assert doc.public is not None
    by_id = {m.id: m for t in doc.public.topics for m in t.measures}
    # CR-1.3's crawler page is not ticked as published in the example: no link.
    assert by_id["CR-1.3"].published is False and by_id["CR-1.3"].links == ()
    # Only web addresses, never file paths.
    assert by_id["CR-1.1"].links == ("https://aurora.example/copyright",)
    wb.entry("CR-1.3").checks = {**wb.entry("CR-1.3").checks, "crawler-disclosure-page": True}
    doc = build_document(wb, "public", as_of=AS_OF)
    assert doc.public is not None
    cr13 = next(m for t in doc.public.topics for m in t.measures if m.id == "CR-1.3")
    assert cr13.links == ("https://aurora.example/crawlers",)
    for fmt in FORMATS:
        text = export_text(wb, fmt, "public", as_of=AS_OF)  # type: ignore[arg-type]
        assert "https://aurora.example/crawlers" in text
        for secret in ("policies/crawler.md", "m.rossi", "TDMRep", "COMP-214", "3.1×10^25"):
            assert secret not in text, (fmt, secret)
        assert "example.toml" not in text


def test_profile_rows_cover_the_whole_profile() -> None:
    assert list(_PROFILE_LABELS) == list(ModelProfile.model_fields)


def test_export_core_never_imports_textual() -> None:
    code = (
        "import sys\n"
        "import gpai_tui.report.export as e, gpai_tui.report.export.provenance\n"
        "for f in e.FORMATS: e.renderer(f)\n"
        "import gpai_tui.cli.commands.export\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
