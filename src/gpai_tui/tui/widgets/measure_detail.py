"""The right-hand side of the Code screen: one measure (or a chapter/commitment summary).

Two modes. While the tree has the focus, a *preview*: one block of text
(:mod:`gpai_tui.tui.widgets.preview`), cheap to redraw on every cursor move. When the
user enters the measure, the *editor*: checkpoint ticks, owner, target date,
evidence and notes as widgets (and, for a chapter not signed, the alternative means).

Attributes down: the screen calls :meth:`MeasureDetail.show_preview`,
:meth:`MeasureDetail.show_group` or :meth:`MeasureDetail.show_item` (the editor).
Messages up: every change the user makes is
posted as :class:`MeasureDetail.Edited` carrying an engine ``Edit``; refused
typed values as :class:`MeasureDetail.FieldChecked`. The widget never edits the
workbook itself. User text is shown literally (Rich ``Text``, Inputs, TextArea).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, TextArea

from gpai_tui.engine import ItemResult
from gpai_tui.engine.edit import Edit
from gpai_tui.text import safe
from gpai_tui.tui.evidence_state import EvidenceRow
from gpai_tui.tui.labels import Colors
from gpai_tui.tui.widgets.checkpoint_list import CheckpointList
from gpai_tui.tui.widgets.evidence_list import EvidenceList
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.tui.widgets.preview import checkpoints_heading, facts_grid, item_preview, item_title
from gpai_tui.tui.widgets.status_field import StatusField, next_status_edit
from gpai_tui.tui.widgets.text_view import RichLines, TextView
from gpai_tui.workbook import ItemEntry
from gpai_tui.workbook.limits import parse_date

_NOTHING = object()


class MeasureDetail(VerticalScroll, can_focus=False):
    """Everything about the selected measure, with its editable fields."""

    help_topic = "detail"

    class Edited(Message):
        """The user changed the shown item."""

        def __init__(self, item_id: str, edit: Edit, *, typing: bool = False) -> None:
            super().__init__()
            self.item_id = item_id
            self.edit = edit
            self.typing = typing
            """One key of a value being typed (undone together with the rest of it)."""

    class EditRequested(Message):
        """The preview of an item was clicked: the user wants its editor."""

    class FieldChecked(Message):
        """A typed value was refused (``error``) or is fine again (``None``)."""

        def __init__(self, key: str, error: str | None) -> None:
            super().__init__()
            self.key = key
            self.error = error

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-preview -signed")
        self.item_id: str | None = None
        """The item shown, or ``None`` when a chapter or commitment is shown."""
        self._shown: dict[str, str] = {}
        self._target_error: str | None = None
        self._result: tuple[ItemResult, Colors] | None = None
        self._drawn: dict[str, object] = {}
        """Part id -> what it was last drawn from (see :meth:`_draw`)."""

    def compose(self) -> ComposeResult:
        yield TextView(id="preview")
        with Vertical(id="item-view"):
            yield RichLines(id="item-title")
            yield RichLines(id="item-summary")
            yield RichLines(id="item-facts")
            yield RichLines(id="checkpoints-heading", classes="section")
            yield CheckpointList(id="checkpoints")
            yield Label("Status", classes="section")
            yield StatusField(id="status")
            yield Label("Owner", classes="section")
            yield Input(placeholder="who is responsible", id="owner")
            yield Label("Target date (yours)", classes="section")
            yield Input(placeholder="YYYY-MM-DD", id="target", max_length=10)
            yield FieldError(id="target-error")
            yield Label("Evidence  (a add · e edit · del remove)", classes="section")
            yield EvidenceList(id="evidence")
            yield Label("Notes", classes="section")
            yield TextArea(id="notes", soft_wrap=True, tab_behavior="focus")
            # Only for a chapter not signed (hidden, and out of the tab ring, otherwise):
            # the other adequate means used instead (Art. 53(4), 55(2)).
            yield Label(
                "Alternative means  (this chapter is not signed: what you do instead)",
                classes="section alternative",
            )
            yield TextArea(
                id="alternative", soft_wrap=True, tab_behavior="focus", classes="alternative"
            )

    # -- attributes down ---------------------------------------------------------------

    @property
    def editing(self) -> bool:
        """Whether the editor (not the preview) is shown."""
        return not self.has_class("-preview")

    def show_group(self, renderable: RenderableType) -> None:
        """Show a chapter or commitment summary."""
        self._leave_item()
        self.item_id = None
        self._result = None
        self._show_preview(renderable, home=True)

    def show_preview(
        self, item: ItemResult, entry: ItemEntry, summary: str, colors: Colors
    ) -> None:
        """Show ``item`` read-only (the tree has the focus)."""
        home = item.id != self.item_id or self.editing
        self._leave_item()
        self.item_id = item.id
        self._result = None
        self._show_preview(item_preview(item, entry, summary, colors), home=home)

    def _show_preview(self, renderable: RenderableType, *, home: bool) -> None:
        self.add_class("-preview")
        self.query_one(TextView).show(renderable, scroll_home=home)

    def show_item(
        self,
        item: ItemResult,
        entry: ItemEntry,
        summary: str,
        colors: Colors,
        *,
        reload: bool = False,
        evidence: list[EvidenceRow] | None = None,
    ) -> None:
        """Show ``item``; typed fields are only rewritten for a new item or a ``reload``."""
        new = item.id != self.item_id or reload or not self.editing
        if item.id != self.item_id:
            self._leave_item()
        self.item_id = item.id
        self.remove_class("-preview")
        self._show_result(item, summary, colors, force=new)
        self.query_one(StatusField).show(entry.status)
        if evidence is not None:
            self.query_one(EvidenceList).show(evidence)
        self._fill("owner", safe(entry.owner or "", keep_newlines=False), new)
        self._fill("target", entry.target.isoformat() if entry.target else "", new)
        self._fill("notes", safe((entry.notes or "").replace("\r\n", "\n")), new)
        self.set_class(item.signed, "-signed")
        self._fill("alternative", safe((entry.alternative or "").replace("\r\n", "\n")), new)
        if new:
            self._show_target_error(None)

    def _show_result(self, item: ItemResult, summary: str, colors: Colors, *, force: bool) -> None:
        """The computed part; skipped when the engine's result did not change (typing notes
        changes nothing computed, and redrawing would relayout the screen per key).

        Each part is redrawn only when what it shows changed: a tick changes the
        heading, the tick and perhaps the facts, never the title or the summary.
        """
        if not force and (item, colors) == self._result:
            return
        self._result = (item, colors)
        if force:
            self._drawn.clear()
        # A part's key is what it is drawn from. The facts take the whole result but the
        # ticks (shown below them): erring towards redrawing never shows stale content.
        ticks = replace(item, ticked=0, completeness=0.0, checkpoints=())
        title = (item.id, item.title, item.articles, colors)  # all item_title reads
        self._draw("item-title", title, item_title, item, colors)
        self._draw("item-summary", summary, Text, summary)
        self._draw("item-facts", (ticks, colors), facts_grid, item, colors)
        counts = (item.ticked, item.required, item.completeness, item.status)
        self._draw("checkpoints-heading", counts, checkpoints_heading, item)
        self.query_one(CheckpointList).show(item.checkpoints)

    def _draw(
        self, widget_id: str, key: object, make: Callable[..., RenderableType], *args: Any
    ) -> None:
        """Redraw part ``widget_id`` with ``make(*args)`` unless ``key`` (what it shows)
        is the same as last time."""
        if self._drawn.get(widget_id, _NOTHING) == key:
            return
        self._drawn[widget_id] = key
        self.query_one(f"#{widget_id}", RichLines).update(make(*args))

    def _fill(self, name: str, value: str, new: bool) -> None:
        """Put ``value`` in a field unless the user is typing there (or it is unchanged)."""
        widget = self.query_one(f"#{name}")
        keep_refused = name == "target" and self._target_error is not None
        if not new and (widget.has_focus or keep_refused or self._shown.get(name) == value):
            return
        self._shown[name] = value
        if isinstance(widget, TextArea):
            if widget.text != value:
                widget.load_text(value)
        elif isinstance(widget, Input) and widget.value != value:
            widget.value = value

    def _leave_item(self) -> None:
        """Forget a refused target date when leaving the editor (with a notice)."""
        if self.item_id is None or not self.editing:
            return
        if self._target_error is not None:
            key = f"{self.item_id}.target"
            message = f"{key} was not changed: {self._target_error}"
            self.notify(message, severity="warning", markup=False)
            self._show_target_error(None)

    def focus_checkpoints(self) -> None:
        """Move the focus to the checkpoint list, and scroll it into view once the editor
        is laid out (it may just have replaced the preview; in a short terminal the
        list starts below the fold)."""
        checks = self.query_one(CheckpointList)
        checks.focus(scroll_visible=False)
        self.call_after_refresh(checks.scroll_visible, animate=False)

    # -- messages up -------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """A click on an item's preview asks for its editor."""
        if not self.editing and self.item_id is not None:
            event.stop()
            self.post_message(self.EditRequested())

    def _edit(self, edit: Edit, *, typing: bool = False) -> None:
        if self.item_id is not None:
            self.post_message(self.Edited(self.item_id, edit, typing=typing))

    @on(StatusField.Cycle)
    def _cycle(self, event: StatusField.Cycle) -> None:
        event.stop()
        self._edit(next_status_edit(self.query_one(StatusField).status))

    @on(CheckpointList.Toggled)
    def _toggled(self, event: CheckpointList.Toggled) -> None:
        event.stop()
        cp = (event.checkpoint_id,)
        self._edit(Edit(check=cp) if event.ticked else Edit(uncheck=cp))

    @on(Input.Changed, "#owner")
    def _owner(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != event.input.value:
            return  # stale: the field was refilled since (another measure); never misfile
        if event.value != self._shown.get("owner"):
            self._shown["owner"] = event.value
            self._edit(Edit(owner=event.value), typing=True)

    @on(Input.Changed, "#target")
    def _target(self, event: Input.Changed) -> None:
        event.stop()
        value = event.value.strip()
        if event.value != event.input.value or event.value == self._shown.get("target"):
            return  # stale (the field was refilled since) or only echoes what is shown
        self._shown["target"] = event.value
        if not value:
            self._show_target_error(None)
            self._edit(Edit(clear_target=True), typing=True)
            return
        try:
            when = parse_date(value)  # YYYY-MM-DD inside the workbook range (issue 16)
        except ValueError as exc:
            self._show_target_error(str(exc))
            return
        self._show_target_error(None)
        self._edit(Edit(target=when), typing=True)

    def _show_target_error(self, error: str | None) -> None:
        if error is None and self._target_error is None:
            return  # nothing refused, nothing to clear (the app holds no error for it)
        self._target_error = error
        self.query_one(FieldError).show(error)
        self.query_one("#target", Input).set_class(error is not None, "-invalid")
        if self.item_id is not None:
            self.post_message(self.FieldChecked(f"{self.item_id}.target", error))

    @on(TextArea.Changed, "#notes")
    def _notes(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text != self._shown.get("notes"):
            self._shown["notes"] = text
            self._edit(Edit(notes=text), typing=True)

    @on(TextArea.Changed, "#alternative")
    def _alternative(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text != self._shown.get("alternative"):
            self._shown["alternative"] = text
            self._edit(Edit(alternative=text), typing=True)

    @property
    def last_field(self) -> str:
        """The id of the editor's last field in reading order (``shift+tab`` from the tree)."""
        return "notes" if self.has_class("-signed") else "alternative"
