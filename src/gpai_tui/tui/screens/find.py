"""``/``: find a measure by id or words and jump to it (``enter`` takes the first match)."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gpai_tui.engine import Evaluation, ItemResult
from gpai_tui.text import one_line
from gpai_tui.tui.labels import Colors, status_glyph, status_words
from gpai_tui.tui.widgets.workbook_header import KeyFooter

LIMIT = 50
"""Most matches listed."""


def matches(evaluation: Evaluation, query: str) -> list[ItemResult]:
    """Items matching ``query``: an exact id first, then ids starting with it, then words.

    Words match case-insensitively anywhere in the id, title, owner or status;
    every word must match.
    """
    q = query.strip().lower()
    items = list(evaluation.items)
    if not q:
        return items
    exact = [i for i in items if i.id.lower() == q]
    prefix = [i for i in items if i.id.lower().startswith(q) and i not in exact]
    words = q.split()
    rest = [
        i
        for i in items
        if i not in exact
        and i not in prefix
        and all(w in f"{i.id} {i.title} {i.owner or ''} {status_words(i)}".lower() for w in words)
    ]
    return exact + prefix + rest


class FindDialog(ModalScreen[str | None]):
    """Type an id (``CR-1.3``) or words from a title, owner or status; dismiss with an id."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="find.cancel"),
        Binding("down", "move(1)", "Next match", show=False, id="find.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="find.up"),
    ]
    help_topic = "find"

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(classes="dialog")
        self._evaluation = evaluation
        self._found: list[ItemResult] = []
        self._query: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box find-box"):
            yield Static(Text("Find a measure", style="bold"), classes="dialog-title")
            yield Input(placeholder="a measure id or words from a title, owner or status")
            yield OptionList(id="find-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._refresh("")
        self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the field had the focus (right after ``/``) still count.

        They were sent to the dialog itself (the field takes every key it handles),
        so whatever reaches here is typed into the field, in order.
        """
        field = self.query_one(Input)
        if event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
        elif event.key == "backspace":
            field.action_delete_left()
        elif event.key == "enter":
            self._submit()
        else:
            return
        event.stop()
        event.prevent_default()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        if query == self._query and self._found:
            return
        self._query = query
        colors = Colors.from_theme(self.app.theme_variables)
        self._found = matches(self._evaluation, query)[:LIMIT]
        results = self.query_one(OptionList)
        results.clear_options()
        for item in self._found:
            prompt = status_glyph(item, colors)
            prompt.append(f" {item.id}  ", style="bold")
            prompt.append(item.title)
            if item.owner:
                prompt.append(f"  {one_line(item.owner, 30)}", style="dim")
            results.add_option(Option(prompt, id=item.id))
        if self._found:
            results.highlighted = 0
        else:
            results.add_option(Option(Text("No match", style="dim"), disabled=True))

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if self._found:
            current = results.highlighted or 0
            results.highlighted = max(0, min(len(self._found) - 1, current + step))

    @on(Input.Submitted)
    def _submit(self) -> None:
        self._refresh(self.query_one(Input).value)  # typed faster than Changed arrived
        index = self.query_one(OptionList).highlighted
        if self._found and index is not None:
            self.dismiss(self._found[index].id)
        elif not self._found:
            self.notify("No measure matches.", markup=False)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
