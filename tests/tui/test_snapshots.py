"""Snapshots of the key screens at 120x40, as of a fixed date (reviewed by eye before committing).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the
report (``snapshot_report.html``) or the SVGs under ``__snapshots__`` before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.launch import WizardApp
from gpai_tui.tui.screens.conflicts import ConflictsScreen
from tests.tui.conftest import AS_OF, SIZE, settle
from tests.tui.test_small_layout import with_conflicts

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


def test_dashboard_with_evidence_due_for_review(
    snap_compare: SnapCompare, workbook_path: Path
) -> None:
    """CR-1.3's crawler policy was due for review on 2026-05-31: the dashboard says so."""
    text = workbook_path.read_text(encoding="utf-8")
    upgraded = text.replace(
        '    "policies/crawler.md",',
        '    { ref = "policies/crawler.md", review_by = 2026-05-31, label = "Crawler policy" },',
        1,
    )
    assert upgraded != text
    workbook_path.write_text(upgraded, encoding="utf-8")
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps())


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


SMALL = (80, 24)
"""The smallest terminal the TUI supports (issue 15: nothing runs together or is lost)."""


def export_dialog() -> Callable[[Pilot[Any]], Awaitable[None]]:
    """The Markdown export's audience question, as the palette opens it."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.app.run_action("export('md')")
        for _ in range(50):
            await settle(pilot)
            if pilot.app.screen.query("#export-audience"):
                return

    return run_before


PROFILE_FIELD = ("p", *("tab",) * 9)
"""From the Profile screen to the open-source licence question: its label is wider than
the pane at 80x24 (it wraps), and the focused control's border sits inside the pane."""


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "code-preview",
        "code-edit",
        "outstanding",
        "profile",
        "profile-field",
        "mdf",
        "help",
        "export",
    ],
)
def test_small_terminal(snap_compare: SnapCompare, app: GpaiApp, name: str) -> None:
    before = {
        "dashboard": steps(),
        "code-preview": steps("c"),
        "code-edit": steps(item="CR-1.3"),
        "outstanding": steps("o"),
        "profile": steps("p"),
        "profile-field": steps(*PROFILE_FIELD),
        "mdf": steps("m"),
        "help": steps("question_mark"),
        "export": export_dialog(),
    }[name]
    assert snap_compare(app, terminal_size=SMALL, run_before=before)


def test_small_terminal_conflicts(snap_compare: SnapCompare, workbook_path: Path) -> None:
    """The merge-conflicts dialog the app opens with when the workbook holds conflict records."""
    app = make_app(with_conflicts(workbook_path), as_of=AS_OF, watch_interval=None)

    async def run_before(pilot: Pilot[Any]) -> None:
        for _ in range(3):
            await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictsScreen)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_small_terminal_wizard(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gpai new new-model.toml``: the wizard's first question focused, nothing written."""
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await settle(pilot)

    wizard = WizardApp(Path("new-model.toml"), AS_OF)
    assert snap_compare(wizard, terminal_size=SMALL, run_before=run_before)
    assert not (tmp_path / "new-model.toml").exists()
