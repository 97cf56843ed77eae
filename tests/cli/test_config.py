"""The settings file: parsing, clear errors with the line, `gpai config`, default --as-of."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import cli
from gpai_tui.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"

GOOD = """\
theme = "textual-light"
export_folder = "~/reports"
as_of = 2026-08-02
holidays = [2026-12-26, 2026-12-25]

[keymap]
"checkpoints.toggle" = "t"
"""


def test_a_full_config_parses() -> None:
    config = parse_config(GOOD)
    assert config.theme == "textual-light"
    assert config.as_of == date(2026, 8, 2)
    assert config.holidays == (date(2026, 12, 25), date(2026, 12, 26))
    assert config.keymap == {"checkpoints.toggle": "t"}
    assert config.export_folder == Path("~/reports").expanduser()
    assert parse_config('as_of = "today"\n').as_of is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('theme = "x"\ncolour = "red"\n', 2, "unknown setting 'colour'"),
        ('\n\nholidays = ["xmas"]\n', 3, "list of dates"),
        ("theme = \n", 1, "invalid TOML"),
        ('[keymap]\n"app.save" = 5\n', 2, "keys as text"),
    ],
)
def test_bad_settings_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_gpai_config_path_and_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("GPAI_CONFIG", str(config))
    runner = CliRunner()
    assert runner.invoke(cli, ["config", "path"]).output.strip() == str(config)
    config.write_text(GOOD)
    shown = runner.invoke(cli, ["config", "show"])
    assert shown.exit_code == 0
    assert "as_of = 2026-08-02" in shown.output and '"checkpoints.toggle" = "t"' in shown.output
    config.write_text('theme = "x"\nholidays = 3\n')
    bad = runner.invoke(cli, ["config", "show"])
    assert bad.exit_code == 2
    assert f"{config}:2:" in bad.output and "using the default settings" in bad.output


def test_the_default_as_of_comes_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("as_of = 2026-08-02\n")
    monkeypatch.setenv("GPAI_CONFIG", str(config))
    runner = CliRunner()
    result = runner.invoke(cli, ["status", str(EXAMPLE), "--json"])
    assert json.loads(result.output)["as_of"] == "2026-08-02"
    given = runner.invoke(cli, ["status", str(EXAMPLE), "--json", "--as-of", "2026-01-05"])
    assert json.loads(given.output)["as_of"] == "2026-01-05"  # the option still wins
    config.write_text('as_of = "soon"\n')
    fallback = runner.invoke(cli, ["status", str(EXAMPLE), "--json"])
    assert "as_of" in fallback.stderr and json.loads(fallback.stdout)["as_of"] == str(date.today())


def test_a_missing_file_is_the_defaults(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "none.toml")
    assert loaded.warning is None and loaded.config.theme is None


def test_export_with_a_bare_name_goes_to_the_configured_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'export_folder = "{reports}"\n')
    monkeypatch.setenv("GPAI_CONFIG", str(config))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--format", "md", "-o", "r.md"])
    assert result.exit_code == 0, result.output
    assert (reports / "r.md").is_file() and not (tmp_path / "r.md").exists()
    here = str(tmp_path / "x.md")
    explicit = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--format", "md", "-o", here])
    assert explicit.exit_code == 0 and (tmp_path / "x.md").is_file()  # a folder part wins
