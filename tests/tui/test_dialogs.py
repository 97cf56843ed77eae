"""Quit confirmation, the not-applicable justification, and changes on disk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.screens.choice import ChoiceDialog
from gpai_tui.tui.screens.prompt import TextPromptDialog
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.workbook import load_workbook, save_workbook
from tests.tui.conftest import SIZE, run, settle


def test_quit_without_changes_exits_at_once(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("q")
            await settle(pilot)
            assert app.return_code == 0

    run(scenario)


def test_ctrl_c_says_in_plain_text_which_key_quits(app: GpaiApp) -> None:
    # Textual's notice is markup ("Press [b]q[/b]"); every toast here is plain text, so
    # the tags were shown as written.
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+c")
            await settle(pilot)
            toasts = list(app._notifications)
            assert [(t.title, t.message) for t in toasts] == [
                ("Do you want to quit?", "Press q to quit the app.")
            ]
            assert app.is_running

    run(scenario)


def test_quit_with_unsaved_changes_asks_first(app: GpaiApp, workbook_path: Path) -> None:
    original = workbook_path.read_bytes()

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await pilot.press("s")
            await settle(pilot)
            assert app.dirty
            await pilot.press("q")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            assert app.return_code is None
            await pilot.press("escape")  # cancel: still running, still dirty
            await settle(pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            assert app.return_code is None and app.dirty
            await pilot.press("ctrl+q")  # the Textual quit key asks too
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.click("#choice-discard")
            await settle(pilot)
            assert app.return_code == 0

    run(scenario)
    assert workbook_path.read_bytes() == original


def test_quit_save_and_quit_writes_the_file(app: GpaiApp, workbook_path: Path) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await pilot.press("s", "q")
            await settle(pilot)
            await pilot.press("enter")  # "Save and quit" has the focus
            await settle(pilot)
            assert app.return_code == 0

    run(scenario)
    assert load_workbook(workbook_path).get_entry("TR-1.3").status == "in-progress"


def test_not_applicable_without_justification_is_refused(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("CR-1.4")
            await settle(pilot)
            before = app.workbook.get_entry("CR-1.4").model_copy()
            await pilot.press("x")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog), "empty justification accepted"
            error = app.screen.query_one(FieldError)
            assert "justification is required" in str(error.render())
            await pilot.press("space", "space", "enter")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog), "blank justification accepted"
            await pilot.press("escape")
            await settle(pilot)
            assert app.workbook.get_entry("CR-1.4") == before
            assert not app.dirty

            await pilot.press("x")
            await settle(pilot)
            await pilot.press(*"We never crawl", "enter")
            await settle(pilot)
            entry = app.workbook.get_entry("CR-1.4")
            assert entry.status == "not-applicable"
            assert entry.justification == "We never crawl"
            assert not app.evaluation.item("CR-1.4").applicable

    run(scenario)


def _change_on_disk(path: Path) -> None:
    """Another program edits the file: SS-1.3 becomes in-progress."""
    other = load_workbook(path)
    apply_edit(other, "SS-1.3", Edit(status="in-progress"))
    save_workbook(other, path)


def test_external_change_on_save_asks_and_cancel_keeps_both(
    app: GpaiApp, workbook_path: Path
) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await pilot.press("s")
            await settle(pilot)
            _change_on_disk(workbook_path)
            theirs = workbook_path.read_bytes()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            assert app.screen.query("#choice-reload") and app.screen.query("#choice-overwrite")
            await pilot.press("escape")
            await settle(pilot)
            assert workbook_path.read_bytes() == theirs
            assert app.dirty

            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.click("#choice-overwrite")
            await settle(pilot)
            assert not app.dirty

    run(scenario)
    saved = load_workbook(workbook_path)
    assert saved.get_entry("TR-1.3").status == "in-progress"  # ours
    assert saved.get_entry("SS-1.3").status == "todo"  # theirs was overwritten, as chosen


def test_external_change_reload_takes_the_file_on_disk(app: GpaiApp, workbook_path: Path) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await pilot.press("s")
            await settle(pilot)
            _change_on_disk(workbook_path)
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.click("#choice-reload")
            await settle(pilot)
            assert not app.dirty
            assert app.workbook.get_entry("SS-1.3").status == "in-progress"
            assert app.workbook.get_entry("TR-1.3").status == "todo"
            assert app.evaluation.item("SS-1.3").status == "in-progress"

    run(scenario)


def test_watcher_reloads_quietly_without_edits_and_asks_with_them(
    app: GpaiApp, workbook_path: Path
) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            _change_on_disk(workbook_path)
            app.check_disk()
            await settle(pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            assert app.workbook.get_entry("SS-1.3").status == "in-progress"

            await app.goto_item("TR-1.3")
            await pilot.press("s")
            await settle(pilot)
            other = load_workbook(workbook_path)
            apply_edit(other, "SS-1.3", Edit(status="done"))
            save_workbook(other, workbook_path)
            app.check_disk()
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("escape")
            await settle(pilot)
            assert app.workbook.get_entry("SS-1.3").status == "in-progress"
            assert app.dirty

    run(scenario)


def test_deleted_file_offers_overwrite_not_reload(app: GpaiApp, workbook_path: Path) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await pilot.press("s")
            await settle(pilot)
            workbook_path.unlink()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            assert not app.screen.query("#choice-reload")
            await pilot.click("#choice-overwrite")
            await settle(pilot)

    run(scenario)
    assert load_workbook(workbook_path).get_entry("TR-1.3").status == "in-progress"


def test_invalid_target_date_is_refused_inline_and_blocks_saving(
    app: GpaiApp, workbook_path: Path
) -> None:
    original = workbook_path.read_bytes()

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            target = app.screen.query_one("#target", Input)
            target.focus()
            await pilot.press(*"2026-13-01")
            await settle(pilot)
            assert "TR-1.3.target" in app.field_errors
            assert app.workbook.get_entry("TR-1.3").target is not None
            assert str(app.workbook.get_entry("TR-1.3").target) == "2027-01-31"
            assert app.screen.query_one("#target-error", FieldError).has_class("-shown")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert workbook_path.read_bytes() == original
            await pilot.press("end", *["backspace"] * 10, *"2027-02-15")
            await settle(pilot)
            assert not app.field_errors
            assert str(app.workbook.get_entry("TR-1.3").target) == "2027-02-15"
            await pilot.press("ctrl+s")
            await settle(pilot)

    run(scenario)
    assert str(load_workbook(workbook_path).get_entry("TR-1.3").target) == "2027-02-15"
