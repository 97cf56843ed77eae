"""``gpai incident ...`` and ``gpai mdf``: round trips; bad input never touches the file."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.cli import cli
from gpai_tui.cli.errors import run_guarded
from gpai_tui.engine import evaluate
from gpai_tui.workbook import load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    target = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, target)
    return target


def gpai(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the CLI in this process (fast); return the exit code and stderr."""
    try:
        run_guarded(cli, list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_incident_round_trip_sets_the_clocks(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = str(path)
    code, err = gpai(
        capsys, "incident", "add", f, "INC-9", "--class", "death", "--title", "Bad advice",
        "--aware", "2026-05-01",
    )  # fmt: skip
    assert code == 0, err
    assert "INC-9: incident INC-9 added" in err
    assert gpai(capsys, "incident", "report", f, "INC-9", "initial", "--sent", "2026-05-08")[0] == 0
    assert (
        gpai(capsys, "incident", "report", f, "INC-9", "intermediate", "--sent", "2026-06-01")[0]
        == 0
    )
    assert gpai(capsys, "incident", "resolve", f, "INC-9", "--on", "2026-06-10")[0] == 0
    assert gpai(capsys, "incident", "report", f, "INC-9", "final", "--sent", "2026-07-01")[0] == 0
    assert gpai(capsys, "incident", "update", f, "INC-9", "--title", "Harmful advice")[0] == 0
    incident = load_workbook(path).incidents["INC-9"]
    assert incident.title == "Harmful advice" and incident.incident_class == "death"
    assert incident.initial_report == date(2026, 5, 8)
    assert incident.intermediate_reports == [date(2026, 6, 1)]
    assert (incident.resolved, incident.final_report) == (date(2026, 6, 10), date(2026, 7, 1))
    result = next(
        i for i in evaluate(load_workbook(path), date(2026, 7, 2)).incidents if i.id == "INC-9"
    )
    initial = result.reports[0]
    assert (initial.due, initial.late) == (date(2026, 5, 11), False)  # 10 days for a death
    assert gpai(capsys, "incident", "resolve", f, "INC-9", "--reopen")[0] == 0
    assert load_workbook(path).incidents["INC-9"].resolved is None


def test_mdf_set_round_trip(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(path)
    assert gpai(capsys, "mdf", "set", f, "model-name", "Aurora-3")[0] == 0
    code, err = gpai(capsys, "mdf", "set", f, "input-max-size", "1M tokens", "--for", "text")
    assert code == 0, err
    workbook = load_workbook(path)
    assert workbook.mdf["model-name"] == "Aurora-3"
    table = workbook.mdf["input-max-size"]
    assert isinstance(table, dict) and table["text"] == "1M tokens"
    assert gpai(capsys, "mdf", "set", f, "model-name", "")[0] == 0  # empty clears
    assert "model-name" not in load_workbook(path).mdf


BAD = [
    (["mdf", "set", "{f}", "model-nam", "x"], "did you mean 'model-name'"),
    (["mdf", "set", "{f}", "input-max-size", "x"], "give --modality NAME"),
    (["mdf", "set", "{f}", "model-name", "x", "--for", "text"], "takes one text value"),
    (["mdf", "set", "{f}", "model-name", "x" * 100_001], "limit"),
    (["incident", "add", "{f}", "INC-2026-001", "--class", "death", "--title", "t",
      "--aware", "2026-01-01"], "already exists"),
    (["incident", "add", "{f}", "INC-9", "--class", "cyber", "--title", "t",
      "--aware", "2026-01-01"], "did you mean 'cybersecurity'"),
    (["incident", "add", "{f}", "bad id!", "--class", "death", "--title", "t",
      "--aware", "2026-01-01"], "not usable"),
    (["incident", "add", "{f}", "INC-9", "--class", "death", "--title", " ",
      "--aware", "2026-01-01"], "cannot be empty"),
    (["incident", "add", "{f}", "INC-9", "--class", "death", "--title", "t",
      "--aware", "2026-13-01"], "not a date"),
    (["incident", "update", "{f}", "INC-2026-01", "--title", "t"], "did you mean 'INC-2026-001'"),
    (["incident", "update", "{f}", "INC-2026-001"], "nothing to change"),
    (["incident", "resolve", "{f}", "INC-2026-001", "--on", "2020-01-01"], "before awareness"),
    (["incident", "resolve", "{f}", "INC-2026-001"], "--on YYYY-MM-DD or --reopen"),
    (["incident", "report", "{f}", "INC-2026-002", "final", "--sent", "2026-12-01"],
     "after resolution"),
    (["incident", "report", "{f}", "INC-2026-001", "initial", "--sent", "2020-01-01"],
     "before awareness"),
    (["incident", "report", "{f}", "INC-2026-001", "weekly", "--sent", "2026-12-01"], "weekly"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD, ids=lambda v: str(v)[:40])
def test_bad_input_exits_2_and_leaves_the_file_byte_identical(
    path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = path.read_bytes()
    code, err = gpai(capsys, *[a.replace("{f}", str(path)) for a in args])
    assert code == 2, err
    assert message in err, err
    assert "Traceback" not in err
    assert path.read_bytes() == before
