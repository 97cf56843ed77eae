"""``gpai open FILE``: the terminal UI on one workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.cli.params import as_of_option


@click.command("open")
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@as_of_option
@click.option(
    "--scratch",
    is_flag=True,
    help="Open a fresh copy of FILE in the user state folder (scratch/); FILE is "
    "never written. `make run` uses it for the example.",
)
@click.option(
    "--walk",
    is_flag=True,
    help="Start with the walk: one plain question per checkpoint, chapter by chapter "
    "(offers to resume where a walk on FILE stopped). Key g in the UI does the same.",
)
def open_(file: Path, as_of: date | None, scratch: bool, walk: bool) -> None:
    """Open workbook FILE in the terminal UI.

    The UI shows the file's name while the workbook loads (nothing can be
    edited until it is loaded and locked). A file that cannot be read or is not
    a valid workbook is refused with the loader's message (exit 2): before the
    UI starts when it is not TOML of a known format, once the UI has closed when
    it does not validate. Press ? in the UI for the keys.
    """
    if scratch:
        from gpai_tui.workbook.scratch import scratch_copy

        copy = scratch_copy(file)
        click.echo(f"gpai open: a scratch copy of {file}: {copy}", err=True)
        file = copy
    from gpai_tui.tui.launch import open_workbook

    code = open_workbook(file, as_of, walk=walk)
    if code:
        raise SystemExit(code)
