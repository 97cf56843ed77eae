"""Start-up (issue 8, TUI first paint): what the first frame holds, and what start-up skips.

The first frame shows the dashboard's real figures in the app's colours; a mode's
screen shown later still follows a theme change; ``/`` is typed into text fields
without TextArea being imported up front; footer keys look as Textual's own; and
``gpai open`` turns the cyclic collector back on once the first frame is displayed.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input, Static, TextArea
from textual.widgets._footer import FooterKey

from gpai_tui.tui import launch
from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.screens.find import FindDialog
from gpai_tui.tui.widgets.workbook_header import KeyFooter
from tests.tui.conftest import EXAMPLE, SIZE, run, settle


def static_text(widget: Static) -> str:
    """The text of every line the widget renders at its current size."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def test_first_frame_shows_the_dashboards_figures_in_the_app_colours(app: GpaiApp) -> None:
    seen: dict[str, object] = {}

    def first_frame() -> None:
        progress = app.screen.query_one("#dash-progress", Static)
        notes = app.screen.query_one("#dash-notes", Static)
        seen["progress"] = static_text(progress)
        seen["notes"] = static_text(notes)
        seen["foreground"] = progress.visual_style.foreground

    app.first_frame_hook = first_frame

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.first_frame_hook is None  # called once, then dropped
            foreground = Color.parse(app.theme_variables["foreground"])
            assert seen["foreground"] == foreground
            progress = app.screen.query_one("#dash-progress", Static)
            assert progress.visual_style.foreground == foreground

    run(scenario)
    overall = f"{app.evaluation.overall.done}/{app.evaluation.overall.applicable}"
    assert "Chapter" in str(seen["progress"])
    assert overall in str(seen["progress"])
    assert "Scope" in str(seen["notes"])


def test_a_screen_first_shown_after_a_theme_change_has_the_new_theme(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.theme = "textual-light"
            await settle(pilot)
            await pilot.press("o")  # built now, after the change
            await settle(pilot)
            background = Color.parse(app.theme_variables["background"])
            assert app.current_mode == "outstanding"
            assert app.screen.styles.background == background

    run(scenario)


@pytest.mark.parametrize("field", [TextArea, Input])
def test_slash_is_typed_into_text_fields(app: GpaiApp, field: type[Input | TextArea]) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.goto_item("CR-1.3")
            await settle(pilot)
            widget = app.screen.query(field).first()
            widget.focus()
            await settle(pilot)
            before = widget.text if isinstance(widget, TextArea) else widget.value
            await pilot.press("slash")
            await settle(pilot)
            after = widget.text if isinstance(widget, TextArea) else widget.value
            assert not isinstance(app.screen, FindDialog)
            assert after.count("/") == before.count("/") + 1

    run(scenario)


def test_slash_opens_find_from_the_dashboard(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await settle(pilot)
            assert isinstance(app.screen, FindDialog)

    run(scenario)


def test_footer_keys_are_not_compact_like_textuals_own(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            footer = app.screen.query_one(KeyFooter)
            keys = list(footer.query(FooterKey))
            bound = [k for k in keys if not k.has_class("-command-palette")]
            assert {k.key for k in bound} >= {"c", "o", "p", "q"}
            assert not footer.compact
            assert all(not k.compact and not k.has_class("-compact") for k in bound)
            # The palette key is not bound to the footer: it keeps Textual's default.
            palette = [k for k in keys if k.has_class("-command-palette")]
            assert all(k.compact for k in palette)

    run(scenario)


def test_open_without_the_collector_turns_it_on_at_the_first_frame(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    states: list[tuple[bool, bool]] = []

    def fake_run(self: GpaiApp) -> None:
        assert self.first_frame_hook is not None
        states.append((gc.isenabled(), False))
        self.first_frame_hook()  # what on_ready does once the first frame is shown
        states.append((gc.isenabled(), True))

    monkeypatch.setattr(GpaiApp, "run", fake_run)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        assert launch.open_workbook(workbook_path) == 0
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
    assert states == [(False, False), (True, True)]


def test_gpai_open_headless_quits_cleanly_with_the_collector_on(tmp_path: Path) -> None:
    """The benchmark's way to run it: headless, ``ctrl+q`` as soon as the app is ready."""
    path = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, path)
    code = (
        "import gc, sys\n"
        "import textual.app\n"
        "exit_ = textual.app.App.exit\n"
        "def report(self, *args, **kwargs):\n"
        "    print('collector on' if gc.isenabled() else 'collector off', file=sys.stderr)\n"
        "    return exit_(self, *args, **kwargs)\n"
        "textual.app.App.exit = report\n"
        f"sys.argv = ['gpai', 'open', {str(path)!r}]\n"
        "from gpai_tui.cli import main\n"
        "sys.exit(main())\n"
    )
    env = {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        "TEXTUAL_PRESS": "ctrl+q",
    }
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "collector on"


def test_the_dashboard_follows_a_real_resize(app: GpaiApp) -> None:
    """A Resize to the size it has is skipped (no layout); a new size is laid out."""

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for width, height in ((80, 24), (100, 30), SIZE):
                await pilot.resize_terminal(width, height)
                await settle(pilot)
                assert app.screen.outer_size == (width, height)
                body = app.screen.query_one("#dashboard")
                assert body.outer_size.width == width
                assert "Chapter" in static_text(app.screen.query_one("#dash-progress", Static))

    run(scenario)


def test_footer_rebuilds_only_when_its_keys_change(
    app: GpaiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuilds: list[str] = []
    recompose = KeyFooter.recompose

    async def counted(self: KeyFooter) -> None:
        rebuilds.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert rebuilds == ["DashboardScreen"]  # its keys, once (stock: three times)
            footer = app.screen.query_one(KeyFooter)
            keys = [k.key for k in footer.query(FooterKey)]
            app.screen.query_one("#dashboard").focus()  # other bindings, same keys shown
            await settle(pilot)
            assert rebuilds == ["DashboardScreen"]
            assert [k.key for k in footer.query(FooterKey)] == keys
            app.set_keymap({"go.code": "C"})  # a key shown changes: rebuilt
            await settle(pilot)
            assert len(rebuilds) == 2
            assert "C" in [k.key for k in footer.query(FooterKey)]

    run(scenario)
