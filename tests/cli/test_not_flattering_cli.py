"""Issue 15 in the CLI: `set` warns about done-with-gaps, `check` with no flags fails on
merge conflicts and documents the CI flags, the Art. 52 warning shows in `status` and
`check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import cli
from gpai_tui.engine.scope import ART_52_UNDATED
from gpai_tui.workbook import Conflict, ModelProfile, load_workbook, new_workbook, save_workbook

AS_OF = ["--as-of", "2026-11-25"]


def _workbook(path: Path, **profile: object) -> Path:
    fields: dict[str, object] = {
        "provider": "Acme AI",
        "name": "Acme-1",
        "training_compute_flop": 3e25,
        "placed_on_market": date(2026, 3, 1),
        "threshold_known": date(2026, 1, 10),
    }
    fields.update(profile)
    save_workbook(new_workbook(ModelProfile(**fields)), path)
    return path


def test_set_done_with_gaps_warns_on_stderr(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "wb.toml")
    runner = CliRunner()
    result = runner.invoke(cli, ["set", str(path), "CR-1.1", "--status", "done"])
    assert result.exit_code == 0, result.output
    assert "warning: CR-1.1 is marked done, but" in result.stderr
    assert "no evidence recorded" in result.stderr
    assert "still counts as outstanding" in result.stderr
    assert result.stdout == ""
    assert load_workbook(path).measures["CR-1.1"].status == "done"  # saved all the same

    ids = [cp.id for cp in _required("CR-1.1")]
    args = ["set", str(path), "CR-1.1", "--evidence", "policy.pdf"]
    for cp in ids:
        args += ["--check", cp]
    fixed = runner.invoke(cli, args)
    assert fixed.exit_code == 0, fixed.output
    assert "warning" not in fixed.stderr


def _required(item_id: str) -> list[object]:
    from gpai_tui.catalogue import load_catalogue

    return [cp for cp in load_catalogue().measure(item_id).checkpoints if cp.required]


def test_check_without_flags_fails_on_merge_conflicts(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "wb.toml")
    runner = CliRunner()
    clean = runner.invoke(cli, ["check", str(path), *AS_OF])
    assert clean.exit_code == 0, clean.output
    workbook = load_workbook(path)
    workbook.conflicts["measures.CR-1.3.status"] = Conflict(ours="done", theirs="todo")
    save_workbook(workbook, path)
    result = runner.invoke(cli, ["check", str(path), *AS_OF])
    assert result.exit_code == 1, result.output
    assert "unresolved merge conflict at measures.CR-1.3.status" in result.stdout


def test_check_help_names_the_ci_flags_with_an_example_each() -> None:
    text = CliRunner().invoke(cli, ["check", "--help"]).stdout
    assert "merge conflicts" in text
    for flag in ("--no-overdue", "--no-inconsistent", "--min-completeness"):
        examples = [line for line in text.splitlines() if line.strip().startswith("gpai check")]
        assert any(flag in line for line in examples), flag


@pytest.mark.parametrize("command", ["status", "check"])
def test_art52_warning_in_status_and_check(tmp_path: Path, command: str) -> None:
    undated = _workbook(tmp_path / "undated.toml", threshold_known=None)
    dated = _workbook(tmp_path / "dated.toml")
    runner = CliRunner(env={"COLUMNS": "200"})
    bad = runner.invoke(cli, [command, str(undated), *AS_OF])
    good = runner.invoke(cli, [command, str(dated), *AS_OF])
    assert bad.exit_code == good.exit_code == 0, bad.output
    assert ART_52_UNDATED in bad.stdout
    assert ART_52_UNDATED not in good.stdout


def test_art52_warning_reaches_the_dashboard_scope_panel(tmp_path: Path) -> None:
    """The dashboard draws the engine's scope warnings with `scope_table`."""
    from rich.console import Console

    from gpai_tui.engine import evaluate
    from gpai_tui.tui.labels import Colors
    from gpai_tui.tui.widgets.scope_panel import scope_table

    workbook = load_workbook(_workbook(tmp_path / "wb.toml", threshold_known=None))
    console = Console(width=200, record=True, markup=False)
    console.print(scope_table(evaluate(workbook, date(2026, 11, 25)).scope, Colors()))
    assert ART_52_UNDATED in console.export_text()
