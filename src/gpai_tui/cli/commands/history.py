"""``gpai history FILE``: completeness over the git history of a workbook.

One row per commit that changed FILE along the current branch (first parent,
renames followed), oldest first: commit date, author, subject, overall and
per-chapter completeness, outstanding and overdue counts, each evaluated as of
that commit's date; and a sparkline of overall completeness. ``--at DATE``
shows the full status of the last commit on or before DATE, evaluated as of
DATE ("where did we stand on 2 August 2026?"). Exit 2 when git is missing,
FILE is not in a repository or has no commits, or no commit is that old.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.params import ISO_DATE
from gpai_tui.errors import GpaiError
from gpai_tui.text import safe_json


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@click.option(
    "--at",
    "at",
    type=ISO_DATE,
    default=None,
    help="Show the status as committed on or before this date, as of this date.",
)
@click.option(
    "-n",
    "--max-count",
    type=click.IntRange(min=1),
    default=None,
    help="Only the newest N commits.",
)
def history(file: Path, as_json: bool, at: date | None, max_count: int | None) -> None:
    """Show completeness over the git history of workbook FILE.

    Figures for each commit are computed as of its commit date. With --at DATE,
    print the status as it stood in the last commit on or before DATE.
    """
    from gpai_tui.engine.history import history as walk
    from gpai_tui.engine.history import history_point, pick_at
    from gpai_tui.gitutil import Commit, file_log, repo_path, show_file, show_files

    root, rel = repo_path(file)
    commits = file_log(root, rel, None if at else max_count)
    if not commits:
        raise GpaiError(f"{file} has no commits in the repository at {root}; commit it first")

    chosen = pick_at(commits, at) if at is not None else None
    wanted = commits if at is None else [c for c in (chosen,) if c is not None]
    fetched = show_files(root, [(c.id, c.path) for c in wanted])  # one git call for all
    blobs = {c.id: data for c, data in zip(wanted, fetched, strict=True)}

    def read(commit: Commit) -> bytes:
        data = blobs.get(commit.id)
        if data is None:
            return show_file(root, commit.id, commit.path)  # names the problem clearly
        return data

    from gpai_tui.engine.history import organisation_reader

    read_organisation = organisation_reader(root, file)

    if at is None:
        points = walk(commits, read, read_organisation)
        if as_json:
            from gpai_tui.report.history import history_dict

            data = history_dict(rel, points)
            click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
            return
        from gpai_tui.cli.console import stdout_console
        from gpai_tui.report.history import history_report

        stdout_console().print(history_report(rel, points))
        return

    commit = chosen
    if commit is None:
        first = commits[-1]
        raise GpaiError(
            f"{file} has no commit on or before {at.isoformat()}; its first commit is "
            f"{first.short} on {first.date.date().isoformat()}"
        )
    point = history_point(commit, read, read_organisation)
    if point.workbook is None:
        raise GpaiError(
            f"{file} as committed in {commit.short} ({commit.date.date().isoformat()}) cannot "
            f"be read: {point.error}"
        )
    from gpai_tui.engine import evaluate

    evaluation = evaluate(point.workbook, at)
    if as_json:
        from gpai_tui.engine import evaluation_dict
        from gpai_tui.report.history import HISTORY_SCHEMA, commit_dict

        data = {
            "schema": HISTORY_SCHEMA,
            "path": rel,
            "at": at.isoformat(),
            "commit": commit_dict(commit),
            "status": evaluation_dict(evaluation, f"{commit.short}:{commit.path}"),
        }
        click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
        return
    from rich.text import Text

    from gpai_tui.cli.console import stdout_console
    from gpai_tui.report.status import workbook_status
    from gpai_tui.text import one_line

    console = stdout_console()
    head = Text()
    head.append(f"Where {one_line(rel)} stood on {at.isoformat()}: ", style="bold")
    head.append(
        f"commit {commit.short} of {commit.date.date().isoformat()} by "
        f"{one_line(commit.author, 40)}: {one_line(commit.subject, 80)}"
    )
    console.print(head)
    console.print(workbook_status(point.workbook, evaluation, f"{commit.short}:{commit.path}"))
