"""``gpai status FILE|DIR``: completeness and outstanding obligations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe_json

if TYPE_CHECKING:
    from gpai_tui.engine.portfolio import Loaded, Summary


@click.command()
@click.argument("target", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (same as --format json).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
    help="text for a terminal, json (documented in the README), or md: Markdown for a "
    "CI job summary.",
)
def status(target: Path, as_of: date | None, as_json: bool, fmt: str) -> None:
    """Show completeness per chapter and the outstanding obligations of TARGET.

    TARGET is a workbook file, or a folder: then every *.toml below it gets one
    row, plus a total. Overdue obligations are marked OVERDUE.
    """
    if as_json and fmt not in ("text", "json"):
        raise UsageError("--json and --format md contradict each other; give one")
    as_json = as_json or fmt == "json"
    as_md = fmt == "md"
    from gpai_tui.cli.console import stdout_console
    from gpai_tui.engine import evaluate, evaluation_dict, pct
    from gpai_tui.workbook import WorkbookError, load_workbook

    when = as_of or date.today()
    if not target.exists():
        raise UsageError(f"{target}: no such file or folder")
    if target.is_dir():
        from gpai_tui.engine.portfolio import find_workbooks, map_workbooks, summaries

        paths = find_workbooks(target)
        if not paths:
            raise UsageError(f"{target}: no *.toml workbooks in this folder")
        if as_json:
            from gpai_tui.engine.portfolio import portfolio_totals

            pairs = list(map_workbooks(paths, when, _json_row))
            rows = [summary for summary, _ in pairs]
            out = {
                "as_of": when.isoformat(),
                "overall": pct(portfolio_totals(rows).overall.completeness),
                "workbooks": [data for _, data in pairs],
            }
            click.echo(safe_json(json.dumps(out, indent=2, ensure_ascii=False)))
        elif as_md:
            from gpai_tui.report.status_md import portfolio_md

            rows = list(summaries(paths, when))
            click.echo(portfolio_md(rows, str(target), when.isoformat()))
        else:
            from gpai_tui.report.status import portfolio_status

            rows = list(summaries(paths, when))
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
    if as_md:
        from gpai_tui.report.status_md import workbook_md

        click.echo(workbook_md(evaluation_dict(evaluation, str(target))))
        return
    from gpai_tui.report.status import workbook_status

    stdout_console().print(workbook_status(workbook, evaluation, str(target)))


def _json_row(row: Loaded) -> tuple[Summary, dict[str, Any]]:
    """One workbook of ``status DIR --json`` (runs in a pool worker for large folders)."""
    from gpai_tui.engine import evaluation_dict
    from gpai_tui.engine.portfolio import Summary

    if row.evaluation is None:
        return Summary.of(row), {"path": str(row.path), "error": str(row.error)}
    return Summary.of(row), evaluation_dict(row.evaluation, str(row.path))
