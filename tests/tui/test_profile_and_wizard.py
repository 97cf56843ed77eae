"""The Profile screen re-validates and explains; the wizard writes a new workbook."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.launch import WizardApp
from gpai_tui.tui.screens.profile import ProfileScreen
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.workbook import load_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle


async def _type(pilot, app, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    control = app.screen.query_one(f"#field-{field}", Input)
    control.focus()
    await pilot.press("home", "shift+end", *(text or ["backspace"]))
    await settle(pilot)


def test_bad_date_is_refused_inline_and_never_saved(app: GpaiApp, workbook_path: Path) -> None:
    original = workbook_path.read_bytes()

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, ProfileScreen)
            await _type(pilot, app, "placed_on_market", "2026-02-30")
            error = app.screen.query_one("#error-placed_on_market", FieldError)
            assert error.has_class("-shown")
            assert "not a date" in str(error.render())
            assert str(app.workbook.model.placed_on_market) == "2026-03-01"
            assert "model.placed_on_market" in app.field_errors
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert workbook_path.read_bytes() == original

            await _type(pilot, app, "placed_on_market", "2026-05-01")
            assert not error.has_class("-shown")
            assert not app.field_errors
            assert str(app.workbook.model.placed_on_market) == "2026-05-01"
            assert app.evaluation.item("CR-1.3").due is not None
            assert str(app.evaluation.item("CR-1.3").due) == "2026-05-01"
            changes = app.screen.changes
            assert any("Legal date 2026-03-01 → 2026-05-01" in line for line in changes)

            await _type(pilot, app, "training_compute_flop", "-5")
            assert "model.training_compute_flop" in app.field_errors
            assert app.workbook.model.training_compute_flop == 3.1e25
            await _type(pilot, app, "provider", "")
            assert app.field_errors["model.provider"] == "required"
            assert app.workbook.model.provider == "Aurora Labs GmbH"

    run(scenario)


def test_lower_compute_removes_systemic_risk_and_says_so(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            await settle(pilot)
            assert app.evaluation.chapters[2].applicable > 0
            # Planned compute and a recorded threshold date also presume systemic risk
            # (Art. 52(1); Guidelines ¶31): clear them first.
            await _type(pilot, app, "planned_compute_flop", "")
            await _type(pilot, app, "threshold_known", "")
            assert app.evaluation.chapters[2].applicable > 0
            await _type(pilot, app, "training_compute_flop", "5e24")
            assert app.workbook.model.training_compute_flop == 5e24
            assert app.evaluation.chapters[2].applicable == 0
            text = "\n".join(app.screen.changes)
            assert "Systemic risk: no now." in text
            assert "No longer applies" in text and "SS-1.1" in text
            assert app.dirty

    run(scenario)


def test_wizard_writes_the_workbook_with_the_answers(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    wizard = WizardApp(target, AS_OF)

    async def scenario() -> None:
        async with wizard.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+s")  # nothing filled in: refused
            await pilot.pause()
            assert not target.exists()
            assert wizard.screen.query_one("#error-provider", FieldError).has_class("-shown")
            await _type(pilot, wizard, "provider", "Acme AI SA")
            await _type(pilot, wizard, "name", "Acme-1")
            await _type(pilot, wizard, "training_compute_flop", "2e25")
            # The signatory question: this provider did not sign the Transparency chapter.
            wizard.screen.query_one("#signed-transparency", Select).focus()
            await pilot.press("enter", "down", "enter")
            await settle(pilot)
            # A new question with three answers: an open-source condition left open.
            wizard.screen.query_one("#field-oss_weights_public", Select).focus()
            await pilot.press("enter", "down", "enter")  # not answered -> yes
            await settle(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()

    run(scenario)
    assert wizard.return_value is True
    workbook = load_workbook(target)
    assert workbook.model.provider == "Acme AI SA"
    assert workbook.model.training_compute_flop == 2e25
    assert workbook.model.oss_weights_public is True
    assert workbook.model.oss_open_licence is None
    assert workbook.signatory.signed == ["copyright", "safety-and-security"]
    assert 'signed = [\n    "copyright",' in target.read_text()
    assert all(entry.status == "todo" for entry in workbook.measures.values())


def test_wizard_cancel_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    wizard = WizardApp(target, AS_OF)

    async def scenario() -> None:
        async with wizard.run_test(size=SIZE) as pilot:
            await _type(pilot, wizard, "provider", "Acme")
            await pilot.press("escape")
            await pilot.pause()

    run(scenario)
    assert wizard.return_value is False
    assert not target.exists()


def test_showing_the_profile_changes_nothing(app: GpaiApp) -> None:
    before = app.workbook.model.model_copy()

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("c", "p")  # and again, after the screen exists
            await settle(pilot)
            assert app.workbook.model == before
            assert not app.dirty
            assert not app.screen.changes

    run(scenario)
