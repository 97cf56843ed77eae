"""Screens, keys, the command palette, find, next/previous, outstanding and evidence."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.registry import COMMANDS, SCREENS
from gpai_tui.tui.screens.find import matches
from gpai_tui.tui.screens.help import HelpScreen
from gpai_tui.tui.screens.outstanding import OutstandingScreen
from gpai_tui.tui.screens.prompt import TextPromptDialog
from gpai_tui.tui.widgets.evidence_list import EvidenceList
from gpai_tui.tui.widgets.measure_tree import MeasureTree
from tests.tui.conftest import AS_OF, SIZE, run, settle


def plain(renderable: object) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_dashboard_first_then_each_screen_by_its_key(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.current_mode == "dashboard"
            for spec in SCREENS:
                await pilot.press(spec.key)
                await settle(pilot)
                assert app.current_mode == spec.name
            await pilot.press("escape")  # from the profile back to the Code screen
            await settle(pilot)
            assert app.current_mode == "code"

    run(scenario)


def test_next_and_previous_outstanding_follow_legal_date_order(workbook_path: Path) -> None:
    # SS-1.1 falls due before the measures above it in the catalogue (Art. 55 runs from
    # the threshold notice): reopened, it is the first item `n` reaches.
    text = workbook_path.read_text(encoding="utf-8")
    reopened = text.replace(
        '[measures."SS-1.1"]\nstatus = "done"', '[measures."SS-1.1"]\nstatus = "todo"'
    )
    assert reopened != text
    workbook_path.write_text(reopened, encoding="utf-8")
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)
    order = app.evaluation.outstanding_order()
    catalogue = [i.id for i in app.evaluation.items if i.outstanding]
    assert order[0] == "SS-1.1" != catalogue[0]

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n")
            await settle(pilot)
            assert app.current_item() == order[0]
            await pilot.press("n")
            await settle(pilot)
            assert app.current_item() == order[1]
            await pilot.press("N", "N")
            await settle(pilot)
            assert app.current_item() == order[-1]  # wraps around

    run(scenario)


def test_find_matches_ids_then_words() -> None:
    from gpai_tui.engine import evaluate
    from gpai_tui.workbook import load_workbook
    from tests.tui.conftest import AS_OF, EXAMPLE

    evaluation = evaluate(load_workbook(EXAMPLE), AS_OF)
    assert matches(evaluation, "cr-1.3")[0].id == "CR-1.3"
    assert [i.id for i in matches(evaluation, "CR-1")][:5] == [f"CR-1.{n}" for n in range(1, 6)]
    robots = matches(evaluation, "rights reservations")
    assert robots and robots[0].id == "CR-1.3"
    owned = matches(evaluation, "m.rossi")
    assert owned and all(i.owner == "m.rossi" for i in owned)
    assert all(i.overdue for i in matches(evaluation, "overdue"))
    assert matches(evaluation, "no such words at all") == []


def test_find_by_words_jumps_to_first_match(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"serious incident", "enter")
            await settle(pilot)
            assert app.current_item() == matches(app.evaluation, "serious incident")[0].id

    run(scenario)


def test_outstanding_sorts_and_enter_opens_the_measure(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, OutstandingScreen)
            table = screen.query_one(DataTable)
            assert table.row_count == len(app.evaluation.outstanding)
            await pilot.press("4")  # owner
            await settle(pilot)
            owners = [o.owner or "\uffff" for o in screen.rows()]
            assert owners == sorted(owners)
            await pilot.press("4")
            await settle(pilot)
            assert screen.reverse
            await pilot.press("2", "enter")  # by id, first row
            await settle(pilot)
            first = sorted(o.id for o in app.evaluation.outstanding)[0]
            assert app.current_mode == "code"
            assert app.current_item() == first

    run(scenario)


def test_dashboard_enter_opens_next_deadline_or_explains(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            deadlines = app.screen.query_one("#deadlines", DataTable)
            key = deadlines.coordinate_to_cell_key(deadlines.cursor_coordinate).row_key.value
            await pilot.press("enter")
            await settle(pilot)
            # As of 2026-06-01 the next deadline is an incident report: it opens that
            # incident on the Incidents screen.
            assert key is not None and "/" in key
            assert app.current_mode == "incidents"
            table = app.screen.query_one("#incidents", DataTable)
            incident_ids = [i.id for i in app.evaluation.incidents]
            assert key.startswith(incident_ids[table.cursor_row] + "/")

    run(scenario)


def test_palette_commands_are_named_area_verb_object(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            for command in COMMANDS:
                # Editing commands while editable; "Try to take the lock" only read-only.
                assert (command.title in titles) == (command.read_only is not True)
            for title in titles:
                assert re.fullmatch(r"[a-z]+: [A-Z][\w /.-]*", title), title
            save = next(c for c in app.get_system_commands(app.screen) if c.title.endswith("Save"))
            assert "ctrl+s" in save.help or "^s" in save.help
            assert "Quit" not in titles  # Textual's own quit is replaced by ours

    run(scenario)


def test_palette_opens_with_ctrl_p_and_colon(app: GpaiApp) -> None:
    from textual.command import CommandPalette

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for key in ("ctrl+p", "colon"):
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, CommandPalette), key
                await pilot.press("escape")
                await settle(pilot)
            await app.goto_item("TR-1.3")
            await settle(pilot)  # the Code screen is built after its first paint
            app.screen.query_one("#owner").focus()
            await settle(pilot)
            await pilot.press("colon")  # typed in a field, not a command
            await settle(pilot)
            assert not isinstance(app.screen, CommandPalette)

    run(scenario)


def test_keys_and_focused_help(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("CR-1.3")
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            text = plain(app.screen.body)
            for words in ("Everywhere", "Code screen", "Cycle the status", "Tick", "Find", "^s"):
                assert words in text
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            assert "Checkpoints" in plain(app.screen.body)

    run(scenario)


def test_evidence_add_edit_remove_keep_order(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.1")
            await settle(pilot)
            refs = app.workbook.get_entry("TR-1.1").evidence_refs
            assert len(refs) >= 2
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog)
            await pilot.press("enter")  # empty: refused
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog)
            await pilot.press(*"new/ref.md", "enter")
            await settle(pilot)
            assert app.workbook.get_entry("TR-1.1").evidence_refs == [*refs, "new/ref.md"]
            evidence = app.screen.query_one(EvidenceList)
            assert evidence.highlighted == len(refs)  # the selection follows the new ref
            evidence.focus()
            evidence.highlighted = 0
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("end", *"-v2", "enter")
            await settle(pilot)
            assert app.workbook.get_entry("TR-1.1").evidence_refs == [
                f"{refs[0]}-v2",
                *refs[1:],
                "new/ref.md",
            ]
            evidence.highlighted = 1
            await pilot.press("delete")
            await settle(pilot)
            assert app.workbook.get_entry("TR-1.1").evidence_refs == [
                f"{refs[0]}-v2",
                *refs[2:],
                "new/ref.md",
            ]

    run(scenario)


def test_tree_shows_every_measure_with_engine_percentages(app: GpaiApp) -> None:
    from gpai_tui.engine import pct

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await settle(pilot)
            tree = app.screen.query_one(MeasureTree)
            item = app.evaluation.item("CR-1.3")
            tree.select_item("CR-1.3")
            await settle(pilot)
            label = tree.cursor_node.label.plain  # type: ignore[union-attr]
            assert f"{pct(item.completeness):.1f}%" in label
            assert "CR-1.3" in label and "!" in label  # overdue flag as of 2026-06-01

    run(scenario)
