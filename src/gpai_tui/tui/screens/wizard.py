"""The new-workbook wizard: the scoping questions, a live preview of the scope, then Create."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Select, Static

from gpai_tui.engine import evaluate
from gpai_tui.engine.profile_fields import FIELDS, YES_NO
from gpai_tui.engine.scope import CHAPTER_NAMES
from gpai_tui.text import one_line, safe
from gpai_tui.tui.labels import Colors, iso
from gpai_tui.tui.widgets.profile_form import ProfileForm
from gpai_tui.tui.widgets.scope_panel import ScopePanel
from gpai_tui.workbook import (
    ALL_CHAPTERS,
    ModelProfile,
    Signatory,
    Workbook,
    new_workbook,
    save_workbook,
)

PREVIEW_NAME = "(not yet named)"


def defaults() -> dict[str, Any]:
    """The form's starting values: the profile defaults, with empty names."""
    values: dict[str, Any] = {}
    for spec in FIELDS:
        field = ModelProfile.model_fields[spec.name]
        values[spec.name] = field.get_default(call_default_factory=True)
    values["provider"] = values["name"] = ""
    return values


class WizardScreen(Screen[None]):
    """Ask the scoping questions for a new workbook at :attr:`path`; Create writes it.

    The app exits with ``True`` once the file is written, ``False`` on cancel.
    """

    BINDINGS = [
        Binding("ctrl+s", "create", "Create", id="wizard.create"),
        Binding("escape", "cancel", "Cancel", id="wizard.cancel"),
    ]
    help_topic = "profile"

    def __init__(self, path: Path, as_of: date | None = None) -> None:
        super().__init__()
        self.path = path
        """Where the workbook will be written."""
        self.as_of = as_of
        self.values = defaults()
        """The valid answers so far."""
        self.signed: dict[str, bool] = dict.fromkeys(ALL_CHAPTERS, True)
        """Chapter id -> signed by the provider (the [code] table; all by default)."""
        self.named_model = False
        """Non-SR opt-in: the model is named under the Safety and Security chapter."""

    def compose(self) -> ComposeResult:
        intro = Text().append(f"New workbook: {one_line(str(self.path))}\n", style="bold")
        intro.append(
            "Answer the scoping questions; the right-hand side shows what they mean. "
            "You can change every answer later on the Profile screen (p).",
            style="",
        )
        yield Static(intro, id="wizard-intro")
        with Horizontal(id="profile-body"):
            with VerticalScroll(id="profile-form-scroll"):
                yield ProfileForm(self.values, id="profile-form")
                for chapter in ALL_CHAPTERS:
                    yield Label(f"Signed the {CHAPTER_NAMES[chapter]} chapter", classes="section")
                    yield Select(YES_NO, value=True, id=f"signed-{chapter}", allow_blank=False)
                yield Label(
                    "Model named under the Safety and Security chapter (no systemic risk)",
                    classes="section",
                )
                yield Select(YES_NO, value=False, id="signed-named-model", allow_blank=False)
            with VerticalScroll(id="profile-scope-scroll"):
                yield ScopePanel(id="profile-scope")
        # Compact: at 80x24 the questions keep two more rows.
        with Horizontal(classes="dialog-buttons", id="wizard-buttons"):
            yield Button("Create workbook", variant="primary", id="create", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        form = self.query_one(ProfileForm)
        self._preview()
        form.query("Input").first().focus()

    @on(ProfileForm.Changed)
    def _changed(self, event: ProfileForm.Changed) -> None:
        self.values[event.name] = event.value
        self._preview()

    @on(Select.Changed, "#profile-form-scroll > Select")
    def _signatory(self, event: Select.Changed) -> None:
        key = (event.select.id or "").removeprefix("signed-")
        if key == "named-model":
            self.named_model = bool(event.value)
        elif key in self.signed:
            self.signed[key] = bool(event.value)
        self._preview()

    def _workbook(self, profile: ModelProfile) -> Workbook:
        """A new workbook for ``profile`` with the chapters signed as answered."""
        signatory = Signatory(
            signed=[c for c in ALL_CHAPTERS if self.signed[c]], named_model=self.named_model
        )
        return new_workbook(profile, signatory=signatory)

    def _preview(self) -> None:
        values = dict(self.values)
        values["provider"] = values["provider"] or PREVIEW_NAME
        values["name"] = values["name"] or PREVIEW_NAME
        try:
            profile = ModelProfile(**values)
        except ValidationError:
            return
        evaluation = evaluate(self._workbook(profile), self.as_of)
        dues = sorted({i.due for i in evaluation.items if i.applicable and i.due})
        obligations = evaluation.obligations_summary.applicable
        notes = [
            f"{evaluation.overall.applicable} of the Code's measures apply, and "
            f"{obligations} AI Act obligation{'' if obligations == 1 else 's'}.",
            f"Earliest legal date: {iso(dues[0]) if dues else '— (not yet placed on the market)'}.",
        ]
        colors = Colors.from_theme(self.app.theme_variables)
        self.query_one(ScopePanel).show(evaluation.scope, colors, notes, "What this means")

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        """Check every answer, write the workbook (never over an existing file), exit."""
        form = self.query_one(ProfileForm)
        profile: ModelProfile | None = None
        try:
            profile = ModelProfile(**self.values)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                name = str(error["loc"][0])
                short = error["type"] == "string_too_short"
                form.show_error(name, "required" if short else str(error["msg"]))
        if form.errors or profile is None:
            self.notify("Fix the answers marked in red first.", severity="error", markup=False)
            return
        if self.path.exists():
            message = f"{safe(str(self.path))} already exists; nothing was written."
            self.notify(message, severity="error", markup=False)
            return
        try:
            save_workbook(self._workbook(profile), self.path, exclusive=True)
        except OSError as exc:
            self.notify(safe(str(exc)), title="Not written", severity="error", markup=False)
            return
        self.app.exit(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Leave without writing anything."""
        self.app.exit(False)
