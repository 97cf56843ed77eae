"""``gpai mdf set FILE FIELD VALUE`` / ``gpai mdf show FILE FIELD``: one Model Documentation
Form field from a script."""

from __future__ import annotations

from pathlib import Path

import click

from gpai_tui.cli.complete import mdf_field_ids, workbook_paths
from gpai_tui.errors import UsageError
from gpai_tui.text import safe


@click.group()
def mdf() -> None:
    """Read or set one Model Documentation Form field of a workbook."""


@mdf.command("show")
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@click.argument("field_id", metavar="FIELD", shell_complete=mdf_field_ids)
def show(file: Path, field_id: str) -> None:
    """Print Model Documentation Form FIELD of workbook FILE (one line per entry of a
    field that repeats per modality or version)."""
    _mdf(file, field_id, None, None)


@mdf.command("set")
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@click.argument("field_id", metavar="FIELD", shell_complete=mdf_field_ids)
@click.argument("text", metavar="VALUE")
@click.option(
    "--modality",
    "--for",
    "entry",
    metavar="NAME",
    help="For a field that repeats per modality or version: the entry to set (e.g. text).",
)
def set_(file: Path, field_id: str, text: str, entry: str | None) -> None:
    """Set Model Documentation Form FIELD of workbook FILE to VALUE ('' clears it).

    A field that repeats per modality or version takes --modality NAME (the other
    entries are kept). Saved atomically through the one edit path, keeping hand-written
    comments; an unknown field gets a did-you-mean, and any bad field, entry or length
    leaves the file untouched.
    """
    _mdf(file, field_id, text, entry)


def _mdf(file: Path, field_id: str, text: str | None, entry: str | None) -> None:
    """Print FIELD (``text`` None) or set it, through ``Document.apply``."""
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.document import Change, MdfEdit, edit_file
    from gpai_tui.workbook import MdfValue, Workbook, load_workbook

    workbook = load_workbook(file)
    if text is None:
        value = workbook.mdf.get(field_id)
        if isinstance(value, dict):
            for name, part in value.items():
                click.echo(safe(f"{name}: {part}"))
        elif value is not None:
            click.echo(safe(value))
        return

    def changes(current: Workbook) -> list[Change]:
        """The one change, built from the workbook as read under the lock."""
        new: MdfValue = text
        if entry is not None:
            old = current.mdf.get(field_id)
            table = dict(old) if isinstance(old, dict) else {}
            table[entry] = text
            new = table
        else:
            field = load_catalogue(current.code).mdf_field(field_id)
            if field is not None and field.repeats is not None:
                raise UsageError(
                    f"MDF field {field_id!r} repeats per {field.repeats}: give --modality NAME "
                    f"(e.g. --modality text); nothing was written"
                )
        return [MdfEdit(field_id, new)]  # an unknown field is refused with a hint

    # The one edit path (Document.apply), under the lock, keeping comments.
    changed, _, notice = edit_file(file, changes, purpose="gpai mdf")
    if notice:
        _notice(notice)
    click.echo(safe(", ".join(changed) if changed else "no change", keep_newlines=False), err=True)


def _notice(message: str) -> None:
    click.echo(f"gpai mdf: {safe(message)}", err=True)
