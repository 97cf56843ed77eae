"""Rich renderables for ``gpai status``: one workbook, or a portfolio."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from gpai_tui.engine import Evaluation, pct
from gpai_tui.engine.portfolio import Loaded
from gpai_tui.report.bars import bar
from gpai_tui.text import one_line
from gpai_tui.workbook import Workbook


def _date(value: object) -> str:
    return value.isoformat() if value is not None else "—"  # type: ignore[attr-defined]


def workbook_status(workbook: Workbook, evaluation: Evaluation, path: str) -> RenderableType:
    """The status of one workbook: scope, chapters, outstanding obligations."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(one_line(workbook.model.provider), style="bold")
    head.append(" · ")
    head.append(one_line(workbook.model.name), style="bold")
    head.append(f"  ({one_line(path)}, as of {evaluation.as_of.isoformat()})")
    parts.append(head)
    scope = evaluation.scope
    parts.append(Text(f"Scope: {scope.gpai.reason}"))
    if scope.in_scope:
        parts.append(Text(f"       {scope.systemic_risk.reason}"))
    for warning in scope.warnings:
        parts.append(Text(f"WARNING: {warning}", style="yellow"))
    for key in evaluation.conflicts:
        parts.append(Text(f"CONFLICT: unresolved merge conflict at {one_line(key)}", style="red"))

    table = Table(title=None, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Chapter")
    table.add_column("Complete", justify="right")
    table.add_column("Done", justify="right")
    table.add_column("Progress")
    for chapter in (*evaluation.chapters, evaluation.overall):
        if chapter.applicable == 0:
            table.add_row(chapter.title, "n/a", "0/0", Text("not applicable", style="dim"))
            continue
        value = pct(chapter.completeness)
        table.add_row(
            Text(chapter.title, style="bold" if chapter.id == "overall" else ""),
            f"{value:.1f}%",
            f"{chapter.done}/{chapter.applicable}",
            bar(value),
        )
    parts.append(table)

    outstanding = evaluation.outstanding
    summary = Text(
        f"Outstanding: {len(outstanding)}   overdue: {evaluation.overdue_count}   "
        f"inconsistent: {evaluation.inconsistent_count}"
    )
    parts.append(summary)
    if outstanding:
        out = Table(show_edge=False, pad_edge=False)
        out.add_column("")
        out.add_column("ID")
        out.add_column("Title", overflow="fold", max_width=48)
        out.add_column("Legal date")
        out.add_column("Target")
        out.add_column("Owner")
        out.add_column("Status")
        for entry in outstanding:
            mark = Text("OVERDUE", style="bold red") if entry.overdue else Text("")
            out.add_row(
                mark,
                one_line(entry.id),
                one_line(entry.title, 48),
                _date(entry.due),
                _date(entry.target),
                one_line(entry.owner or "—", 24),
                entry.status,
            )
        parts.append(out)
    inconsistent = [i for i in evaluation.items if i.issues]
    for item in inconsistent:
        parts.append(Text(f"INCONSISTENT {item.id}: {'; '.join(item.issues)}", style="yellow"))
    return Group(*parts)


def portfolio_status(rows: Sequence[Loaded], root: Path) -> RenderableType:
    """One row per workbook, plus a total."""
    table = Table(show_edge=False, pad_edge=False)
    for name, justify in (
        ("Workbook", "left"),
        ("Provider", "left"),
        ("Model", "left"),
        ("Complete", "right"),
        ("Done", "right"),
        ("Outstanding", "right"),
        ("Overdue", "right"),
        ("Inconsistent", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    done = applicable = outstanding = overdue = inconsistent = bad = 0
    for row in rows:
        name = one_line(
            str(row.path.relative_to(root) if row.path.is_relative_to(root) else row.path)
        )
        if row.evaluation is None or row.workbook is None:
            bad += 1
            table.add_row(name, Text("ERROR", style="red"), one_line(str(row.error), 60))
            continue
        ev = row.evaluation
        done += ev.overall.done
        applicable += ev.overall.applicable
        outstanding += len(ev.outstanding)
        overdue += ev.overdue_count
        inconsistent += ev.inconsistent_count
        table.add_row(
            name,
            one_line(row.workbook.model.provider, 30),
            one_line(row.workbook.model.name, 30),
            f"{pct(ev.overall.completeness):.1f}%",
            f"{ev.overall.done}/{ev.overall.applicable}",
            str(len(ev.outstanding)),
            str(ev.overdue_count),
            str(ev.inconsistent_count),
        )
    total = portfolio_total(rows)
    table.add_section()
    table.add_row(
        Text(
            f"Total ({len(rows) - bad} workbooks{f', {bad} unreadable' if bad else ''})",
            style="bold",
        ),
        "",
        "",
        f"{total:.1f}%",
        f"{done}/{applicable}",
        str(outstanding),
        str(overdue),
        str(inconsistent),
    )
    return table


def portfolio_total(rows: Sequence[Loaded]) -> float:
    """Portfolio completeness: ticked over required checkpoints across all workbooks."""
    required = sum(r.evaluation.overall.required for r in rows if r.evaluation)
    ticked = sum(r.evaluation.overall.ticked for r in rows if r.evaluation)
    return pct(100.0 * ticked / required) if required else 0.0
