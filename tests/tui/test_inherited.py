"""Editing an inherited measure in the TUI: it asks once, organisation or override.

Both files' TOML is read back after each step, and both locks are respected: the
model's (held by the open app) and the organisation's (taken only for the edit,
refused while another editor holds it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gpai_tui.tui.app import make_app
from gpai_tui.tui.screens.choice import ChoiceDialog
from gpai_tui.workbook import ItemEntry, ModelProfile, dumps_workbook, new_workbook
from gpai_tui.workbook.lock import acquire, holder
from gpai_tui.workbook.organisation import OrganisationProfile, dumps_organisation, new_organisation

from .conftest import AS_OF, SIZE, run, settle


def _files(folder: Path) -> tuple[Path, Path]:
    org = new_organisation(OrganisationProfile(legal_name="Acme AI"))
    org.measures["CR-1.1"] = ItemEntry(status="todo", evidence=["policy.pdf"])
    (folder / "organisation.toml").write_text(dumps_organisation(org))
    wb = new_workbook(
        ModelProfile(provider="Acme AI", name="M1", placed_on_market=date(2026, 3, 1))
    )
    wb.inherits = "organisation.toml"
    model = folder / "m1.toml"
    model.write_text(dumps_workbook(wb))
    return folder / "organisation.toml", model


def _block(path: Path, item_id: str) -> str:
    """The TOML of one item's table (up to its checks) in ``path``."""
    text = path.read_text()
    start = text.find(f'[measures."{item_id}"]\n')
    return "" if start < 0 else text[start:].split("\n\n")[0]


def test_editing_an_inherited_measure_asks_organisation_or_override(tmp_path: Path) -> None:
    org, model = _files(tmp_path)
    app = make_app(model, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            model_before = model.read_bytes()
            await app.goto_item("CR-1.1")
            await settle(pilot)
            assert holder(model) is not None  # the app holds the model's lock
            assert app.evaluation.item("CR-1.1").status == "todo"
            summary = app.screen.query_one("#item-summary")._renderable  # type: ignore[attr-defined]
            assert "Inherited: the provider's answer, from organisation.toml" in str(summary)
            # 1. Organisation, while another editor holds the organisation's lock:
            # refused, nothing written anywhere.
            org_before = org.read_bytes()
            with acquire(org, purpose="gpai open"):
                await pilot.press("s")
                await settle(pilot)
                assert isinstance(app.screen, ChoiceDialog)
                await pilot.click("#choice-organisation")
                await settle(pilot)
            assert org.read_bytes() == org_before and model.read_bytes() == model_before
            assert app.evaluation.item("CR-1.1").status == "todo"
            # 2. The lock is free: the remembered answer applies without asking again;
            # the organisation file is saved at once, and unlocked.
            await pilot.press("s")
            await settle(pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            assert _block(org, "CR-1.1").startswith('[measures."CR-1.1"]\nstatus = "in-progress"')
            assert holder(org) is None
            assert model.read_bytes() == model_before and not app.dirty
            assert app.evaluation.item("CR-1.1").status == "in-progress"
            # 3. Override CR-1.5 for this model: the model changes (saved with ctrl+s),
            # the organisation does not.
            org_before = org.read_bytes()
            await app.goto_item("CR-1.5")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.click("#choice-override")
            await settle(pilot)
            summary = app.screen.query_one("#item-summary")._renderable  # type: ignore[attr-defined]
            assert "Overridden for this model" in str(summary)
            assert app.dirty and app.evaluation.item("CR-1.5").status == "in-progress"
            await pilot.press("ctrl+s")
            await settle(pilot)
            block = _block(model, "CR-1.5")
            assert block.startswith('[measures."CR-1.5"]\noverride = true\nstatus = "in-progress"')
            assert 'inherits = "organisation.toml"' in model.read_text()
            assert org.read_bytes() == org_before
            assert _block(org, "CR-1.5").startswith('[measures."CR-1.5"]\nstatus = "todo"')
            # The override is one change: undo gives the model file back as it was (the
            # item inherited again), redo the override; the organisation never moves.
            overridden = model.read_bytes()
            for key, expected in (("ctrl+z", model_before), ("ctrl+y", overridden)):
                await pilot.press(key)
                await settle(pilot)
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert model.read_bytes() == expected and org.read_bytes() == org_before
            # Overridden now: a further edit goes to the model without asking.
            await pilot.press("s")
            await settle(pilot)
            assert not isinstance(app.screen, ChoiceDialog)
            assert app.session.workbook.get_entry("CR-1.5").status == "done"

    run(scenario)


def test_training_summary_shows_the_providers_value_and_edits_it_both_ways(
    tmp_path: Path,
) -> None:
    """Section 1.1 of the summary (``t``): the provider's values from the organisation
    file, marked; enter asks organisation or override, as for a measure."""
    from textual.widgets import Input, TextArea

    from gpai_tui.tui.screens.prompt import TextPromptDialog
    from gpai_tui.workbook.organisation import load_organisation

    from .test_summary import go_to, row

    org_file, model = _files(tmp_path)
    org = load_organisation(org_file)
    org.training_summary = {"provider-name": "Acme AI, Paris", "authorised-representative": "Rep"}
    org_file.write_text(dumps_organisation(org))
    wb = new_workbook(
        ModelProfile(provider="Acme AI", name="M1", established_in_eu=False,
                     placed_on_market=date(2026, 3, 1))
    )  # fmt: skip
    wb.inherits = "organisation.toml"
    wb.training_summary = {"model-name": "M1"}
    model.write_text(dumps_workbook(wb))
    app = make_app(model, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await settle(pilot)
            await go_to(pilot, "provider-name")
            assert "●" in row(pilot, "provider-name") and "the provider's" in row(
                pilot, "provider-name"
            )
            facts = str(app.screen.query_one("#summary-field-facts").render())
            assert "Inherited: the provider's value, from organisation.toml" in facts
            editor = app.screen.query_one("#summary-value", TextArea)
            assert editor.text == "Acme AI, Paris" and editor.read_only
            model_before = model.read_bytes()
            # 1. Organisation while another editor holds its lock: refused, nothing written.
            org_before = org_file.read_bytes()
            with acquire(org_file, purpose="gpai open"):
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, ChoiceDialog)
                await pilot.click("#choice-organisation")
                await settle(pilot)
                assert isinstance(app.screen, TextPromptDialog)
                app.screen.query_one(Input).value = "Acme AI, Lyon"
                await pilot.press("enter")
                await settle(pilot)
            assert org_file.read_bytes() == org_before and model.read_bytes() == model_before
            # 2. Lock free: the remembered answer goes straight to the value.
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog)
            app.screen.query_one(Input).value = "Acme AI, Lyon"
            await pilot.press("enter")
            await settle(pilot)
            assert 'provider-name = "Acme AI, Lyon"' in org_file.read_text()
            assert holder(org_file) is None
            assert model.read_bytes() == model_before and not app.dirty
            assert app.view.training_summary["provider-name"] == "Acme AI, Lyon"
            # 3. Override the representative for this model: its own value from now on.
            org_before = org_file.read_bytes()
            await go_to(pilot, "authorised-representative")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.click("#choice-override")
            await settle(pilot)
            editor = app.screen.query_one("#summary-value", TextArea)
            assert app.focused is editor and not editor.read_only
            await pilot.press("end", "!")
            await settle(pilot)
            facts = str(app.screen.query_one("#summary-field-facts").render())
            assert "Overridden: this model's own value" in facts
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert 'authorised-representative = "Rep!"' in model.read_text()
            assert 'inherits = "organisation.toml"' in model.read_text()
            assert org_file.read_bytes() == org_before

    run(scenario)


def test_accepting_a_providers_proposal_asks_where_it_goes(tmp_path: Path) -> None:
    """The organisation has no 1.1 text yet: its legal name is proposed, and ``a``
    asks organisation or override; organisation saves it there, for every model."""
    from textual.widgets import Input

    from gpai_tui.tui.screens.prompt import TextPromptDialog
    from gpai_tui.workbook.organisation import load_organisation

    from .test_summary import go_to

    org_file, model = _files(tmp_path)
    wb = new_workbook(ModelProfile(provider="Acme AI", name="M1"))
    wb.inherits = "organisation.toml"
    wb.training_summary = {"model-name": "M1"}
    model.write_text(dumps_workbook(wb))
    app = make_app(model, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await settle(pilot)
            await go_to(pilot, "provider-name")
            proposal = str(app.screen.query_one("#summary-proposal").render())
            assert "organisation workbook: legal name" in proposal and "Acme AI" in proposal
            model_before = model.read_bytes()
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.click("#choice-organisation")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog)
            field = app.screen.query_one(Input)
            assert field.value == "Acme AI"  # the proposal, to complete with contact details
            field.value = "Acme AI, contact@acme.example"
            await pilot.press("enter")
            await settle(pilot)
            saved = load_organisation(org_file).training_summary
            assert saved == {"provider-name": "Acme AI, contact@acme.example"}
            assert model.read_bytes() == model_before and not app.dirty
            assert app.view.training_summary["provider-name"] == saved["provider-name"]

    run(scenario)
