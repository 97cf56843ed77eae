"""Resolve merge conflicts: keep ours, take theirs, take base, or type the value.

``gpai merge`` leaves a ``[conflicts."<path>"]`` record where two branches changed
one value differently; the value itself holds *ours* until the officer decides.
:class:`ConflictsScreen` lists every record with the three values side by side and
resolves the highlighted one through :mod:`gpai_tui.engine.conflicts`, which
applies the chosen value to the right field and drops the record. It never saves:
the app's dirty marker and save flow take over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static, TextArea

from gpai_tui.document import Applied, Change, ResolveConflict
from gpai_tui.engine.conflicts import (
    ConflictView,
    Side,
    conflict_views,
    set_and_resolve,
)
from gpai_tui.errors import UsageError
from gpai_tui.text import one_line, safe
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.workbook import Workbook
from gpai_tui.workbook.limits import parse_date

CELL = 28
"""Longest value shown in a table cell."""


def show_value(value: Any, *, limit: int | None = None) -> str:
    """A recorded value in words (``(no value)`` when a side has none)."""
    if value is None:
        text = "(no value)"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, list):
        text = ", ".join(show_value(v) for v in value) or "(empty)"
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    else:
        text = str(value)
    return one_line(text, limit) if limit else safe(text)


def _sample(view: ConflictView) -> Any:
    return next((v for v in (view.ours, view.theirs, view.base) if v is not None), None)


def parse_typed(view: ConflictView, text: str) -> Any:
    """The value an officer typed, in the type the conflict holds; ``ValueError`` if not."""
    sample = _sample(view)
    raw = text.strip()
    if isinstance(sample, dict):
        raise ValueError("this value is a table: pick a side, then edit it on its screen")
    if not raw:
        return None
    if isinstance(sample, bool):
        if raw.lower() in ("yes", "y", "true", "1", "ticked"):
            return True
        if raw.lower() in ("no", "n", "false", "0", "unticked"):
            return False
        raise ValueError("write yes or no")
    if isinstance(sample, date):
        return parse_date(raw)  # YYYY-MM-DD inside the workbook range (issue 16)
    if isinstance(sample, float):
        try:
            return float(raw.replace("_", ""))
        except ValueError:
            raise ValueError("write a number such as 3.1e25") from None
    if isinstance(sample, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return text if "\n" in text else raw


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class EditValueDialog(ModalScreen[str | None]):
    """Type the value to keep (multi-line text allowed); checked before it closes."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Keep this value", id="conflicts.edit-ok"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    """Below 40 rows the text area takes what is left, so an error and the buttons fit."""
    help_topic = "conflicts"

    def __init__(self, view: ConflictView, check: Callable[[str], str | None]) -> None:
        super().__init__(classes="dialog")
        self._view = view
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(f"Edit {self._view.label}", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    "Type the value to keep; it replaces the value and resolves the conflict. "
                    "Empty clears it."
                ),
                classes="dialog-message",
            )
            yield TextArea(
                _as_text(self._view.current),
                id="conflict-edit",
                soft_wrap=True,
                tab_behavior="focus",
            )
            yield FieldError(id="conflict-edit-error")
            with Horizontal(classes="dialog-buttons"):  # compact: fits 80x24 with the error
                yield Button(
                    "^s Keep this value", variant="primary", id="conflict-edit-ok", compact=True
                )
                yield Button("esc Cancel", id="conflict-edit-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#conflict-edit-ok")
    def action_submit(self) -> None:
        text = self.query_one(TextArea).text
        error = self._check(text)
        if error:
            self.query_one(FieldError).show(error)
            return
        self.dismiss(text)

    @on(Button.Pressed, "#conflict-edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictsScreen(ModalScreen[int]):
    """Every unresolved merge conflict; dismisses with how many were resolved."""

    BINDINGS = [
        Binding("o", "pick('ours')", "Keep ours", id="conflicts.ours"),
        Binding("t", "pick('theirs')", "Take theirs", id="conflicts.theirs"),
        Binding("b", "pick('base')", "Take base", id="conflicts.base"),
        Binding("e", "edit", "Edit value", id="conflicts.edit"),
        Binding("escape", "close", "Close", id="conflicts.close"),
    ]
    CSS_PATH = "conflicts.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    """Below 40 rows the detail takes (and scrolls in) what the table leaves, so the
    buttons stay in the box; from 40 rows the box fits everything at natural height."""
    help_topic = "conflicts"

    def __init__(self, workbook: Workbook, apply: Callable[[Change], Applied | None]) -> None:
        super().__init__(classes="dialog")
        self.workbook = workbook
        """The open workbook (read only here: each resolution is applied by ``apply``)."""
        self.apply = apply
        """Applies a :class:`~gpai_tui.document.ResolveConflict` (the app's ``apply``,
        which re-evaluates, marks the workbook dirty and makes it undoable)."""
        self.resolved = 0
        """How many conflicts were resolved so far."""
        self._views: dict[str, ConflictView] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box conflicts-box"):
            yield Static(id="conflicts-title", classes="dialog-title")
            yield Static(
                Text(
                    "Two branches changed these values differently; the workbook holds ours "
                    "until you choose. Unresolved ones stay recorded."
                ),
                classes="dialog-message",
            )
            table: DataTable[Text] = DataTable(id="conflicts-table", cursor_type="row")
            yield table
            # Scrolls (tab, then arrows) when the values do not fit a small terminal.
            with VerticalScroll(id="conflicts-detail-scroll"):
                yield Static(id="conflicts-detail")
            # Compact, with their keys: the five fit one line of an 80-column terminal.
            with Horizontal(classes="dialog-buttons"):
                yield Button("o Keep ours", id="pick-ours", name="ours", compact=True)
                yield Button("t Take theirs", id="pick-theirs", name="theirs", compact=True)
                yield Button("b Take base", id="pick-base", name="base", compact=True)
                yield Button("e Edit…", id="pick-edit", compact=True)
                yield Button("esc Close", id="pick-close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        # The cells are cut to the table's width: lay them out again once it is known.
        self.call_after_refresh(self._reload)

    def _widths(self) -> tuple[int, int]:
        """Longest (label, value) shown in a cell so the four columns fit the table's
        width (no sideways scrolling to reach Base); the detail shows values whole."""
        width = self.query_one(DataTable).scrollable_content_region.width
        if width <= 0:
            return 40, CELL
        room = width - 4 * 2  # each column is padded by a cell on either side
        label = max(8, min(40, room // 3))
        return label, max(6, min(CELL, (room - label) // 3))

    def _reload(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)  # columns widen to their cells, never narrow again
        for label in ("Value", "Ours (now)", "Theirs", "Base"):
            table.add_column(label, key=label)
        self._views = {v.path: v for v in conflict_views(self.workbook)}
        label_width, cell = self._widths()
        for view in self._views.values():
            table.add_row(
                Text(one_line(view.label, label_width)),
                Text(show_value(view.ours, limit=cell)),
                Text(show_value(view.theirs, limit=cell)),
                Text(show_value(view.base, limit=cell)),
                key=view.path,
            )
        count = len(self._views)
        self.query_one("#conflicts-title", Static).update(
            Text(f"Unresolved merge conflicts: {count}", style="bold")
        )
        if count:
            table.move_cursor(row=min(row, count - 1))
        self._show_detail()

    def selected(self) -> ConflictView | None:
        """The highlighted conflict."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not self._views or table.cursor_row < 0:
            return None
        paths = list(self._views)
        return self._views[paths[min(table.cursor_row, len(paths) - 1)]]

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        view = self.selected()
        detail = self.query_one("#conflicts-detail", Static)
        if view is None:
            detail.update(Text("No conflicts left."))
            return
        text = Text()
        text.append(one_line(view.label), style="bold")
        text.append(f"  ({safe(view.path, keep_newlines=False)})\n")
        for side, value in (("ours", view.ours), ("theirs", view.theirs), ("base", view.base)):
            text.append(f"{side}: ", style="bold")
            text.append(show_value(value) + "\n")
        if view.current != view.ours and not (view.current in ("", None) and view.ours is None):
            text.append("now: ", style="bold")
            text.append(show_value(view.current) + "\n")
        text.rstrip()
        detail.update(text)

    def _resolve(self, change: ResolveConflict) -> None:
        try:
            applied = self.apply(change)
        except UsageError as exc:
            self.notify(str(exc), title="Not resolved", severity="error", markup=False)
            return
        if applied is not None:
            self._after_resolve(applied.changes[0] if applied.changes else change.path)

    def _after_resolve(self, message: str) -> None:
        self.resolved += 1
        self.notify(message, markup=False)
        self._reload()
        if not self._views:
            self.dismiss(self.resolved)

    def action_pick(self, side: Side) -> None:
        """Resolve the highlighted conflict with ``side``'s value."""
        view = self.selected()
        if view is None:
            return
        self._resolve(ResolveConflict(view.path, side=side))

    @on(Button.Pressed, "#pick-ours, #pick-theirs, #pick-base")
    def _pick_button(self, event: Button.Pressed) -> None:
        self.action_pick(event.button.name)  # type: ignore[arg-type]

    @on(Button.Pressed, "#pick-edit")
    def _edit_button(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#pick-close")
    def action_close(self) -> None:
        """Close; unresolved conflicts stay recorded in the workbook."""
        self.dismiss(self.resolved)

    @work(exit_on_error=False, group="conflicts")
    async def action_edit(self) -> None:
        """Type the value to keep for the highlighted conflict."""
        view = self.selected()
        if view is None:
            return
        if isinstance(_sample(view), dict):
            self.notify(
                "This value is a table: pick a side, then edit it on its screen.",
                severity="warning",
                markup=False,
            )
            return

        def check(text: str) -> str | None:
            try:
                value = parse_typed(view, text)
                set_and_resolve(self.workbook.model_copy(deep=True), view.path, value)
            except (ValueError, UsageError) as exc:
                return str(exc)
            return None

        text = await self.app.push_screen_wait(EditValueDialog(view, check))
        if text is None:
            return
        self._resolve(ResolveConflict(view.path, value=parse_typed(view, text)))
