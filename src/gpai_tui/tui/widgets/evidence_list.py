"""The evidence references of one measure: ``a`` adds, ``e``/``enter`` edits, ``delete`` removes.

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


class EvidenceList(OptionList):
    """Evidence references, shown literally. Posts requests; the screen asks and edits."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._refs: list[str] = []

    def show(self, refs: list[str]) -> None:
        """Show ``refs`` (a copy is kept); keeps the highlight where it can."""
        if refs == self._refs and self.option_count:
            return
        keep = self.highlighted
        added = [i for i, ref in enumerate(refs) if ref not in self._refs]
        if len(added) == 1 and len(refs) == len(self._refs) + 1:
            keep = added[0]  # the selection follows the reference just added
        self._refs = list(refs)
        self.clear_options()
        if not refs:
            self.add_option(
                Option(Text("No evidence yet: press a to add", style="dim"), disabled=True)
            )
            return
        self.add_options(Option(Text(one_line(ref))) for ref in refs)
        if keep is not None:
            self.highlighted = min(keep, len(refs) - 1)

    def on_focus(self) -> None:
        """Reached by ``tab``: highlight the first reference, so ``e`` and ``del`` act."""
        if self.highlighted is None and self._refs:
            self.highlighted = 0

    def action_cursor_down(self) -> None:
        """Down one reference; stays on the last (never wraps to the first)."""
        if self.highlighted is None or self.highlighted < len(self._refs) - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up one reference; stays on the first (never wraps to the last)."""
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    def _current(self) -> tuple[int, str] | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._refs):
            return None
        return index, self._refs[index]

    def action_edit(self) -> None:
        """Ask to edit the highlighted reference."""
        current = self._current()
        if current is not None:
            self.post_message(self.EditRequested(*current))

    def action_remove(self) -> None:
        """Ask to remove the highlighted reference."""
        current = self._current()
        if current is not None:
            self.post_message(self.RemoveRequested(*current))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()
