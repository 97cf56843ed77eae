"""Scoping: from a model's profile, which measures and obligations apply, and why.

Every decision carries a reason an officer can read, naming the article or the
Guidelines paragraph (¶) it rests on. The rules follow the AI Act (Arts 51-55, 111,
113), the Commission's GPAI Guidelines (C(2025) 5045) and the Code's chapters, as
corrected by the December 2026 audit (reference section 16); ``docs/RULES.md`` states
each rule in plain words.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from gpai_tui.catalogue import Applicability
from gpai_tui.engine.dates import LEGACY_CUTOFF, add_months
from gpai_tui.workbook import ModelProfile

GPAI_THRESHOLD = 1e23
"""Indicative GPAI criterion: training compute above 10^23 FLOP (Guidelines)."""
SYSTEMIC_RISK_THRESHOLD = 1e25
"""Art. 51(2): systemic risk is presumed above 10^25 FLOP of cumulative compute."""
GENERATIVE = ("text", "audio", "images", "video")
"""Modalities named by the indicative criterion (language, text-to-image, text-to-video)."""
REASSESSMENT_MONTHS = 6
"""Art. 52(5), Guidelines ¶47: a designation can be reassessed on request 6 months after it."""

OPEN_SOURCE_CONDITIONS: tuple[tuple[str, str], ...] = (
    (
        "oss_open_licence",
        "a free and open-source licence allowing access, use, modification and redistribution "
        "without restriction",
    ),
    ("oss_no_monetisation", "no monetisation of the model"),
    ("oss_weights_public", "public weights"),
    ("oss_architecture_public", "public information on the model architecture"),
    ("oss_usage_public", "public information on model usage"),
)
"""The conditions of the Art. 53(2) exemption, in the order checked (Guidelines ¶78-92)."""

ALL_SIGNED: frozenset[str] = frozenset({"transparency", "copyright", "safety-and-security"})
"""Every chapter signed: the default, and what a format-1 workbook meant."""

LIMITED_NOTE = " For a modifier this is limited to the modification (recital 109; Guidelines ¶68)."


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
    legal_clock: bool = True
    """False when it applies only as a commitment under the Code, with no AI Act date."""


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
    """True when the model is released (or claimed) as open source, exempt or not."""
    modification_only: bool
    """True for a downstream modifier: Art. 53(1)(a)-(d) are limited to the modification."""
    warnings: tuple[str, ...]
    """Things the officer should look at (presumption, unknown compute, ...)."""
    legacy: bool = False
    """Placed on the market before 2 Aug 2025: everything is due 2 Aug 2027 (Art. 111(3))."""
    designated: bool = False
    """Systemic risk by Commission designation (Art. 51(1)(b), Art. 52(4))."""
    designated_on: date | None = None
    """When the provider was informed of the designation, if recorded."""
    reassessment_from: date | None = None
    """The first day a reassessment of the designation can be requested (Art. 52(5))."""
    crawls_web: bool = True
    """The provider crawls the web (Copyright Measures 1.2 and 1.3)."""
    most_capable: bool = False
    """Among the provider's most capable models (Safety and Security Measure 7.6)."""
    signed: frozenset[str] = ALL_SIGNED
    """Chapters of the Code the provider signed."""
    named_model: bool = False
    """The model is named under a signed Safety and Security chapter (non-SR opt-in)."""

    @property
    def in_scope(self) -> bool:
        """True when the AI Act's GPAI obligations apply at all."""
        return self.provider.applies and self.gpai.applies


def _provider(profile: ModelProfile, warnings: list[str]) -> tuple[Decision, bool]:
    if not profile.downstream_modifier:
        return Decision(True, "Provider of the model (Art. 3(3))."), False
    if profile.original_compute_flop is not None:
        threshold = profile.original_compute_flop / 3
        basis = (
            f"one third of the original model's {flop(profile.original_compute_flop)} FLOP "
            "(Guidelines ¶63)"
        )
    elif profile.original_systemic_risk:
        threshold = SYSTEMIC_RISK_THRESHOLD / 3
        basis = (
            "one third of 10^25 FLOP, used when the original's compute is unknown and the "
            "original has systemic risk (Guidelines ¶64)"
        )
    else:
        threshold = GPAI_THRESHOLD / 3
        basis = (
            "one third of 10^23 FLOP, used when the original's compute is unknown (Guidelines ¶64)"
        )
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
                "the modified model (Guidelines ¶63).",
            ),
            True,
        )
    if mod > threshold:
        return (
            Decision(
                True,
                f"Downstream modifier using {flop(mod)} FLOP, above {basis}: provider of the "
                "modified model.",
            ),
            True,
        )
    return (
        Decision(
            False,
            f"Downstream modifier using {flop(mod)} FLOP, not above {basis}: not the "
            "provider of the modified model; the original provider's obligations stand.",
        ),
        False,
    )


def _compute(profile: ModelProfile) -> tuple[float | None, str]:
    """The larger of the compute used and the compute planned, and which it is."""
    used, planned = profile.training_compute_flop, profile.planned_compute_flop
    if planned is not None and (used is None or planned > used):
        return planned, "planned"
    return used, "used"


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
    compute, which = _compute(profile)
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
    label = "planned training compute" if which == "planned" else "training compute"
    if compute <= GPAI_THRESHOLD:
        return Decision(
            False,
            f"Not a general-purpose AI model: {label} {flop(compute)} FLOP is not "
            "above the indicative 10^23 FLOP criterion (Guidelines, indicative criterion).",
        )
    if not generative:
        return Decision(
            False,
            "Not a general-purpose AI model by the indicative criterion: it generates no "
            "text, audio, images or video (Guidelines, indicative criterion).",
        )
    return Decision(
        True,
        f"General-purpose AI model: {label} {flop(compute)} FLOP, above 10^23, and it "
        f"generates {', '.join(generative)} (Art. 3(63); Guidelines, indicative criterion).",
    )


def _presumption(profile: ModelProfile, modifier_provider: bool) -> str | None:
    """Why systemic risk is presumed (Art. 51(2)), or ``None`` when it is not."""
    if modifier_provider and profile.original_systemic_risk:
        return (
            "Systemic risk presumed: provider of a modified version of a model with systemic "
            "risk, so Art. 52 and Art. 55 apply in full (Guidelines ¶70)."
        )
    used, planned = profile.training_compute_flop, profile.planned_compute_flop
    if used is not None and used > SYSTEMIC_RISK_THRESHOLD:
        return (
            f"Systemic risk presumed: training compute used, {flop(used)} FLOP, is above "
            "10^25 (Art. 51(2))."
        )
    if planned is not None and planned > SYSTEMIC_RISK_THRESHOLD:
        return (
            f"Systemic risk presumed: planned training compute, {flop(planned)} FLOP, will "
            "exceed 10^25; the duty to notify starts once this is known, before training ends "
            "(Art. 51(2), Art. 52(1); Guidelines ¶31)."
        )
    if profile.threshold_known is not None:
        return (
            "Systemic risk presumed: the provider recorded that it knew on "
            f"{profile.threshold_known.isoformat()} that 10^25 FLOP is or will be met "
            "(Art. 51(2), Art. 52(1))."
        )
    return None


def _systemic(profile: ModelProfile, modifier: bool, warnings: list[str]) -> Decision:
    presumed = _presumption(profile, modifier)
    if profile.systemic_risk == "designated":
        if profile.designated_on is None:
            warnings.append(
                "Designated model without designated_on: the legal dates of its systemic-risk "
                "obligations cannot be computed until the date the provider was informed of "
                "the designation is recorded."
            )
            when = "date of designation not recorded"
        else:
            again = add_months(profile.designated_on, REASSESSMENT_MONTHS)
            when = (
                f"informed on {profile.designated_on.isoformat()}; a reassessment can be "
                f"requested from {again.isoformat()} (Art. 52(5); Guidelines ¶47)"
            )
        return Decision(
            True,
            f"Systemic risk: designated by the Commission (Art. 51(1)(b), Art. 52(4)); {when}. "
            "No Art. 52(1) notification is due for a designated model.",
        )
    if profile.systemic_risk == "none":
        if presumed is not None:
            warnings.append(
                f"systemic_risk is 'none' but: {presumed} The Art. 51(2) presumption stands "
                "unless the Commission accepted a rebuttal "
                "(Art. 52(2)-(3)); presenting arguments does not suspend obligations "
                "(Guidelines ¶42)."
            )
        return Decision(False, "No systemic risk, as recorded in the profile.")
    if presumed is not None:
        return Decision(True, presumed)
    compute, _ = _compute(profile)
    if compute is None:
        return Decision(False, "No systemic risk presumed: training compute unknown.")
    return Decision(
        False,
        f"No systemic risk: {flop(compute)} FLOP, used or planned, is not above 10^25 and the "
        "model is not designated (Art. 51).",
    )


def _open_source(profile: ModelProfile, systemic: Decision, warnings: list[str]) -> Decision:
    if not profile.open_source:
        return Decision(False, "Not released as a qualifying open-source model.")
    if systemic.applies:
        return Decision(
            False,
            "Open-source release, but the exemption is lost because the model has systemic "
            "risk (Art. 53(2); Guidelines ¶78).",
        )
    unanswered: list[str] = []
    for key, words in OPEN_SOURCE_CONDITIONS:
        answer = getattr(profile, key)
        if answer is False:
            return Decision(
                False,
                f"No open-source exemption: the condition of {words} is not met ({key} = "
                "false; Art. 53(2), Guidelines ¶78-92).",
            )
        if answer is None:
            unanswered.append(key)
    if unanswered:
        warnings.append(
            "open_source = true is only a claim until every condition of Guidelines ¶78-92 is "
            f"answered: {', '.join(unanswered)}."
        )
        return Decision(
            True,
            "Claimed free and open-source model without systemic risk: exempt from "
            "Art. 53(1)(a)-(b) and Art. 54 (Art. 53(2)) as claimed, but the conditions of "
            f"Guidelines ¶78-92 are not all answered ({', '.join(unanswered)}).",
        )
    return Decision(
        True,
        "Free and open-source model without systemic risk, every condition of Guidelines "
        "¶78-92 met: exempt from Art. 53(1)(a)-(b) and Art. 54 (Art. 53(2)).",
    )


def scope_for(
    profile: ModelProfile, signed: Collection[str] | None = None, named_model: bool = False
) -> Scope:
    """Decide the scoping questions for ``profile``.

    ``signed`` lists the chapters of the Code the provider signed (default: all);
    ``named_model`` is the non-SR opt-in to the Safety and Security chapter.
    """
    warnings: list[str] = []
    provider, modification_only = _provider(profile, warnings)
    gpai = _gpai(profile, warnings)
    systemic = _systemic(profile, modification_only, warnings)
    exempt = _open_source(profile, systemic, warnings)
    if profile.established_in_eu:
        non_eu = Decision(False, "Provider established in the EU: Art. 54 does not apply.")
    else:
        non_eu = Decision(
            True,
            "Provider established outside the EU: an EU authorised representative is "
            "required before placing on the market (Art. 54"
            + (
                "; it applies in full to a modifier, Guidelines ¶69)."
                if modification_only
                else ")."
            ),
        )
    placed = profile.placed_on_market
    designated = profile.systemic_risk == "designated"
    designated_on = profile.designated_on if designated else None
    return Scope(
        provider=provider,
        gpai=gpai,
        systemic_risk=systemic,
        open_source_exempt=exempt,
        non_eu=non_eu,
        open_source_release=profile.open_source,
        modification_only=modification_only,
        warnings=tuple(warnings),
        legacy=placed is not None and placed < LEGACY_CUTOFF,
        designated=designated,
        designated_on=designated_on,
        reassessment_from=(
            add_months(designated_on, REASSESSMENT_MONTHS) if designated_on is not None else None
        ),
        crawls_web=profile.crawls_web,
        most_capable=profile.most_capable,
        signed=frozenset(signed) if signed is not None else ALL_SIGNED,
        named_model=named_model,
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
        "have no legal date. Set threshold_known in the profile, or notified_on (the "
        "date the notification was sent)."
    )


def condition_holds(scope: Scope, condition: str | None) -> bool:
    """Whether a catalogue condition (``legacy``, ``crawls-web``, ``most-capable``) holds."""
    if condition is None:
        return True
    if condition == "legacy":
        return scope.legacy
    if condition == "crawls-web":
        return scope.crawls_web
    if condition == "most-capable":
        return scope.most_capable
    return False


def applicability(
    scope: Scope,
    applies: Applicability,
    item_id: str = "",
    *,
    role: str | None = None,
    chapter: str | None = None,
    only_if: str | None = None,
    only_if_reason: str = "",
) -> Decision:
    """Whether an item with base applicability ``applies`` is in scope, and why.

    ``role`` is the item's part in the law as the catalogue names it (``notification``,
    ``authorised_representative``, ``training_summary``); ``chapter`` the Code chapter of
    a measure (for the signatory rules); ``only_if`` a catalogue condition on the model.
    """
    del item_id  # the rules follow roles and conditions, never ids
    if not scope.provider.applies:
        return Decision(False, f"Not applicable: {scope.provider.reason}")
    if not scope.gpai.applies:
        return Decision(False, f"Not applicable: {scope.gpai.reason}")
    if not condition_holds(scope, only_if):
        return Decision(False, f"Not applicable: {only_if_reason or only_if}.")
    limited = LIMITED_NOTE if scope.modification_only else ""
    decision = _base(scope, applies, role, limited)
    if chapter is None:
        return decision
    if not decision.applies:
        return optional_commitment(scope, applies, chapter) or decision
    return _signatory(scope, decision, chapter)


def _base(scope: Scope, applies: Applicability, role: str | None, limited: str) -> Decision:
    if role == "authorised_representative":
        if scope.open_source_exempt.applies:
            return Decision(False, f"Not applicable: {scope.open_source_exempt.reason}")
        if not scope.non_eu.applies:
            return Decision(False, f"Not applicable: {scope.non_eu.reason}")
        return Decision(True, f"Applies: {scope.non_eu.reason}")
    if applies == "systemic-risk":
        if not scope.systemic_risk.applies:
            return Decision(
                False,
                "Not applicable: only for models with systemic risk (Art. 55). "
                + scope.systemic_risk.reason,
            )
        if role == "notification" and scope.designated:
            return Decision(
                False,
                "Not applicable: a designated model has no Art. 52(1) notification duty; the "
                "designation itself starts the obligations (Art. 52(4)).",
            )
        return Decision(True, f"Applies: {scope.systemic_risk.reason}")
    if applies == "all-except-open-source":
        if scope.open_source_exempt.applies:
            return Decision(False, f"Not applicable: {scope.open_source_exempt.reason}")
        if scope.open_source_release:
            return Decision(True, f"Applies: {scope.open_source_exempt.reason}{limited}")
        return Decision(
            True, f"Applies to every GPAI provider not exempt under Art. 53(2).{limited}"
        )
    return Decision(
        True,
        "Applies to every GPAI provider; open-source release does not exempt "
        f"(Art. 53(2)).{limited}",
    )


def _signatory(scope: Scope, decision: Decision, chapter: str) -> Decision:
    """The signatory rules on a measure that applies (reference §16.2; Guidelines ¶94-95)."""
    if chapter not in scope.signed:
        return Decision(
            True,
            f"{decision.reason} The provider has not signed this chapter of the Code: the "
            "measure is the yardstick for the other adequate means it uses instead (record "
            "them as the alternative), and the AI Act obligation keeps its legal date "
            "(Art. 53(4), Art. 55(2); Guidelines ¶94-95).",
        )
    return decision


def optional_commitment(scope: Scope, applies: Applicability, chapter: str) -> Decision | None:
    """The non-SR opt-in: a Safety and Security measure applied as a commitment only.

    A provider without systemic risk may sign the Safety and Security chapter for the
    models it names (reference §16.2). Such a model's measures apply as a commitment
    under the Code, with no AI Act clock. ``None`` when the opt-in does not apply.
    """
    if applies != "systemic-risk" or scope.systemic_risk.applies or not scope.in_scope:
        return None
    if chapter not in scope.signed or not scope.named_model:
        return None
    return Decision(
        True,
        "Applies as a commitment: the provider signed the Safety and Security chapter and "
        "named this model under it, though the model has no systemic risk; Art. 55 does not "
        "apply, so there is no AI Act date (reference §16.2).",
        legal_clock=False,
    )


CHAPTER_NAMES: dict[str, str] = {
    "transparency": "Transparency",
    "copyright": "Copyright",
    "safety-and-security": "Safety and Security",
}
"""Chapter ids in words, for the signatory decision."""


def _dates_decision(scope: Scope) -> Decision:
    if scope.legacy:
        return Decision(
            True,
            "Placed on the market before 2 Aug 2025: every obligation, Art. 52 included, is "
            "due by 2 Aug 2027 (Art. 111(3); Guidelines ¶109); where retraining or unlearning "
            "is impossible or disproportionate, the copyright policy and the training summary "
            "must say so and why (Guidelines ¶110).",
        )
    return Decision(
        False,
        "Not placed before 2 Aug 2025: obligations run from placing on the market, and no "
        "legal date falls before 2 Aug 2025, when Chapter V began to apply (Art. 113(b)).",
    )


def _signatory_decision(scope: Scope) -> Decision:
    signed = [CHAPTER_NAMES[c] for c in CHAPTER_NAMES if c in scope.signed]
    unsigned = [CHAPTER_NAMES[c] for c in CHAPTER_NAMES if c not in scope.signed]
    parts = [f"Signed: {', '.join(signed)}." if signed else "No chapter of the Code is signed."]
    if unsigned:
        parts.append(
            f"Not signed: {', '.join(unsigned)}; those measures are the yardstick for the other "
            "adequate means used instead, and the AI Act obligations keep their legal dates "
            "(Art. 53(4), Art. 55(2); Guidelines ¶94-95)."
        )
    if scope.named_model and "safety-and-security" in scope.signed:
        parts.append(
            "The model is named under the Safety and Security chapter: without systemic risk, "
            "its measures apply as a commitment with no AI Act date (reference §16.2)."
        )
    return Decision(not unsigned, " ".join(parts))


def scope_decisions(scope: Scope) -> tuple[tuple[str, str, Decision], ...]:
    """Every scoping decision an officer reads, as ``(id, question, decision)``, in order.

    The one list behind the TUI's scope panel ("why"), the exports' scope section and
    ``docs/RULES.md``'s scope table, so that they never disagree.
    """
    return (
        ("provider", "Provider of the model", scope.provider),
        ("gpai", "General-purpose AI model", scope.gpai),
        ("systemic_risk", "Systemic risk", scope.systemic_risk),
        ("open_source_exempt", "Open-source exemption (Art. 53(2))", scope.open_source_exempt),
        ("authorised_representative", "Authorised representative (Art. 54)", scope.non_eu),
        ("legacy", "Placed before 2 Aug 2025 (Art. 111(3))", _dates_decision(scope)),
        ("signatory", "Code chapters all signed", _signatory_decision(scope)),
    )
