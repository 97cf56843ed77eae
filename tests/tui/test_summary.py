"""Pilot tests of the training-summary screen (``t``).

Acceptance 1 of issue 13: fill a summary from an empty workbook through the TUI, save,
and check the TOML and ``gpai summary --format md``. Proposed values (from the profile)
appear marked and are written only when accepted.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from gpai_tui.cli import cli
from gpai_tui.tui.app import make_app
from gpai_tui.workbook import ModelProfile, load_workbook, new_workbook, save_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle

PROFILE = ModelProfile(
    provider="Nordlicht AI GmbH",
    name="Nord-1",
    version="1.0",
    training_compute_flop=2e24,
    placed_on_market=date(2026, 5, 4),
)


def fields(pilot: Pilot[int]) -> OptionList:
    return pilot.app.screen.query_one("#summary-fields", OptionList)


def row(pilot: Pilot[int], field_id: str) -> str:
    field_list = fields(pilot)
    return str(field_list.get_option_at_index(field_list.get_option_index(field_id)).prompt)


def listed(pilot: Pilot[int]) -> set[str | None]:
    field_list = fields(pilot)
    return {field_list.get_option_at_index(i).id for i in range(field_list.option_count)}


async def go_to(pilot: Pilot[int], field_id: str) -> None:
    """Back to the field list, then ``down`` / ``up`` until ``field_id`` is highlighted."""
    await pilot.press("escape")
    field_list = fields(pilot)
    target = field_list.get_option_index(field_id)
    for _ in range(field_list.option_count):
        current = field_list.highlighted
        assert current is not None
        if current == target:
            break
        await pilot.press("down" if current < target else "up")
    assert getattr(pilot.app.screen, "field_id", None) == field_id


async def type_into(pilot: Pilot[int], field_id: str, text: str) -> None:
    await go_to(pilot, field_id)
    await pilot.press("enter")
    assert isinstance(pilot.app.focused, TextArea)
    for ch in text:
        await pilot.press("enter" if ch == "\n" else ch)
    await settle(pilot)


async def choose(pilot: Pilot[int], field_id: str, *labels: str) -> None:
    """Open the field's choice list and press ``enter`` on each option labelled so."""
    await go_to(pilot, field_id)
    await pilot.press("enter")
    choice = pilot.app.screen.query_one("#summary-choice", OptionList)
    assert pilot.app.focused is choice
    for label in labels:
        for _ in range(choice.option_count + 1):
            option = choice.highlighted_option
            if option is not None and str(option.prompt)[2:] == label:
                break
            await pilot.press("down")
        else:
            raise AssertionError(f"no option {label!r}")
        await pilot.press("enter")
        await settle(pilot)


def test_fill_a_summary_from_an_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "nord.toml"
    save_workbook(new_workbook(PROFILE), path)
    app = make_app(path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await settle(pilot)
            assert app.current_mode == "summary"
            counts = str(app.screen.query_one("#summary-counts").render())
            assert "0/" in counts and "proposed value(s) to review" in counts
            # Proposals from the profile are marked, and nothing is written yet.
            for field_id in ("provider-name", "model-name", "market-date"):
                assert "◌" in row(pilot, field_id) and "proposed" in row(pilot, field_id)
            assert app.workbook.training_summary == {}
            await go_to(pilot, "provider-name")
            proposal = str(app.screen.query_one("#summary-proposal").render())
            assert "Proposed from profile: provider" in proposal and "Nordlicht AI GmbH" in proposal
            assert not app.dirty
            for field_id in ("provider-name", "model-name", "market-date"):
                await go_to(pilot, field_id)
                await pilot.press("a")
                await settle(pilot)
                assert "●" in row(pilot, field_id) and "proposed" not in row(pilot, field_id)
            assert app.workbook.training_summary["model-name"] == "Nord-1 1.0"
            assert app.workbook.training_summary["last-updated"] == AS_OF  # stamped

            await type_into(pilot, "summary-version", "1.0")
            await choose(pilot, "modalities", "text", "images")
            await choose(
                pilot, "training-data-size", "1 billion to 10 trillion tokens",
                "Less than 1 million images",
            )  # fmt: skip
            await type_into(pilot, "content-types", "Web")
            await type_into(pilot, "latest-collection-date", "02/2026")
            await choose(pilot, "training-continues", "No")
            await type_into(pilot, "linguistic-characteristics", "EN")
            for gate in (
                "public-datasets-used", "licensed-data-used", "third-party-data-used",
                "crawled-data-used", "user-data-used", "synthetic-data-used",
            ):  # fmt: skip
                await choose(pilot, gate, "No")
            # A yes turns its section's questions on.
            assert "other-data-description" not in listed(pilot)
            await choose(pilot, "other-data-used", "Yes")
            assert "other-data-description" in listed(pilot)
            await type_into(pilot, "other-data-description", "Museum")
            await choose(pilot, "copyright-signatory", "Yes")
            await type_into(pilot, "opt-out-measures", "RFC")
            await type_into(pilot, "illegal-content-removal", "Lists")

            summary = app.evaluation.summary
            assert summary is not None and summary.complete, summary.missing
            obligation = app.evaluation.item("art-53-1-d-training-summary")
            derived = {c.id: c.ticked for c in obligation.checkpoints if c.derived}
            assert derived == dict.fromkeys(derived, True) and len(derived) == 4
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not app.dirty

    run(scenario)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["training_summary"]
    assert raw["provider-name"] == "Nordlicht AI GmbH"
    assert raw["market-date"] == "2026-05-04"
    assert raw["modalities"] == ["text", "images"]
    assert raw["training-data-size"] == {"text": "text-1b-10t", "images": "images-lt-1m"}
    assert raw["latest-collection-date"] == "02/2026"
    assert raw["training-continues"] is False and raw["other-data-used"] is True
    assert raw["other-data-description"] == "Museum"
    assert raw["last-updated"] == AS_OF
    assert load_workbook(path).training_summary["summary-version"] == "1.0"
    result = CliRunner().invoke(cli, ["summary", str(path), "--format", "md"])
    assert result.exit_code == 0, result.output
    md = result.output
    assert "### 2.6 Other sources of data" in md and "Museum" in md
    assert "- Text: 1 billion to 10 trillion tokens" in md
    assert "- **Version:** 1.0" in md and f"- **Date of last update:** {AS_OF}" in md
    check = CliRunner().invoke(cli, ["summary", "check", str(path), "--as-of", "2026-06-01"])
    assert check.exit_code == 0, check.output


def test_other_modality_takes_a_size_in_its_own_unit(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    wb.training_summary = {**wb.training_summary, "modalities": ["text", "images", "other"]}
    save_workbook(wb, workbook_path)
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await settle(pilot)
            await choose(pilot, "training-data-size", "other: give a size…")
            await settle(pilot)
            for ch in "2m meshes":
                await pilot.press(ch)
            await pilot.press("enter")
            await settle(pilot)
            bands = app.workbook.training_summary["training-data-size"]
            assert bands == {"text": "text-1b-10t", "images": "images-1m-1b", "other": "2m meshes"}
            choice = app.screen.query_one("#summary-choice", OptionList)
            labels = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
            assert "● other: 2m meshes" in labels

    run(scenario)


def test_a_summary_edit_undoes_and_redoes_with_the_saved_bytes(tmp_path: Path) -> None:
    # Issue 14, acceptance 2 for the training-summary change kind: apply, undo, redo by
    # keys, the saved TOML after each step (undo also takes back the last-updated stamp).
    # The three keys typed are one undo step (each was a step of its own before).
    path = tmp_path / "nord.toml"
    save_workbook(new_workbook(PROFILE), path)
    original = path.read_bytes()
    app = make_app(path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:

            async def saved() -> bytes:
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert not app.dirty
                return path.read_bytes()

            await pilot.press("t")
            await settle(pilot)
            await type_into(pilot, "summary-version", "2.5")
            await pilot.press("escape")
            await settle(pilot)
            edited = await saved()
            raw = tomllib.loads(edited.decode("utf-8"))["training_summary"]
            assert raw == {"summary-version": "2.5", "last-updated": AS_OF}
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert any("Undid:" in n.message for n in app._notifications)
            assert await saved() == original
            await pilot.press("ctrl+y")
            await settle(pilot)
            assert await saved() == edited

    run(scenario)
