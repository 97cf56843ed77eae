"""Every editor field is reachable from the keyboard, in reading order, and visible."""

from __future__ import annotations

from textual.errors import NoWidget
from textual.widget import Widget

from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.widgets.measure_detail import MeasureDetail
from gpai_tui.tui.widgets.measure_tree import MeasureTree
from tests.tui.conftest import run, settle

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
