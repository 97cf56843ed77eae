"""The line under a field that says why a typed value was refused (hidden when empty)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FieldError(Static):
    """A refusal message in the error colour; takes no room when there is none."""

    DEFAULT_CSS = """
    FieldError {
        color: $text-error;
        height: auto;
        display: none;
    }
    FieldError.-shown {
        display: block;
    }
    """

    def show(self, error: str | None) -> None:
        """Show ``error`` literally, or hide the line with ``None``."""
        self.update(Text(error or ""))
        self.set_class(error is not None, "-shown")
