"""``gpai merge BASE OURS THEIRS [PATH]``: the git merge driver for workbooks.

git calls it as ``merge %O %A %B %P`` (set up by ``gpai git-setup``): BASE is
the common ancestor, OURS the current branch's version, THEIRS the other
branch's, PATH the file's name in the repository (for messages). The merged
workbook is written over OURS, atomically and in canonical form.

Exit 0: merged cleanly. Exit 1: conflicts were recorded in ``[conflicts]``
(values kept at ours; ``git merge`` stops so that the officer resolves them).
Exit 2: a side is not a valid workbook, or the merge cannot be done safely;
OURS is then left as it was, and git reports the file as conflicted.
Files that are not gpai workbooks at all (a broad ``.gitattributes`` pattern)
get git's ordinary line merge (``git merge-file``).
"""

from __future__ import annotations

from pathlib import Path

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.errors import GpaiError
from gpai_tui.text import safe
from gpai_tui.workbook import Workbook


def _load(data: bytes, label: str, side: str) -> Workbook:
    from gpai_tui.workbook import WorkbookError, parse_workbook

    try:
        return parse_workbook(data, f"{label} ({side})")
    except WorkbookError as exc:
        raise GpaiError(
            f"cannot merge {label}: the {side} version is not a valid workbook, so nothing "
            f"was merged and the file is left as ours.\n{exc}\n  hint: fix that version "
            "(or take one side with `git checkout --ours/--theirs`), then merge again"
        ) from None


def _line_merge(base: Path, ours: Path, theirs: Path, label: str) -> int:
    from gpai_tui.gitutil import run_git

    proc = run_git(
        [
            "merge-file",
            "-L",
            f"{label} (ours)",
            "-L",
            f"{label} (base)",
            "-L",
            f"{label} (theirs)",
            str(ours.resolve()),
            str(base.resolve()),
            str(theirs.resolve()),
        ],
        Path.cwd(),
        check=False,
    )
    if proc.returncode < 0 or proc.returncode > 127:
        raise GpaiError(f"git merge-file failed on {label}")
    return 0 if proc.returncode == 0 else 1


@click.command()
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.argument("path", required=False)
def merge(base: Path, ours: Path, theirs: Path, path: str | None) -> None:
    """Three-way merge of workbooks BASE, OURS and THEIRS; the result replaces OURS.

    Merges every value on its own; evidence lists merge as a union. Where both
    sides changed one value differently, the value stays at ours and a
    [conflicts."<path>"] record keeps ours, theirs and base. Exit 0 clean,
    1 conflicts, 2 error (OURS untouched).
    """
    from gpai_tui.engine.merge import MergeError, looks_like_workbook, merge_workbooks
    from gpai_tui.workbook import atomic_write, parse_workbook, read_bytes
    from gpai_tui.workbook.preserve import render

    label = path or str(ours)
    raw = {side: read_bytes(p) for side, p in (("base", base), ("ours", ours), ("theirs", theirs))}
    if not any(looks_like_workbook(data) for data in raw.values()):
        code = _line_merge(base, ours, theirs, label)
        if code:
            click.echo(
                f"gpai merge: {safe(label)} is not a gpai workbook; line merge "
                "left conflict markers",
                err=True,
            )
        raise SystemExit(code)
    base_wb = _load(raw["base"], label, "base") if raw["base"].strip() else None
    ours_wb = _load(raw["ours"], label, "ours")
    theirs_wb = _load(raw["theirs"], label, "theirs")
    result = merge_workbooks(base_wb, ours_wb, theirs_wb)
    # OURS' hand-written comments are kept: the merge result is applied to its text.
    rendered = render(result.workbook, raw["ours"])
    text = rendered.text
    if rendered.notice:
        click.echo(f"gpai merge: {safe(label)}: {safe(rendered.notice)}", err=True)
    try:
        parse_workbook(text.encode("utf-8"), f"{label} (merged)")
    except GpaiError as exc:  # a bug, not a user error: never write a file we cannot read
        raise MergeError(
            f"the merged {label} would not load back ({exc}); nothing written"
        ) from None
    atomic_write(ours, text.encode("utf-8"))
    if result.carried:
        click.echo(
            f"gpai merge: {safe(label)}: {len(result.carried)} unresolved conflict(s) from an "
            f"earlier merge carried over: {safe(', '.join(result.carried))}",
            err=True,
        )
    if result.conflicts:
        click.echo(
            f"gpai merge: {safe(label)}: {len(result.conflicts)} conflict(s) recorded in "
            f"[conflicts]: {safe(', '.join(result.conflicts))}\n"
            "  the values are kept at ours; resolve with `gpai open FILE` or `gpai set`, "
            "then `git add` the file",
            err=True,
        )
        raise SystemExit(int(ExitCode.CHECK_FAILED))
