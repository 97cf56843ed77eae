"""The scoping questions of the model profile, as data, with their parsing (no Textual).

Shared by the TUI's profile form and wizard and by ``gpai profile set``: each answer
is parsed from what the user typed or picked, then re-validated by the pydantic
:class:`~gpai_tui.workbook.ModelProfile` rules (:func:`check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from gpai_tui.errors import UsageError
from gpai_tui.workbook import ModelProfile
from gpai_tui.workbook.errors import did_you_mean
from gpai_tui.workbook.limits import parse_date

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
        return parse_date(text)  # YYYY-MM-DD inside the workbook range (issue 16)
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


def field_spec(name: str) -> FieldSpec:
    """The question for profile field ``name``; a did-you-mean when there is none."""
    for spec in FIELDS:
        if spec.name == name:
            return spec
    hint = did_you_mean(name, [s.name for s in FIELDS])
    raise UsageError(f"the model profile has no field {name!r}" + (f"; {hint}" if hint else ""))


WORDS = {"yes": True, "true": True, "no": False, "false": False}
"""Yes/no answers typed on a command line."""


def parse_typed(spec: FieldSpec, text: str) -> Any:
    """Parse ``text`` typed on a command line for ``spec`` (words for yes/no and choices);
    raises ``ValueError`` with a message."""
    word = text.strip().lower()
    if spec.kind == "bool":
        if word not in WORDS:
            raise ValueError(f"{text!r} is not an answer; use yes or no")
        return WORDS[word]
    if spec.kind == "maybe":
        if word in ("", UNANSWERED, "unanswered"):
            return None
        if word not in WORDS:
            raise ValueError(f"{text!r} is not an answer; use yes, no or unanswered")
        return WORDS[word]
    if spec.kind == "choice":
        values = [value for _, value in spec.choices]
        if word not in values:
            raise ValueError(f"{text!r} is not a choice; use {', '.join(values)}")
        return word
    return parse(spec, text)
