"""The walk's screens: snapshots of a question, a recap and a chapter summary at 80x24 and
120x40, and every question of the Code fitting an 80x24 terminal without scrolling."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.screens.walk import WalkScreen
from tests.tui.conftest import run, settle
from tests.tui.test_walk import AS_OF, new_workbook

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def walk_app(tmp_path: Path) -> GpaiApp:
    return make_app(new_workbook(tmp_path), as_of=AS_OF, watch_interval=None)


def walk_to(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Start the walk on Copyright at CR-1.4 (four questions) and press ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, GpaiApp)
        await settle(pilot)
        await app.run_action("walk('CR-1.4')")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await settle(pilot)

    return run_before


STEPS = {
    "question": (),
    "recap": ("y", "enter", "n", "enter", "s", "s"),
    "summary": ("s",) * 10,  # skip CR-1.4 and CR-1.5, keeping their statuses
}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("what", list(STEPS))
def test_walk_screen(
    snap_compare: SnapCompare, walk_app: GpaiApp, what: str, size: tuple[int, int]
) -> None:
    assert snap_compare(walk_app, terminal_size=size, run_before=walk_to(*STEPS[what]))


def test_every_question_fits_80x24(walk_app: GpaiApp) -> None:
    """Every question of the whole Code is shown whole at 80x24: the body's lines at its
    width, with the answer inputs and hint below, fit the body's height (no scrolling)."""

    async def scenario() -> None:
        async with walk_app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await walk_app.run_action("walk")
            await settle(pilot)
            screen = walk_app.screen
            assert isinstance(screen, WalkScreen)
            body = screen.query_one("#walk-body", Static)
            width, height = body.content_region.width, body.content_region.height
            console = walk_app.console
            options = console.options.update_width(width)
            questions = [i for i, s in enumerate(screen.steps) if s.kind == "question"]
            assert len(questions) > 80  # the whole Code of a systemic-risk model
            tallest = 0
            for index in questions:
                screen.position = index
                lines = console.render_lines(screen._body(screen.steps[index]), options)
                tallest = max(tallest, len(lines))
            assert tallest <= height, (tallest, height)

    run(scenario)
