"""Pilot tests of the conflict-resolution dialog (keep ours, take theirs/base, edit)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static, TextArea

from gpai_tui.document import Applied, Change, Document
from gpai_tui.engine.merge import merge_workbooks
from gpai_tui.tui.screens.conflicts import ConflictsScreen
from gpai_tui.workbook import Incident, Workbook, dumps_workbook, load_workbook, parse_workbook
from tests.git.gitrepo import base_workbook

SIZE = (120, 40)


def conflicted() -> Workbook:
    """A merged workbook with conflicts on a status, notes, a tick and an incident."""
    base = base_workbook()
    base.incidents = {
        "INC-1": Incident.model_validate(
            {"class": "cybersecurity", "title": "Outage", "aware": date(2026, 2, 1)}
        )
    }
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.entry("CR-1.3").status = "done"
    theirs.entry("CR-1.3").status = "in-progress"
    ours.entry("CR-1.3").notes = "ours [bold]loud[/]"
    theirs.entry("CR-1.3").notes = "theirs\nsecond line"
    ours.entry("CR-1.3").checks = {"robots-txt": True}
    theirs.entry("CR-1.3").checks = {"robots-txt": False, "other-protocols": True}
    theirs.entry("CR-1.3").checks = {"robots-txt": False}
    ours.incidents = {}
    theirs.incidents = {"INC-1": base.incidents["INC-1"].model_copy(update={"title": "Big"})}
    ours.model.version = "ours-v"
    theirs.model.version = "theirs-v"
    merged = merge_workbooks(base, ours, theirs).workbook
    return parse_workbook(dumps_workbook(merged).encode(), "merged")


class Host(App[None]):
    """A bare app that opens the dialog on a workbook."""

    def __init__(self, workbook: Workbook) -> None:
        super().__init__()
        self.document = Document(Path("merged.toml"), workbook, b"")
        self.workbook = workbook
        self.changes = 0
        self.result: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(ConflictsScreen(self.workbook, self._apply), self.record_result)

    def _apply(self, change: Change) -> Applied:
        applied = self.document.apply(change)
        self.changes += 1
        return applied

    def record_result(self, result: int | None) -> None:
        self.result = result


def test_pick_sides_edit_and_close() -> None:
    async def scenario() -> None:
        workbook = conflicted()
        paths = sorted(workbook.conflicts)
        assert paths == [
            "incidents.INC-1",
            "measures.CR-1.3.notes",
            "measures.CR-1.3.status",
            "model.version",
        ]
        app = Host(workbook)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ConflictsScreen)
            table = screen.query_one(DataTable)
            assert table.row_count == 4
            title = screen.query_one("#conflicts-title", Static).render()
            assert "Unresolved merge conflicts: 4" in str(title)

            # Row 1: the incident removed on our side, edited on theirs: take theirs.
            await pilot.press("t")
            await pilot.pause()
            assert workbook.incidents["INC-1"].title == "Big"
            assert "incidents.INC-1" not in workbook.conflicts
            assert app.changes == 1

            # Now the notes (user text shown literally, never as markup).
            detail = str(screen.query_one("#conflicts-detail", Static).render())
            assert "ours: ours [bold]loud[/]" in detail
            assert "theirs: theirs\nsecond line" in detail
            await pilot.press("e")
            await pilot.pause()
            area = app.screen.query_one(TextArea)
            area.text = "agreed text\nline two"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert workbook.get_entry("CR-1.3").notes == "agreed text\nline two"
            assert "measures.CR-1.3.notes" not in workbook.conflicts

            # The status: keep ours (the value already there).
            await pilot.press("o")
            await pilot.pause()
            assert workbook.get_entry("CR-1.3").status == "done"
            assert "measures.CR-1.3.status" not in workbook.conflicts

            # The version: base had none, so taking base clears it; the dialog closes.
            await pilot.press("b")
            await pilot.pause()
            assert workbook.model.version is None
            assert workbook.conflicts == {}
            assert app.result == 4
            assert app.changes == 4
        # The resolved workbook is valid and canonical.
        text = dumps_workbook(workbook)
        assert dumps_workbook(parse_workbook(text.encode(), "x")) == text
        # Every resolution is one undo step: four undos bring the conflicts back.
        for _ in range(4):
            assert app.document.undo() is not None
        assert dumps_workbook(app.document.workbook) == dumps_workbook(conflicted())

    asyncio.run(scenario())


def test_edit_refuses_a_bad_value_and_escape_keeps_conflicts() -> None:
    async def scenario() -> None:
        workbook = conflicted()
        app = Host(workbook)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ConflictsScreen)
            # Move to the status row and type a status that does not exist.
            await pilot.press("down", "down")
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one(TextArea).text = "finished"
            await pilot.press("ctrl+s")
            await pilot.pause()
            error = app.screen.query_one("#conflict-edit-error", Static).render()
            assert "cannot set measure CR-1.3 status" in str(error)
            assert workbook.conflicts["measures.CR-1.3.status"]
            await pilot.press("escape")  # cancel the edit
            await pilot.pause()
            # The whole incident is a table: edit is refused with a message, nothing changes.
            await pilot.press("up", "up", "e")
            await pilot.pause()
            assert isinstance(app.screen, ConflictsScreen)
            await pilot.press("escape")  # close: nothing resolved
            await pilot.pause()
            assert app.result == 0
            assert len(workbook.conflicts) == 4
            assert app.changes == 0

    asyncio.run(scenario())


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME and XDG folders; a conflicted workbook file in a temp folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("CONFIG", "STATE", "DATA", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / f".xdg-{name.lower()}"))
    path = tmp_path / "aurora.toml"
    path.write_text(dumps_workbook(conflicted()), encoding="utf-8")
    return path


def test_the_app_shows_conflicts_on_open_and_saves_them_resolved(isolated: Path) -> None:
    from gpai_tui.tui.app import make_app

    async def scenario() -> None:
        app = make_app(isolated, as_of=date(2026, 6, 1), watch_interval=None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, ConflictsScreen)
            await pilot.press("t")  # incident: theirs
            await pilot.press("t")  # notes: theirs
            await pilot.press("t")  # status: theirs
            await pilot.press("o")  # version: ours
            await pilot.pause()
            assert not isinstance(app.screen, ConflictsScreen)
            assert app.dirty
            assert app.evaluation.conflicts == ()
            assert app.evaluation.item("CR-1.3").status == "in-progress"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not app.dirty
        saved = load_workbook(isolated)
        assert saved.conflicts == {}
        assert saved.get_entry("CR-1.3").notes == "theirs\nsecond line"
        assert saved.incidents["INC-1"].title == "Big"
        assert saved.model.version == "ours-v"

    asyncio.run(scenario())


def test_palette_command_reopens_the_dialog(isolated: Path) -> None:
    from gpai_tui.tui.app import make_app
    from gpai_tui.tui.registry import COMMANDS

    assert any(c.title == "workbook: Resolve conflicts" for c in COMMANDS)

    async def scenario() -> None:
        app = make_app(isolated, as_of=date(2026, 6, 1), watch_interval=None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, ConflictsScreen)
            await pilot.press("escape")  # close; the conflicts stay
            await pilot.pause()
            assert not isinstance(app.screen, ConflictsScreen)
            assert len(app.workbook.conflicts) == 4
            assert not app.dirty
            await app.run_action("app.resolve_conflicts")
            await pilot.pause()
            assert isinstance(app.screen, ConflictsScreen)
            await pilot.press("escape")
            await pilot.pause()

    asyncio.run(scenario())
