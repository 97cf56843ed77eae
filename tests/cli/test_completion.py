"""Shell completion through click's own completion API, and ``gpai --version``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from gpai_tui.catalogue import CURRENT_CODE, load_catalogue
from gpai_tui.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"


def complete(args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """What ``gpai ARGS INCOMPLETE<TAB>`` offers: (value, type)."""
    shell = ShellComplete(cli, {}, "gpai", "_GPAI_COMPLETE")
    return [(c.value, c.type) for c in shell.get_completions(args, incomplete)]


def test_measure_and_obligation_ids_complete() -> None:
    values = [v for v, _ in complete(["set", str(EXAMPLE)], "CR-1.")]
    assert values == [m.id for m in load_catalogue().measures() if m.id.startswith("CR-1.")]
    assert [v for v, _ in complete(["set", str(EXAMPLE)], "art-52")] == ["art-52-notification"]


def test_checkpoint_ids_complete_for_the_item_given() -> None:
    measure = load_catalogue().measure("CR-1.3")
    assert measure is not None
    expected = [cp.id for cp in measure.checkpoints if not cp.derived]
    assert [v for v, _ in complete(["set", str(EXAMPLE), "CR-1.3", "--check"], "")] == expected
    first = expected[0][:3]
    got = [v for v, _ in complete(["set", str(EXAMPLE), "CR-1.3", "--uncheck"], first)]
    assert got == [cp for cp in expected if cp.startswith(first)]
    assert complete(["set", str(EXAMPLE), "NOPE-1", "--check"], "") == []


def test_workbook_paths_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "workbooks").mkdir()
    (tmp_path / "workbooks" / "aurora.toml").write_text("")
    (tmp_path / "workbooks" / "notes.txt").write_text("")
    (tmp_path / "wide.toml").write_text("")
    (tmp_path / ".hidden.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    assert complete(["status"], "w") == [("wide.toml", "file"), (f"workbooks{os.sep}", "dir")]
    assert complete(["open"], f"workbooks{os.sep}") == [(f"workbooks{os.sep}aurora.toml", "file")]
    assert complete(["check", "wide.toml"], "workbooks/a") == [("workbooks/aurora.toml", "file")]
    assert ("wide.toml", "file") in complete(["set"], "")


def test_version_names_the_catalogue() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "gpai 0.1.0" in result.output
    assert f"Code of Practice {CURRENT_CODE}" in result.output


def test_mdf_field_ids_complete_and_gpai_mdf_sets_one(tmp_path: Path) -> None:
    fields = [f.id for f in load_catalogue().mdf_fields() if f.id.startswith("input-")]
    assert fields and [v for v, _ in complete(["mdf", "set", str(EXAMPLE)], "input-")] == fields
    path = tmp_path / "aurora.toml"
    path.write_text(EXAMPLE.read_text())
    runner = CliRunner()
    done = runner.invoke(
        cli, ["mdf", "set", str(path), "input-max-size", "1M tokens", "--modality", "text"]
    )
    assert done.exit_code == 0, done.output
    value = runner.invoke(cli, ["mdf", "show", str(path), "input-max-size"]).output
    assert "text: 1M tokens" in value and "images: " in value  # the other entry is kept
    before = path.read_bytes()
    refused = runner.invoke(cli, ["mdf", "set", str(path), "input-max-size", "x"])
    assert refused.exit_code != 0 and "--modality NAME" in str(refused.exception)  # exit 2 via main
    assert path.read_bytes() == before
