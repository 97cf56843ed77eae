"""Pilot tests of the Model Documentation Form screen and the export palette commands.

Acceptance: fill two MDF fields through the TUI, save, and export the downstream pack
containing them (through the command palette, delivered with ``App.deliver_text``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import cli
from gpai_tui.engine.mdf import fields_for
from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.screens.prompt import TextPromptDialog
from gpai_tui.workbook import ModelProfile, load_workbook, new_workbook, save_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle

HARDWARE = "8x H100\nor better"
SOFTWARE = "CUDA 12 [bold]x[/] a|b"


async def go_to_field(pilot: Pilot[int], field_id: str) -> None:
    """Press ``down`` from the first field until ``field_id`` is highlighted."""
    ids = [f.id for f in load_catalogue().mdf_fields()]
    for _ in range(ids.index(field_id)):
        await pilot.press("down")
    assert getattr(pilot.app.screen, "field_id", None) == field_id


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` key by key (newlines as ``enter``)."""
    for ch in text:
        await pilot.press("enter" if ch == "\n" else ch)


def summary(pilot: Pilot[int]) -> str:
    return str(pilot.app.screen.query_one("#mdf-summary").render())


async def accept_export_path(pilot: Pilot[int], app: GpaiApp) -> None:
    """The export asks where to write: accept the default (the export folder)."""
    for _ in range(100):
        await settle(pilot)
        if isinstance(app.screen, TextPromptDialog):
            break
    assert isinstance(app.screen, TextPromptDialog)
    await pilot.press("enter")


def test_fill_two_fields_save_and_export_the_dp_pack(
    workbook_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "downloads"
    out.mkdir()
    monkeypatch.setattr("gpai_tui.tui.screens.export.export_directory", lambda _path: out)
    assert {"required-hardware", "required-software"} <= {
        f.id for f in fields_for(load_catalogue(), "dp")
    }
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)
    target = out / "example.dp.md"

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("m")
            await settle(pilot)
            assert app.current_mode == "mdf"
            filled, total = app.evaluation.mdf.per_audience["dp"]
            assert f"downstream pack: {filled}/{total} fields" in summary(pilot)
            await go_to_field(pilot, "required-hardware")
            await pilot.press("enter")
            assert isinstance(app.focused, TextArea)
            await type_text(pilot, HARDWARE)
            await pilot.press("escape")
            assert isinstance(app.focused, OptionList)
            await pilot.press("down")
            assert getattr(app.screen, "field_id", None) == "required-software"
            await pilot.press("enter")
            await type_text(pilot, SOFTWARE)
            await pilot.press("escape")
            await settle(pilot)
            assert app.dirty
            assert app.evaluation.mdf.per_audience["dp"] == (filled + 2, total)
            assert f"downstream pack: {filled + 2}/{total} fields" in summary(pilot)

            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not app.dirty
            saved = load_workbook(workbook_path)
            assert saved.mdf["required-hardware"] == HARDWARE
            assert saved.mdf["required-software"] == SOFTWARE

            await app.run_action("command_palette")  # the palette's key is the app's choice
            await settle(pilot)
            await type_text(pilot, "export: Markd")
            await pilot.pause(0.3)  # the palette searches in the background
            await pilot.press("enter")
            await pilot.pause()
            dialog = app.screen.query_one("#export-audience", OptionList)
            for _ in range(5):
                option = dialog.highlighted_option
                if option is not None and option.id == "dp":
                    break
                await pilot.press("down")
            await pilot.press("enter")
            await accept_export_path(pilot, app)
            for _ in range(200):  # the file is written off the event loop
                await settle(pilot)
                if any("Exported example.dp.md" in n.message for n in app._notifications):
                    break
            else:
                pytest.fail("the export was not delivered")

    run(scenario)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Model documentation for downstream providers")
    assert "| Required hardware | 8x H100<br>or better |" in text
    assert "| Required software | CUDA 12 \\[bold\\]x\\[/\\] a\\|b |" in text
    assert "Model authenticity" not in text  # an authorities-only field
    # The saved file gives the same pack from the command line.
    args = ["export", str(workbook_path), "--format", "md", "--audience", "dp"]
    result = CliRunner().invoke(cli, [*args, "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8") == text


def test_repeating_field_and_not_required_state(tmp_path: Path) -> None:
    path = tmp_path / "open.toml"
    profile = ModelProfile(provider="P", name="M", training_compute_flop=2e24, open_source=True)
    save_workbook(new_workbook(profile), path)
    app = make_app(path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("m")
            await settle(pilot)
            assert "Not required for this model" in summary(pilot)
            assert "Art. 53(2)" in summary(pilot)
            await go_to_field(pilot, "input-max-size")
            await pilot.press("enter")  # the first entry: text
            await type_text(pilot, "128k tokens")
            await pilot.press("escape", "a")
            await settle(pilot)
            await type_text(pilot, "speech")
            await pilot.press("enter")
            await settle(pilot)
            await type_text(pilot, "10 min")
            await settle(pilot)
            value = app.workbook.mdf["input-max-size"]
            assert value == {"text": "128k tokens", "speech": "10 min"}
            assert "downstream pack: 1/" in summary(pilot)

    run(scenario)


def test_values_are_shown_literally_and_showing_never_edits(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    wb.mdf = {**wb.mdf, "model-name": "[bold]x[/] \x1b[31mred"}
    save_workbook(wb, workbook_path)
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("m")
            await settle(pilot)
            await go_to_field(pilot, "model-name")
            editor = app.screen.query_one("#mdf-value", TextArea)
            assert editor.text == "[bold]x[/] \\x1b[31mred"
            await pilot.press("down", "up")
            await settle(pilot)
            assert not app.dirty

    run(scenario)


def test_binary_and_single_audience_exports_from_the_palette(
    workbook_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``export: Excel workbook`` asks for whom and writes the bytes; the statement of
    applicability (internal only) does not ask. Both equal ``gpai export``."""
    out = tmp_path / "downloads"
    out.mkdir()
    monkeypatch.setattr("gpai_tui.tui.screens.export.export_directory", lambda _path: out)
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def export(pilot: Pilot[int], fmt: str, name: str, ask: bool) -> None:
        await app.run_action(f"export({fmt!r})")  # what the palette command runs
        await pilot.pause()
        if ask:
            assert app.screen.query_one("#export-audience", OptionList)
            await pilot.press("enter")  # internal, the first option
        else:
            assert not app.screen.query("#export-audience")
        await accept_export_path(pilot, app)
        for _ in range(200):
            await settle(pilot)
            if any(f"Exported {name}" in n.message for n in app._notifications):
                return
        pytest.fail(f"{name} was not delivered: {[n.message for n in app._notifications]}")

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await export(pilot, "xlsx", "example.xlsx", ask=True)
            await export(pilot, "soa-csv", "example.soa.csv", ask=False)

    run(scenario)
    for fmt, name in (("xlsx", "example.xlsx"), ("soa-csv", "example.soa.csv")):
        args = ["export", str(workbook_path), "--format", fmt, "--as-of", AS_OF.isoformat()]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert (out / name).read_bytes() == result.stdout_bytes, name
