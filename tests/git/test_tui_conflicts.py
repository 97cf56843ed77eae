"""Pilot tests of the conflict-resolution dialog (keep ours, take theirs/base, edit)."""

from __future__ import annotations

import asyncio
from datetime import date

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static, TextArea

from gpai_tui.engine.merge import merge_workbooks
from gpai_tui.tui.screens.conflicts import ConflictsScreen
from gpai_tui.workbook import Incident, Workbook, dumps_workbook, parse_workbook
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
        self.workbook = workbook
        self.changes = 0
        self.result: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(ConflictsScreen(self.workbook, self._changed), self.record_result)

    def _changed(self) -> None:
        self.changes += 1

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
