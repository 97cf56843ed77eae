"""A typed dialog asking for one line of text, checked before it closes (``escape`` cancels).

Used for evidence references and for the not-applicable justification, which may
not be empty: the dialog refuses it inline and stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Footer, Input, Static

from gpai_tui.tui.widgets.field_error import FieldError

Check = Callable[[str], str | None]
"""Returns an error message for a refused value, or ``None`` when it is fine."""


class TextPromptDialog(ModalScreen[str | None]):
    """Ask for text; dismiss with it (``None`` when cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    help_topic = "dialogs"

    def __init__(
        self,
        title: str,
        message: str,
        *,
        value: str = "",
        placeholder: str = "",
        ok: str = "OK",
        check: Check | None = None,
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._message = message
        self._value = value
        self._placeholder = placeholder
        self._ok = ok
        self._check = check
        self._suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self._title, style="bold"), classes="dialog-title")
            yield Static(Text(self._message), classes="dialog-message")
            yield Input(
                self._value,
                placeholder=self._placeholder,
                id="prompt-input",
                suggester=self._suggester,
            )
            yield FieldError(id="prompt-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._ok, variant="primary", id="prompt-ok")
                yield Button("Cancel", id="prompt-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#prompt-ok")
    def _submit(self) -> None:
        value = self.query_one(Input).value
        error = self._check(value) if self._check else None
        if error:
            self.query_one(FieldError).show(error)
            self.query_one(Input).add_class("-invalid")
            self.query_one(Input).focus()
            return
        self.dismiss(value)

    @on(Button.Pressed, "#prompt-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def not_applicable_dialog(item_id: str, title: str, current: str) -> TextPromptDialog:
    """Ask why ``item_id`` does not apply; an empty justification is refused."""

    def check(value: str) -> str | None:
        if not value.strip():
            return "A written justification is required to mark a measure not applicable."
        return None

    return TextPromptDialog(
        f"Mark {item_id} not applicable",
        f"{title}\n\nIt will no longer count towards completeness or deadlines. Write why it "
        "does not apply to this model; the justification is saved in the workbook and shows "
        "in reviews and diffs.",
        value=current,
        placeholder="justification (required)",
        ok="Mark not applicable",
        check=check,
    )


def evidence_dialog(
    item_id: str, existing: list[str], current: str = "", suggester: Suggester | None = None
) -> TextPromptDialog:
    """Ask for an evidence reference (a path, URL or document id) for ``item_id``.

    ``suggester`` completes file paths (``right`` accepts the suggestion)."""

    def check(value: str) -> str | None:
        ref = value.strip()
        if not ref:
            return "An evidence reference cannot be empty."
        if ref != current and ref in existing:
            return "That reference is already listed."
        return None

    return TextPromptDialog(
        f"{'Edit' if current else 'Add'} evidence for {item_id}",
        "A path relative to the workbook's folder (right accepts the completion; a file "
        "inside the repository is recorded with its SHA-256), a URL (never fetched) or a "
        "document id.",
        value=current,
        placeholder="e.g. policies/crawler.md or https://...",
        ok="Save" if current else "Add",
        check=check,
        suggester=suggester,
    )
