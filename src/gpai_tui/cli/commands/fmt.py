"""``gpai fmt FILE...``: rewrite workbooks in canonical form (dropping comments)."""

from __future__ import annotations

from pathlib import Path

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.text import safe


@click.command()
@click.argument(
    "files",
    metavar="FILE...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    shell_complete=workbook_paths,
)
def fmt(files: tuple[Path, ...]) -> None:
    """Rewrite each workbook FILE in canonical form, atomically.

    Canonical form is what `gpai new` writes: keys in catalogue order, every
    checkpoint listed, one array item per line. Hand-written comments are DROPPED
    (saves from `gpai open` and `gpai set` keep them); fmt says so when it drops any.
    """
    from gpai_tui.workbook import atomic_write, dumps_workbook, parse_workbook, read_bytes
    from gpai_tui.workbook.lock import acquire
    from gpai_tui.workbook.preserve import may_have_comments

    for path in files:
        parse_workbook(read_bytes(path), str(path))  # a bad file is reported, nothing written
        with acquire(path, purpose="gpai fmt", brief=True, wait=5.0):
            data = read_bytes(path)
            text = dumps_workbook(parse_workbook(data, str(path)))
            old = data.decode("utf-8")
            if text == old:
                click.echo(f"{safe(str(path))}: already canonical", err=True)
                continue
            atomic_write(path, text.encode("utf-8"))
        dropped = " (hand-written comments were dropped)" if may_have_comments(old) else ""
        click.echo(f"{safe(str(path))}: rewritten in canonical form{dropped}", err=True)
