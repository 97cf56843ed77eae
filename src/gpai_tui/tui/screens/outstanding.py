"""Every outstanding obligation with its legal date, target, owner and status; sortable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from gpai_tui.engine import OutstandingItem
from gpai_tui.text import one_line
from gpai_tui.tui.labels import OVERDUE_FLAG, Colors, iso
from gpai_tui.tui.registry import go_binding
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.widgets.key_table import KeyTable
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader
from gpai_tui.words import status_prose

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

_LAST = date.max


def _text(value: str | None) -> str:
    return (value or "").lower() or "\uffff"


COLUMNS: tuple[tuple[str, Callable[[OutstandingItem], Any]], ...] = (
    ("Legal date", lambda o: (o.due or _LAST,)),
    ("ID", lambda o: (o.id,)),
    ("Status", lambda o: (o.status,)),
    ("Owner", lambda o: (_text(o.owner),)),
    ("Target", lambda o: (o.target or _LAST,)),
    ("Title", lambda o: (o.title.lower(),)),
)
"""Column name and sort key; ties keep the engine's order (legal date, then catalogue).
The columns that matter most come first, so an 80-column terminal shows them whole."""
NARROW = 100
"""Terminal width below which the Target column is left out (the title keeps room)."""


class OutstandingScreen(ModeScreen):
    """The outstanding list. ``1``-``6`` sort by a column (again: reverse); ``enter`` opens."""

    BINDINGS = [
        Binding(
            "1",
            "sort(0)",
            "Sort",
            key_display="1-6",
            tooltip="Sort by column 1-6 (date, id, status, owner, target, title); again: reverse",
            id="outstanding.sort",
        ),
        *(
            Binding(str(n + 1), f"sort({n})", f"Sort by {name}", show=False)
            for n, (name, _) in enumerate(COLUMNS)
            if n
        ),
        go_binding("code"),
        go_binding("dashboard"),
        Binding(
            "escape",
            "app.go('code')",
            "Code",
            show=False,
            tooltip="Back to the Code screen",
            id="outstanding.back",
        ),
    ]
    help_topic = "outstanding"

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = 0
        """Index into :data:`COLUMNS`."""
        self._columns: tuple[str, ...] = ()
        """The columns the table has now."""
        self.reverse = False
        """Sort descending."""
        self._drawn: object = None
        """The columns and rows the table shows (drawn again only when they change)."""
        self._title: Text | None = None

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        yield Static(id="outstanding-title", classes="section")
        yield KeyTable(id="outstanding")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Hidden, it draws once when shown again (not on every edit elsewhere).
        self.redraw_on(self._redraw, "evaluation", "theme")
        self._redraw()
        self.query_one(KeyTable).focus()

    def rows(self) -> list[OutstandingItem]:
        """The outstanding entries in the chosen order."""
        key = COLUMNS[self.sort_column][1]
        return sorted(self.gpai.evaluation.outstanding, key=key, reverse=self.reverse)

    def on_resize(self) -> None:
        if self.is_mounted and self._shown_columns() != self._columns:
            self._redraw()

    def _shown_columns(self) -> tuple[str, ...]:
        """The columns that fit: below :data:`NARROW` columns the target date (the
        officer's own, least needed here) goes so that the title keeps room."""
        names = tuple(name for name, _ in COLUMNS)
        if self.app.size.width < NARROW:
            return tuple(name for name in names if name != "Target")
        return names

    def _redraw(self, *_: Any) -> None:
        colors = Colors.from_theme(self.app.theme_variables)
        table = self.query_one(KeyTable)
        shown = self._shown_columns()
        narrow = len(shown) < len(COLUMNS)
        entries = self.rows()
        rows = []
        for entry in entries:
            due = Text(iso(entry.due))
            if entry.overdue:
                due.append(OVERDUE_FLAG, style=f"bold {colors.error}")
                due.stylize(f"bold {colors.error}")
            cells = {
                "Legal date": due,
                "ID": Text(one_line(entry.id, 18 if narrow else 60), style="bold"),
                "Status": status_prose(entry.status),
                "Owner": Text(one_line(entry.owner or "—", 12 if narrow else 24)),
                "Target": iso(entry.target),
                "Title": Text(one_line(entry.title, 90)),
            }
            rows.append((tuple(cells[name] for name in shown), entry.id))
        if (shown, rows) != self._drawn:  # else the table already shows exactly these rows
            self._drawn = (shown, rows)
            keep = table.cursor_row
            if shown != self._columns:
                table.clear(columns=True)
                for name in shown:
                    table.add_column(name, key=name)
                self._columns = shown
            else:
                table.clear()
            for cells_shown, key in rows:
                table.add_row(*cells_shown, key=key)
            if entries:
                table.move_cursor(row=min(keep, len(entries) - 1))
        name = COLUMNS[self.sort_column][0]
        arrow = "↓" if self.reverse else "↑"
        title = Text().append(f"Outstanding obligations: {len(entries)}", style="bold")
        title.append(f"   overdue ({OVERDUE_FLAG}) {self.gpai.evaluation.overdue_count}")
        title.append(f"   sorted by {name} {arrow}", style="dim")
        if title != self._title:
            self._title = title
            self.query_one("#outstanding-title", Static).update(title)

    def action_sort(self, column: int) -> None:
        """Sort by ``column``; the same column again reverses the order."""
        if column == self.sort_column:
            self.reverse = not self.reverse
        else:
            self.sort_column, self.reverse = column, False
        self._redraw()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self.action_sort(event.column_index)

    @on(DataTable.RowSelected)
    async def _open(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None:
            await self.gpai.open_outstanding(key)
