"""``gpai migrate FILE [--to VERSION]``: move a workbook to another Code version and format."""

from __future__ import annotations

from pathlib import Path

import click

from gpai_tui.text import safe


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "to",
    metavar="VERSION",
    help="Catalogue (Code of Practice) version to move to; default: the workbook's own "
    "(then only the file format is upgraded).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
def migrate(file: Path, to: str | None, dry_run: bool) -> None:
    """Move workbook FILE to Code version VERSION, in place and atomically.

    Follows the id map of each newer catalogue: statuses, checks, evidence and notes
    of items that map are carried; renamed, split, dropped and added items are listed.
    A format-1 file is upgraded to format 2. Exit 0 when done (or nothing to do),
    2 on bad input.
    """
    from gpai_tui.workbook import parse_workbook, read_bytes, save_workbook
    from gpai_tui.workbook.lock import acquire
    from gpai_tui.workbook.migrate import migrate as run

    notices: list[str] = []
    with acquire(file, purpose="gpai migrate", brief=True, wait=5.0):
        data = read_bytes(file)
        workbook = parse_workbook(data, str(file))
        migrated, report = run(workbook, to)
        if report.changed and not dry_run:
            if read_bytes(file) != data:
                from gpai_tui.errors import UsageError

                raise UsageError(f"{file} changed on disk while gpai migrate ran; nothing written")
            # Keeps hand-written comments where it safely can (workbook.preserve).
            save_workbook(migrated, file, previous=data, notice=notices.append)
    lead = "would migrate" if dry_run and report.changed else "migrated"
    if not report.changed:
        lead = "nothing to migrate"
    click.echo(safe(f"{file}: {lead}", keep_newlines=False), err=True)
    for line in [*report.lines(), *notices]:
        click.echo(safe(f"  {line}", keep_newlines=False), err=True)
