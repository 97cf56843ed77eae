"""The portfolio: the worker pool gives the same rows as one process, errors included."""

from __future__ import annotations

import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import cli
from gpai_tui.engine import portfolio
from gpai_tui.engine.portfolio import Summary, find_workbooks, load_many, map_workbooks, summaries
from gpai_tui.workbook import WorkbookError

EXAMPLE = Path(__file__).resolve().parents[2] / "workbooks" / "example.toml"
AS_OF = date(2026, 6, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Six workbooks, the fourth of them unreadable."""
    for n in range(6):
        shutil.copyfile(EXAMPLE, tmp_path / f"wb-{n}.toml")
    (tmp_path / "wb-3.toml").write_text('format = 1\ncode = "2025-07-10"\nmodel = 3\n')
    return tmp_path


def test_workbook_error_survives_pickling() -> None:
    err = WorkbookError("a.toml", "bad value", line=3, column=2, key="model.name", hint="fix it")
    back = pickle.loads(pickle.dumps(err))
    assert isinstance(back, WorkbookError)
    assert str(back) == str(err)
    assert (back.source, back.problem, back.line, back.column, back.key, back.hint) == (
        "a.toml",
        "bad value",
        3,
        2,
        "model.name",
        "fix it",
    )


def test_pool_gives_the_rows_of_one_process(folder: Path) -> None:
    paths = find_workbooks(folder)
    serial = list(summaries(paths, AS_OF, workers=1))
    pooled = list(summaries(paths, AS_OF, workers=2))
    assert [s.path for s in pooled] == paths
    assert [(s.path, s.provider, s.model, s.overall, s.outstanding) for s in pooled] == [
        (s.path, s.provider, s.model, s.overall, s.outstanding) for s in serial
    ]
    assert [str(s.error) if s.error else None for s in pooled] == [
        str(s.error) if s.error else None for s in serial
    ]
    bad = pooled[3]
    assert bad.overall is None and isinstance(bad.error, WorkbookError)


def test_summary_matches_the_whole_row(folder: Path) -> None:
    paths = find_workbooks(folder)
    rows = zip(load_many(paths, AS_OF), map_workbooks(paths, AS_OF, Summary.of), strict=True)
    for row, summary in rows:
        assert summary.path == row.path
        if row.evaluation is None:
            assert summary.error is row.error or str(summary.error) == str(row.error)
            continue
        assert row.workbook is not None
        assert summary.provider == row.workbook.model.provider
        assert summary.overall == row.evaluation.overall
        assert summary.outstanding == len(row.evaluation.outstanding)
        assert summary.overdue == row.evaluation.overdue_count
        assert summary.inconsistent == row.evaluation.inconsistent_count


def test_small_portfolios_stay_in_one_process(folder: Path) -> None:
    paths = find_workbooks(folder)
    assert portfolio.worker_count(paths) == 1
    assert portfolio.worker_count(paths, workers=3) == 3


@pytest.mark.parametrize("command", ["status", "check"])
def test_cli_through_the_pool_reports_bad_files(
    folder: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A bad file in a pooled run is reported (exit 2), not a crash (exit 3)."""
    runner = CliRunner()
    args = [command, str(folder), "--as-of", AS_OF.isoformat()]
    serial = runner.invoke(cli, args)
    monkeypatch.setattr(portfolio, "PARALLEL_MIN", 2)
    monkeypatch.setattr(portfolio, "worker_count", lambda paths, workers=None: workers or 2)
    pooled = runner.invoke(cli, args)
    assert serial.exit_code == pooled.exit_code == 2, pooled.output
    assert pooled.output == serial.output
    assert "wb-3.toml" in pooled.output
