"""``gpai migrate`` and the format-1 -> 2 upgrade (issue 12, acceptance 4).

A format-1 example migrates in place, validates, and ``gpai diff`` shows only the keys
format 2 added. A synthetic next catalogue (``next_catalogue/2099-01-01.toml``: CR-1.5
renamed to CR-1.6, SS-7.6 split into SS-7.6 and SS-7.8, SS-10.2 dropped) migrates with
the drops listed and every status, check, evidence and note carried.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import gpai_tui.catalogue as catalogue_module
from gpai_tui.cli import cli
from gpai_tui.cli.errors import run_guarded
from gpai_tui.workbook import load_workbook

HERE = Path(__file__).resolve().parent
FORMAT1 = HERE / "format1" / "example-format1.toml"
NEXT = HERE / "next_catalogue"


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def _guarded(args: tuple[str, ...]) -> None:
    """``gpai ARGS`` as the real entry point runs it (messages and exit codes)."""
    run_guarded(cli, list(args))


def _gpai(*args: str) -> tuple[int, str, str]:
    """Run gpai in this process (so the synthetic catalogue is known); exit code and output."""
    result = CliRunner().invoke(_guarded, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_format_1_example_migrates_and_diff_shows_only_added_keys(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    shutil.copyfile(FORMAT1, target)
    code, _, err = _gpai("migrate", str(target))
    assert code == 0, err
    assert "format 1 -> 2" in err
    assert target.read_text().startswith("# gpai workbook (format 2,")
    assert _gpai("validate", str(target))[0] == 0
    code, out, _ = _gpai("diff", "--json", str(FORMAT1), str(target))
    assert code == 1  # changes: the keys format 2 writes
    diff = json.loads(out)
    added = {c["field"] for c in diff["profile"]}
    assert added == {
        "signed",
        "named_model",
        "crawls_web",
        "most_capable",
        "original_systemic_risk",
    }
    assert all(c["old"] is None for c in diff["profile"])
    for key in ("scope", "applicability", "items", "mdf", "incidents", "conflicts_added"):
        assert diff[key] == [], key
    assert diff["code"] is None
    # Migrating again changes nothing.
    before = target.read_bytes()
    code, _, err = _gpai("migrate", str(target))
    assert code == 0 and "nothing to migrate" in err
    assert target.read_bytes() == before


def test_format_1_file_is_upgraded_by_a_save_with_a_notice(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    shutil.copyfile(FORMAT1, target)
    assert load_workbook(target).format == 1  # a format-1 file opens
    code, _, err = _gpai("set", str(target), "TR-1.3", "--status", "in-progress")
    assert code == 0, err
    assert "format 1 upgraded to 2" in err
    upgraded = load_workbook(target)
    assert upgraded.format == 2 and upgraded.get_entry("TR-1.3").status == "in-progress"


@pytest.fixture
def next_code(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The synthetic next catalogue, known to this process for the test only."""
    monkeypatch.setattr(catalogue_module, "_TEST_DIRS", [NEXT])
    catalogue_module._available_codes.cache_clear()
    yield "2099-01-01"
    monkeypatch.setattr(catalogue_module, "_TEST_DIRS", [])
    catalogue_module._available_codes.cache_clear()
    catalogue_module._load_catalogue.cache_clear()


def test_next_catalogue_renames_splits_and_drops(tmp_path: Path, next_code: str) -> None:
    target = tmp_path / "wb.toml"
    shutil.copyfile(FORMAT1, target)
    old = load_workbook(target)
    code, _, err = _gpai("migrate", str(target), "--to", next_code)
    assert code == 0, err
    lines = err.splitlines()
    assert "  Code of Practice 2025-07-10 -> 2099-01-01" in lines
    assert "  renamed/split: CR-1.5 -> CR-1.6" in lines
    assert "  renamed/split: SS-7.6 -> SS-7.8" in lines
    dropped = [ln for ln in lines if ln.startswith("  dropped: ")]
    assert len(dropped) == 1 and dropped[0].startswith("  dropped: SS-10.2 (was ")
    assert not [ln for ln in lines if ln.startswith("  added: ")]
    new = load_workbook(target)  # validates against the new catalogue
    assert new.code == next_code and new.format == 2
    assert new.measures["CR-1.6"] == old.measures["CR-1.5"]  # status, checks, evidence, notes
    assert "CR-1.5" not in new.measures and "SS-10.2" not in new.measures
    assert new.measures["SS-7.6"] == old.measures["SS-7.6"]
    split = new.measures["SS-7.8"]
    assert split.status == old.measures["SS-7.6"].status
    assert split.evidence == old.measures["SS-7.6"].evidence
    assert set(split.checks) <= set(old.measures["SS-7.6"].checks)
    assert new.model == old.model and new.mdf == old.mdf and new.incidents == old.incidents
    # Migrations go forward only.
    code, _, err = _gpai("migrate", str(target), "--to", "2025-07-10")
    assert code == 2 and "does not follow" in err


def test_dry_run_writes_nothing_and_unknown_version_is_refused(
    tmp_path: Path, next_code: str
) -> None:
    target = tmp_path / "wb.toml"
    shutil.copyfile(FORMAT1, target)
    before = target.read_bytes()
    code, _, err = _gpai("migrate", str(target), "--to", next_code, "--dry-run")
    assert code == 0 and "would migrate" in err and "dropped: SS-10.2" in err
    assert target.read_bytes() == before
    code, _, err = _gpai("migrate", str(target), "--to", "2030-01-01")
    assert code == 2 and "unknown Code of Practice version" in err
    assert target.read_bytes() == before
