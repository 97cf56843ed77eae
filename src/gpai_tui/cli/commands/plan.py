"""``gpai plan FILE|DIR``: the work plan, everything still to do in legal-date order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "csv"]),
    default="md",
    show_default=True,
    help="Markdown (CommonMark) or CSV for spreadsheets.",
)
@as_of_option
def plan(target: Path, fmt: str, as_of: date | None) -> None:
    """Print the work plan of TARGET: every applicable item not done and consistent.

    Each entry gives the owner and target date (as set in the editor or with gpai
    set), the required checkpoints still open and the legal date. Overdue entries
    come first, then the others by legal date, earliest first; entries the tool has no
    legal date for come last, each with the reason. Done items with gaps (unticked
    required checkpoints, no evidence) and unsent incident reports are listed too.

    TARGET is a workbook file, or a folder: then the entries of every *.toml below it
    are merged into one plan and each names its workbook. Exit 2 if any workbook
    cannot be read (the others are still listed). A workbook with unresolved merge
    conflicts is listed with a warning: resolve them before relying on its plan.
    """
    from gpai_tui.engine.inherit import load_resolved
    from gpai_tui.engine.plan import merge_plans, plan_rows
    from gpai_tui.report.plan import PlanHeading, conflict_text, plan_csv, plan_markdown
    from gpai_tui.text import safe

    when = as_of or date.today()
    if not target.exists():
        raise UsageError(f"{target}: no such file or folder")
    if target.is_dir():
        from gpai_tui.engine.portfolio import find_workbooks, load_many

        paths = find_workbooks(target)
        if not paths:
            raise UsageError(f"{target}: no *.toml workbooks in this folder")
        plans = []
        errors = []
        conflicted: list[tuple[str, int]] = []
        for row in load_many(paths, when):
            name = str(row.path.relative_to(target))
            if row.organisation is not None:
                continue  # its items are in the plan of every model that inherits them
            if row.evaluation is None:
                errors.append(f"{name}: {row.error}")
                continue
            plans.append(plan_rows(row.evaluation, name))
            if row.evaluation.conflicts:
                conflicted.append((name, len(row.evaluation.conflicts)))
        rows = merge_plans(plans)
        readable = len(paths) - len(errors)
        heading = PlanHeading(
            subject=str(target),
            source=f"{readable} workbook{'s' if readable != 1 else ''}",
            as_of=when,
            multi=True,
            conflicted=tuple(conflicted),
        )
    else:
        from gpai_tui.engine import evaluate

        workbook = load_resolved(target).workbook
        evaluation = evaluate(workbook, when)
        rows = plan_rows(evaluation, str(target))
        errors = []
        conflicted = [(str(target), len(evaluation.conflicts))] if evaluation.conflicts else []
        heading = PlanHeading(
            subject=f"{workbook.model.provider} · {workbook.model.name}",
            source=str(target),
            as_of=when,
            multi=False,
            conflicted=tuple(conflicted),
        )
    text = plan_csv(rows, when) if fmt == "csv" else plan_markdown(rows, heading)
    click.echo(text, nl=False)
    for name, count in conflicted:
        click.echo(
            safe(f"gpai: warning: {name}: {conflict_text(count)}", keep_newlines=False), err=True
        )
    for error in errors:
        click.echo(safe(f"gpai: cannot read {error}", keep_newlines=False), err=True)
    if errors:
        raise SystemExit(2)
