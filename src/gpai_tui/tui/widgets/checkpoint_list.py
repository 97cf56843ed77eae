"""The checkpoints of one measure as ticks; ``space`` (or ``enter``) toggles the highlighted one."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gpai_tui.engine import CheckpointState
from gpai_tui.tui.widgets.preview import checkpoint_text


class CheckpointList(OptionList):
    """Checkpoints of the shown measure. Posts :class:`Toggled`; never edits anything itself."""

    BINDINGS = [
        Binding(
            "space",
            "tick",
            "Tick",
            tooltip="Tick or untick the checkpoint",
            id="checkpoints.toggle",
        ),
        Binding("j", "cursor_down", "Down", show=False, id="checkpoints.down"),
        Binding("k", "cursor_up", "Up", show=False, id="checkpoints.up"),
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

    def show(self, states: tuple[CheckpointState, ...]) -> None:
        """Show ``states``; the highlight stays put when only ticks changed."""
        old = self._states
        same = [s.id for s in states] == [s.id for s in old]
        self._states = states
        if same:
            for index, (before, state) in enumerate(zip(old, states, strict=True)):
                if state != before:
                    self.replace_option_prompt_at_index(index, checkpoint_text(state))
            return
        self.clear_options()
        self.add_options(
            Option(checkpoint_text(s), id=s.id, disabled=s.derived is not None) for s in states
        )
        if states:
            self.highlighted = 0

    def action_tick(self) -> None:
        """Ask to flip the highlighted checkpoint."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._states):
            return
        state = self._states[index]
        if state.derived is not None:
            self.notify("This checkpoint is computed; it cannot be ticked by hand.")
            return
        self.post_message(self.Toggled(state.id, not state.ticked))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_tick()
