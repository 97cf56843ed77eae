"""The first screen: progress per chapter, the next deadlines, what is overdue or inconsistent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from gpai_tui.engine import Evaluation, GroupResult, OutstandingItem
from gpai_tui.text import one_line
from gpai_tui.tui.labels import Colors, iso, percent, progress_bar
from gpai_tui.tui.registry import go_binding
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.widgets.key_table import KeyTable
from gpai_tui.tui.widgets.scope_panel import scope_table
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader
from gpai_tui.words import status_prose

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

DEADLINES = 5
"""How many upcoming deadlines the dashboard lists."""


def progress_table(evaluation: Evaluation, colors: Colors) -> Table:
    """One bar per chapter, then the AI Act obligations and the overall figure."""
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    table.add_column("Chapter", no_wrap=True)
    table.add_column("Progress", no_wrap=True)
    table.add_column("Complete", justify="right", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    rows: list[GroupResult] = [*evaluation.chapters, evaluation.obligations_summary]
    for group in [*rows, evaluation.overall]:
        overall = group is evaluation.overall
        done = f"{group.done}/{group.applicable}"
        value = percent(group.completeness) if group.applicable else "n/a"
        if overall:
            table.add_section()
        table.add_row(
            Text(group.title, style="bold" if overall else ""),
            progress_bar(group, colors),
            Text(value, style="bold" if overall else ""),
            done,
        )
    return table


def counts_line(evaluation: Evaluation, colors: Colors) -> Text:
    """Outstanding, overdue, inconsistent and conflict counts."""
    text = Text()
    overdue = evaluation.overdue_count
    inconsistent = evaluation.inconsistent_count
    text.append(f"Outstanding {len(evaluation.outstanding)}", style="bold")
    text.append("   ")
    text.append(f"Overdue {overdue}", style=f"bold {colors.error}" if overdue else "bold")
    text.append("   ")
    text.append(
        f"Inconsistent {inconsistent}", style=f"bold {colors.warning}" if inconsistent else "bold"
    )
    if evaluation.conflicts:
        text.append(f"   Merge conflicts {len(evaluation.conflicts)}", style=f"bold {colors.error}")
    mdf = evaluation.mdf
    if mdf.required:
        text.append(f"   MDF fields {mdf.filled}/{mdf.total}", style="bold")
    summary = evaluation.summary
    if summary is not None:  # Art. 53(1)(d): every provider, open-source included
        text.append(f"   Training summary {summary.filled}/{summary.required}", style="bold")
    return text


def upcoming(evaluation: Evaluation) -> list[OutstandingItem]:
    """The next outstanding deadlines that are not yet past (engine order: by date)."""
    return [o for o in evaluation.outstanding if o.due is not None and not o.overdue][:DEADLINES]


class DashboardScreen(ModeScreen):
    """Where the workbook stands, at a glance. ``enter`` on a deadline opens its measure."""

    BINDINGS = [
        go_binding("code"),
        go_binding("outstanding"),
        go_binding("profile"),
        Binding(
            "escape",
            "app.go('code')",
            "Code",
            show=False,
            tooltip="Back to the Code screen",
            id="dashboard.back",
        ),
    ]
    AUTO_FOCUS = ""  # on_mount focuses the table without scrolling it into view
    help_topic = "dashboard"

    def __init__(self) -> None:
        super().__init__()
        self._drawn: dict[str, object] = {}
        """Part of the screen -> what it was last drawn from: a part is drawn again only
        when that changed (laying out and rendering the Rich tables is most of a redraw)."""

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        with VerticalScroll(id="dashboard"):
            yield Static(id="dash-progress")
            yield Static(id="dash-counts")
            yield Static(
                Text.assemble(("Next deadlines", "bold"), ("  enter opens the measure", "dim")),
                classes="section",
            )
            yield KeyTable(id="deadlines")
            yield Static(id="dash-notes")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(KeyTable)
        table.add_columns("Legal date", "ID", "Owner", "Status", "Title")
        # Hidden (the user is editing on another screen), it draws once when shown again:
        # redrawing at every keystroke there would cost each keystroke.
        self.redraw_on(self._redraw, "evaluation", "theme")
        # Focus at once (no call_later) and keep the top (the progress bars) in view.
        self.set_focus(table, scroll_visible=False)
        # The figures are drawn now, before the first paint: one layout, one paint.
        self._redraw()

    def on_resize(self, event: events.Resize) -> None:
        # Textual lays the screen out again on every Resize, even at the size it was
        # just laid out at (twice as the app starts: ~5 ms each, the Rich tables
        # measured again). Skip that; a real change of size goes through as before,
        # and any pending layout still runs from the screen's update timer.
        if event.size == self.outer_size:
            event.prevent_default()

    def _changed(self, part: str, key: object) -> bool:
        """True (and remember ``key``) when ``part`` was last drawn from something else."""
        if part in self._drawn and self._drawn[part] == key:
            return False
        self._drawn[part] = key
        return True

    def _redraw(self, *_: Any) -> None:
        evaluation = self.gpai.evaluation
        colors = Colors.from_theme(self.app.theme_variables)
        # Each part is keyed on everything it is drawn from.
        groups = (*evaluation.chapters, evaluation.obligations_summary, evaluation.overall)
        if self._changed("progress", (groups, colors)):
            self.query_one("#dash-progress", Static).update(progress_table(evaluation, colors))
        counts = counts_line(evaluation, colors)
        if self._changed("counts", counts):
            self.query_one("#dash-counts", Static).update(counts)
        rows = [
            (
                iso(entry.due),
                Text(one_line(entry.id), style="bold"),
                Text(one_line(entry.owner or "—", 24)),
                status_prose(entry.status),
                Text(one_line(entry.title, 50)),
                entry.id,
            )
            for entry in upcoming(evaluation)
        ]
        if self._changed("deadlines", rows):
            table = self.query_one(KeyTable)
            row = table.cursor_row
            table.clear()
            for *cells, key in rows:
                table.add_row(*cells, key=key)
            if table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1))
            else:
                table.add_row("—", "", "", "", Text("No upcoming deadlines", style="dim"))
        lines = self._note_lines(evaluation, colors)
        if self._changed("notes", (lines, evaluation.scope, colors)):
            scope = scope_table(evaluation.scope, colors)
            notes = Group(*lines, Text("\nScope", style="bold"), scope)
            self.query_one("#dash-notes", Static).update(notes)

    @staticmethod
    def _note_lines(evaluation: Evaluation, colors: Colors) -> list[Text]:
        """The notes above the scope: overdue, due for review, inconsistent."""
        parts: list[Text] = []
        if evaluation.overdue_count:
            parts.append(
                Text(
                    f"{evaluation.overdue_count} overdue: press o for the outstanding list.",
                    style=colors.error,
                )
            )
        reviews = [i for i in evaluation.items if i.review_due]
        if reviews:
            parts.append(Text("\nDue for review", style="bold"))
            for item in reviews:
                line = Text().append(f"⏰ {item.id}  ", style=colors.error)
                line.append(item.review_note())
                parts.append(line)
        inconsistent = [i for i in evaluation.items if i.issues]
        if inconsistent:
            parts.append(Text("\nInconsistent", style="bold"))
            for item in inconsistent:
                line = Text().append(f"? {item.id}  ", style=colors.warning)
                line.append("; ".join(item.issues))
                parts.append(line)
        return parts

    @on(DataTable.RowSelected)
    async def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None:
            await self.gpai.open_outstanding(key)
