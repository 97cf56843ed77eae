"""``gpai organisation extract DIR [--apply]``: one organisation workbook from many models."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import click

from gpai_tui.errors import UsageError
from gpai_tui.text import safe


@click.group()
def organisation() -> None:
    """Organisation workbooks: the provider's answers that model workbooks inherit."""


@organisation.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="The organisation file to write (default: FOLDER/organisation.toml).",
)
@click.option("--apply", is_flag=True, help="Write the organisation file and rewrite the models.")
def extract(folder: Path, output: Path | None, apply: bool) -> None:
    """Propose an organisation workbook from the model workbooks in FOLDER.

    Provider-level items that every model answers alike move to the organisation;
    the others are listed and stay in the models (marked `override = true`). Without
    --apply nothing is written. With --apply the organisation file is written (never
    over an existing file) and every model is rewritten to inherit it, each under its
    lock; every model's figures are proved unchanged before anything is written.
    """
    from gpai_tui.engine.extract import propose
    from gpai_tui.engine.portfolio import find_workbooks
    from gpai_tui.workbook import WorkbookError, read_bytes
    from gpai_tui.workbook.organisation import ORGANISATION_FILE, Organisation, parse_any

    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    org_file = (output or folder / ORGANISATION_FILE).resolve()
    if org_file.exists():
        raise UsageError(f"{org_file} already exists; extract never overwrites a file")
    models = []
    originals: dict[Path, bytes] = {}
    for path in find_workbooks(folder):
        data = read_bytes(path)
        try:
            parsed = parse_any(data, str(path))
        except WorkbookError as exc:
            raise UsageError(f"cannot extract: {exc}") from None
        if isinstance(parsed, Organisation):
            raise UsageError(f"{path} is already an organisation workbook; nothing was changed")
        models.append((path, parsed))
        originals[path] = data
    proposal = propose(models, org_file, date.today())
    verb = "Wrote" if apply else "Would write"
    click.echo(safe(f"{verb} {org_file} for {proposal.organisation.organisation.legal_name}"))
    click.echo(
        f"Moved to the organisation ({len(proposal.agreed)}, the same answer in all "
        f"{len(models)} models): {', '.join(proposal.agreed) or 'none'}"
    )
    if proposal.summary:
        click.echo(
            "Training summary, the provider's fields the same in all models: "
            + ", ".join(proposal.summary)
        )
    if proposal.disagreed:
        click.echo(f"Kept in the models as overrides ({len(proposal.disagreed)}, answers differ):")
        for d in proposal.disagreed:
            click.echo(safe(f"  {d.id}: {d.answers} different answers; e.g. {d.example}"))
    if not apply:
        click.echo("Nothing written; run again with --apply to write these changes.")
        return
    _apply(proposal, org_file, originals)
    click.echo(f"Rewrote {len(models)} model workbooks to inherit it; their figures are unchanged.")


def _apply(proposal: object, org_file: Path, originals: dict[Path, bytes]) -> None:
    """Write the organisation file, then each model, every model's lock held."""
    from gpai_tui.engine.extract import Proposal
    from gpai_tui.workbook import read_bytes
    from gpai_tui.workbook.lock import acquire
    from gpai_tui.workbook.organisation import dumps_organisation
    from gpai_tui.workbook.preserve import render
    from gpai_tui.workbook.writer import atomic_write

    assert isinstance(proposal, Proposal)
    # Everything is rendered (and checked to load back) before anything is written.
    org_text = dumps_organisation(proposal.organisation).encode("utf-8")
    texts = []
    for path, workbook in proposal.models:
        # Keeps each model's hand-written comments; only the moved values change.
        rendered = render(workbook, originals[path])
        if rendered.notice:
            click.echo(safe(f"gpai organisation extract: {path}: {rendered.notice}"), err=True)
        texts.append((path, rendered.text.encode("utf-8")))
    with contextlib.ExitStack() as stack:
        for path, _ in texts:
            stack.enter_context(acquire(path, purpose="gpai organisation extract", brief=True))
        for path, _ in texts:
            if read_bytes(path) != originals[path]:
                raise UsageError(f"{path} changed on disk meanwhile; nothing was written")
        if org_file.exists():
            raise UsageError(f"{org_file} appeared meanwhile; nothing was written")
        atomic_write(org_file, org_text)
        for path, data in texts:
            atomic_write(path, data)
