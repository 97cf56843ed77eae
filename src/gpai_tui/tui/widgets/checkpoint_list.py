"""The checkpoints of one measure as ticks; ``space``, ``enter`` or a click toggles one.

One small text widget per checkpoint, so a tick redraws that row only (an
``OptionList`` re-renders every option when one prompt changes, ~1.5 ms a tick),
and rows show the same ``[x] label`` text as the preview. The list is not a scroll
area of its own: it grows inside the one scrolling measure detail, which scrolls
to keep the highlighted row in view.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from gpai_tui.engine import CheckpointState
from gpai_tui.tui.widgets.preview import checkpoint_text


class CheckpointRow(Static):
    """One checkpoint (the list highlights it; the row never takes the focus)."""

    DEFAULT_CSS = """
    CheckpointRow {
        height: auto;
        padding: 0 1;
        &.-derived {
            color: $text-disabled;
        }
        &.-highlight {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:hover {
            background: $block-hover-background;
        }
    }
    """


class CheckpointList(Vertical, can_focus=True):
    """Checkpoints of the shown measure. Posts :class:`Toggled`; never edits anything itself."""

    DEFAULT_CSS = """
    CheckpointList {
        height: auto;
        color: $foreground;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > CheckpointRow.-highlight {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    BINDINGS = [
        Binding(
            "space,enter",
            "tick",
            "Tick",
            tooltip="Tick or untick the checkpoint",
            id="checkpoints.toggle",
        ),
        Binding("j,down", "move(1)", "Down", show=False, id="checkpoints.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="checkpoints.up"),
        Binding("home", "move(-1000)", "First", show=False),
        Binding("end", "move(1000)", "Last", show=False),
    ]
    help_topic = "checkpoints"

    class Toggled(Message):
        """The user asked to tick or untick a checkpoint."""

        def __init__(self, checkpoint_id: str, ticked: bool) -> None:
            super().__init__()
            self.checkpoint_id = checkpoint_id
            """The checkpoint's id."""
            self.ticked = ticked
            """The wanted state."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._states: tuple[CheckpointState, ...] = ()
        self._rows: list[CheckpointRow] = []
        self._highlighted: int | None = None

    @property
    def option_count(self) -> int:
        """How many checkpoints are listed."""
        return len(self._states)

    @property
    def highlighted(self) -> int | None:
        """Index of the highlighted checkpoint."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(index, len(self._rows) - 1)) if self._rows else None
        if self._highlighted is not None and self._highlighted < len(self._rows):
            self._rows[self._highlighted].remove_class("-highlight")
        self._highlighted = index
        if index is not None:
            row = self._rows[index]
            row.add_class("-highlight")
            if row.is_mounted and self.has_focus:
                row.scroll_visible(animate=False, immediate=True)

    def show(self, states: tuple[CheckpointState, ...]) -> None:
        """Show ``states``; the highlight stays put when only ticks changed."""
        old = self._states
        self._states = states
        if [s.id for s in states] == [s.id for s in old]:
            for row, before, state in zip(self._rows, old, states, strict=True):
                if state != before:
                    row.update(checkpoint_text(state), layout=False)  # same width: same height
            return
        self._highlighted = None
        self.remove_children()
        self._rows = [
            CheckpointRow(checkpoint_text(s), classes="-derived" if s.derived else "")
            for s in states
        ]
        self.mount_all(self._rows)
        self.highlighted = 0 if states else None
        self.call_after_refresh(self._keep_in_view)

    def _keep_in_view(self) -> None:
        """Once new rows are laid out, a focused list scrolls itself into view."""
        if self.has_focus:
            self.scroll_visible(animate=False)

    def action_move(self, step: int) -> None:
        """Move the highlight ``step`` rows (clamped to the list)."""
        if self._rows:
            self.highlighted = (self._highlighted or 0) + step

    def action_tick(self) -> None:
        """Ask to flip the highlighted checkpoint."""
        index = self._highlighted
        if index is None or not 0 <= index < len(self._states):
            return
        state = self._states[index]
        if state.derived is not None:
            self.notify("This checkpoint is computed; it cannot be ticked by hand.")
            return
        self.post_message(self.Toggled(state.id, not state.ticked))

    def on_click(self, event: events.Click) -> None:
        """A click ticks (or unticks) the row under the mouse."""
        widget = event.widget
        if isinstance(widget, CheckpointRow) and widget in self._rows:
            event.stop()
            self.highlighted = self._rows.index(widget)
            self.action_tick()
