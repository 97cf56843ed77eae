"""The Profile screen: edit the scoping answers and see the scope change, explained."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label

from gpai_tui.document import ProfileEdit
from gpai_tui.engine import Evaluation
from gpai_tui.engine.profile_fields import FIELDS
from gpai_tui.text import one_line
from gpai_tui.tui.explain import explain
from gpai_tui.tui.glossary import gloss_first
from gpai_tui.tui.labels import Colors
from gpai_tui.tui.registry import go_binding
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.widgets.profile_form import ProfileForm
from gpai_tui.tui.widgets.scope_panel import ScopePanel
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

HISTORY = 30
"""Most "what changed" lines kept."""


class ProfileScreen(ModeScreen):
    """The model profile. Valid values apply at once (undoable); refused ones stay inline."""

    BINDINGS = [
        go_binding("code"),
        go_binding("dashboard"),
        Binding(
            "escape",
            "app.go('code')",
            "Back",
            tooltip="Back to the Code screen (also from inside a field)",
            id="profile.back",
        ),
    ]
    help_topic = "profile"

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []
        """What changed in this session, newest first."""
        self._streak: tuple[str, Any, Evaluation, int] | None = None

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        with Horizontal(id="profile-body"):
            with VerticalScroll(id="profile-form-scroll"):
                yield ProfileForm(
                    self._values(), profile=self.gpai.workbook.model, id="profile-form"
                )
            with VerticalScroll(id="profile-scope-scroll"):
                yield ScopePanel(id="profile-scope")
        yield KeyFooter()

    def _values(self) -> dict[str, Any]:
        return {spec.name: getattr(self.gpai.workbook.model, spec.name) for spec in FIELDS}

    def on_mount(self) -> None:
        # Hidden, it draws once when shown again (not on every edit elsewhere).
        self.redraw_on(self._redraw, "evaluation", "theme")
        self.watch(self.gpai, "generation", self._fill, init=False)
        self._redraw()
        self._gloss()
        # Not a field: a first key press must not overwrite the provider's name.
        self.query_one("#profile-form-scroll").focus()

    def _gloss(self) -> None:
        """Explain each abbreviation (FLOP, MDF...) beside its first use on the screen."""
        seen: set[str] = set()
        labels = self.query("#profile-form Label.section").results(Label)
        for spec, label in zip(FIELDS, labels, strict=False):
            glossed = gloss_first(spec.label, seen)
            if glossed != spec.label:
                label.update(glossed)

    def _fill(self, *_: Any) -> None:
        """The workbook was reloaded: show its profile, forget refused values."""
        form = self.query_one(ProfileForm)
        form.profile = self.gpai.workbook.model
        form.fill(self._values())
        for spec in FIELDS:
            self.gpai.set_field_error(f"model.{spec.name}", None)

    def _redraw(self, *_: Any) -> None:
        colors = Colors.from_theme(self.app.theme_variables)
        self.query_one(ScopePanel).show(self.gpai.evaluation.scope, colors, self.changes)

    @on(ProfileForm.Refused)
    def _refused(self, event: ProfileForm.Refused) -> None:
        self.gpai.set_field_error(f"model.{event.name}", event.error)

    @on(ProfileForm.Changed)
    def _changed(self, event: ProfileForm.Changed) -> None:
        profile = self.gpai.workbook.model
        old = getattr(profile, event.name)
        if old == event.value:
            return
        before = self.gpai.evaluation
        spec = next(s for s in FIELDS if s.name == event.name)
        typing = spec.kind not in ("bool", "choice")
        if self.gpai.apply(ProfileEdit(event.name, event.value), typing=typing) is None:
            return  # refused (read-only, or not valid): the app said why
        self._explain(event.name, old, before)

    def _explain(self, name: str, old: Any, before: Evaluation) -> None:
        """Put the change at the top of "What changed".

        Typing a date or a number goes through several values; consecutive changes
        of one field are explained once, from the value before the first of them.
        """
        if self._streak is not None and self._streak[0] == name and self.changes:
            _, old, before, count = self._streak
            del self.changes[:count]
        spec = next(s for s in FIELDS if s.name == name)
        new = getattr(self.gpai.workbook.model, name)
        effects = explain(before, self.gpai.evaluation)
        if old == new or (not effects and spec.kind in ("text", "optional")):
            self._streak = (name, old, before, 0)
            self._redraw()
            return
        lines = [f"{spec.label}: {self._word(old)} → {self._word(new)}"]
        lines += effects or ["No change of scope or dates."]
        self.changes = (lines + self.changes)[:HISTORY]
        self._streak = (name, old, before, len(lines))
        self._redraw()

    @staticmethod
    def _word(value: Any) -> str:
        if value is None or value == "":
            return "(none)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "(none)"
        if isinstance(value, float):
            return f"{value:g}"
        return one_line(str(value), 60)
