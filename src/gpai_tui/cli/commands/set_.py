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
    from gpai_tui.document import Change
    from gpai_tui.engine import Evaluation
    from gpai_tui.engine.edit import Edit
    from gpai_tui.workbook import Workbook


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
@click.option(
    "--review-months",
    type=click.IntRange(0, 120),
    metavar="N",
    help="Review cadence in months (the next review is computed from --last-done); 0 clears.",
)
@click.option("--note", help="Replace the notes ('' clears them).")
@click.option("--justification", help="Why the item is not applicable ('' clears it).")
@click.option(
    "--alternative",
    help="For a chapter of the Code not signed: the other adequate means used instead of "
    "this measure ('' clears it).",
)
@click.option(
    "--organisation",
    "to_organisation",
    is_flag=True,
    help="ID is inherited: change the provider's answer in the organisation workbook "
    "(every inheriting model).",
)
@click.option(
    "--override",
    is_flag=True,
    help="ID is inherited: answer it for this model alone (starts from the inherited answer).",
)
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
    review_months: int | None,
    note: str | None,
    justification: str | None,
    alternative: str | None,
    to_organisation: bool,
    override: bool,
) -> None:
    """Edit measure or obligation ID in workbook FILE and save it atomically.

    ID is a measure id (CR-1.3) or an obligation id (art-52-notification). Any
    bad id, status, checkpoint or date leaves the file untouched. Setting a value
    that is in an unresolved merge conflict resolves that conflict.

    A provider-level ID in a workbook that inherits an organisation workbook is the
    provider's answer: change it with --organisation (the organisation file is
    edited, under its own lock) or answer it for this model with --override;
    --evidence, --remove-evidence and --note alone add to it for this model. FILE
    may also be the organisation workbook itself.
    """
    from gpai_tui.engine.edit import Edit
    from gpai_tui.workbook import read_bytes
    from gpai_tui.workbook.organisation import Organisation, parse_any

    if to_organisation and override:
        raise UsageError("give --organisation or --override, not both")
    # A missing or bad file is reported before any lock is taken.
    parsed = parse_any(read_bytes(file), str(file))
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
        review_months=review_months or None,
        clear_review_months=review_months == 0,
        notes=note,
        justification=justification,
        alternative=alternative,
    )
    if edit.is_empty():
        from gpai_tui.workbook import load_workbook

        load_workbook(file)  # a missing or bad file is reported first
        raise UsageError("nothing to change: give at least one option (see gpai set --help)")
    from gpai_tui.workbook import load_workbook
    from gpai_tui.workbook.writer import upgrade_notice

    # A format-1 file is written as format 2 by this save: say so (issue 12).
    upgrade = None if isinstance(parsed, Organisation) else upgrade_notice(load_workbook(file))
    if isinstance(parsed, Organisation):
        if override:
            raise UsageError(f"{file} is the organisation workbook: --override is for a model's")
        changed = _edit_organisation(file, item_id, edit)
    elif to_organisation or override:
        changed = _edit_inherited(file, item_id, edit, to_organisation)
    else:
        changed = _edit_model(file, item_id, edit)
    if upgrade is not None:
        click.echo(safe(f"{file}: {upgrade}", keep_newlines=False), err=True)
    summary = ", ".join(changed) if changed else "no change"
    click.echo(safe(f"{item_id}: {summary}", keep_newlines=False), err=True)
    if not isinstance(parsed, Organisation):
        from gpai_tui.engine import evaluate
        from gpai_tui.engine.inherit import load_resolved

        _warn_unsupported_done(evaluate(load_resolved(file).workbook), item_id)


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


def _edit_model(file: Path, item_id: str, edit: Edit) -> list[str]:
    """Edit the model's own entry (an inherited item: additions only), through the one
    edit path (``Document.apply`` under the lock, comments kept, compared before the
    rename): refused (exit 2) while a `gpai open` holds the file; another `gpai set`
    is waited for a few seconds."""
    from gpai_tui.document import ItemEdit, edit_file

    def changes(workbook: Workbook) -> list[Change]:
        _refuse_inherited_change(workbook, file, item_id, edit)
        return [ItemEdit(item_id, edit)]

    changed, _, notice = edit_file(file, changes, purpose="gpai set")
    if notice:
        _notice(notice)
    return changed


def _refuse_inherited_change(workbook: Workbook, file: Path, item_id: str, edit: Edit) -> None:
    """An inherited provider-level item takes additions only (evidence, notes) without
    --organisation or --override."""
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.engine.edit import is_addition, resolve_item
    from gpai_tui.engine.inherit import resolve_workbook

    catalogue = load_catalogue(workbook.code)
    item = catalogue.measure(resolve_item(catalogue, item_id)) or catalogue.obligation(item_id)
    if workbook.inherits is None or item is None or not item.provider_level:
        return
    resolved = resolve_workbook(workbook, file)
    if resolved.origin(item_id) != "inherited":
        return
    if not is_addition(edit):
        raise UsageError(
            f"{item_id} is inherited from {workbook.inherits} (the provider's "
            "answer): add --organisation to change it there for every model "
            "that inherits it, or --override to answer it for this model alone"
        )
    org = resolved.organisation.get_entry(item_id) if resolved.organisation else None
    shared = [r for r in edit.remove_evidence if org is not None and r in org.evidence_refs]
    if shared:
        raise UsageError(
            f"{shared[0]!r} is the provider's evidence for {item_id}: remove it "
            "with --organisation, or --override for this model alone"
        )


def _edit_inherited(file: Path, item_id: str, edit: Edit, to_organisation: bool) -> list[str]:
    """``--organisation`` (edit the organisation file) or ``--override`` (edit the model)."""
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.engine.edit import resolve_item
    from gpai_tui.engine.inherit import organisation_path, resolve_workbook
    from gpai_tui.workbook import parse_workbook, read_bytes

    flag = "--organisation" if to_organisation else "--override"
    workbook = parse_workbook(read_bytes(file), str(file))
    catalogue = load_catalogue(workbook.code)
    item = catalogue.measure(resolve_item(catalogue, item_id)) or catalogue.obligation(item_id)
    if workbook.inherits is None:
        raise UsageError(f"{file} inherits no organisation workbook; {flag} does not apply")
    if item is None or not item.provider_level:
        raise UsageError(f"{item_id} is answered per model, never inherited; drop {flag}")
    resolve_workbook(workbook, file)  # a missing or bad organisation file: both named
    if to_organisation:
        return _edit_organisation(organisation_path(file, workbook.inherits), item_id, edit)
    from gpai_tui.document import ItemOverride, edit_file

    changed, _, notice = edit_file(file, [ItemOverride(item_id, edit)], purpose="gpai set")
    if notice:
        _notice(notice)
    return changed


def _edit_organisation(org_file: Path, item_id: str, edit: Edit) -> list[str]:
    """Edit the provider's answer in the organisation workbook, under its own lock."""
    from gpai_tui.document.organisation_edit import edit_organisation

    changed = edit_organisation(org_file, item_id, edit, purpose="gpai set")
    return [*changed, f"in the organisation workbook {org_file}"] if changed else changed


def _notice(message: str) -> None:
    click.echo(f"gpai set: {safe(message)}", err=True)
