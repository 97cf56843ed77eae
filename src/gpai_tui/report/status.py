"""Rich renderables for ``gpai status``: one workbook, or a portfolio."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from gpai_tui.engine import Evaluation, OutstandingItem, pct
from gpai_tui.engine.inherit import Resolved
from gpai_tui.engine.portfolio import Summary, portfolio_totals
from gpai_tui.report.bars import bar
from gpai_tui.text import one_line
from gpai_tui.workbook import Workbook

REASON_LIMIT = 400
"""Longest reason or warning shown in the status view (the JSON has it whole)."""


def _date(value: object) -> str:
    return value.isoformat() if value is not None else "—"  # type: ignore[attr-defined]


class OutstandingTable:
    """The outstanding list; the title column is dropped when the terminal is narrow."""

    WIDE = 110
    """Below this width, titles are left out so ids and dates are never cut."""

    def __init__(
        self, entries: Sequence[OutstandingItem], resolved: Resolved | None = None
    ) -> None:
        self.entries = entries
        self.resolved = resolved

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.max_width >= self.WIDE
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            expand=wide,
            padding=(0, 1, 0, 0),
        )
        table.add_column("", no_wrap=True, min_width=7)
        id_width = max((len(one_line(e.id)) + 6 for e in self.entries), default=2)
        table.add_column("ID", no_wrap=True, min_width=min(id_width, 40))
        table.add_column("Legal date", no_wrap=True, min_width=10)
        table.add_column("Target", no_wrap=True, min_width=10)
        table.add_column("Owner", no_wrap=True, overflow="ellipsis", max_width=14 if wide else 8)
        table.add_column("Status", no_wrap=True, min_width=11)
        if wide:
            table.add_column("Title", no_wrap=True, overflow="ellipsis", ratio=1)
        for entry in self.entries:
            origin = self.resolved.origin(entry.id) if self.resolved is not None else "own"
            mark = {"inherited": " (org)", "overridden": " (own)"}.get(origin, "")
            row: list[RenderableType] = [
                Text("OVERDUE", style="bold red") if entry.overdue else Text(""),
                Text(one_line(entry.id) + mark),
                _date(entry.due),
                _date(entry.target),
                Text(one_line(entry.owner or "—")),
                Text(one_line(entry.status)),
            ]
            if wide:
                row.append(Text(one_line(entry.title)))
            table.add_row(*row)
        yield table


def inheritance_lines(resolved: Resolved | None) -> list[Text]:
    """Where a model's answers come from, one line each (nothing without inheritance)."""
    if resolved is None or resolved.organisation is None:
        return []
    org = resolved.organisation.organisation.legal_name
    lines = [
        Text(
            f"Inherits {one_line(resolved.own.inherits or '')} ({one_line(org)}): "
            f"{', '.join(resolved.inherited) or 'nothing'} are the provider's answers (org)"
        )
    ]
    if resolved.overrides:
        lines.append(Text(f"Overridden for this model (own): {', '.join(resolved.overrides)}"))
    for item_id, refs in resolved.added.items():
        lines.append(Text(f"Model evidence added to {item_id}: {one_line(', '.join(refs), 200)}"))
    for warning in resolved.warnings:
        lines.append(Text(f"WARNING: {one_line(warning, REASON_LIMIT)}", style="yellow"))
    return lines


def workbook_status(
    workbook: Workbook, evaluation: Evaluation, path: str, resolved: Resolved | None = None
) -> RenderableType:
    """The status of one workbook: scope, chapters, outstanding obligations.

    ``resolved`` (the inheritance of a model workbook) marks inherited items ``(org)``
    and overridden ones ``(own)``; ``workbook`` is then the resolved view.
    """
    parts: list[RenderableType] = []
    head = Text()
    head.append(one_line(workbook.model.provider), style="bold")
    head.append(" · ")
    head.append(one_line(workbook.model.name), style="bold")
    head.append(f"  ({one_line(path)}, as of {evaluation.as_of.isoformat()})")
    parts.append(head)
    scope = evaluation.scope
    # Reasons can quote the workbook (gpai_reason): one safe line each, never markup.
    parts.append(Text(f"Scope: {one_line(scope.gpai.reason, REASON_LIMIT)}"))
    if scope.in_scope:
        parts.append(Text(f"       {one_line(scope.systemic_risk.reason, REASON_LIMIT)}"))
    for warning in scope.warnings:
        parts.append(Text(f"WARNING: {one_line(warning, REASON_LIMIT)}", style="yellow"))
    parts.extend(inheritance_lines(resolved))
    for key in evaluation.conflicts:
        parts.append(Text(f"CONFLICT: unresolved merge conflict at {one_line(key)}", style="red"))

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Chapter")
    table.add_column("Complete", justify="right")
    table.add_column("Done", justify="right")
    table.add_column("Progress")
    for chapter in (*evaluation.chapters, evaluation.overall):
        if chapter.applicable == 0:
            table.add_row(Text(chapter.title), "n/a", "0/0", Text("not applicable", style="dim"))
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
        parts.append(OutstandingTable(outstanding, resolved))
    inconsistent = [i for i in evaluation.items if i.issues]
    for item in inconsistent:
        issues = one_line("; ".join(item.issues), REASON_LIMIT)
        parts.append(Text(f"INCONSISTENT {one_line(item.id)}: {issues}", style="yellow"))
    return Group(*parts)


class PortfolioTable:
    """One row per workbook plus a total; names share what the numbers leave free."""

    NUMBERS = ("Complete", "Done", "Outstanding", "Overdue", "Inconsistent")

    def __init__(self, rows: Sequence[Summary], root: Path) -> None:
        self.rows = rows
        self.root = root

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        numbers = [max(len(h), 9 if h == "Done" else 6) for h in self.NUMBERS]
        free = max(options.max_width - sum(numbers) - 2 * len(numbers) - 4, 20)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        table.add_column("Workbook", no_wrap=True, overflow="ellipsis", max_width=free * 11 // 20)
        table.add_column(
            "Provider · model", no_wrap=True, overflow="ellipsis", max_width=free * 9 // 20
        )
        for name, width in zip(self.NUMBERS, numbers, strict=True):
            table.add_column(name, justify="right", no_wrap=True, min_width=width)
        errors: list[Text] = []
        notes: list[Text] = []
        for row in sorted(self.rows, key=lambda r: not r.is_organisation):
            shown = (
                row.path.relative_to(self.root) if row.path.is_relative_to(self.root) else row.path
            )
            cell = Text(one_line(str(shown)))
            if row.overall is None:
                table.add_row(cell, Text("unreadable", style="red"))
                errors.append(Text(f"ERROR {one_line(str(row.error))}", style="red"))
                continue
            overall = row.overall
            if row.is_organisation:
                who = Text(one_line(f"ORG {row.provider}"), style="bold")
            elif row.inherits is not None:
                who = Text(one_line(f"↑ {row.provider} · {row.model}"))
            else:
                who = Text(one_line(f"{row.provider} · {row.model}"))
            if row.overrides:
                notes.append(Text(one_line(f"{shown} overrides {', '.join(row.overrides)}", 400)))
            table.add_row(
                cell,
                who,
                f"{pct(overall.completeness):.1f}%",
                f"{overall.done}/{overall.applicable}",
                str(row.outstanding),
                str(row.overdue),
                str(row.inconsistent),
            )
        if all(r.is_organisation for r in self.rows):
            yield table
            yield from errors
            return
        table.add_section()
        totals = portfolio_totals(self.rows)
        label = f"Total: {totals.workbooks}" + (
            f" (+{totals.unreadable} unreadable)" if totals.unreadable else ""
        )
        table.add_row(
            Text(label, style="bold"),
            "",
            f"{pct(totals.overall.completeness):.1f}%",
            f"{totals.overall.done}/{totals.overall.applicable}",
            str(totals.outstanding),
            str(totals.overdue),
            str(totals.inconsistent),
        )
        yield table
        if any(r.is_organisation for r in self.rows):
            yield Text(
                "ORG: the organisation workbook, the provider's answers (not in the "
                "total); ↑ marks models that inherit them."
            )
        yield from notes
        yield from errors


def portfolio_status(rows: Sequence[Summary], root: Path) -> RenderableType:
    """The portfolio table for ``gpai status DIR``."""
    return PortfolioTable(rows, root)
