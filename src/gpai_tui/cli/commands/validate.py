"""``gpai validate PATH...``: exit 0 when every file is a valid workbook, else 2."""

from __future__ import annotations

from pathlib import Path

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.text import safe


@click.command()
@click.argument(
    "targets",
    metavar="FILES...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    shell_complete=workbook_paths,
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing for valid files.")
def validate(targets: tuple[Path, ...], quiet: bool) -> None:
    """Check workbook FILES for errors (a folder means every *.toml below it).

    Prints one readable message per bad file on stderr and exits 2 if any is bad.
    Unresolved merge conflicts also count as errors.
    """
    from gpai_tui.workbook import WorkbookError, load_workbook

    bad = 0
    for path in _files(targets):
        try:
            workbook = load_workbook(path)
        except WorkbookError as exc:
            bad += 1
            click.echo(safe(str(exc)), err=True)
            continue
        if workbook.conflicts:
            bad += 1
            keys = ", ".join(safe(k) for k in sorted(workbook.conflicts))
            click.echo(
                f"{safe(str(path))}: {len(workbook.conflicts)} unresolved merge "
                f"conflict(s): {keys}\n  hint: resolve with `gpai open` or `gpai set`",
                err=True,
            )
            continue
        if not quiet:
            click.echo(f"{safe(str(path))}: ok")
    if bad:
        raise SystemExit(int(ExitCode.BAD_INPUT))


def _files(targets: tuple[Path, ...]) -> list[Path]:
    """Files as given, folders expanded; a missing file is left for the loader to report."""
    from gpai_tui.engine.portfolio import find_workbooks

    out: list[Path] = []
    for target in targets:
        found = find_workbooks(target) if target.is_dir() else []
        out.extend(found or [target])  # an empty folder: the loader says what it is
    return out
