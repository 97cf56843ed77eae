"""``gpai profile show|set``: the scoping answers and the chapters signed from a script."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gpai_tui.cli import cli
from gpai_tui.cli.errors import run_guarded
from gpai_tui.engine import evaluate
from gpai_tui.workbook import load_workbook
from tests.cli.test_incident_mdf import EXAMPLE, gpai


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    target = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, target)
    return target


def test_profile_round_trip_changes_scope_and_keeps_comments(
    path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path.write_text("# kept: a hand-written comment\n" + path.read_text())
    run_guarded(cli, ["profile", "show", str(path)])
    out = capsys.readouterr().out
    assert "placed_on_market: 2026-03-01\n" in out
    assert "signed: transparency, copyright, safety-and-security\n" in out
    code, err = gpai(capsys, "profile", "set", str(path), "placed_on_market", "2026-04-01")
    assert code == 0, err
    assert "placed_on_market" in err
    code, err = gpai(capsys, "profile", "set", str(path), "signed", "transparency,copyright")
    assert code == 0, err
    workbook = load_workbook(path)
    assert str(workbook.model.placed_on_market) == "2026-04-01"
    assert workbook.signatory.signed == ["transparency", "copyright"]
    assert path.read_text().startswith("# kept: a hand-written comment\n")
    ss = next(i for i in evaluate(workbook).items if i.id == "SS-1.2")
    assert not ss.signed  # the chapter is no longer signed: the yardstick rule applies
    code, err = gpai(capsys, "profile", "set", str(path), "oss_open_licence", "unanswered")
    assert code == 0, err
    code, err = gpai(capsys, "profile", "set", str(path), "crawls_web", "no")
    assert code == 0, err
    assert load_workbook(path).model.crawls_web is False


BAD = [
    ["placed_on_markt", "2026-04-01"],
    ["placed_on_market", "2026-02-30"],
    ["training_compute_flop", "lots"],
    ["training_compute_flop", "nan"],
    ["established_in_eu", "maybe"],
    ["systemic_risk", "sometimes"],
    ["provider", ""],
    ["generates", "text, smells"],
    ["signed", "transparency,nope"],
    ["named_model", "perhaps"],
    ["name", "x" * 100_000],
]


@pytest.mark.parametrize("args", BAD, ids=[a[0] + "=" + a[1][:12] for a in BAD])
def test_bad_profile_values_exit_2_and_leave_the_file(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    before = path.read_bytes()
    code, err = gpai(capsys, "profile", "set", str(path), *args)
    assert code == 2
    assert err.strip() and "Traceback" not in err
    assert path.read_bytes() == before
