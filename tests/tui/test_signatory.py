"""The chapters signed are edited from the keyboard (palette), undoably, and saved."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import SelectionList

from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.screens.signatory import SignatoryDialog
from tests.tui.conftest import SIZE, run, settle


def test_chapters_signed_from_the_palette_undo_and_save(app: GpaiApp, workbook_path: Path) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"chapters signed", "enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, SignatoryDialog)
            chapters = dialog.query_one(SelectionList)
            assert set(chapters.selected) == {"transparency", "copyright", "safety-and-security"}
            await pilot.press("down", "space")  # untick Copyright
            await pilot.press("tab", "enter")  # Keep
            await settle(pilot)
            assert app.workbook.signatory.signed == ["transparency", "safety-and-security"]
            cr13 = app.evaluation.item("CR-1.3")
            assert cr13 is not None and not cr13.signed
            await pilot.press("ctrl+s")
            await settle(pilot)
            saved = tomllib.loads(workbook_path.read_text())
            assert saved["code"]["signed"] == ["transparency", "safety-and-security"]
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert app.workbook.signatory.signed == [
                "transparency",
                "copyright",
                "safety-and-security",
            ]
            # escape changes nothing
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"chapters signed", "enter")
            await settle(pilot)
            await pilot.press("space", "escape")
            await settle(pilot)
            assert len(app.workbook.signatory.signed) == 3

    run(scenario)
