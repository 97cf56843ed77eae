"""``gpai config path|show``: where the settings file is, and the settings in effect."""

from __future__ import annotations

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.text import safe


@click.group("config")
def config() -> None:
    """The settings file: theme, keymap, export folder, default --as-of, holidays.

    It lives in the platform's config folder (`gpai config path`), or where the
    GPAI_CONFIG environment variable says. See the README for every setting.
    """


@config.command("path")
def path_() -> None:
    """Print the settings file's path (it need not exist)."""
    from gpai_tui.config import config_path

    click.echo(str(config_path()))


@config.command("show")
def show() -> None:
    """Print the settings in effect; exit 2 (with the line) when the file is bad."""
    from gpai_tui.config import dumps_config, load_config

    loaded = load_config()
    click.echo(f"# {safe(str(loaded.path))}{'' if loaded.path.exists() else ' (not found)'}")
    click.echo(safe(dumps_config(loaded.config)), nl=False)
    if loaded.warning:
        click.echo(f"gpai: {safe(loaded.warning)}", err=True)
        raise SystemExit(int(ExitCode.BAD_INPUT))
