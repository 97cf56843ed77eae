"""Serious incidents (Safety and Security Measure 9.3) with their report clocks; edit them.

One row per incident: id, class, awareness, the next report with its deadline (or that
every report is in), and whether any is late. ``a`` adds an incident, ``e`` edits its
title, ``r`` records its resolution, ``s`` marks the next report sent (with its date).
Every change is an ``IncidentEdit`` given to the document: validated by the engine,
undoable with ``ctrl+z``. The clocks come from the engine's evaluation.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from gpai_tui.document import IncidentEdit
from gpai_tui.engine.incident_edit import ID_PATTERN, INCIDENT_CLASSES, IncidentFields, check_class
from gpai_tui.engine.results import IncidentResult, ReportClock
from gpai_tui.errors import UsageError
from gpai_tui.text import one_line
from gpai_tui.tui.labels import OVERDUE_FLAG, Colors, iso
from gpai_tui.tui.registry import go_binding
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.screens.prompt import TextPromptDialog
from gpai_tui.tui.widgets.key_table import KeyTable
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


def next_report(result: IncidentResult) -> ReportClock | None:
    """The first report not sent yet, if any."""
    return next((r for r in result.reports if r.sent is None), None)


def _date_check(text: str) -> str | None:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return f"{text.strip()!r} is not a date; write YYYY-MM-DD"
    return None


class IncidentsScreen(ModeScreen):
    """The incident list; ``enter`` or ``e`` edits the highlighted one."""

    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a serious incident", id="incidents.add"),
        Binding("e,enter", "edit", "Title", tooltip="Edit the title", id="incidents.edit"),
        Binding(
            "r",
            "resolve",
            "Resolved",
            tooltip="Record when it was resolved",
            id="incidents.resolve",
        ),
        Binding(
            "s",
            "sent",
            "Report sent",
            tooltip="Mark the next report sent, with its date",
            id="incidents.sent",
        ),
        go_binding("code"),
        go_binding("dashboard"),
        Binding("escape", "app.go('code')", "Code", show=False, id="incidents.back"),
    ]
    help_topic = "incidents"

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        yield Static(id="incidents-title", classes="section")
        yield KeyTable(id="incidents")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(KeyTable)
        table.cursor_type = "row"
        for name in ("ID", "Class", "Aware", "Resolved", "Next report", "Due", "Title"):
            table.add_column(name, key=name)
        # Hidden, it draws once when shown again (not on every edit elsewhere).
        self.redraw_on(self._redraw, "evaluation", "theme")
        self._redraw()
        table.focus()

    def _redraw(self, *_: Any) -> None:
        colors = Colors.from_theme(self.app.theme_variables)
        table = self.query_one(KeyTable)
        keep = table.cursor_row
        table.clear()
        incidents = self.gpai.evaluation.incidents
        for result in incidents:
            report = next_report(result)
            due = Text(iso(report.due) if report else "—")
            if report is not None and report.overdue:
                due.append(OVERDUE_FLAG, style=f"bold {colors.error}")
                due.stylize(f"bold {colors.error}")
            table.add_row(
                Text(one_line(result.id), style="bold"),
                result.incident_class,
                iso(result.aware),
                iso(result.resolved) if result.resolved else "open",
                f"{report.kind} ({report.rule})" if report else "all sent",
                due,
                Text(one_line(result.title, 60)),
                key=result.id,
            )
        if incidents:
            table.move_cursor(row=min(keep, len(incidents) - 1))
        title = Text().append(f"Serious incidents: {len(incidents)}", style="bold")
        late = sum(1 for i in incidents if i.late)
        title.append(f"   late or overdue reports: {late}")
        title.append("   a add · e title · r resolved · s report sent · ctrl+z undo", style="dim")
        self.query_one("#incidents-title", Static).update(title)

    def select(self, incident_id: str) -> None:
        """Highlight incident ``incident_id``."""
        table = self.query_one(KeyTable)
        ids = [i.id for i in self.gpai.evaluation.incidents]
        if incident_id in ids:
            table.move_cursor(row=ids.index(incident_id))
        table.focus()

    def _current(self) -> IncidentResult | None:
        table = self.query_one(KeyTable)
        incidents = self.gpai.evaluation.incidents
        if not incidents or not 0 <= table.cursor_row < len(incidents):
            self.notify("No incident selected; press a to add one.", markup=False)
            return None
        return incidents[table.cursor_row]

    async def _ask(
        self, title: str, message: str, value: str = "", check: Any = None
    ) -> str | None:
        dialog = TextPromptDialog(title, message, value=value, check=check)
        answer = await self.app.push_screen_wait(dialog)
        return answer.strip() if answer is not None else None

    def _apply(self, incident_id: str, fields: IncidentFields, *, create: bool = False) -> None:
        self.gpai.apply(IncidentEdit(incident_id, fields, create=create))

    @work(exit_on_error=False, group="dialogs")
    async def action_add(self) -> None:
        """Ask for the id, class, title and date of awareness; then add the incident."""
        known = set(self.gpai.workbook.incidents)
        year = (self.gpai.as_of or date.today()).year
        number = 1
        while f"INC-{year}-{number:03d}" in known:
            number += 1

        def check_id(text: str) -> str | None:
            if not ID_PATTERN.match(text.strip()):
                return "Use letters, digits, '.', '-' or '_'."
            return "That id is taken." if text.strip() in known else None

        def check_kind(text: str) -> str | None:
            try:
                check_class(text.strip())
            except UsageError as exc:
                return str(exc)
            return None

        incident_id = await self._ask(
            "Add a serious incident", "Its id:", f"INC-{year}-{number:03d}", check_id
        )
        if incident_id is None:
            return
        kind = await self._ask(
            f"Add {incident_id}",
            "Its class (sets the initial report's deadline): " + ", ".join(INCIDENT_CLASSES),
            check=check_kind,
        )
        if kind is None:
            return
        title = await self._ask(
            f"Add {incident_id}",
            "A short description:",
            check=lambda t: None if t.strip() else "Required.",
        )
        if title is None:
            return
        aware = await self._ask(
            f"Add {incident_id}",
            "When did you become aware of the model's involvement? (YYYY-MM-DD)",
            (self.gpai.as_of or date.today()).isoformat(),
            _date_check,
        )
        if aware is None:
            return
        fields = IncidentFields(incident_class=kind, title=title, aware=date.fromisoformat(aware))
        self._apply(incident_id, fields, create=True)
        self.select(incident_id)

    @work(exit_on_error=False, group="dialogs")
    async def action_edit(self) -> None:
        """Edit the title of the highlighted incident."""
        current = self._current()
        if current is None:
            return
        title = await self._ask(f"Edit {current.id}", "Its title:", current.title)
        if title:
            self._apply(current.id, IncidentFields(title=title))

    @work(exit_on_error=False, group="dialogs")
    async def action_resolve(self) -> None:
        """Record when the highlighted incident was resolved (the final report is then due)."""
        current = self._current()
        if current is None:
            return
        today = (self.gpai.as_of or date.today()).isoformat()
        when = await self._ask(
            f"{current.id} resolved", "Resolved on (YYYY-MM-DD):", today, _date_check
        )
        if when:
            self._apply(current.id, IncidentFields(resolved=date.fromisoformat(when)))

    @work(exit_on_error=False, group="dialogs")
    async def action_sent(self) -> None:
        """Mark the next report of the highlighted incident sent, with its date."""
        current = self._current()
        if current is None:
            return
        report = next_report(current)
        if report is None:
            self.notify(f"Every report on {current.id} is recorded as sent.", markup=False)
            return
        today = (self.gpai.as_of or date.today()).isoformat()
        when = await self._ask(
            f"{current.id}: {report.kind} report sent",
            f"Due {report.due.isoformat()} ({report.rule}). Sent on (YYYY-MM-DD):",
            today,
            _date_check,
        )
        if not when:
            return
        sent = date.fromisoformat(when)
        if report.kind == "initial":
            fields = IncidentFields(initial_report=sent)
        elif report.kind == "intermediate":
            fields = IncidentFields(add_intermediate=(sent,))
        else:
            fields = IncidentFields(final_report=sent)
        self._apply(current.id, fields)
