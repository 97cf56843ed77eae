"""The scoping questions as a form, shared by the Profile screen and the new-workbook wizard.

Each typed value is parsed and then re-validated by the pydantic
:class:`~gpai_tui.workbook.ModelProfile` rules. A refused value is shown inline
under its field and posted as :class:`ProfileForm.Refused`; an accepted one is
posted as :class:`ProfileForm.Changed`. The form never changes a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from gpai_tui.text import safe
from gpai_tui.tui.widgets.field_error import FieldError
from gpai_tui.workbook import ModelProfile

Kind = Literal["text", "optional", "flop", "date", "bool", "maybe", "choice", "modalities"]
MODALITIES = ("text", "audio", "images", "video", "other")
YES_NO: tuple[tuple[str, bool], ...] = (("yes", True), ("no", False))
"""Yes/no answers as words (a switch reads only by colour)."""
UNANSWERED = "not answered"
MAYBE: tuple[tuple[str, bool | str], ...] = ((UNANSWERED, UNANSWERED), ("yes", True), ("no", False))
"""Yes/no answers that may still be open (the open-source conditions)."""


@dataclass(frozen=True)
class FieldSpec:
    """One question."""

    name: str
    """The :class:`ModelProfile` field."""
    label: str
    kind: Kind
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs for ``choice`` fields."""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("provider", "Provider (legal name)", "text"),
    FieldSpec("name", "Model name", "text"),
    FieldSpec("version", "Model version", "optional", "optional"),
    FieldSpec("established_in_eu", "Provider established in the EU", "bool", "no: Art. 54 applies"),
    FieldSpec(
        "training_compute_flop",
        "Training compute used so far (FLOP)",
        "flop",
        "e.g. 3.1e25; above 10^23 indicates GPAI, above 10^25 presumes systemic risk; "
        "synthetic data generation counts; estimates may be within ±30% (Guidelines ¶123)",
    ),
    FieldSpec(
        "planned_compute_flop",
        "Training compute planned (FLOP)",
        "flop",
        "above 10^25, systemic risk is presumed before training ends (Guidelines ¶31)",
    ),
    FieldSpec(
        "generates",
        "Generates",
        "modalities",
        "comma-separated: text, audio, images, video, other",
    ),
    FieldSpec("open_source", "Released as free and open-source (Art. 53(2))", "bool"),
    FieldSpec(
        "oss_open_licence",
        "Open source: licence allows use, change and sharing without restriction",
        "maybe",
        "no non-commercial or research-only clause, no user thresholds (Guidelines ¶78-92)",
    ),
    FieldSpec(
        "oss_no_monetisation",
        "Open source: not monetised",
        "maybe",
        "no paid exclusive hosting, mandatory paid support or data-for-access",
    ),
    FieldSpec("oss_weights_public", "Open source: weights public", "maybe"),
    FieldSpec("oss_architecture_public", "Open source: architecture information public", "maybe"),
    FieldSpec("oss_usage_public", "Open source: usage information public", "maybe"),
    FieldSpec(
        "systemic_risk",
        "Systemic risk",
        "choice",
        choices=(
            ("auto: presumed above 10^25 FLOP", "auto"),
            ("designated by the Commission", "designated"),
            ("none", "none"),
        ),
    ),
    FieldSpec(
        "placed_on_market", "Placed on the EU market", "date", "YYYY-MM-DD; empty if not yet"
    ),
    FieldSpec(
        "threshold_known",
        "10^25 FLOP threshold known on",
        "date",
        "YYYY-MM-DD; starts the Art. 52 notification clock (2 weeks, never before 16 Aug 2025)",
    ),
    FieldSpec("notified_on", "Art. 52 notification sent on", "date", "YYYY-MM-DD"),
    FieldSpec(
        "designated_on",
        "Informed of the Commission's designation on",
        "date",
        "designated models: obligations run from this date (Art. 52(4))",
    ),
    FieldSpec(
        "crawls_web",
        "We crawl the web for training data",
        "bool",
        "no: the web-crawling measures do not apply",
    ),
    FieldSpec(
        "most_capable",
        "Among our most capable models on the market",
        "bool",
        "yes: 6-monthly Model Report updates",
    ),
    FieldSpec("framework_confirmed", "Safety and Security Framework confirmed on", "date"),
    FieldSpec(
        "gpai",
        "GPAI criterion",
        "choice",
        choices=(("auto: indicative criterion", "auto"), ("yes", "yes"), ("no", "no")),
    ),
    FieldSpec("gpai_reason", "Reason for overriding it", "optional", "required unless auto"),
    FieldSpec("downstream_modifier", "We modified someone else's model", "bool"),
    FieldSpec("original_compute_flop", "Original model's compute (FLOP)", "flop", "modifiers"),
    FieldSpec(
        "original_systemic_risk",
        "Original model has systemic risk",
        "bool",
        "modifiers: threshold 1/3 of 10^25 when its compute is unknown (Guidelines ¶64)",
    ),
    FieldSpec("modification_compute_flop", "Compute of the modification (FLOP)", "flop"),
)
"""Every question, in the order asked."""


def parse(spec: FieldSpec, raw: Any) -> Any:
    """Turn a control's value into the field's type; raises ``ValueError`` with a message."""
    if spec.kind in ("bool", "choice"):
        return raw
    if spec.kind == "maybe":
        return None if raw == UNANSWERED else raw
    if spec.kind == "modalities":
        words = [w for w in str(raw).replace(",", " ").split() if w]
        unknown = [w for w in words if w not in MODALITIES]
        if unknown:
            raise ValueError(f"unknown output {unknown[0]!r}; use {', '.join(MODALITIES)}")
        return [m for m in MODALITIES if m in words]
    text = str(raw).strip()
    if spec.kind == "text":
        return text
    if not text:
        return None
    if spec.kind == "optional":
        return text
    if spec.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD") from None
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        raise ValueError(f"{text!r} is not a number; write it like 3.1e25") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a usable number")
    return number


def check(profile: ModelProfile | None, name: str, value: Any) -> str | None:
    """Why ``value`` is refused for field ``name`` (pydantic's rules), or ``None``."""
    data = profile.model_dump() if profile else {"provider": "-", "name": "-"}
    data[name] = value
    try:
        ModelProfile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        if error["type"] == "string_too_short":
            return "required"
        return str(error["msg"])
    return None


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
