"""``gpai diff``: what changed in compliance terms between two workbooks.

``gpai diff OLD NEW`` compares two files. ``gpai diff FILE --rev REV`` compares
FILE as committed at REV with the working copy; ``--rev A..B`` compares two
revisions (an empty side means ``HEAD``), and ``--rev A...B`` compares B with
its merge base with A (what a pull request changes). Both sides are evaluated
as of the same date (today, or ``--as-of``), so only the data makes a difference.
Exit codes follow ``diff``: 0 no changes, 1 changes, 2 errors.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe_json
from gpai_tui.workbook import Workbook


def _at_rev(root: Path, rel: str, rev: str) -> tuple[Workbook, str]:
    from gpai_tui.gitutil import resolve_rev, show_file
    from gpai_tui.workbook import parse_workbook

    commit = resolve_rev(root, rev)
    label = f"{rev}:{rel}"
    return parse_workbook(show_file(root, commit, rel), label), label


def _sides(files: tuple[Path, ...], rev: str | None) -> tuple[Workbook, str, Workbook, str]:
    from gpai_tui.workbook import load_workbook

    if rev is None:
        if len(files) != 2:
            raise UsageError("give two workbook files (gpai diff OLD NEW), or FILE --rev REV")
        return load_workbook(files[0]), str(files[0]), load_workbook(files[1]), str(files[1])
    if len(files) != 1:
        raise UsageError("with --rev give exactly one workbook file (gpai diff FILE --rev REV)")
    from gpai_tui.gitutil import merge_base, repo_path, resolve_rev

    file = files[0]
    root, rel = repo_path(file)
    if "..." in rev:
        left, _, right = rev.partition("...")
        left, right = left or "HEAD", right or "HEAD"
        base = merge_base(root, resolve_rev(root, left), resolve_rev(root, right))
        old, _ = _at_rev(root, rel, base)
        new, new_label = _at_rev(root, rel, right)
        return old, f"merge base of {left} and {right} ({base[:10]}):{rel}", new, new_label
    if ".." in rev:
        left, _, right = rev.partition("..")
        old, old_label = _at_rev(root, rel, left or "HEAD")
        new, new_label = _at_rev(root, rel, right or "HEAD")
        return old, old_label, new, new_label
    old, old_label = _at_rev(root, rel, rev)
    return old, old_label, load_workbook(file), f"{file} (working copy)"


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--rev",
    metavar="REV|A..B|A...B",
    help="Compare FILE at a git revision with the working copy, or at two revisions.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@as_of_option
def diff(files: tuple[Path, ...], rev: str | None, as_json: bool, as_of: date | None) -> None:
    """Show what changed in compliance terms: OLD NEW, or FILE --rev REV.

    Covers profile and scope changes (with reasons), each measure's and
    obligation's status, owner, dates, checkpoints, evidence and notes, MDF and
    incident changes, conflicts, and completeness per chapter before → after.
    Regressions are marked REGRESSION. Exit 0: no changes; 1: changes; 2: error.
    """
    from gpai_tui.engine.diff import diff_dict, diff_workbooks

    old, old_label, new, new_label = _sides(files, rev)
    result = diff_workbooks(old, new, as_of or date.today())
    if as_json:
        data = diff_dict(result, old_label, new_label)
        click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        from gpai_tui.cli.console import stdout_console
        from gpai_tui.report.diff import diff_report

        stdout_console().print(diff_report(result, old_label, new_label), soft_wrap=True)
    if result.changed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))
