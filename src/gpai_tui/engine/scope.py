"""Scoping: from a model's profile, which measures and obligations apply, and why.

Every decision carries a reason an officer can read, naming the article or rule.
The rules follow the AI Act (Arts 51-55), the Commission's GPAI Guidelines
(C(2025) 5045) and the Code's chapters; see the reference, sections 8, 9 and 13.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gpai_tui.catalogue import Applicability
from gpai_tui.workbook import ModelProfile

GPAI_THRESHOLD = 1e23
"""Indicative GPAI criterion: training compute above 10^23 FLOP (Guidelines)."""
SYSTEMIC_RISK_THRESHOLD = 1e25
"""Art. 51(2): systemic risk is presumed above 10^25 FLOP."""
GENERATIVE = ("text", "audio", "images", "video")
"""Modalities named by the indicative criterion (language, text-to-image, text-to-video)."""


def flop(value: float) -> str:
    """Human form of a FLOP count: ``3.1×10^25``."""
    mantissa, exponent = f"{value:.2e}".split("e")
    m = mantissa.rstrip("0").rstrip(".")
    return f"{m}×10^{int(exponent)}"


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether something applies, and why (in words an officer can read)."""

    applies: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Scope:
    """The scoping answers for one model, with reasons."""

    provider: Decision
    """Is this organisation the provider (downstream-modifier rule)?"""
    gpai: Decision
    """Is the model a general-purpose AI model?"""
    systemic_risk: Decision
    """Does the model have systemic risk?"""
    open_source_exempt: Decision
    """Does the Art. 53(2) open-source exemption apply?"""
    non_eu: Decision
    """Must an authorised representative be appointed (Art. 54)?"""
    open_source_release: bool
    """True when the model is released as open source (exempt or not)."""
    modification_only: bool
    """True for a downstream modifier: obligations are limited to the modification."""
    warnings: tuple[str, ...]
    """Things the officer should look at (presumption, unknown compute, ...)."""

    @property
    def in_scope(self) -> bool:
        """True when the AI Act's GPAI obligations apply at all."""
        return self.provider.applies and self.gpai.applies


def _provider(profile: ModelProfile, warnings: list[str]) -> tuple[Decision, bool]:
    if not profile.downstream_modifier:
        return Decision(True, "Provider of the model (Art. 3(3))."), False
    if profile.original_compute_flop is not None:
        threshold = profile.original_compute_flop / 3
        basis = f"one third of the original model's {flop(profile.original_compute_flop)} FLOP"
    else:
        threshold = GPAI_THRESHOLD / 3
        basis = "one third of 10^23 FLOP, used when the original's compute is unknown [unverified]"
    mod = profile.modification_compute_flop
    if mod is None:
        warnings.append(
            "Downstream modifier without modification_compute_flop: assumed to be the "
            "provider of the modified model until the figure is given."
        )
        return (
            Decision(
                True,
                "Downstream modifier, modification compute unknown: treated as provider of "
                "the modified model; obligations limited to the modification (recital 109).",
            ),
            True,
        )
    if mod > threshold:
        return (
            Decision(
                True,
                f"Downstream modifier using {flop(mod)} FLOP, above {basis}: provider of the "
                "modified model, with obligations limited to the modification "
                "(Guidelines; AI Act recital 109).",
            ),
            True,
        )
    return (
        Decision(
            False,
            f"Downstream modifier using {flop(mod)} FLOP, not above {basis}: not the "
            "provider of the modified model; the original provider's obligations stand "
            "(Guidelines).",
        ),
        False,
    )


def _gpai(profile: ModelProfile, warnings: list[str]) -> Decision:
    reason_given = (profile.gpai_reason or "").strip()
    if profile.gpai != "auto":
        if not reason_given:
            warnings.append(
                "The GPAI criterion is overridden without a reason: fill in gpai_reason."
            )
        verdict = profile.gpai == "yes"
        why = reason_given or "no reason recorded"
        return Decision(
            verdict,
            f"{'General-purpose' if verdict else 'Not a general-purpose'} AI model by the "
            f"provider's assessment, overriding the indicative criterion: {why}.",
        )
    generative = [m for m in profile.generates if m in GENERATIVE]
    compute = profile.training_compute_flop
    if compute is None:
        warnings.append(
            "Training compute not given: the model is assumed to be a GPAI model. "
            "Set training_compute_flop."
        )
        return Decision(
            True,
            "Assumed general-purpose AI model: training compute unknown (Art. 3(63); "
            "indicative criterion of the Guidelines cannot be applied).",
        )
    if compute <= GPAI_THRESHOLD:
        return Decision(
            False,
            f"Not a general-purpose AI model: training compute {flop(compute)} FLOP is not "
            "above the indicative 10^23 FLOP criterion (Commission Guidelines C(2025) 5045).",
        )
    if not generative:
        return Decision(
            False,
            "Not a general-purpose AI model by the indicative criterion: it generates no "
            "text, audio, images or video (Commission Guidelines C(2025) 5045).",
        )
    return Decision(
        True,
        f"General-purpose AI model: {flop(compute)} FLOP, above 10^23, and it generates "
        f"{', '.join(generative)} (Art. 3(63); Commission Guidelines C(2025) 5045).",
    )


def _systemic(profile: ModelProfile, warnings: list[str]) -> Decision:
    compute = profile.training_compute_flop
    above = compute is not None and compute > SYSTEMIC_RISK_THRESHOLD
    if profile.systemic_risk == "designated":
        return Decision(True, "Systemic risk: designated by the Commission (Art. 51(1)(b)).")
    if profile.systemic_risk == "none":
        if above:
            assert compute is not None
            warnings.append(
                f"systemic_risk is 'none' but training compute {flop(compute)} FLOP is above "
                "10^25: the Art. 51(2) presumption stands unless the Commission accepted a "
                "rebuttal (Art. 52(2)-(3))."
            )
        return Decision(False, "No systemic risk, as recorded in the profile.")
    if above:
        assert compute is not None
        return Decision(
            True,
            f"Systemic risk presumed: {flop(compute)} FLOP is above 10^25 (Art. 51(2)).",
        )
    if compute is None:
        return Decision(False, "No systemic risk presumed: training compute unknown.")
    return Decision(
        False,
        f"No systemic risk: {flop(compute)} FLOP is not above 10^25 and the model is not "
        "designated (Art. 51).",
    )


def scope_for(profile: ModelProfile) -> Scope:
    """Decide the scoping questions for ``profile``."""
    warnings: list[str] = []
    provider, modification_only = _provider(profile, warnings)
    gpai = _gpai(profile, warnings)
    systemic = _systemic(profile, warnings)
    if profile.open_source and systemic.applies:
        exempt = Decision(
            False,
            "Open-source release, but the exemption is lost because the model has systemic "
            "risk (Art. 53(2)).",
        )
    elif profile.open_source:
        exempt = Decision(
            True,
            "Free and open-source model without systemic risk: exempt from Art. 53(1)(a)-(b) "
            "and Art. 54 (Art. 53(2)).",
        )
    else:
        exempt = Decision(False, "Not released as a qualifying open-source model.")
    if profile.established_in_eu:
        non_eu = Decision(False, "Provider established in the EU: Art. 54 does not apply.")
    else:
        non_eu = Decision(
            True,
            "Provider established outside the EU: an EU authorised representative is "
            "required before placing on the market (Art. 54).",
        )
    return Scope(
        provider=provider,
        gpai=gpai,
        systemic_risk=systemic,
        open_source_exempt=exempt,
        non_eu=non_eu,
        open_source_release=profile.open_source,
        modification_only=modification_only,
        warnings=tuple(warnings),
    )


ART_52_UNDATED = "No Art. 52 date recorded"
"""How the warning of :func:`art52_undated_warning` starts (tests and filters key on it)."""


def art52_undated_warning(
    profile: ModelProfile, systemic_risk: bool, notified: date | None, as_of: date
) -> str | None:
    """A warning when a systemic-risk model is on the market but no Art. 52 date is known.

    Art. 52(1) AI Act: the provider notifies the Commission within two weeks of the
    10^25 FLOP condition being met or of knowing it will be (Guidelines ¶31, ¶114).
    The tool dates the notification from ``threshold_known`` and the duties that
    count from the notification (e.g. SS-1.1, Code measure 1.1) from its recorded
    date, so with neither the most urgent duty of a model already on the market has
    no legal date at all. Designated models are left out: Art. 52(4) starts their
    clock from the designation, not from a notification.
    """
    placed = profile.placed_on_market
    if not systemic_risk or profile.systemic_risk == "designated":
        return None
    if placed is None or placed > as_of:
        return None
    if profile.threshold_known is not None or notified is not None:
        return None
    return (
        f"{ART_52_UNDATED}: the model has systemic risk and has been on the market since "
        f"{placed.isoformat()}, but neither threshold_known (when the 10^25 FLOP threshold "
        "was known to be met) nor the date of the Art. 52(1) notification is recorded, so "
        "the notification (due within 2 weeks, Art. 52(1)) and the duties counted from it "
        "have no legal date. Set threshold_known in the profile, or mark "
        "art-52-notification done with the date it was sent."
    )


def applicability(scope: Scope, applies: Applicability, item_id: str) -> Decision:
    """Whether an item with base applicability ``applies`` is in scope, and why."""
    if not scope.provider.applies:
        return Decision(False, f"Not applicable: {scope.provider.reason}")
    if not scope.gpai.applies:
        return Decision(False, f"Not applicable: {scope.gpai.reason}")
    suffix = (
        " Obligations are limited to the modification (recital 109)."
        if scope.modification_only
        else ""
    )
    if applies == "systemic-risk":
        if not scope.systemic_risk.applies:
            return Decision(
                False,
                "Not applicable: only for models with systemic risk (Art. 55). "
                + scope.systemic_risk.reason,
            )
        decision = Decision(True, f"Applies: {scope.systemic_risk.reason}{suffix}")
    elif applies == "all-except-open-source":
        if scope.open_source_exempt.applies:
            return Decision(False, f"Not applicable: {scope.open_source_exempt.reason}")
        if scope.open_source_release:
            decision = Decision(True, f"Applies: {scope.open_source_exempt.reason}{suffix}")
        else:
            decision = Decision(
                True, f"Applies to every GPAI provider not exempt under Art. 53(2).{suffix}"
            )
    else:
        decision = Decision(
            True,
            "Applies to every GPAI provider; open-source release does not exempt "
            f"(Art. 53(2)).{suffix}",
        )
    if item_id == "art-54-authorised-representative":
        if not scope.non_eu.applies:
            return Decision(False, f"Not applicable: {scope.non_eu.reason}")
        return Decision(True, f"Applies: {scope.non_eu.reason}{suffix}")
    return decision
