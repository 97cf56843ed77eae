"""``gpai status FILE|DIR``: completeness and outstanding obligations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe_json


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
def status(target: Path, as_of: date | None, as_json: bool) -> None:
    """Show completeness per chapter and the outstanding obligations of TARGET.

    TARGET is a workbook file, or a folder: then every *.toml below it gets one
    row, plus a total. Overdue obligations are marked OVERDUE.
    """
    from gpai_tui.cli.console import stdout_console
    from gpai_tui.engine import evaluate, evaluation_dict
    from gpai_tui.engine.portfolio import find_workbooks, load_many
    from gpai_tui.workbook import WorkbookError, load_workbook

    when = as_of or date.today()
    if not target.exists():
        raise UsageError(f"{target}: no such file or folder")
    if target.is_dir():
        paths = find_workbooks(target)
        if not paths:
            raise UsageError(f"{target}: no *.toml workbooks in this folder")
        rows = list(load_many(paths, when))
        if as_json:
            from gpai_tui.report.status import portfolio_total

            out = {
                "as_of": when.isoformat(),
                "overall": portfolio_total(rows),
                "workbooks": [
                    evaluation_dict(r.evaluation, str(r.path))
                    if r.evaluation
                    else {"path": str(r.path), "error": str(r.error)}
                    for r in rows
                ],
            }
            click.echo(safe_json(json.dumps(out, indent=2, ensure_ascii=False)))
        else:
            from gpai_tui.report.status import portfolio_status

            stdout_console().print(portfolio_status(rows, target))
        if any(r.error for r in rows):
            raise SystemExit(2)
        return
    try:
        workbook = load_workbook(target)
    except WorkbookError:
        raise
    evaluation = evaluate(workbook, when)
    if as_json:
        data = evaluation_dict(evaluation, str(target))
        click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
        return
    from gpai_tui.report.status import workbook_status

    stdout_console().print(workbook_status(workbook, evaluation, str(target)))
