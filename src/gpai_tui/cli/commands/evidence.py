"""``gpai evidence add|verify``: record evidence with its hash, and check it later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.cli.params import ISO_DATE
from gpai_tui.errors import UsageError
from gpai_tui.text import safe


@click.group("evidence")
def evidence() -> None:
    """Record evidence files with their SHA-256, and verify them later.

    Paths are relative to the workbook's folder and must stay inside the git
    repository holding the workbook (or inside the workbook's folder when it is
    not in git); symlinks are followed before that check. URLs are recorded but
    never fetched.
    """


@evidence.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("item_id", metavar="ID")
@click.argument("ref", metavar="REF")
@click.option("--review-by", type=ISO_DATE, help="Review the evidence by this date.")
@click.option("--label", help="A short name for the evidence.")
def add(file: Path, item_id: str, ref: str, review_by: date | None, label: str | None) -> None:
    """Record REF as evidence of ID in workbook FILE, with the file's SHA-256.

    REF is a path relative to FILE's folder (or a URL, recorded without a hash).
    A REF already listed is upgraded in place: its line becomes a table with the
    hash, the date added, and the review date and label when given.
    """
    from gpai_tui.catalogue import load_catalogue
    from gpai_tui.engine.edit import Edit, apply_edit, resolve_item
    from gpai_tui.evidence import EvidenceError, record
    from gpai_tui.workbook import load_workbook, parse_workbook, read_bytes, save_workbook
    from gpai_tui.workbook.lock import acquire
    from gpai_tui.workbook.model import MAX_SHORT

    workbook = load_workbook(file)
    resolve_item(load_catalogue(workbook.code), item_id)
    if not ref.strip():
        raise UsageError("an evidence reference cannot be empty")
    if label is not None and (len(label) > MAX_SHORT or "\n" in label):
        raise UsageError(f"a label is one line of at most {MAX_SHORT} characters")
    with acquire(file, purpose="gpai evidence add", brief=True, wait=5.0):
        data_before = read_bytes(file)
        workbook = parse_workbook(data_before, str(file))
        previous = workbook.get_entry(item_id).find_evidence(ref.strip())
        try:
            item = record(
                ref,
                file,
                today=date.today(),
                review_by=review_by,
                label=label,
                previous=previous,
            )
        except EvidenceError as exc:
            raise UsageError(str(exc)) from None
        changed = apply_edit(workbook, item_id, Edit(put_evidence=(item,)))
        if read_bytes(file) != data_before:
            raise UsageError(f"{file} changed on disk while gpai evidence ran; nothing was written")
        if changed:  # keeps the officer's comments: only the changed values are rewritten
            save_workbook(workbook, file, previous=data_before, notice=_notice)
    summary = ", ".join(changed) if changed else "no change"
    digest = f" (sha256 {item.sha256})" if item.sha256 else " (a URL: no hash, never fetched)"
    click.echo(safe(f"{item_id}: {summary}{digest}", keep_newlines=False), err=True)


def _notice(message: str) -> None:
    click.echo(f"gpai evidence: {safe(message)}", err=True)


@evidence.command("verify")
@click.argument("target", type=click.Path(path_type=Path))
def verify(target: Path) -> None:
    """Re-hash every local evidence file of TARGET (a workbook or a folder of them).

    Each item is reported as ok, no hash (exists, none recorded), CHANGED (with
    both hashes), MISSING, REFUSED (outside the repository, or not a regular
    file: not read) or url (not fetched). Exits 1 when anything is changed,
    missing or refused, 2 on an unreadable workbook.
    """
    failed = verify_target(target, echo=True)
    if failed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))


def verify_target(target: Path, *, echo: bool) -> int:
    """Verify TARGET's evidence; print it when ``echo``; return the number of failures."""
    from gpai_tui.engine.portfolio import find_workbooks
    from gpai_tui.evidence import check_workbook
    from gpai_tui.workbook import load_workbook

    if not target.exists():
        raise UsageError(f"{target}: no such file or folder")
    paths = find_workbooks(target)
    if not paths:
        raise UsageError(f"{target}: no *.toml workbooks in this folder")
    failures = 0
    for path in paths:
        checks = check_workbook(load_workbook(path), path)
        bad = [c for c in checks if c.failing]
        failures += len(bad)
        if echo:
            counts = f"{len(checks) - len(bad)} ok or not checkable, {len(bad)} failing"
            click.echo(safe(f"{path}: {len(checks)} evidence items ({counts})"))
            for check in checks:
                click.echo(safe("  " + check.describe().replace("\n", "\n  ")))
    return failures
