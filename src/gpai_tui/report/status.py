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
from gpai_tui.words import status_prose
from gpai_tui.workbook import Workbook

REASON_LIMIT = 400
"""Longest reason or warning shown in the status view (the JSON has it whole)."""


def _date(value: object) -> str:
    return value.isoformat() if value is not None else "—"  # type: ignore[attr-defined]


class OutstandingTable:
    """The outstanding list. Status and owner are never cut; titles wrap.

    From :attr:`WIDE` columns up each entry is one row with its title last; below, the
    id, its flags and the title share the first column (the title on the lines under
    the id), so at 80 columns or in a pipe every column still fits.
    """

    WIDE = 110
    """From this width on, the title has a column of its own."""

    def __init__(
        self, entries: Sequence[OutstandingItem], resolved: Resolved | None = None
    ) -> None:
        self.entries = entries
        self.resolved = resolved
        """A model's inheritance: its items are marked (org) or (own)."""

    def _id(self, entry: OutstandingItem) -> str:
        origin = self.resolved.origin(entry.id) if self.resolved is not None else "own"
        return one_line(entry.id) + {"inherited": " (org)", "overridden": " (own)"}.get(origin, "")

    @staticmethod
    def _flags(entry: OutstandingItem) -> list[Text]:
        flags = []
        if entry.kind == "review":  # its date is a review date, not a legal date
            flags.append(Text("REVIEW DUE", style="bold red"))
        elif entry.overdue:
            flags.append(Text("OVERDUE", style="bold red"))
        if entry.inconsistent:
            flags.append(Text("INCONSISTENT", style="bold yellow"))
        return flags

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        wide = width >= self.WIDE
        owners = [one_line(e.owner or "—") for e in self.entries]
        statuses = [status_prose(e.status) for e in self.entries]
        ids = [self._id(e) for e in self.entries]
        flags = [self._flags(e) for e in self.entries]
        # Widths are set here rather than left to Rich, which squeezes every column
        # alike when a row is too long: dates and status keep their width, the owner
        # gets up to OWNER_WIDTH (then folds), the title (or id and title) the rest.
        status_w = _longest(statuses, 6)
        owner_w = min(_longest(owners, 5), OWNER_WIDTH)
        if wide:
            flag_w = max((len(f.plain) for fs in flags for f in fs), default=1)
            id_w = min(_longest(ids), 40)
            fixed = flag_w + id_w + 2 * DATE_WIDTH + status_w + 2 * 6
            floor = TITLE_FLOOR
        else:
            fixed = 2 * DATE_WIDTH + status_w + 2 * 4
            floor = min(max(_longest(ids), 16), 30)
        owner_w = max(min(owner_w, width - fixed - floor), 8)
        rest = max(width - fixed - owner_w, 10)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        if wide:
            table.add_column("", no_wrap=True, width=flag_w)
            table.add_column("ID", no_wrap=True, width=id_w)
        else:
            table.add_column("Item", width=rest, overflow="fold")
        table.add_column("Legal date", no_wrap=True, width=DATE_WIDTH)
        table.add_column("Target", no_wrap=True, width=DATE_WIDTH)
        table.add_column("Owner", overflow="fold", width=owner_w)
        table.add_column("Status", no_wrap=True, width=status_w)
        if wide:
            table.add_column("Title", width=rest, overflow="fold")
        for entry, entry_id, owner, status, marks in zip(
            self.entries, ids, owners, statuses, flags, strict=True
        ):
            dates = [_date(entry.due), _date(entry.target)]
            person = [Text(owner), Text(status)]
            title = Text(one_line(entry.title))
            if wide:
                table.add_row(Text("\n").join(marks), Text(entry_id), *dates, *person, title)
            else:
                item = Text(entry_id, style="bold")
                for word in marks:
                    item.append(" ")
                    item.append_text(word)
                item.append("\n")
                item.append_text(title)
                table.add_row(item, *dates, *person)
        yield table


DATE_WIDTH = 10
"""An ISO date."""
OWNER_WIDTH = 24
"""The owner column's widest; a longer owner folds onto more lines."""
TITLE_FLOOR = 20
"""The title column's narrowest in the wide layout."""


def _longest(values: Sequence[str], floor: int = 2) -> int:
    return max((len(v) for v in values), default=floor)


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
    """The status of one workbook: scope, chapters, outstanding obligations."""
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
    """One row per workbook plus a total. File names are never cut: they wrap.

    From :attr:`WIDE` columns up the provider and model have a column of their own;
    below, they go on the line under the file name.
    """

    NUMBERS = ("Complete", "Done", "Outstanding", "Overdue", "Inconsistent")
    SHORT = ("Complete", "Done", "Open", "Late", "Incons.")
    """Headers below :attr:`WIDE`, explained by :attr:`LEGEND`."""
    LEGEND = "Open: outstanding obligations · Late: overdue · Incons.: inconsistent items"
    WIDE = 110
    """From this width on, provider and model have their own column and headers are whole."""

    def __init__(self, rows: Sequence[Summary], root: Path) -> None:
        # The organisation workbook first: its answers are the models' (not in the total).
        self.rows = sorted(rows, key=lambda r: not r.is_organisation)
        self.root = root

    def _name(self, row: Summary) -> str:
        shown = row.path.relative_to(self.root) if row.path.is_relative_to(self.root) else row.path
        return one_line(str(shown))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.max_width >= self.WIDE
        names = [self._name(row) for row in self.rows]
        # The figures never wrap; the names column (and provider · model) give way
        # first, folding long names onto more lines instead of cutting them.
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        if wide:
            table.add_column("Workbook", overflow="fold", ratio=3)
            table.add_column("Provider · model", overflow="fold", ratio=2)
        else:
            table.add_column("Workbook · provider · model", overflow="fold")
        for name in self.NUMBERS if wide else self.SHORT:
            table.add_column(name, justify="right", no_wrap=True)
        errors: list[Text] = []
        notes: list[Text] = []
        for row, name in zip(self.rows, names, strict=True):
            cell = Text(name)
            if row.overall is None:
                table.add_row(cell, *([] if not wide else [""]), Text("unreadable", style="red"))
                errors.append(Text(f"ERROR {one_line(str(row.error))}", style="red"))
                continue
            if row.is_organisation:
                who = Text(one_line(f"ORG {row.provider}"), style="bold")
            elif row.inherits is not None:
                who = Text(one_line(f"↑ {row.provider} · {row.model}"))
            else:
                who = Text(one_line(f"{row.provider} · {row.model}"))
            if row.overrides:
                notes.append(Text(one_line(f"{name} overrides {', '.join(row.overrides)}", 400)))
            if not wide:
                who.stylize("dim")
                cell = Text("\n").join([cell, who])
            overall = row.overall
            table.add_row(
                cell,
                *([who] if wide else []),
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
            *([""] if wide else []),
            f"{pct(totals.overall.completeness):.1f}%",
            f"{totals.overall.done}/{totals.overall.applicable}",
            str(totals.outstanding),
            str(totals.overdue),
            str(totals.inconsistent),
        )
        yield table
        if not wide:
            yield Text(self.LEGEND, style="dim")
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
