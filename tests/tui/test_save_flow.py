"""The acceptance flow: find CR-1.3, tick, cycle status, save; the file holds exactly that."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.widgets.checkpoint_list import CheckpointList
from gpai_tui.workbook import load_workbook, read_bytes
from tests.tui.conftest import AS_OF, EXAMPLE, SIZE, run, settle


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_find_tick_status_save_changes_exactly_those_lines(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "workbooks").mkdir(parents=True)
    path = repo / "workbooks" / "example.toml"
    shutil.copyfile(EXAMPLE, path)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "example")
    before = load_workbook(path)
    app = make_app(path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"CR-1.3", "enter")
            await settle(pilot)
            assert app.current_mode == "code"
            assert app.current_item() == "CR-1.3"
            assert isinstance(app.focused, CheckpointList)
            await pilot.press("space", "s")
            await settle(pilot)
            assert app.dirty
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not app.dirty
            assert app.loaded_bytes == read_bytes(path)

    run(scenario)

    first = load_catalogue().measure("CR-1.3").checkpoints[0].id  # type: ignore[union-attr]
    entry = before.get_entry("CR-1.3")
    tick = Edit(uncheck=(first,)) if entry.checks.get(first) else Edit(check=(first,))
    apply_edit(before, "CR-1.3", tick)
    apply_edit(before, "CR-1.3", Edit(status={"todo": "in-progress"}.get(entry.status, "done")))
    assert load_workbook(path) == before

    diff = git(repo, "diff", "-U0", "--no-color")
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-status = "in-progress"',
        '+status = "done"',
        f"-{first} = true",
        f"+{first} = false",
    ]


def test_untouched_file_saves_byte_identical(app: GpaiApp, workbook_path: Path) -> None:
    original = workbook_path.read_bytes()

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("w")
            await settle(pilot)

    run(scenario)
    assert workbook_path.read_bytes() == original


def test_tick_and_untick_leaves_nothing_unsaved(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("CR-1.3")
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
            assert app.dirty
            await pilot.press("space")
            await settle(pilot)
            assert not app.dirty

    run(scenario)


def test_format_1_file_opens_and_is_upgraded_on_save_with_a_notice(tmp_path: Path) -> None:
    """Issue 12: a format-1 workbook opens as it is; ctrl+s writes format 2 and says so."""
    target = tmp_path / "old.toml"
    shutil.copyfile(
        Path(__file__).parents[1] / "workbook" / "format1" / "example-format1.toml", target
    )
    app = make_app(target, as_of=AS_OF, watch_interval=None)
    notices: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.workbook.format == 1
            assert target.read_text().startswith("# gpai workbook (format 1,")
            await pilot.press("ctrl+s")
            await settle(pilot)
            notices.extend(str(n.message) for n in app._notifications)

    run(scenario)
    assert target.read_text().startswith("# gpai workbook (format 2,")
    assert any("format 1 upgraded to 2" in n for n in notices), notices
    assert load_workbook(target).signatory.signed == [
        "transparency",
        "copyright",
        "safety-and-security",
    ]
