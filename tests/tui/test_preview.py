"""The Code screen's two modes: a read-only preview while the tree has the focus, the
editor once a measure is entered. Keys are pressed for real; the workbook is read back."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.widgets.checkpoint_list import CheckpointList, CheckpointRow
from gpai_tui.tui.widgets.measure_detail import MeasureDetail
from gpai_tui.tui.widgets.measure_tree import MeasureTree
from gpai_tui.tui.widgets.text_view import TextView
from gpai_tui.workbook import load_workbook, save_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle

MARKUP = "[bold]x[/]"


async def to_tree_item(pilot: Pilot[int], app: GpaiApp, item_id: str) -> MeasureTree:
    """Open the Code screen and put the tree cursor on ``item_id`` (tree focused)."""
    await pilot.press("c")
    await settle(pilot)
    tree = app.screen.query_one(MeasureTree)
    tree.focus()
    tree.select_item(item_id)
    await settle(pilot)
    return tree


def preview_text(app: GpaiApp) -> str:
    return app.screen.query_one(TextView).text


def test_moving_in_the_tree_previews_and_enter_edits(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_tree_item(pilot, app, "TR-1.2")
            detail = app.screen.query_one(MeasureDetail)
            await pilot.press(*["left_square_bracket"] * 5)  # a narrower tree: it all fits
            await pilot.press("j")  # TR-1.2 -> TR-1.3
            await settle(pilot)
            assert detail.item_id == "TR-1.3" and not detail.editing
            assert not app.screen.query_one("#item-view").display
            text = preview_text(app)
            assert text.startswith("TR-1.3  Ensuring quality")
            assert "Checkpoints  0 of 3 required ticked · 0.0%" in text
            assert "[ ] Document control in place" in text
            assert "Owner                s.novak" in text
            assert "Target date (yours)  2027-01-31" in text
            assert "No evidence yet" in text
            view = app.screen.query_one(TextView)
            assert view.virtual_size.height == view.size.height  # fits: nothing to scroll
            await pilot.press("enter")
            await settle(pilot)
            assert detail.editing and app.screen.query_one("#item-view").display
            assert isinstance(app.focused, CheckpointList)
            assert app.screen.query_one("#owner", Input).value == "s.novak"
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.focused, MeasureTree) and not detail.editing
            await pilot.press("tab")
            await settle(pilot)
            assert isinstance(app.focused, CheckpointList) and detail.editing
            await pilot.press("space")  # ticks the first checkpoint of TR-1.3
            await settle(pilot)
            assert app.workbook.get_entry("TR-1.3").checks["document-control"] is True
            await pilot.press("escape")
            await settle(pilot)
            assert "Checkpoints  1 of 3 required ticked · 33.3%" in preview_text(app)
            assert "[x] Document control in place" in preview_text(app)

    run(scenario)


def test_groups_preview_their_measures(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_tree_item(pilot, app, "TR-1.3")
            await pilot.press("j")  # the Copyright chapter
            await settle(pilot)
            detail = app.screen.query_one(MeasureDetail)
            assert detail.item_id is None
            text = preview_text(app)
            assert text.startswith("Copyright\n")
            assert "72.2% · 3/5 done" in text
            assert "CR-1.5" in text
            await pilot.press("tab")  # nothing to edit: the focus stays put
            await settle(pilot)
            assert not detail.editing

    run(scenario)


def test_status_key_on_the_tree_updates_the_preview(app: GpaiApp, workbook_path: Path) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_tree_item(pilot, app, "TR-1.3")
            await pilot.press("s", "ctrl+s")
            await settle(pilot)
            assert "○! todo" not in preview_text(app)
            assert "◐! in progress, overdue" in preview_text(app)
            assert isinstance(app.focused, MeasureTree)

    run(scenario)
    assert load_workbook(workbook_path).get_entry("TR-1.3").status == "in-progress"


def test_a_jump_never_leaves_the_focus_in_the_hidden_editor(app: GpaiApp) -> None:
    """The editor of TR-1.3 has the focus; the tree cursor is moved to CR-1.5 by code.
    ``space`` must not tick anything: the editor is hidden and shows another measure."""

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            assert isinstance(app.focused, CheckpointList)
            tree = app.screen.query_one(MeasureTree)
            tree.select_item("CR-1.5")
            await settle(pilot)
            assert isinstance(app.focused, MeasureTree)
            assert not app.screen.query_one(MeasureDetail).editing
            await pilot.press("space")
            await settle(pilot)
            assert not app.dirty

    run(scenario)


def test_refused_target_date_is_reported_when_going_back_to_the_tree(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            target = app.screen.query_one("#target", Input)
            target.focus()
            target.value = "2026-13-01"  # as a paste would
            await settle(pilot)
            assert "TR-1.3.target" in app.field_errors
            await pilot.press("escape")
            await settle(pilot)
            assert not app.field_errors
            assert any("TR-1.3.target was not changed" in n.message for n in app._notifications)
            assert "Target date (yours)  2027-01-31" in preview_text(app)
            assert str(app.workbook.get_entry("TR-1.3").target) == "2027-01-31"

    run(scenario)


def test_preview_shows_user_text_literally_and_scrolls(workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    notes = "\n".join([f"{MARKUP} line {n}" for n in range(60)] + ["\x1b[31mred"])
    apply_edit(workbook, "TR-1.3", Edit(owner=MARKUP, notes=notes, add_evidence=(MARKUP,)))
    save_workbook(workbook, workbook_path)
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_tree_item(pilot, app, "TR-1.3")
            view = app.screen.query_one(TextView)
            text = view.text
            assert f"Owner                {MARKUP}" in text
            assert f"· {MARKUP}" in text
            assert f"{MARKUP} line 59" in text and "\\x1b[31mred" in text
            assert "\x1b" not in text
            assert view.virtual_size.height > view.size.height  # it scrolls
            view.scroll_end(animate=False)
            await settle(pilot)
            assert "\\x1b[31mred" in app.export_screenshot()
            await pilot.press("k")
            await settle(pilot)
            assert view.scroll_y == 0  # another measure starts at its top
            assert not app.dirty

    run(scenario)


def test_typing_in_the_editor_then_back_to_the_tree_keeps_every_character(
    app: GpaiApp, workbook_path: Path
) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            notes = app.screen.query_one("#notes", TextArea)
            notes.focus()
            await pilot.press(*"kept")
            await pilot.press("escape")
            await settle(pilot)
            assert "kept" in preview_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one("#notes", TextArea).text == "kept"
            await pilot.press("ctrl+s")
            await settle(pilot)

    run(scenario)
    assert load_workbook(workbook_path).get_entry("TR-1.3").notes == "kept"


def test_tree_scroll_bar_follows_folding(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            tree = await to_tree_item(pilot, app, "TR-1.1")
            lines = tree.virtual_size.height
            assert tree.vertical_scrollbar.window_virtual_size == lines
            tree.move_cursor_to_line(0)
            await settle(pilot)
            await pilot.press("space")  # fold the Transparency chapter
            await settle(pilot)
            assert tree.virtual_size.height < lines
            assert tree.vertical_scrollbar.window_virtual_size == tree.virtual_size.height

    run(scenario)


def test_checkpoint_keys_and_clicks(app: GpaiApp, workbook_path: Path) -> None:
    """j/k/home/end move the highlight, space and a click tick, a computed checkpoint
    refuses with a notice; the saved file has exactly what was ticked."""

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            checks = app.screen.query_one(CheckpointList)
            assert checks.option_count == 4 and checks.highlighted == 0
            await pilot.press("j", "j", "k")
            assert checks.highlighted == 1
            await pilot.press("end")
            assert checks.highlighted == 3
            await pilot.press("home", "space")
            await settle(pilot)
            rows = list(checks.query(CheckpointRow))
            await pilot.click(rows[2])
            await settle(pilot)
            assert checks.highlighted == 2
            entry = app.workbook.get_entry("TR-1.3")
            assert entry.checks["document-control"] and entry.checks["integrity-protection"]
            assert not entry.checks["quality-review"]
            assert str(rows[2].render()).startswith("[x]")
            await pilot.click(rows[2])  # and off again
            await settle(pilot)
            assert not app.workbook.get_entry("TR-1.3").checks["integrity-protection"]
            await app.goto_item("TR-1.1")  # its first checkpoint is computed from the MDF
            await settle(pilot)
            checks = app.screen.query_one(CheckpointList)
            derived = [n for n, s in enumerate(checks._states) if s.derived]
            assert derived
            checks.highlighted = derived[0]
            before = app.workbook.get_entry("TR-1.1").model_copy(deep=True)
            await pilot.press("space")
            await settle(pilot)
            assert any("computed" in n.message for n in app._notifications)
            assert app.workbook.get_entry("TR-1.1") == before
            await pilot.press("ctrl+s")
            await settle(pilot)

    run(scenario)
    entry = load_workbook(workbook_path).get_entry("TR-1.3")
    assert entry.checks["document-control"] and not entry.checks["integrity-protection"]


def test_a_click_on_the_preview_opens_the_editor(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await to_tree_item(pilot, app, "TR-1.3")
            detail = app.screen.query_one(MeasureDetail)
            assert not detail.editing
            await pilot.click(TextView, offset=(5, 3))
            await settle(pilot)
            assert detail.editing and detail.item_id == "TR-1.3"
            assert isinstance(app.focused, CheckpointList)

    run(scenario)


def test_entering_a_measure_in_a_small_terminal_shows_its_checkpoints(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_tree_item(pilot, app, "TR-1.3")
            await pilot.press("enter")
            await settle(pilot)
            checks = app.screen.query_one(CheckpointList)
            detail = app.screen.query_one(MeasureDetail)
            assert app.focused is checks
            shown = detail.content_region
            row = checks.query(CheckpointRow).first()
            assert checks.highlighted == 0
            assert shown.contains_region(row.region), (shown, row.region)
            assert shown.contains_region(checks.region), (shown, checks.region)

    run(scenario)


def test_a_jump_into_a_folded_group_unfolds_it(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            tree = await to_tree_item(pilot, app, "CR-1.1")
            await pilot.press("k", "k", "space")  # the Copyright chapter, folded
            await settle(pilot)
            assert "CR-1.3" not in tree._item_nodes
            await pilot.press("slash", *"CR-1.3", "enter")
            await settle(pilot)
            assert tree.cursor_node is not None and tree.cursor_node.data is not None
            assert tree.cursor_node.data.id == "CR-1.3"
            assert app.screen.query_one(MeasureDetail).item_id == "CR-1.3"

    run(scenario)
