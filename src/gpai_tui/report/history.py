"""Rich rendering and JSON form of a workbook's git history (``gpai history``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from gpai_tui.engine.history import HistoryPoint, sparkline
from gpai_tui.gitutil import Commit
from gpai_tui.text import one_line

HISTORY_SCHEMA = 1
"""Version of the ``gpai history --json`` shape."""


def short_header(chapter_id: str, title: str) -> str:
    """A chapter's column header: its short code as the catalogue gives it (its measures'
    id prefix, e.g. ``TR``), or the initials of an unknown chapter's title."""
    from gpai_tui.catalogue import available_codes, load_catalogue

    for code in reversed(available_codes()):
        for chapter in load_catalogue(code).chapters:
            if chapter.id == chapter_id:
                return chapter.prefix
    initials = "".join(word[0] for word in title.split() if word[:1].isalnum()).upper()
    return one_line(initials[:4] or chapter_id[:4])


def legend_text(chapters: Sequence[tuple[str, str]]) -> str:
    """The legend under the table: every short header in words."""
    named = [f"{short_header(cid, title)}: {one_line(title, 40)}" for cid, title in chapters]
    parts = ["Figures as of each commit date."]
    if named:
        parts.append("Chapter completeness: " + ", ".join(named) + ".")
    parts.append("Open: outstanding obligations; Late: overdue.")
    return " ".join(parts)


def commit_dict(commit: Commit) -> dict[str, Any]:
    """A commit as JSON-ready data."""
    return {
        "commit": commit.id,
        "date": commit.date.isoformat(),
        "author": commit.author,
        "subject": commit.subject,
        "path": commit.path,
    }


def point_dict(point: HistoryPoint) -> dict[str, Any]:
    """One history row as JSON-ready data."""
    return {
        **commit_dict(point.commit),
        "as_of": point.as_of.isoformat(),
        "overall": point.overall,
        "chapters": [
            {
                "id": c.id,
                "title": c.title,
                "completeness": c.completeness,
                "applicable": c.applicable,
            }
            for c in point.chapters
        ],
        "outstanding": point.outstanding,
        "overdue": point.overdue,
        "conflicts": point.conflicts,
        "error": point.error,
    }


def history_dict(path: str, points: Sequence[HistoryPoint]) -> dict[str, Any]:
    """The whole history (oldest first) with its sparkline."""
    return {
        "schema": HISTORY_SCHEMA,
        "path": path,
        "sparkline": sparkline([p.overall for p in points]),
        "commits": [point_dict(p) for p in points],
    }


def history_report(path: str, points: Sequence[HistoryPoint]) -> RenderableType:
    """A table of the history, oldest first, with the sparkline of overall completeness."""
    head = Text()
    head.append("History of ", style="bold")
    head.append(one_line(path))
    head.append(f"  ({len(points)} commit{'s' if len(points) != 1 else ''}, oldest first)")
    spark = Text("Overall completeness: ")
    spark.append(sparkline([p.overall for p in points]))
    readable = [p for p in points if p.overall is not None]
    if readable:
        spark.append(f"  {readable[0].overall:.1f}% → {readable[-1].overall:.1f}%")
    chapter_ids: list[tuple[str, str]] = []
    for point in readable:
        chapter_ids = [(c.id, c.title) for c in point.chapters]
        break
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column("Date", no_wrap=True, min_width=10)
    table.add_column("Commit", no_wrap=True, min_width=7)
    table.add_column("Overall", justify="right", no_wrap=True, min_width=7)
    for cid, title in chapter_ids:
        table.add_column(short_header(cid, title), justify="right", no_wrap=True, min_width=6)
    table.add_column("Open", justify="right", no_wrap=True, min_width=4)
    table.add_column("Late", justify="right", no_wrap=True, min_width=4)
    # The only column that gives way at 80 columns: it may shrink (each cell stays one
    # line, cut with an ellipsis), so every figure column survives.
    table.add_column("Author: subject", ratio=1, min_width=12)
    for point in points:
        commit = point.commit
        cells: list[Text | str] = [point.as_of.isoformat(), commit.id[:7]]
        if point.overall is None:
            cells.append(Text("?", style="bold red"))
            cells += ["?" for _ in chapter_ids]
            cells += ["?", "?"]
        else:
            cells.append(f"{point.overall:.1f}%")
            figures = {c.id: c for c in point.chapters}
            for cid, _ in chapter_ids:
                figure = figures.get(cid)
                if figure is None or not figure.applicable:
                    cells.append("n/a")
                else:
                    cells.append(f"{figure.completeness:.1f}%")
            cells.append(str(point.outstanding))
            cells.append(str(point.overdue))
        who = f"{one_line(commit.author, 40)}: {one_line(commit.subject, 120)}"
        cell = Text(no_wrap=True, overflow="ellipsis")
        if point.overall is None:
            cell.append("UNREADABLE ", style="bold red")
        cell.append(who)
        cells.append(cell)
        table.add_row(*cells)
    legend = Text(legend_text(chapter_ids), style="dim")
    parts: list[RenderableType] = [head, spark, table, legend]
    for point in points:
        if point.error:
            parts.append(
                Text(
                    f"UNREADABLE {point.commit.short}: {one_line(point.error, 200)}", style="yellow"
                )
            )
    return Group(*parts)
