"""What a new user trips over (issue 15): statuses in words, the NA justification, ..."""

from __future__ import annotations

from textual.widgets import DataTable

from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.screens.outstanding import OutstandingScreen
from gpai_tui.words import status_prose
from tests.tui.conftest import SIZE, run, settle


def status_cells(table: DataTable[object], column: int) -> list[str]:
    """The text of one column, row by row."""
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


def test_dashboard_and_outstanding_spell_statuses_in_words(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            deadlines = app.screen.query_one("#deadlines", DataTable)
            shown = status_cells(deadlines, 3)
            assert shown and "in-progress" not in shown and "todo" not in shown
            await pilot.press("o")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, OutstandingScreen)
            table = screen.query_one(DataTable)
            shown = status_cells(table, 2)
            expected = [status_prose(o.status) for o in screen.rows()]
            assert shown == expected
            assert "in progress" in shown  # the example has measures in progress

    run(scenario)
