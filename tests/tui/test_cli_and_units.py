"""``gpai open`` on bad files, the session's state, and explaining a change of scope."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.document import Conflict, Document, ItemEdit, Refused, Saved
from gpai_tui.engine import evaluate
from gpai_tui.engine.edit import Edit
from gpai_tui.tui.explain import explain
from gpai_tui.workbook import load_workbook
from tests.tui.conftest import AS_OF, EXAMPLE


def gpai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gpai_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"format = 1\ncode = 2025\n[model\n", "invalid TOML"),
        (b'format = 99\ncode = "2025-07-10"\n', "format 99"),
    ],
)
def test_open_bad_file_prints_the_loader_message_and_exits_2(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_bytes(content)
    result = gpai("open", str(path))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("gpai: ")


def test_open_help_mentions_as_of() -> None:
    result = gpai("open", "--help")
    assert result.returncode == 0
    assert "--as-of" in result.stdout


def test_document_tracks_disk_and_dirty_state(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    document = Document.load(path)
    assert not document.dirty and not document.is_dirty()
    assert not document.changed_on_disk(document.read_disk())
    document.apply(ItemEdit("TR-1.3", Edit(status="done")))
    assert document.dirty
    document.apply(ItemEdit("TR-1.3", Edit(status="todo")))
    assert not document.dirty
    document.apply(ItemEdit("TR-1.3", Edit(status="done")))
    assert isinstance(document.save(), Saved)
    assert not document.dirty and not document.is_dirty()
    assert document.loaded_bytes == path.read_bytes()
    path.write_bytes(EXAMPLE.read_bytes())
    assert document.changed_on_disk(document.read_disk())
    assert isinstance(document.save(), Conflict)  # never over a file changed on disk
    path.unlink()
    assert document.read_disk() is None and document.changed_on_disk(None)
    assert isinstance(document.reload(b"not toml ["), Refused)
    assert document.workbook.get_entry("TR-1.3").status == "done"


def test_explain_names_scope_dates_and_totals() -> None:
    workbook = load_workbook(EXAMPLE)
    before = evaluate(workbook, AS_OF)
    workbook.model.training_compute_flop = 5e24
    # Planned compute and a recorded threshold date presume systemic risk too (Art. 52(1)).
    workbook.model.planned_compute_flop = None
    workbook.model.threshold_known = None
    after = evaluate(workbook, AS_OF)
    lines = explain(before, after)
    assert lines[0].startswith("Systemic risk: no now.")
    assert any(line.startswith("No longer applies (") for line in lines)
    assert any(line.startswith("Overall ") for line in lines)
    assert explain(before, before) == []
    moved = load_workbook(EXAMPLE)
    moved.model.placed_on_market = date(2026, 5, 1)
    lines = explain(before, evaluate(moved, AS_OF))
    assert any("Legal date 2026-03-01 → 2026-05-01" in line for line in lines)


def test_explain_names_the_rule_that_changed_each_item() -> None:
    """Two rules change at once (open source and no systemic risk): each item is listed
    under its own reason, not under the first item's."""
    before_wb = load_workbook(EXAMPLE)
    before = evaluate(before_wb, AS_OF)
    after_wb = load_workbook(EXAMPLE)
    after_wb.model.open_source = True
    after_wb.model.training_compute_flop = 5e24
    after_wb.model.planned_compute_flop = None  # planned compute and a threshold date
    after_wb.model.threshold_known = None  # presume systemic risk too (Art. 52(1))
    after = evaluate(after_wb, AS_OF)
    lines = [line for line in explain(before, after) if line.startswith("No longer applies")]
    assert len(lines) >= 2  # one per rule
    for line in lines:
        _, _, rest = line.partition("): ")
        listed, _, reason = rest.partition(". ")
        ids = [i for i in listed.split(" and ")[0].split(", ") if i]
        assert ids
        for item_id in ids:
            assert after.item(item_id).reason == reason, (item_id, line)
