"""``gpai mdf set FILE FIELD VALUE``: fill in one Model Documentation Form field from a script."""

from __future__ import annotations

from pathlib import Path

import click

from gpai_tui.errors import UsageError
from gpai_tui.text import safe


@click.group("mdf")
def mdf() -> None:
    """Edit the Model Documentation Form of a workbook from a script."""


@mdf.command("set")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("field_id", metavar="FIELD")
@click.argument("value")
@click.option(
    "--modality",
    "modality",
    metavar="M",
    help="For a field that repeats per modality (or version): the entry to set.",
)
def mdf_set(file: Path, field_id: str, value: str, modality: str | None) -> None:
    """Set MDF field FIELD of workbook FILE to VALUE and save it atomically.

    FIELD is a field id (gpai catalogue lists them); an unknown one gets a
    did-you-mean. An empty VALUE clears the field (or the entry). Fields that repeat
    per modality or version need --modality. Any error leaves the file untouched
    (exit 2). Setting a value in an unresolved merge conflict resolves it.
    """
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.document import Change, MdfEdit, edit_file
    from gpai_tui.workbook import MdfValue, Workbook

    def changes(workbook: Workbook) -> list[Change]:
        field = load_catalogue(workbook.code).mdf_field(field_id)
        new: MdfValue = value
        if field is not None and field.repeats is not None:
            if modality is None or not modality.strip():
                raise UsageError(
                    f"MDF field {field_id!r} takes one value per {field.repeats}: "
                    f"give --modality with the {field.repeats}"
                )
            old = workbook.mdf.get(field_id)
            table = dict(old) if isinstance(old, dict) else {}
            table[modality.strip()] = value
            new = table
        elif field is not None and modality is not None:
            raise UsageError(f"MDF field {field_id!r} takes one value; leave out --modality")
        return [MdfEdit(field_id, new)]  # an unknown field is refused with a hint

    changed, _ = edit_file(file, changes, purpose="gpai mdf set")
    summary = ", ".join(changed) if changed else "no change"
    click.echo(safe(f"{field_id}: {summary}", keep_newlines=False), err=True)
