"""The floor for ``gpai open``: a minimal Textual app (Header, Static, Footer).

``run.py`` runs it exactly like ``gpai open``: headless (``TEXTUAL_DRIVER``) and
quitting as soon as it is ready (``TEXTUAL_PRESS=ctrl+q``).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Floor(App[None]):
    """Header, a line of text and a footer."""

    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("gpai floor: a minimal Textual app")
        yield Footer()


if __name__ == "__main__":
    Floor().run()
