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
    from gpai_tui.engine import evaluation_dict, pct
    from gpai_tui.engine.inherit import inheritance_dict

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

            pairs = sorted(
                map_workbooks(paths, when, _json_row), key=lambda p: not p[0].is_organisation
            )
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

            rows = sorted(summaries(paths, when), key=lambda r: not r.is_organisation)
            stdout_console().print(portfolio_status(rows, target))
        if any(r.error for r in rows):
            raise SystemExit(2)
        return
    from gpai_tui.engine.portfolio import Summary, load_one

    row = load_one(target, when)
    if row.error is not None:
        raise row.error
    if row.organisation is not None:
        from gpai_tui.report.status import portfolio_status

        summary = Summary.of(row)
        if as_json:
            out = {"as_of": when.isoformat(), "workbooks": [_organisation_dict(summary)]}
            click.echo(safe_json(json.dumps(out, indent=2, ensure_ascii=False)))
        else:
            stdout_console().print(portfolio_status([summary], target.parent))
        return
    assert row.resolved is not None and row.evaluation is not None
    resolved, evaluation = row.resolved, row.evaluation
    if as_json:
        data = evaluation_dict(evaluation, str(target))
        inheritance = inheritance_dict(resolved)
        if inheritance is not None:
            data["inheritance"] = inheritance
        click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
        return
    if as_md:
        from gpai_tui.report.status_md import workbook_md

        click.echo(workbook_md(evaluation_dict(evaluation, str(target))))
        return
    from gpai_tui.report.status import workbook_status

    stdout_console().print(workbook_status(resolved.workbook, evaluation, str(target), resolved))


def _organisation_dict(row: Summary) -> dict[str, Any]:
    """The organisation's row of ``status --json``."""
    from gpai_tui.engine import pct

    if row.error is not None or row.overall is None:
        return {"path": str(row.path), "error": str(row.error)}
    return {
        "path": str(row.path),
        "organisation": True,
        "provider": row.provider,
        "overall": pct(row.overall.completeness),
        "done": row.overall.done,
        "applicable": row.overall.applicable,
        "outstanding": row.outstanding,
        "inconsistent": row.inconsistent,
    }


def _json_row(row: Loaded) -> tuple[Summary, dict[str, Any]]:
    """One workbook of ``status DIR --json`` (runs in a pool worker for large folders)."""
    from gpai_tui.engine import evaluation_dict
    from gpai_tui.engine.inherit import inheritance_dict
    from gpai_tui.engine.portfolio import Summary

    summary = Summary.of(row)
    if summary.is_organisation:
        return summary, _organisation_dict(summary)
    if row.evaluation is None:
        return summary, {"path": str(row.path), "error": str(row.error)}
    data = evaluation_dict(row.evaluation, str(row.path))
    inheritance = inheritance_dict(row.resolved) if row.resolved is not None else None
    if inheritance is not None:
        data["inheritance"] = inheritance
    return summary, data
