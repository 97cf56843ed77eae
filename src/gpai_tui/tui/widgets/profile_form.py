"""The scoping questions as a form, shared by the Profile screen and the new-workbook wizard.

The questions are data (:mod:`gpai_tui.engine.profile_fields`). Each typed value is
parsed and then re-validated by the pydantic :class:`~gpai_tui.workbook.ModelProfile`
rules. A refused value is shown inline
under its field and posted as :class:`ProfileForm.Refused`; an accepted one is
posted as :class:`ProfileForm.Changed`. The form never changes a workbook.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from gpai_tui.engine.profile_fields import (
    FIELDS,
    MAYBE,
    UNANSWERED,
    YES_NO,
    FieldSpec,
    check,
    parse,
)
from gpai_tui.text import safe
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.workbook import ModelProfile


class ProfileForm(Vertical):
    """The scoping questions. Fill it with :meth:`fill`; listen for Changed / Refused."""

    help_topic = "profile"

    class Changed(Message):
        """A field now holds a valid new value."""

        def __init__(self, name: str, value: Any) -> None:
            super().__init__()
            self.name = name
            self.value = value

    class Refused(Message):
        """A field holds a value that is not valid (``error``), or is fine again (``None``)."""

        def __init__(self, name: str, error: str | None) -> None:
            super().__init__()
            self.name = name
            self.error = error

    def __init__(
        self,
        values: dict[str, Any],
        *,
        profile: ModelProfile | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._shown = {spec.name: self._as_shown(spec, values.get(spec.name)) for spec in FIELDS}
        """What each control shows, as built or last filled (change events that only
        echo it are not edits)."""
        self.errors: dict[str, str] = {}
        """Field name -> message, for values currently refused."""
        self.profile = profile
        """The profile values are checked against (``None``: a new one)."""

    def compose(self) -> ComposeResult:
        for spec in FIELDS:
            yield Label(spec.label, classes="section")
            yield self._control(spec, self._shown[spec.name])
            if spec.help:
                yield Static(Text(spec.help, style="dim"), classes="field-help")
            yield FieldError(id=f"error-{spec.name}")

    @staticmethod
    def _control(spec: FieldSpec, shown: Any) -> Widget:
        """The control for ``spec``, built showing ``shown`` (no change event to echo)."""
        control_id = f"field-{spec.name}"
        if spec.kind in ("bool", "maybe", "choice"):
            options: Any = {"bool": YES_NO, "maybe": MAYBE}.get(spec.kind, spec.choices)
            return Select(options, value=shown, id=control_id, allow_blank=False)
        placeholder = "YYYY-MM-DD" if spec.kind == "date" else ""
        return Input(shown, id=control_id, placeholder=placeholder)

    @classmethod
    def _as_shown(cls, spec: FieldSpec, value: Any) -> Any:
        if spec.kind == "bool":
            return bool(value)
        if spec.kind == "maybe":
            return UNANSWERED if value is None else bool(value)
        if spec.kind == "choice":
            return value or spec.choices[0][1]
        return cls._as_text(value)

    def fill(self, values: dict[str, Any]) -> None:
        """Show ``values`` (field name -> typed value) and clear every error (a reload)."""
        for spec in FIELDS:
            shown = self._as_shown(spec, values.get(spec.name))
            self._shown[spec.name] = shown
            control = self.query_one(f"#field-{spec.name}")
            if isinstance(control, Select):
                control.value = shown
            else:
                cast(Input, control).value = shown
            self.show_error(spec.name, None)

    @staticmethod
    def _as_text(value: Any) -> str:
        """A value as the text of an Input."""
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return safe(str(value), keep_newlines=False)

    def show_error(self, name: str, error: str | None) -> None:
        """Show (or clear) the message under field ``name``."""
        if error is None:
            self.errors.pop(name, None)
        else:
            self.errors[name] = error
        self.query_one(f"#error-{name}", FieldError).show(error)
        self.query_one(f"#field-{name}").set_class(error is not None, "-invalid")

    def _changed(self, name: str, raw: Any) -> None:
        if self._shown.get(name) == raw:
            return
        self._shown[name] = raw
        spec = next(s for s in FIELDS if s.name == name)
        try:
            value = parse(spec, raw)
        except ValueError as exc:
            error: str | None = str(exc)
        else:
            error = check(self.profile, name, value)
        had_error = name in self.errors
        self.show_error(name, error)
        if error is not None:
            self.post_message(self.Refused(name, error))
            return
        if had_error:
            self.post_message(self.Refused(name, None))
        self.post_message(self.Changed(name, value))

    @on(Input.Changed)
    def _input(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id and event.value == event.input.value:  # else stale: a newer follows
            self._changed(event.input.id.removeprefix("field-"), event.value)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id and event.value == event.select.value:  # else stale
            self._changed(event.select.id.removeprefix("field-"), event.value)
