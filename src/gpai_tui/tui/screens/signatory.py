"""Which chapters of the Code the provider signed: a dialog (palette: "workbook: Chapters
signed"). ``space`` ticks a chapter, ``tab`` then ``enter`` on Keep keeps the choice,
``escape`` cancels.

Signing is the provider's choice, chapter by chapter (reference §16.2; Guidelines
¶94-95). A chapter not signed keeps its measures as the yardstick for the other
adequate means used instead, and the AI Act dates stay. The dialog returns a
:class:`~gpai_tui.document.SignatoryEdit`; the app applies it (undoable).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, SelectionList, Static

from gpai_tui.document import SignatoryEdit
from gpai_tui.workbook.model import ALL_CHAPTERS, Signatory

TITLES = {
    "transparency": "Transparency",
    "copyright": "Copyright",
    "safety-and-security": "Safety and Security",
}
NAMED = "named-model"
"""The extra choice: this model is named under a signed Safety and Security chapter."""


class SignatoryDialog(ModalScreen[SignatoryEdit | None]):
    """Tick the chapters signed; dismiss with the edit (``None``: cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    help_topic = "dialogs"

    def __init__(self, current: Signatory) -> None:
        super().__init__(classes="dialog")
        self._current = current

    def compose(self) -> ComposeResult:
        chosen = set(self._current.signed)
        options: list[tuple[str, str, bool]] = [(TITLES[c], c, c in chosen) for c in ALL_CHAPTERS]
        options.append(
            (
                "Model named under S&S (no systemic risk)",
                NAMED,
                self._current.named_model,
            )
        )
        with Vertical(classes="dialog-box"):
            yield Static(Text("Chapters of the Code signed", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    "space ticks a chapter; tab to Keep. A chapter not signed keeps "
                    "its measures as the yardstick for the other adequate means you use "
                    "instead (record them per measure); the AI Act dates stay."
                ),
                classes="dialog-message",
            )
            yield SelectionList[str](*options, id="chapters")
            with Horizontal(classes="dialog-buttons"):  # compact: the box fits 80x24
                yield Button("Keep", id="keep", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def _edit(self) -> SignatoryEdit:
        picked = set(self.query_one(SelectionList).selected)
        return SignatoryEdit(tuple(c for c in ALL_CHAPTERS if c in picked), NAMED in picked)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(self._edit())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
