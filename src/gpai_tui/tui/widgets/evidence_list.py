"""The evidence of one measure with each item's state: ``a`` adds, ``e`` edits,
``enter`` opens a local file (or copies a URL), ``delete`` removes.

Each line: a state glyph (✓ verified, ✗ changed, ? missing, · no hash recorded, ↗ a URL,
⊘ refused), ⏰ when past its review date, the reference, its label and its review date.

Removing needs no confirmation: ``ctrl+z`` undoes it. The highlight never wraps from the
last reference to the first (a repeated ``delete`` must not move to another end), and
it follows a reference that was just added.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gpai_tui.text import one_line
from gpai_tui.tui.evidence_state import DUE_GLYPH, GLYPHS, EvidenceRow

STATE_STYLES = {"ok": "green", "changed": "bold red", "missing": "yellow", "outside": "red"}


def row_text(row: EvidenceRow) -> Text:
    """One line for ``row``; the reference and label are shown literally."""
    text = Text()
    text.append(GLYPHS[row.state], style=STATE_STYLES.get(row.state, "dim"))
    text.append(" ")
    if row.due:
        text.append(DUE_GLYPH + " ", style="bold red")
    text.append(one_line(row.ref))
    if row.item.label:
        text.append(f"  {one_line(row.item.label, 40)}", style="dim")
    if row.item.review_by is not None:
        when = row.item.review_by.isoformat()
        text.append(f"  review by {when}", style="bold red" if row.due else "dim")
    return text


class EvidenceList(OptionList):
    """Evidence items with their state. Posts requests; the screen asks, edits and opens."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="evidence.edit"),
        Binding("delete,backspace", "remove", "Remove", key_display="del", id="evidence.remove"),
        Binding("j", "cursor_down", "Down", show=False, id="evidence.down"),
        Binding("k", "cursor_up", "Up", show=False, id="evidence.up"),
    ]
    help_topic = "evidence"

    class EditRequested(Message):
        """Edit the reference at ``index``."""

        def __init__(self, index: int, ref: str) -> None:
            super().__init__()
            self.index = index
            self.ref = ref

    class RemoveRequested(Message):
        """Remove the reference at ``index``."""

        def __init__(self, index: int, ref: str) -> None:
            super().__init__()
            self.index = index
            self.ref = ref

    class OpenRequested(Message):
        """Open the item (a local file) or copy it (a URL)."""

        def __init__(self, row: EvidenceRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[EvidenceRow] = []

    @property
    def rows(self) -> list[EvidenceRow]:
        """The items shown, with their states."""
        return list(self._rows)

    def show(self, rows: list[EvidenceRow]) -> None:
        """Show ``rows`` (a copy is kept); keeps the highlight where it can."""
        if rows == self._rows and self.option_count:
            return
        keep = self.highlighted
        refs = [row.ref for row in self._rows]
        added = [i for i, row in enumerate(rows) if row.ref not in refs]
        if len(added) == 1 and len(rows) == len(self._rows) + 1:
            keep = added[0]  # the selection follows the reference just added
        self._rows = list(rows)
        self.clear_options()
        if not rows:
            self.add_option(
                Option(Text("No evidence yet: press a to add", style="dim"), disabled=True)
            )
            return
        self.add_options(Option(row_text(row)) for row in rows)
        if keep is not None:
            self.highlighted = min(keep, len(rows) - 1)

    def on_focus(self) -> None:
        """Reached by ``tab``: highlight the first reference, so ``e`` and ``del`` act."""
        if self.highlighted is None and self._rows:
            self.highlighted = 0

    def action_cursor_down(self) -> None:
        """Down one reference; stays on the last (never wraps to the first)."""
        if self.highlighted is None or self.highlighted < len(self._rows) - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up one reference; stays on the first (never wraps to the last)."""
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def _current(self) -> tuple[int, EvidenceRow] | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return index, self._rows[index]

    def action_edit(self) -> None:
        """Ask to edit the highlighted reference."""
        current = self._current()
        if current is not None:
            self.post_message(self.EditRequested(current[0], current[1].ref))

    def action_remove(self) -> None:
        """Ask to remove the highlighted reference."""
        current = self._current()
        if current is not None:
            self.post_message(self.RemoveRequested(current[0], current[1].ref))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        current = self._current()
        if current is not None:
            self.post_message(self.OpenRequested(current[1]))
