"""The Incidents screen: add, mark a report sent, undo and redo; deadline rows open it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gpai_tui.document import Document, IncidentEdit
from gpai_tui.engine.incident_edit import IncidentFields
from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.widgets.key_table import KeyTable
from gpai_tui.workbook import dumps_workbook, parse_workbook
from tests.tui.conftest import AS_OF, run, settle


def test_add_report_undo_redo_and_open_from_a_deadline(app: GpaiApp, workbook_path: Path) -> None:
    original = workbook_path.read_bytes()
    add = IncidentEdit(
        "INC-2026-003",
        IncidentFields(incident_class="death", title="Leak", aware=AS_OF),
        create=True,
    )
    sent = IncidentEdit("INC-2026-003", IncidentFields(initial_report=AS_OF))

    def expected(*changes: IncidentEdit) -> bytes:
        document = Document(workbook_path, parse_workbook(original, "x"), original)
        for change in changes:
            document.apply(change)
        return dumps_workbook(document.workbook).encode()

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:

            async def saved() -> bytes:
                await pilot.press("ctrl+s")
                await settle(pilot)
                return workbook_path.read_bytes()

            await pilot.press("i")
            await settle(pilot)
            assert app.current_mode == "incidents"
            await pilot.press("a", "enter", *"death", "enter", *"Leak", "enter", "enter")
            await settle(pilot)
            assert await saved() == expected(add)
            await pilot.press("s", "enter")  # the initial report, sent today
            await settle(pilot)
            assert await saved() == expected(add, sent)
            clock = next(i for i in app.evaluation.incidents if i.id == "INC-2026-003")
            assert clock.reports[0].sent == AS_OF and clock.reports[0].due == date(2026, 6, 11)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert any("Undid: incident INC-2026-003" in n.message for n in app._notifications)
            assert await saved() == expected(add)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert await saved() == original
            await pilot.press("ctrl+y", "ctrl+y")
            await settle(pilot)
            assert await saved() == expected(add, sent)
            # A deadline row for an incident report opens that incident.
            await pilot.press("d")
            await settle(pilot)
            await app.open_outstanding("INC-2026-002/intermediate")
            await settle(pilot)
            assert app.current_mode == "incidents"
            table = app.screen.query_one(KeyTable)
            assert [i.id for i in app.evaluation.incidents][table.cursor_row] == "INC-2026-002"

    run(scenario)
