"""A small typed dialog that asks one question with a few answers (``escape`` cancels).

The save/external-change, reload and quit questions are built here by factories,
so their wording lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static


@dataclass(frozen=True)
class Choice:
    """One answer: the value returned, the button label, and its look."""

    value: str
    label: str
    variant: str = "default"


class ChoiceDialog(ModalScreen[str]):
    """Ask a question; dismiss with the chosen :attr:`Choice.value` (``cancel`` on escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    help_topic = "dialogs"

    def __init__(
        self,
        title: str,
        message: str,
        choices: list[Choice],
        *,
        focus: str = "cancel",
        detail: RenderableType | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._message = message
        self._choices = choices
        self._focus = focus
        self.detail = detail
        """Shown under the message in a scrolling box (e.g. what changed on disk)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self._title, style="bold"), classes="dialog-title")
            yield Static(Text(self._message), classes="dialog-message")
            if self.detail is not None:
                with VerticalScroll(classes="dialog-detail"):
                    yield Static(self.detail)
            with Horizontal(classes="dialog-buttons"):
                for choice in self._choices:
                    yield Button(
                        choice.label,
                        id=f"choice-{choice.value}",
                        variant=choice.variant,  # type: ignore[arg-type]
                        name=choice.value,
                    )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self._focus}", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.name or "cancel")

    def action_cancel(self) -> None:
        self.dismiss("cancel")


def external_change_dialog(
    name: str,
    *,
    gone: bool,
    dirty: bool,
    saving: bool,
    changes: RenderableType | None = None,
) -> ChoiceDialog:
    """The file changed (or vanished) on disk since it was loaded: reload, overwrite,
    cancel; ``changes`` (what differs, as ``gpai diff`` says it) is shown first."""
    what = "was deleted or cannot be read" if gone else "changed on disk since you opened it"
    lines = [f"{name} {what} (another program, or a git pull?)."]
    if dirty:
        lines.append("Reload discards your unsaved changes here.")
    lines.append("Overwrite replaces the file on disk with the workbook shown here.")
    if saving:
        lines.append("Cancel keeps both as they are; nothing is saved.")
    else:
        lines.append("Cancel keeps both as they are; saving will ask again.")
    choices = [Choice("reload", "Reload from disk")] if not gone else []
    choices += [Choice("overwrite", "Overwrite", "warning"), Choice("cancel", "Cancel", "primary")]
    return ChoiceDialog("File changed on disk", "\n".join(lines), choices, detail=changes)


def reload_dialog(name: str) -> ChoiceDialog:
    """Reloading would discard unsaved edits."""
    return ChoiceDialog(
        "Discard unsaved changes?",
        f"Reloading {name} from disk discards your unsaved changes.",
        [Choice("reload", "Reload", "warning"), Choice("cancel", "Cancel", "primary")],
    )


def quit_dialog(name: str, *, dirty: bool, refused: list[str]) -> ChoiceDialog:
    """Quitting with unsaved changes (or refused typed values): save, discard, cancel."""
    lines = []
    if dirty:
        lines.append(f"{name} has unsaved changes.")
    if refused:
        lines.append(
            "These typed values are not valid and were not applied: " + ", ".join(refused) + "."
        )
    choices = [Choice("discard", "Quit without saving", "error"), Choice("cancel", "Cancel")]
    if dirty and not refused:
        choices.insert(0, Choice("save", "Save and quit", "primary"))
    return ChoiceDialog(
        "Quit?", "\n".join(lines), choices, focus="save" if dirty and not refused else "cancel"
    )
