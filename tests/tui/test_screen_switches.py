"""Screen switches (issue 15): a screen visited once is kept as it was (not rebuilt, not
restyled), yet shows every change made while it was hidden, and a new theme."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from gpai_tui.catalogue import load_catalogue
from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.labels import Colors, percent
from gpai_tui.tui.screens.dashboard import counts_line
from gpai_tui.tui.widgets.checkpoint_list import CheckpointList
from gpai_tui.tui.widgets.workbook_header import WorkbookHeader
from gpai_tui.words import status_prose
from tests.tui.conftest import SIZE, run, settle

KEYS = ("d", "c", "o", "p", "m", "t")
"""The top-level screens of issue 15's budget, by key."""


async def go(pilot: Pilot[int], key: str) -> None:
    """Press ``key`` as a user would: out of a text field first (``escape`` there)."""
    app = pilot.app
    if isinstance(app.focused, (Input, TextArea)):
        app.set_focus(None)
    await pilot.press(key)
    await settle(pilot)


def text_of(app: GpaiApp, selector: str) -> str:
    """What the Static ``selector`` of the shown screen shows, as plain text."""
    console = Console(width=SIZE[0], file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_a_visited_screen_is_kept_and_not_restyled(app: GpaiApp) -> None:
    restyled: list[DOMNode] = []
    update_styles = app.update_styles

    def counting(node: DOMNode, animate: bool = True) -> None:
        restyled.append(node)
        update_styles(node, animate=animate)

    app.update_styles = counting  # type: ignore[method-assign]

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            built: dict[str, tuple[Any, list[Widget]]] = {}
            for key in KEYS[1:] + KEYS[:1]:
                await go(pilot, key)
                built[app.current_mode] = (app.screen, list(app.screen.walk_children()))
            assert len(built) == len(KEYS)
            for _ in range(2):
                for key in KEYS:
                    restyled.clear()
                    await go(pilot, key)
                    screen, widgets = built[app.current_mode]
                    assert app.screen is screen, f"{key}: the screen was built again"
                    assert list(screen.walk_children()) == widgets, f"{key}: widgets rebuilt"
                    # Textual restyles the whole tree of a mode shown again; not needed.
                    assert screen not in restyled, f"{key}: the whole screen was restyled"
            # What Textual applies to the shown screen only (here the terminal window
            # losing the focus: the app's :blur) restyles a hidden one when shown again.
            await go(pilot, "c")
            app.app_focus = False
            await settle(pilot)
            restyled.clear()
            await app.switch_mode("dashboard")  # not a key: a key gives the app the focus
            await settle(pilot)
            assert app.screen in restyled

    run(scenario)


def test_a_new_theme_reaches_a_screen_that_was_hidden(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await go(pilot, "c")
            dashboard = app.get_screen_stack("dashboard")[0]
            before = dashboard.query_one(WorkbookHeader).styles.background
            app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
            await settle(pilot)
            shown = app.screen.query_one(WorkbookHeader).styles.background
            assert shown != before
            await go(pilot, "d")
            assert app.screen.query_one(WorkbookHeader).styles.background == shown

    run(scenario)


def test_screens_show_what_changed_while_they_were_hidden(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for key in KEYS[1:] + KEYS[:1]:
                await go(pilot, key)  # every screen built, then hidden
            # The MDF: a field filled there, undone from the Code screen.
            await go(pilot, "m")
            mdf_before = app.evaluation.mdf.filled
            fields = list(load_catalogue().mdf_fields())
            empty = next(
                n for n, f in enumerate(fields) if not f.repeats and not app.workbook.mdf.get(f.id)
            )
            await pilot.press(*["down"] * empty)
            assert getattr(app.screen, "field_id", None) == fields[empty].id
            await pilot.press("enter", "x", "escape")
            await settle(pilot)
            assert app.evaluation.mdf.filled == mdf_before + 1
            total = app.evaluation.mdf.total
            assert f"{mdf_before + 1}/{total} fields filled" in text_of(app, "#mdf-summary")
            # The Code screen: a status cycled and a checkpoint ticked.
            before = app.evaluation
            item = next(
                i for i in before.items if i.kind == "measure" and i.outstanding and i.required > 1
            )
            await go(pilot, "c")
            await pilot.press("ctrl+z")  # the MDF field again empty, from here
            await settle(pilot)
            await app.goto_item(item.id)
            await settle(pilot)
            assert isinstance(app.focused, CheckpointList)
            app.focused.highlighted = next(
                n for n, c in enumerate(item.checkpoints) if c.required and c.derived is None
            )
            await pilot.press("space")
            await settle(pilot)
            after = app.evaluation
            assert after.overall != before.overall
            await go(pilot, "m")
            assert app.evaluation.mdf.filled == mdf_before
            assert f"{mdf_before}/{total} fields filled" in text_of(app, "#mdf-summary")
            await go(pilot, "c")
            await pilot.press("escape", "s")  # the status, from the tree
            await settle(pilot)
            after = app.evaluation
            status = after.item(item.id).status
            assert status != before.item(item.id).status
            await go(pilot, "o")
            table = app.screen.query_one(DataTable)
            assert [row.value for row in table.rows] == [o.id for o in after.outstanding]
            assert table.get_row(item.id)[2] == status_prose(status)
            assert f"Outstanding obligations: {len(after.outstanding)}" in text_of(
                app, "#outstanding-title"
            )
            await go(pilot, "d")
            colors = Colors.from_theme(app.theme_variables)
            assert counts_line(after, colors).plain in text_of(app, "#dash-counts")
            overall = percent(after.overall.completeness)
            assert overall != percent(before.overall.completeness)
            assert overall in text_of(app, "#dash-progress")
            assert overall in text_of(app, "WorkbookHeader")

    run(scenario)
