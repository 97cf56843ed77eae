"""Every editor field is reachable from the keyboard, in reading order, and visible."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.errors import NoWidget
from textual.widget import Widget

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.widgets.measure_detail import MeasureDetail
from gpai_tui.tui.widgets.measure_tree import MeasureTree
from tests.tui.conftest import AS_OF, run, settle

RING = ["checkpoints", "status", "owner", "target", "evidence", "notes"]
"""The editor's fields in reading order."""
SMALL = (80, 24)


def on_screen(app: GpaiApp, widget: Widget) -> bool:
    """At least one line of ``widget`` is drawn on the screen now."""
    try:
        geometry = app.screen.find_widget(widget)
    except NoWidget:
        return False
    return geometry.visible_region.height > 0 and geometry.visible_region.width > 0


def test_tab_ring_reaches_every_field_visibly_at_80x24(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SMALL) as pilot:
            for item_id in ("CR-1.3", "TR-1.1", "SS-1.3"):
                await app.goto_item(item_id)
                await settle(pilot)
                reached = []
                for step in range(len(RING)):
                    if step:
                        await pilot.press("tab")
                        await pilot.pause()
                    focused = app.focused
                    assert focused is not None
                    reached.append(focused.id)
                    assert on_screen(app, focused), f"{item_id}: {focused.id} is off screen"
                assert reached == RING, item_id
                await pilot.press("tab")  # past the notes: back to the tree
                await settle(pilot)
                assert isinstance(app.focused, MeasureTree)
                # shift+tab walks the ring backwards from the tree.
                await pilot.press("shift+tab")
                await settle(pilot)
                assert app.focused is not None and app.focused.id == "notes"
                await pilot.press("shift+tab")
                await settle(pilot)
                assert app.focused is not None and app.focused.id == "evidence"
                await pilot.press("escape")  # escape always goes back to the tree
                await settle(pilot)
                assert isinstance(app.focused, MeasureTree)
            # pgdn / pgup scroll the one scrolling detail, whatever field has the focus.
            await app.goto_item("SS-1.3")
            await settle(pilot)
            detail = app.screen.query_one(MeasureDetail)
            assert detail.max_scroll_y > 0
            start = detail.scroll_y  # the checkpoints were scrolled into view
            await pilot.press("pagedown")
            await settle(pilot)
            down = detail.scroll_y
            assert down > start
            await pilot.press("pageup", "pageup")
            await settle(pilot)
            assert detail.scroll_y == 0 < down
            # No nested scroll areas: the checkpoint list grows to its full height.
            checks = app.screen.query_one("#checkpoints")
            assert checks.outer_size.height >= len(checks.children) + 2
            assert not checks.allow_vertical_scroll

    run(scenario)


def test_a_chapter_not_signed_asks_for_the_alternative_means(workbook_path: Path) -> None:
    """Copyright not signed: the editor's ring ends with the alternative means (and only
    then); typing there records it in the TOML, and undo takes it back."""
    text = workbook_path.read_text()
    every = '    "transparency",\n    "copyright",\n    "safety-and-security",\n'
    assert every in text  # the example signs every chapter
    workbook_path.write_text(text.replace(every, '    "transparency",\n', 1))
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SMALL) as pilot:
            await app.goto_item("TR-1.1")  # signed: no such field in the ring
            await settle(pilot)
            assert not app.screen.query_one("#alternative").display
            await app.goto_item("CR-1.3")
            await settle(pilot)
            reached = []
            for step in range(len(RING) + 1):
                if step:
                    await pilot.press("tab")
                    await pilot.pause()
                assert app.focused is not None and on_screen(app, app.focused)
                reached.append(app.focused.id)
            assert reached == [*RING, "alternative"]
            await pilot.press(*"ai.txt")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            saved = tomllib.loads(workbook_path.read_text())
            assert saved["measures"]["CR-1.3"]["alternative"] == "ai.txt"
            await pilot.press("escape", "shift+tab")  # from the tree: the last field
            await settle(pilot)
            assert app.focused is not None and app.focused.id == "alternative"
            await pilot.press("escape", "ctrl+z")
            await settle(pilot)
            assert app.workbook.get_entry("CR-1.3").alternative is None

    run(scenario)
