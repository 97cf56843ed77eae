"""``gpai set FILE ID ...``: a scripted edit of one measure or obligation, saved atomically."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gpai_tui.cli.complete import checkpoint_ids, item_ids, workbook_paths
from gpai_tui.cli.params import ISO_DATE
from gpai_tui.errors import UsageError
from gpai_tui.text import safe

if TYPE_CHECKING:
    from gpai_tui.engine import Evaluation


@click.command("set")
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@click.argument("item_id", metavar="ID", shell_complete=item_ids)
@click.option(
    "--status",
    type=click.Choice(["todo", "in-progress", "done", "not-applicable"]),
    help="New status (not-applicable needs a justification).",
)
@click.option("--owner", help="Who is responsible ('' clears it).")
@click.option("--target", type=ISO_DATE, help="The officer's own target date.")
@click.option("--clear-target", is_flag=True, help="Remove the target date.")
@click.option("--last-done", type=ISO_DATE, help="When it was last done (recurring duties).")
@click.option(
    "--check",
    "checks",
    multiple=True,
    metavar="CP",
    help="Tick a checkpoint.",
    shell_complete=checkpoint_ids,
)
@click.option(
    "--uncheck",
    "unchecks",
    multiple=True,
    metavar="CP",
    help="Untick a checkpoint.",
    shell_complete=checkpoint_ids,
)
@click.option("--evidence", multiple=True, metavar="REF", help="Add an evidence reference.")
@click.option(
    "--remove-evidence", multiple=True, metavar="REF", help="Remove an evidence reference."
)
@click.option("--note", help="Replace the notes ('' clears them).")
@click.option("--justification", help="Why the item is not applicable ('' clears it).")
def set_(
    file: Path,
    item_id: str,
    status: str | None,
    owner: str | None,
    target: date | None,
    clear_target: bool,
    last_done: date | None,
    checks: tuple[str, ...],
    unchecks: tuple[str, ...],
    evidence: tuple[str, ...],
    remove_evidence: tuple[str, ...],
    note: str | None,
    justification: str | None,
) -> None:
    """Edit measure or obligation ID in workbook FILE and save it atomically.

    ID is a measure id (CR-1.3) or an obligation id (art-52-notification). Any
    bad id, status, checkpoint or date leaves the file untouched. Setting a value
    that is in an unresolved merge conflict resolves that conflict.
    """
    from gpai_tui.document import ItemEdit, edit_file
    from gpai_tui.engine.edit import Edit
    from gpai_tui.workbook.writer import upgrade_notice

    edit = Edit(
        status=status,
        owner=owner,
        target=target,
        clear_target=clear_target,
        last_done=last_done,
        check=checks,
        uncheck=unchecks,
        add_evidence=evidence,
        remove_evidence=remove_evidence,
        notes=note,
        justification=justification,
    )
    if edit.is_empty():
        from gpai_tui.workbook import load_workbook

        load_workbook(file)  # a missing or bad file is reported first
        raise UsageError("nothing to change: give at least one option (see gpai set --help)")
    from gpai_tui.workbook import load_workbook

    # A format-1 file is written as format 2 by this save: say so (issue 12).
    upgrade = upgrade_notice(load_workbook(file))
    # One edit path (Document.apply), one editor at a time: refused (exit 2) while a
    # `gpai open` holds the file; another `gpai set` is waited for a few seconds. The
    # save keeps the officer's comments: only the changed values are rewritten.
    changed, evaluation, notice = edit_file(file, [ItemEdit(item_id, edit)], purpose="gpai set")
    if notice:
        _notice(notice)
    if upgrade is not None:
        click.echo(safe(f"{file}: {upgrade}", keep_newlines=False), err=True)
    summary = ", ".join(changed) if changed else "no change"
    click.echo(safe(f"{item_id}: {summary}", keep_newlines=False), err=True)
    _warn_unsupported_done(evaluation, item_id)


def _warn_unsupported_done(evaluation: Evaluation, item_id: str) -> None:
    """Warn on stderr when the item is now done with checkpoints or evidence missing."""
    item = evaluation.item(item_id)
    if item.unsupported:
        gaps = "; ".join(item.issues)
        click.echo(
            safe(
                f"warning: {item_id} is marked done, but {gaps.replace('done, but ', '')}: "
                "it still counts as outstanding (and overdue once past its legal date) "
                "until that is fixed",
                keep_newlines=False,
            ),
            err=True,
        )


def _notice(message: str) -> None:
    click.echo(f"gpai set: {safe(message)}", err=True)
