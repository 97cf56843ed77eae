"""The recovery journal keeps exactly the unsaved workbook, in both formats it reads."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gpai_tui.workbook import Workbook, WorkbookError, dumps_workbook, load_workbook
from gpai_tui.workbook.journal import JOURNAL_FORMAT, Journal
from tests.budget import examples
from tests.workbook.test_roundtrip import expected_after_save, workbooks

ROOT = Path(__file__).resolve().parents[2]


def journal(tmp_path: Path) -> Journal:
    target = tmp_path / "wb.toml"
    target.write_text("", encoding="utf-8")
    return Journal(target, folder=tmp_path / "journals")


def maximal() -> Workbook:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return generate.maximal_workbook()  # type: ignore[no-any-return]


@pytest.mark.parametrize("which", ["example", "maximal"])
def test_journal_holds_the_workbook(tmp_path: Path, example_path: Path, which: str) -> None:
    workbook = load_workbook(example_path) if which == "example" else maximal()
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    assert j.write(workbook, "base text")
    assert not j.write(workbook, "base text"), "an unchanged workbook is not written again"
    entry = j.read()
    assert entry is not None and entry.base == "base text"
    assert entry.workbook == dumps_workbook(workbook)
    assert entry.load() == workbook
    held = json.loads(j.file.read_text(encoding="utf-8"))
    assert held["journal"] == JOURNAL_FORMAT == 3
    assert "model" in held, "the fast form (model JSON), even with a training summary"
    assert isinstance(held["model"], dict), "as JSON, not as JSON text in a string"


def test_training_summary_values_keep_their_types(tmp_path: Path, example_path: Path) -> None:
    """A text that looks like a date stays a text (plain JSON would read it as a date),
    a date stays a date, and yes/no, lists and tables come back as they were."""
    workbook = load_workbook(example_path)
    summary = dict(workbook.training_summary)
    assert isinstance(summary["last-updated"], date)
    assert any(isinstance(v, bool) for v in summary.values())
    assert any(isinstance(v, dict) for v in summary.values())
    summary["summary-version"] = "2026-05-04"
    workbook.training_summary = summary
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    assert j.write(workbook, "")
    assert "model" in json.loads(j.file.read_text(encoding="utf-8"))
    entry = j.read()
    assert entry is not None and entry.workbook == dumps_workbook(workbook)
    back = entry.load()
    assert back == workbook
    assert back.training_summary["summary-version"] == "2026-05-04"
    assert back.training_summary["last-updated"] == summary["last-updated"]
    summary["summary-version"] = "1.2"  # a change is written again
    workbook.training_summary = summary
    assert j.write(workbook, "")
    entry = j.read()
    assert entry is not None and entry.load().training_summary["summary-version"] == "1.2"


def test_format_2_journals_are_still_read(tmp_path: Path, example_path: Path) -> None:
    workbook = load_workbook(example_path)
    workbook.training_summary = {}
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    old = {
        "journal": 2,
        "path": str(j.workbook_path),
        "written": "2026-11-01T10:00:00",
        "pid": 1,
        "host": "h",
        "base": "",
        "model": workbook.model_dump_json(by_alias=True),
    }
    j.file.write_text(json.dumps(old), encoding="utf-8")
    entry = j.read()
    assert entry is not None and entry.workbook == dumps_workbook(workbook)


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_generated_workbooks_survive_the_journal(
    tmp_path_factory: pytest.TempPathFactory, workbook: Workbook
) -> None:
    tmp_path = tmp_path_factory.mktemp("journal")
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    j.write(workbook, "")
    entry = j.read()
    assert entry is not None
    assert entry.load() == expected_after_save(workbook)


def test_format_1_journals_are_still_read(tmp_path: Path, example_path: Path) -> None:
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    text = example_path.read_text(encoding="utf-8")
    old = {
        "journal": 1,
        "path": str(j.workbook_path),
        "written": "2026-11-01T10:00:00",
        "pid": 1,
        "host": "h",
        "base": text,
        "workbook": text,
    }
    j.file.write_text(json.dumps(old), encoding="utf-8")
    entry = j.read()
    assert entry is not None and entry.workbook == text
    assert entry.load() == load_workbook(example_path)


@pytest.mark.parametrize(
    "model",
    ['{"format": 1}', "[]", '{"model": {"name": 3}}', "not json"],
)
def test_damaged_model_is_refused_with_a_message(tmp_path: Path, model: str) -> None:
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    entry = {
        "journal": 2,
        "path": str(j.workbook_path),
        "written": "2026-11-01T10:00:00",
        "pid": 1,
        "host": "h",
        "base": "",
        "model": model,
    }
    j.file.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(WorkbookError, match="is damaged"):
        j.read()


@pytest.mark.parametrize(
    "summary",
    [
        None,
        '"not a table"',
        "[]",
        '{"last-updated": "2026-10-15"}',
        '{"last-updated": {"date": "15 October"}}',
        '{"last-updated": {"date": "2026-10-15", "value": 1}}',
        '{"training-continues": {"value": "yes"}}',
    ],
)
def test_damaged_training_summary_is_refused_with_a_message(
    tmp_path: Path, example_path: Path, summary: str | None
) -> None:
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    entry = {
        "journal": 3,
        "path": str(j.workbook_path),
        "written": "2026-11-01T10:00:00",
        "pid": 1,
        "host": "h",
        "base": "",
        "model": json.loads(
            load_workbook(example_path).model_dump_json(by_alias=True, exclude={"training_summary"})
        ),
        "summary": None if summary is None else json.loads(summary),
    }
    j.file.write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(WorkbookError, match="is damaged"):
        j.read()


def test_folder_removed_while_open_is_made_again(tmp_path: Path, example_path: Path) -> None:
    """The journal remembers its folder after the first write; if the folder goes away
    the next write makes it again (and a dead writer's temp file is cleaned on the first
    write)."""
    import shutil

    workbook = load_workbook(example_path)
    j = journal(tmp_path)
    (tmp_path / "journals").mkdir()
    stale = tmp_path / "journals" / f".{j.file.name}.999999999.abcd1234.gpai-tmp"
    stale.write_text("left by a writer that died", encoding="utf-8")
    assert j.write(workbook, "")
    assert not stale.exists()
    shutil.rmtree(tmp_path / "journals")
    workbook.model.name = "Renamed"
    assert j.write(workbook, "")
    entry = j.read()
    assert entry is not None and entry.load().model.name == "Renamed"


def test_a_workbook_path_that_is_not_utf8_is_journalled(tmp_path: Path, example_path: Path) -> None:
    """File names are bytes on Linux: one that is not UTF-8 (Latin-1 "é") once made the
    journal write raise UnicodeEncodeError, so edits went unjournalled."""
    import os

    target = Path(os.fsdecode(bytes(tmp_path) + b"/mod\xe8le.toml"))
    target.write_bytes(example_path.read_bytes())
    j = Journal(target, folder=tmp_path / "journals")
    (tmp_path / "journals").mkdir()
    workbook = load_workbook(target)
    assert j.write(workbook, "base text")
    entry = j.read()
    assert entry is not None and entry.load() == workbook
    other = Journal(Path(os.fsdecode(bytes(tmp_path) + b"/mod\xe9le.toml")), folder=j.file.parent)
    assert other.file != j.file
