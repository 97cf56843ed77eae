"""``gpai check FILE|DIR``: exit 1 with a list of failures, for CI and pre-commit."""

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
@click.argument("target", type=click.Path(path_type=Path))
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
    target: Path,
    min_completeness: float | None,
    no_overdue: bool,
    no_inconsistent: bool,
    as_of: date | None,
) -> None:
    """Check TARGET (a workbook or a folder of them) against gates; exit 1 on failure.

    With no flags, check fails only on unresolved merge conflicts (always checked);
    unreadable workbooks exit 2. Scope warnings (e.g. a systemic-risk model on the
    market with no Art. 52 date) are printed but do not fail.

    An organisation workbook (the provider's answers) is checked too, first: it must
    load, its conflicts fail, and with --no-inconsistent so do its inconsistent items;
    a model whose organisation file is missing or invalid is unreadable (exit 2).

    A CI gate normally wants these flags:

    \b
      --no-overdue           no obligation past its legal date:
                             gpai check workbooks/ --no-overdue
      --no-inconsistent      no item done without ticks or evidence, no
                             not-applicable without a justification:
                             gpai check workbooks/ --no-inconsistent
      --min-completeness N   a floor that only goes up as work lands:
                             gpai check workbooks/ --min-completeness 80

    \b
    All three (today's date, so overdue means overdue now):
      gpai check workbooks/ --no-overdue --no-inconsistent --min-completeness 80
    """
    from gpai_tui.engine.gates import Gates
    from gpai_tui.engine.portfolio import find_workbooks, map_workbooks

    if not target.exists():
        raise UsageError(f"{target}: no such file or folder")
    paths = find_workbooks(target)
    if not paths:
        raise UsageError(f"{target}: no *.toml workbooks in this folder")
    gates = Gates(min_completeness, no_overdue, no_inconsistent)
    failed = bad = 0
    results = list(map_workbooks(paths, as_of or date.today(), partial(_gate_failures, gates)))
    # The organisation workbook first: the models inherit its answers.
    results.sort(key=lambda r: not r[4])
    for path, error, problems, warnings, is_organisation in results:
        name = safe(str(path)) + (" (organisation)" if is_organisation else "")
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
        for warning in warnings:
            click.echo(f"  warning: {safe(warning, keep_newlines=False)}")
    if bad:
        raise SystemExit(int(ExitCode.BAD_INPUT))
    if failed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))


def _gate_failures(
    gates: Gates, row: Loaded
) -> tuple[Path, WorkbookError | None, list[str], tuple[str, ...], bool]:
    """The gate failures and scope warnings of one workbook (runs in a pool worker);
    the last value says whether it is an organisation workbook."""
    from gpai_tui.engine.gates import failures

    if row.organisation is not None:
        from gpai_tui.engine.inherit import organisation_figures

        problems = [f"unresolved merge conflict at {k}" for k in sorted(row.organisation.conflicts)]
        if gates.no_inconsistent:
            problems += [
                f"{item_id} is inconsistent: {problem}"
                for item_id, problem in organisation_figures(row.organisation).issues
            ]
        return row.path, None, problems, (), True
    if row.evaluation is None:
        return row.path, row.error, [], (), False
    warnings = row.evaluation.scope.warnings
    if row.resolved is not None:
        warnings = (*warnings, *row.resolved.warnings)
    return row.path, None, failures(row.evaluation, gates), warnings, False
