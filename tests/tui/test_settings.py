"""The settings file in the TUI: a keymap rebinds keys; a broken file starts with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpai_tui.tui.app import make_app
from gpai_tui.workbook import load_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    from tests.tui.conftest import EXAMPLE

    path = tmp_path / "aurora.toml"
    path.write_text(EXAMPLE.read_text())
    return path


def test_a_keymap_rebinds_the_checkpoint_toggle_from_space_to_t(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"checkpoints.toggle" = "t"\n')
    monkeypatch.setenv("GPAI_CONFIG", str(config))
    first = load_workbook(workbook).get_entry("CR-1.3").checks
    app = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"CR-1.3", "enter")
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
            assert not app.dirty  # space no longer ticks
            await pilot.press("t", "ctrl+s")
            await settle(pilot)
            assert not app.dirty

    run(scenario)
    after = load_workbook(workbook).get_entry("CR-1.3").checks
    changed = [cp for cp in after if after[cp] != first.get(cp, False)]
    assert len(changed) == 1  # exactly the first checkpoint, ticked by `t`


def test_a_broken_settings_file_starts_with_defaults_and_a_warning(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "textual-light"\nas_of = "yesterday"\n')
    monkeypatch.setenv("GPAI_CONFIG", str(config))
    app = make_app(workbook, as_of=AS_OF, watch_interval=None)
    default_theme = make_app(workbook, as_of=AS_OF, watch_interval=None).theme

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            warnings = [n for n in app._notifications if n.severity == "warning"]
            assert len(warnings) == 1
            assert f"{config}:2:" in warnings[0].message and "as_of" in warnings[0].message
            assert app.theme == default_theme  # defaults: the good theme line is not half-applied
            await pilot.press("slash", *"CR-1.3", "enter", "space")
            await settle(pilot)
            assert app.dirty  # default keys work

    run(scenario)


def test_tui_exports_go_to_the_configured_export_folder(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gpai_tui.tui.screens.export import export_directory

    reports = tmp_path / "reports"
    reports.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'export_folder = "{reports}"\n')
    monkeypatch.setenv("GPAI_CONFIG", str(config))
    assert export_directory(workbook) == reports
    config.write_text(f'export_folder = "{tmp_path / "missing"}"\n')
    assert export_directory(workbook) != tmp_path / "missing"  # not a folder: the default
