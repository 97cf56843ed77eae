"""The status of the shown measure as a field the focus can reach (``tab``), cycled by a key."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from gpai_tui.engine.edit import Edit
from gpai_tui.words import status_prose

NEXT_STATUS = {"todo": "in-progress", "in-progress": "done", "done": "todo"}
"""What cycling does; not-applicable goes back to todo (see :func:`next_status_edit`)."""


def next_status_edit(status: str | None) -> Edit:
    """The edit one press of ``s`` makes: the next status; leaving not-applicable also
    clears the justification (it justified a status the measure no longer has; undo
    brings both back)."""
    if status == "not-applicable":
        return Edit(status="todo", justification="")
    return Edit(status=NEXT_STATUS.get(status or "todo", "todo"))


class StatusField(Static, can_focus=True):
    """The status and the keys that change it. Posts :class:`Cycle`."""

    DEFAULT_CSS = """
    StatusField {
        height: auto;
        width: 1fr;
        padding: 0 1;
        background: $surface;
        &:focus {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    BINDINGS = [
        Binding(
            "space,enter",
            "cycle",
            "Next status",
            tooltip="to do → in progress → done → to do",
            id="status.cycle",
        ),
    ]
    help_topic = "detail"

    class Cycle(Message):
        """The user asked for the next status."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status: str | None = None

    def show(self, status: str) -> None:
        """Show ``status`` (redrawn only when it changed)."""
        if status == self.status:
            return
        self.status = status
        text = Text(status_prose(status), style="bold")
        text.append(" — space: next status · x: not applicable", style="dim")
        self.update(text)

    def action_cycle(self) -> None:
        """Ask for the next status."""
        self.post_message(self.Cycle())

    def on_click(self, event: events.Click) -> None:
        """A click cycles too."""
        event.stop()
        self.action_cycle()
