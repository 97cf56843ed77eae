"""The TUI keeps nothing from being lost: recovery journal, lock on open, focus check.

Pilot tests on a copy of the example workbook, with a private state folder.
A "crash" is the app torn down without saving (Pilot leaves the ``run_test``
block without quitting: no exit code, so no clean-quit cleanup runs).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.screens.choice import ChoiceDialog
from gpai_tui.workbook import (
    load_workbook,
    parse_workbook,
    read_bytes,
    save_workbook,
)
from gpai_tui.workbook.journal import Journal, held_text
from gpai_tui.workbook.lock import lock_path, read_lock

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
AS_OF = date(2026, 6, 1)
SIZE = (120, 40)


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(scenario())


async def settle(pilot: Pilot[int]) -> None:
    """Let messages and workers finish (a dialog's worker waits for its answer)."""
    await pilot.pause()
    if not isinstance(pilot.app.screen, ModalScreen):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "wb"
    folder.mkdir()
    target = folder / "example.toml"
    shutil.copyfile(EXAMPLE, target)
    return target


def new_app(path: Path) -> GpaiApp:
    return make_app(path, as_of=AS_OF, watch_interval=None)


def dialog_title(app: GpaiApp) -> str | None:
    screen = app.screen
    return screen._title if isinstance(screen, ChoiceDialog) else None


async def choose(pilot: Pilot[int], value: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ChoiceDialog), f"no dialog, screen is {screen!r}"
    await pilot.click(f"#choice-{value}")
    await settle(pilot)


async def make_edits(pilot: Pilot[int], app: GpaiApp) -> None:
    """Edits through the keys and fields an officer uses: tick, status, owner, notes, evidence."""
    await pilot.press("slash", *"CR-1.3", "enter")
    await settle(pilot)
    assert app.current_item() == "CR-1.3"
    await pilot.press("space", "s")  # toggle the first checkpoint, cycle the status
    await settle(pilot)
    owner = app.screen.query_one("#owner", Input)
    owner.focus()
    owner.value = ""
    await pilot.press(*"j.doe")
    notes = app.screen.query_one("#notes", TextArea)
    notes.focus()
    await pilot.press("ctrl+end", *" Restored?", "enter", *"[bold]yes[/]")
    await settle(pilot)
    app.screen.query_one("#checkpoints").focus()
    await pilot.press("a")
    await settle(pilot)
    await pilot.press(*"docs/new-evidence.md", "enter")
    await settle(pilot)
    await pilot.press("slash", *"TR-1.1", "enter")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


def test_crash_then_reopen_offers_recovery_and_restore_brings_back_every_edit(
    path: Path,
) -> None:
    original = path.read_bytes()
    before = load_workbook(path)
    first = new_app(path)
    expected: dict[str, Any] = {}

    async def crash() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert dialog_title(first) is None
            await make_edits(pilot, first)
            assert first.dirty
            expected["text"] = first.session.encode().decode("utf-8")
            entry = Journal(path).read()
            assert entry is not None, "no journal while there are unsaved changes"
            assert entry.workbook == expected["text"], "the journal lags behind the edits"
            assert lock_path(path).exists()
        # torn down without saving: no exit code, like a crash

    run(crash)
    assert first.return_code is None
    assert path.read_bytes() == original, "nothing was saved"
    assert Journal(path).exists(), "the journal survives the crash"
    assert not lock_path(path).exists(), "the lock is released when the app goes away"

    restored = parse_workbook(expected["text"].encode("utf-8"))
    cr13, tr11 = restored.measures["CR-1.3"], restored.measures["TR-1.1"]
    # the edits really are edits of the example
    assert cr13.owner == "j.doe" != before.get_entry("CR-1.3").owner
    assert cr13.notes is not None and "Restored?\n[bold]yes[/]" in cr13.notes
    assert "docs/new-evidence.md" in cr13.evidence_refs
    assert cr13.status != before.get_entry("CR-1.3").status
    assert cr13.checks != before.get_entry("CR-1.3").checks
    assert tr11.status != before.get_entry("TR-1.1").status

    second = new_app(path)

    async def reopen() -> None:
        async with second.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert dialog_title(second) == "Recover unsaved changes?"
            await pilot.press("enter")  # Restore has the focus
            await settle(pilot)
            assert dialog_title(second) is None
            assert second.dirty
            assert second.session.encode().decode("utf-8") == expected["text"]
            assert second.workbook == restored
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not second.dirty
            assert not Journal(path).exists(), "saving removes the journal"
            await pilot.press("q")
            await settle(pilot)

    run(reopen)
    assert second.return_code == 0
    assert path.read_text(encoding="utf-8") == expected["text"]
    assert load_workbook(path) == restored


def _crash_with_one_edit(path: Path) -> str:
    app = new_app(path)
    out: dict[str, str] = {}

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"CR-1.1", "enter")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            out["text"] = app.session.encode().decode("utf-8")

    run(scenario)
    assert Journal(path).exists()
    return out["text"]


def test_discard_deletes_the_journal(path: Path) -> None:
    original = path.read_bytes()
    _crash_with_one_edit(path)
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await choose(pilot, "discard")
            assert not app.dirty
            assert not Journal(path).exists()

    run(scenario)
    assert path.read_bytes() == original


def test_decide_later_sets_the_journal_aside_and_opens_the_file(path: Path) -> None:
    text = _crash_with_one_edit(path)
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert not app.dirty

    run(scenario)
    journal = Journal(path)
    assert not journal.exists()
    kept = list(journal.folder.glob("*.kept.json"))
    assert len(kept) == 1
    held = json.loads(kept[0].read_text(encoding="utf-8"))
    # The journal holds the model as JSON (its training summary tagged apart), or
    # canonical text when JSON would not round-trip (merge conflicts: workbook/journal.py).
    assert held_text(held, "kept journal") == text
    again = new_app(path)

    async def not_offered_again() -> None:
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert dialog_title(again) is None

    run(not_offered_again)


def test_clean_quit_without_saving_removes_the_journal(path: Path) -> None:
    original = path.read_bytes()
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"CR-1.1", "enter", "s")
            await settle(pilot)
            assert Journal(path).exists()
            await pilot.press("q")
            await settle(pilot)
            assert dialog_title(app) == "Quit?"
            await choose(pilot, "discard")

    run(scenario)
    assert app.return_code == 0
    assert not Journal(path).exists()
    assert path.read_bytes() == original


def test_undoing_every_edit_removes_the_journal(path: Path) -> None:
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"CR-1.3", "enter", "space")
            await settle(pilot)
            assert Journal(path).exists()
            await pilot.press("space")
            await settle(pilot)
            assert not app.dirty
            assert not Journal(path).exists()

    run(scenario)


def test_restore_over_a_file_changed_since_asks_before_overwriting(path: Path) -> None:
    text = _crash_with_one_edit(path)
    # a git pull while gpai was down changes another measure on disk
    pulled = load_workbook(path)
    pulled.entry("SS-1.1").owner = "pulled.owner"
    save_workbook(pulled, path)
    on_disk = path.read_bytes()
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert dialog_title(app) == "Recover unsaved changes?"
            message = str(app.screen._message)  # type: ignore[attr-defined]
            assert "changed on disk" in message
            await pilot.press("enter")
            await settle(pilot)
            assert app.session.encode().decode("utf-8") == text
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert dialog_title(app) == "File changed on disk", "saving must ask first"
            await choose(pilot, "cancel")
            assert path.read_bytes() == on_disk

    run(scenario)


def test_journal_is_private(path: Path) -> None:
    _crash_with_one_edit(path)
    journal = Journal(path)
    assert stat.S_IMODE(journal.file.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.folder.stat().st_mode) == 0o700


def test_damaged_journal_is_set_aside_with_a_notice(path: Path) -> None:
    journal = Journal(path)
    journal.folder.mkdir(parents=True, exist_ok=True)
    journal.file.write_text("{not json", encoding="utf-8")
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert dialog_title(app) is None
            assert any("could not be used" in n.message for n in app._notifications)

    run(scenario)
    assert not journal.exists()
    assert list(journal.folder.glob("*.kept.json"))


# -- lock on open ------------------------------------------------------------------------

HOLDER = """
import sys, time
from gpai_tui.workbook.lock import acquire
brief = sys.argv[2] == "brief"
lock = acquire(sys.argv[1], purpose="gpai set" if brief else "gpai open", brief=brief)
print("locked", flush=True)
if brief:
    time.sleep(1.0)
    lock.release()
sys.stdin.readline()
"""


def _holder(path: Path, kind: str = "long") -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_second_editor_is_offered_read_only_and_keeps_nothing(path: Path) -> None:
    original = path.read_bytes()
    other = _holder(path)
    app = new_app(path)
    try:

        async def scenario() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                assert dialog_title(app) == "Open read-only?"
                message = str(app.screen._message)  # type: ignore[attr-defined]
                assert f"pid {other.pid}" in message and "gpai open" in message
                await choose(pilot, "read-only")
                assert app.read_only
                await pilot.press("slash", *"CR-1.1", "enter", "s", "space")
                await settle(pilot)
                assert not app.dirty, "a read-only change snapped back"
                assert app.workbook == parse_workbook(original)
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert any("read-only" in n.message for n in app._notifications)
                assert not Journal(path).exists()

        run(scenario)
    finally:
        other.send_signal(signal.SIGKILL)
        other.wait(timeout=10)
    assert path.read_bytes() == original
    info = read_lock(path)
    assert info is not None and info.pid == other.pid, "the read-only app left the lock alone"


def test_read_only_is_visible_and_the_lock_can_be_taken_later(path: Path) -> None:
    """Badge in the header, no editing keys in the footer, "Try to take the lock" in the
    palette; once the other editor is gone, taking the lock makes the file editable."""
    from gpai_tui.tui.widgets.workbook_header import WorkbookHeader

    other = _holder(path)
    app = new_app(path)
    try:

        async def scenario() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await choose(pilot, "read-only")
                await pilot.press("c")
                await settle(pilot)

                def header() -> str:
                    return app.screen.query_one(WorkbookHeader).render_line(0).text

                def footer_actions() -> set[str]:
                    return {
                        b.binding.action
                        for b in app.screen.active_bindings.values()
                        if b.enabled and b.binding.show
                    }

                def palette() -> list[str]:
                    return [c.title for c in app.get_system_commands(app.screen)]

                assert "READ-ONLY" in header()
                assert not {"save", "cycle_status", "not_applicable"} & footer_actions()
                assert "workbook: Try to take the lock" in palette()
                assert "workbook: Save" not in palette()
                await pilot.press("s")  # an editing key says why nothing happens
                await settle(pilot)
                assert any("read-only" in n.message for n in app._notifications)
                app.action_take_lock()  # still held: stays read-only
                assert app.read_only
                other.send_signal(signal.SIGKILL)
                other.wait(timeout=10)
                app.action_take_lock()  # the holder is gone: its stale lock is broken
                await settle(pilot)
                assert not app.read_only and "READ-ONLY" not in header()
                info = read_lock(path)
                assert info is not None and info.pid == os.getpid()
                assert {"save", "cycle_status"} <= footer_actions()
                assert "workbook: Try to take the lock" not in palette()
                await app.goto_item("CR-1.1")
                await settle(pilot)
                await pilot.press("s")
                await settle(pilot)
                assert app.dirty

        run(scenario)
    finally:
        if other.poll() is None:
            other.send_signal(signal.SIGKILL)
            other.wait(timeout=10)
    assert read_lock(path) is None  # released on quit


def test_second_editor_can_quit_instead(path: Path) -> None:
    other = _holder(path)
    app = new_app(path)
    try:

        async def scenario() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await choose(pilot, "quit")

        run(scenario)
    finally:
        other.send_signal(signal.SIGKILL)
        other.wait(timeout=10)
    assert app.return_code == 0


def test_lock_of_a_killed_editor_is_taken_over(path: Path) -> None:
    other = _holder(path)
    other.send_signal(signal.SIGKILL)
    other.wait(timeout=10)
    assert read_lock(path) is not None
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert dialog_title(app) is None and not app.read_only
            info = read_lock(path)
            assert info is not None and info.pid == os.getpid()

    run(scenario)


def test_a_running_gpai_set_is_waited_for_not_turned_into_read_only(path: Path) -> None:
    other = _holder(path, "brief")  # holds the lock for one second, like a gpai set
    app = new_app(path)
    try:

        async def scenario() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                assert dialog_title(app) is None and not app.read_only
                info = read_lock(path)
                assert info is not None and info.pid == os.getpid()

        run(scenario)
    finally:
        other.send_signal(signal.SIGKILL)
        other.wait(timeout=10)


def test_two_apps_in_one_process_one_editor(path: Path) -> None:
    first, second = new_app(path), new_app(path)

    async def scenario() -> None:
        async with first.run_test(size=SIZE) as p1:
            await settle(p1)
            async with second.run_test(size=SIZE) as p2:
                await settle(p2)
                assert dialog_title(second) == "Open read-only?"
                await choose(p2, "read-only")
                assert second.read_only and not first.read_only

    run(scenario)


# -- external changes when the app regains focus ---------------------------------------


def test_regaining_focus_picks_up_a_change_on_disk(path: Path) -> None:
    app = new_app(path)  # no timer: only focus (and save) look at the disk

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.app_focus = False
            changed = load_workbook(path)
            changed.entry("CR-1.1").owner = "someone.else"
            save_workbook(changed, path)
            await settle(pilot)
            assert app.workbook.get_entry("CR-1.1").owner != "someone.else"
            app.app_focus = True
            await settle(pilot)
            assert app.workbook.get_entry("CR-1.1").owner == "someone.else"
            assert app.loaded_bytes == read_bytes(path)

    run(scenario)


def test_regaining_focus_with_unsaved_edits_asks(path: Path) -> None:
    app = new_app(path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"CR-1.3", "enter", "s")
            await settle(pilot)
            app.app_focus = False
            changed = load_workbook(path)
            changed.entry("CR-1.1").owner = "someone.else"
            save_workbook(changed, path)
            on_disk = path.read_bytes()
            app.app_focus = True
            await settle(pilot)
            assert dialog_title(app) == "File changed on disk"
            await choose(pilot, "cancel")
            assert app.dirty and path.read_bytes() == on_disk

    run(scenario)


def test_unexpected_error_in_the_tui_is_one_line_a_log_and_keeps_the_journal(
    path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    app = new_app(path)

    def boom() -> None:
        raise RuntimeError("kaboom \x1b[2J")

    monkeypatch.setattr(app, "action_keys", boom)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"CR-1.1", "enter", "s")
            await settle(pilot)
            assert Journal(path).exists()
            await pilot.press("question_mark")
            await pilot.pause()

    with pytest.raises(RuntimeError, match="kaboom"):  # Pilot re-raises it for the test
        run(scenario)
    assert app.return_code == 3
    printed = capfd.readouterr().err
    assert "Traceback" not in printed and "\x1b" not in printed
    assert "gpai: unexpected error (RuntimeError: kaboom" in printed
    logs = list((Path(os.environ["XDG_STATE_HOME"]) / "gpai-tui" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in "".join(printed.split())
    assert "Traceback" in logs[0].read_text(encoding="utf-8")
    assert Journal(path).exists(), "a crash keeps the unsaved edits"
    assert not lock_path(path).exists()
