"""User text is shown literally, and typing in a text field never triggers a key binding."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.widgets.evidence_list import EvidenceList
from gpai_tui.tui.widgets.measure_tree import MeasureTree
from gpai_tui.workbook import load_workbook, save_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle

MARKUP = "[bold]x[/]"
ESCAPE = "\x1b[31mred"


def test_markup_and_escapes_in_user_text_are_shown_literally(workbook_path: Path) -> None:
    workbook = load_workbook(workbook_path)
    apply_edit(
        workbook,
        "TR-1.3",
        Edit(
            owner=MARKUP,
            notes=f"{MARKUP}\n{ESCAPE} [@click=app.quit]quit[/]\n",
            add_evidence=(MARKUP,),
        ),
    )
    apply_edit(workbook, "CR-1.5", Edit(status="not-applicable", justification=MARKUP))
    save_workbook(workbook, workbook_path)
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            screen = app.screen
            assert screen.query_one("#owner", Input).value == MARKUP
            notes = screen.query_one("#notes", TextArea).text
            assert notes == f"{MARKUP}\n\\x1b[31mred [@click=app.quit]quit[/]\n"
            evidence = screen.query_one(EvidenceList)
            prompt = evidence.get_option_at_index(0).prompt
            assert prompt.plain == f"? {MARKUP}"  # type: ignore[union-attr]  # ? = no such file
            screen.query_one("#owner", Input).focus()  # scrolled into view (a wide tree)
            await settle(pilot)
            svg = app.export_screenshot()
            assert MARKUP in svg
            assert "\x1b" not in svg
            tree = screen.query_one(MeasureTree)
            tree.select_item("CR-1.5")
            await settle(pilot)
            label = tree.cursor_node.label  # type: ignore[union-attr]
            assert f"by the officer: {MARKUP}" in label.plain
            assert MARKUP in app.export_screenshot()
            assert not app.dirty  # showing text never edits it

    run(scenario)


def test_typing_in_text_fields_never_triggers_keys(app: GpaiApp) -> None:
    typed = "sxqdnocpw/?N:a"

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await settle(pilot)
            status = app.workbook.get_entry("TR-1.3").status
            owner = app.screen.query_one("#owner", Input)
            owner.focus()
            await pilot.press(*typed)
            await settle(pilot)
            assert owner.value == typed
            assert app.workbook.get_entry("TR-1.3").owner == typed
            notes = app.screen.query_one("#notes", TextArea)
            notes.focus()
            await pilot.press("end", *typed)
            await settle(pilot)
            assert typed in notes.text
            assert app.current_mode == "code"
            assert app.workbook.get_entry("TR-1.3").status == status
            assert app.return_code is None
            assert app.screen is not None and app.screen.__class__.__name__ == "MainScreen"

    run(scenario)


def test_moving_fast_between_measures_never_files_text_under_another(app: GpaiApp) -> None:
    owners = {i: app.workbook.get_entry(i).owner for i in ("TR-1.1", "TR-1.3", "CR-1.3")}

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.1")
            await settle(pilot)
            screen = app.screen
            edits: list[tuple[str, Edit]] = []
            app.edit_item = lambda item_id, edit, **_: edits.append((item_id, edit)) or True  # type: ignore[method-assign]
            for item_id in ("TR-1.3", "CR-1.3", "TR-1.1", "CR-1.3"):  # no pause between
                screen.show_item(item_id, focus_checkpoints=False)  # type: ignore[attr-defined]
            await settle(pilot)
            assert edits == []  # not even a transient one with the previous measure's text
            assert {i: app.workbook.get_entry(i).owner for i in owners} == owners
            assert not app.dirty

    run(scenario)
