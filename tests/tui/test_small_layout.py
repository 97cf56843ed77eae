"""At 80x24 no scrollbar is drawn over content and nothing is cut off out of reach;
the profile form's focused field stays inside its pane (issue 15, TUI item 4).

The checks read the geometry Textual laid out (see :mod:`tests.tui.layout`); the first
test proves they do see a scrollbar over content and content cut off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Label, Select, Static, TextArea

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.launch import WizardApp
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.tui.widgets.profile_form import ProfileForm
from tests.tui.conftest import AS_OF, run, settle
from tests.tui.layout import content_area, layout_problems

SMALL = (80, 24)

CONFLICTS = '''
[conflicts."measures.CR-1.3.status"]
ours = "in-progress"
theirs = "done"
base = "todo"

[conflicts."measures.CR-1.3.notes"]
ours = """
robots.txt handling verified in crawler v3.2 [RFC 9309 test suite].
TDMRep metadata support is planned for v3.3.
"""
theirs = "robots.txt handling verified in crawler v3.2; TDMRep support shipped in v3.3."

[conflicts."measures.CR-1.3.owner"]
ours = "m.rossi"
theirs = "legal-team@aurora.example"
base = "m.rossi"

[conflicts."model.version"]
ours = "2.1"
theirs = "2.2-rc1"
base = "2.0"
'''
"""Four merge-conflict records on the example (as ``gpai merge`` writes them); the values
on our side are the example's, so the workbook holds ours as after a real merge."""


def with_conflicts(workbook_path: Path) -> Path:
    """The example with :data:`CONFLICTS` appended: the app opens the conflicts dialog."""
    workbook_path.write_text(
        workbook_path.read_text(encoding="utf-8") + CONFLICTS, encoding="utf-8"
    )
    return workbook_path


class Broken(App[None]):
    """A pane with a vertical scrollbar, a label too wide for it, a box too short for its
    content, and a layered widget placed over the scrollbar."""

    CSS = """
    Screen { layers: base top; }
    #pane { width: 20; height: 6; }
    #box { height: 2; }
    #box Static { height: 4; }
    #over { layer: top; width: 3; height: 2; offset: 17 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pane"):
            yield Label("a label much wider than this pane", id="wide")
            for line in range(8):
                yield Static(f"line {line}")
        with Vertical(id="box"):
            yield Static("four lines in a box of two")
        yield Static("!!!", id="over")


def test_the_check_sees_a_scrollbar_over_content_and_content_cut_off() -> None:
    async def scenario() -> None:
        app = Broken()
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            problems = layout_problems(app.screen)
        assert problems == [
            "the scrollbar of VerticalScroll#pane is over Static#over",
            "VerticalScroll#pane > Label#wide (33x1) is wider than VerticalScroll#pane "
            "shows (18x6) and is cut off",
            "Vertical#box > Static (40x4) is taller than Vertical#box shows (40x2) and is cut off",
        ]

    run(scenario)


async def _problems(pilot: Pilot[Any], found: dict[str, list[str]], name: str) -> None:
    """Let the screen settle, then record what :func:`layout_problems` finds on it."""
    for _ in range(2):  # a new screen may lay out again after its first refresh
        await settle(pilot)
    problems = layout_problems(pilot.app.screen)
    if problems:
        found[name] = problems


def test_no_screen_hides_content_at_80x24(workbook_path: Path) -> None:
    """Every screen and dialog of the app at 80x24: the merge-conflicts dialog it opens
    with (and its edit box), then each screen by its key, the editor, help, export, find,
    the chapters-signed dialog and the walk."""
    app = make_app(with_conflicts(workbook_path), as_of=AS_OF, watch_interval=None)
    found: dict[str, list[str]] = {}

    async def scenario() -> None:
        async with app.run_test(size=SMALL) as pilot:

            async def check(name: str, *keys: str, action: str | None = None) -> None:
                for key in keys:
                    await pilot.press(key)
                if action:
                    await app.run_action(action)
                await _problems(pilot, found, name)

            await check("conflicts")
            assert type(app.screen).__name__ == "ConflictsScreen"
            table = app.screen.query_one(DataTable)
            assert not table.show_horizontal_scrollbar  # Base is in view, not off to the right
            await check("conflicts-edit", "down", "down", "e")  # the status
            app.screen.query_one(TextArea).text = "bogus"
            await check("conflicts-edit-refused", "ctrl+s")  # the error shows, two lines
            assert app.screen.query_one(FieldError).has_class("-shown")
            await check("dashboard", "escape", "escape", "d")
            for name, key in (("code", "c"), ("outstanding", "o"), ("profile", "p")):
                await check(name, key)
            for name, key in (("mdf", "m"), ("summary", "t"), ("incidents", "i")):
                await check(name, key)
            await check("help", "question_mark")
            await check("code-edit", "escape", "c", action="app.goto_item('CR-1.3')")
            await check("code-edit-notes", *("tab",) * 5)
            await check("export", "escape", action="app.export('md')")
            await check("find", "escape", "slash")
            await check("signatory", "escape", action="app.signatory")
            await check("walk", "escape", action="app.walk('CR-1.4')")

    run(scenario)
    assert found == {}


def test_the_wizard_hides_no_content_at_80x24(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = WizardApp(Path("new-model.toml"), AS_OF)
    found: dict[str, list[str]] = {}

    async def scenario() -> None:
        async with app.run_test(size=SMALL) as pilot:
            await _problems(pilot, found, "wizard")

    run(scenario)
    assert found == {}
    assert not os.path.exists(tmp_path / "new-model.toml")


def _pane(widget: Widget) -> Widget:
    """The scrolling pane that holds ``widget``."""
    node = widget.parent
    while isinstance(node, Widget) and node.styles.overflow_y not in ("auto", "scroll"):
        node = node.parent
    assert isinstance(node, Widget)
    return node


TABS = 9
"""Tabs from the Profile screen to the open-source licence question, below the fold."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_profile_focus_stays_inside_its_pane(app: GpaiApp, size: tuple[int, int]) -> None:
    """The profile form's fields, their highlighted focus border included, lie inside the
    form pane's content area (left of its scrollbar, never past its edge): every field
    across, and each one focused by tab down to :data:`TABS`, then the last one, scrolled
    into view; an opened menu too."""
    outside: list[str] = []

    async def scenario() -> None:
        app.animation_level = "none"  # focus scrolls the pane at once
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            form = app.screen.query_one(ProfileForm)
            pane = _pane(form)
            area = content_area(pane, pane.region)
            fields = [w for w in form.children if w.focusable]  # the questions, in order
            assert len(fields) > 20
            for field in fields:
                if not area.x <= field.region.x <= field.region.right <= area.right:
                    outside.append(f"{field.id} across: {field.region} not in {area}")

            def check_focused(expected: Widget) -> None:
                assert app.focused is expected
                if not area.contains_region(expected.region):
                    outside.append(f"{expected.id} focused: {expected.region} not in {area}")

            for field in fields[:TABS]:
                await pilot.press("tab")
                await pilot.pause()
                check_focused(field)  # tab follows the form's order
            fields[-1].focus()
            await pilot.pause()
            check_focused(fields[-1])
            assert layout_problems(app.screen) == []
            # A question's menu opens over the form, inside the pane as well.
            select = fields[TABS - 1]
            assert isinstance(select, Select) and select.id == "field-oss_open_licence"
            select.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert select.expanded
            menu = select.query_one("SelectOverlay")
            if not area.contains_region(menu.region):
                outside.append(f"{select.id} menu: {menu.region} not in {area}")
            assert layout_problems(app.screen) == []

    run(scenario)
    assert outside == []
