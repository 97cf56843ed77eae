"""Snapshots of the key screens at 120x40, as of a fixed date (reviewed by eye before committing).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the
report (``snapshot_report.html``) or the SVGs under ``__snapshots__`` before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from gpai_tui.tui.app import GpaiApp
from tests.tui.conftest import SIZE, settle

SnapCompare = Callable[..., bool]


def steps(*keys: str, item: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Go to ``item`` (if any), press ``keys``, and stop cursors blinking."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, GpaiApp)
        await settle(pilot)
        if item is not None:
            await app.goto_item(item)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
        await settle(pilot)

    return run_before


def test_dashboard(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps())


def test_code_screen_with_a_measure_selected(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(item="CR-1.3"))


def test_outstanding(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("o"))


def test_profile(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("p"))


def test_keys_help(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("question_mark"))


def test_not_applicable_dialog(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("x", item="CR-1.3"))


def test_code_screen_previewing_from_the_tree(snap_compare: SnapCompare, app: GpaiApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("escape", item="CR-1.3"))


EDITOR_FOCUS = {"owner": ("tab", "tab"), "evidence": ("tab",) * 4, "notes": ("tab",) * 5}
"""Keys from the checkpoints (where entering a measure puts the focus) to each field."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("field", list(EDITOR_FOCUS))
def test_editor_focus(
    snap_compare: SnapCompare, app: GpaiApp, field: str, size: tuple[int, int]
) -> None:
    """The measure editor with the focus on a field: reached by tab, scrolled into view."""
    assert snap_compare(
        app, terminal_size=size, run_before=steps(*EDITOR_FOCUS[field], item="TR-1.1")
    )


def test_training_summary_size_bands(snap_compare: SnapCompare, app: GpaiApp) -> None:
    keys = ("t", *["down"] * 9, "enter")  # 1.3 Training data size, its bins focused
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(*keys))
