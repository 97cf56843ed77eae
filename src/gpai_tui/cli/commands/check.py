"""``gpai check PATH...``: exit 1 with a list of failures, for CI and pre-commit."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe

if TYPE_CHECKING:
    from gpai_tui.engine.gates import Gates
    from gpai_tui.engine.portfolio import Loaded
    from gpai_tui.workbook import WorkbookError


@click.command()
@click.argument(
    "targets", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--min-completeness",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="N",
    help="Fail when overall completeness is below N percent.",
)
@click.option("--no-overdue", is_flag=True, help="Fail when any obligation is overdue.")
@click.option("--no-inconsistent", is_flag=True, help="Fail on inconsistent items.")
@as_of_option
def check(
    targets: tuple[Path, ...],
    min_completeness: float | None,
    no_overdue: bool,
    no_inconsistent: bool,
    as_of: date | None,
) -> None:
    """Check each PATH (a workbook or a folder of them) against gates; exit 1 on failure.

    Several paths may be given (as pre-commit passes them). Unreadable workbooks
    exit 2. Unresolved merge conflicts always fail.
    """
    from gpai_tui.engine.gates import Gates
    from gpai_tui.engine.portfolio import map_workbooks

    paths = expand_paths(targets)
    gates = Gates(min_completeness, no_overdue, no_inconsistent)
    failed = bad = 0
    for path, error, problems in map_workbooks(
        paths, as_of or date.today(), partial(_gate_failures, gates)
    ):
        name = safe(str(path))
        if error is not None:
            bad += 1
            click.echo(safe(str(error)), err=True)
            continue
        if problems:
            failed += 1
            click.echo(f"{name}: FAILED ({len(problems)})")
            for problem in problems:
                click.echo(f"  - {safe(problem)}")
        else:
            click.echo(f"{name}: ok")
    if bad:
        raise SystemExit(int(ExitCode.BAD_INPUT))
    if failed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))


def expand_paths(targets: tuple[Path, ...]) -> list[Path]:
    """The workbook files named by ``targets`` (files, or folders searched for ``*.toml``).

    Each file is listed once, in the order given; a missing path or an empty folder
    is a usage error (exit 2).
    """
    from gpai_tui.engine.portfolio import find_workbooks

    paths: list[Path] = []
    seen: set[Path] = set()
    for target in targets:
        if not target.exists() and not target.is_symlink():
            raise UsageError(f"{target}: no such file or folder")
        found = find_workbooks(target)
        if not found:
            raise UsageError(f"{target}: no *.toml workbooks in this folder")
        for path in found:
            if path not in seen:
                seen.add(path)
                paths.append(path)
    return paths


def _gate_failures(gates: Gates, row: Loaded) -> tuple[Path, WorkbookError | None, list[str]]:
    """The gate failures of one workbook (runs in a pool worker for large folders)."""
    from gpai_tui.engine.gates import failures

    if row.evaluation is None:
        return row.path, row.error, []
    return row.path, None, failures(row.evaluation, gates)
