"""The scoping and date rules of the engine, in plain words, with their sources.

``docs/RULES.md`` holds :func:`rules_markdown` between its markers (a test keeps them
equal), and the reasons the engine gives (``engine.scope``, ``engine.evaluate``) cite
the same sources. The scope questions listed are :func:`engine.scope.scope_decisions`,
the one list behind the TUI's scope panel and the exports' scope section.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the engine."""

    id: str
    title: str
    text: str
    """The rule in plain words (our own)."""
    source: str
    """Where it comes from: article, Guidelines paragraph (¶), Code measure, reference §."""


RULES: tuple[Rule, ...] = (
    Rule(
        "chapter-v-start",
        "No legal date before 2 Aug 2025",
        "Chapter V of the AI Act applies from 2 Aug 2025. No legal date of a GPAI obligation "
        "is ever shown before it.",
        "AI Act Art. 113(b); reference §16.1",
    ),
    Rule(
        "legacy",
        "Models placed before 2 Aug 2025",
        "A model placed on the market before 2 Aug 2025 has until 2 Aug 2027 for every "
        "obligation, the Art. 52 notification included (the AI Office expects contact "
        "earlier). Its copyright policy and training summary gain a checkpoint: where "
        "retraining or unlearning is impossible or disproportionate, say so and justify it.",
        "AI Act Art. 111(3); Guidelines ¶109-110; reference §16.1",
    ),
    Rule(
        "notification",
        "Art. 52 notification",
        "Notify the Commission within 2 weeks of the 10^25 FLOP threshold being met or known "
        "to be met (threshold_known), and never before 16 Aug 2025. Compute used so far "
        "(training_compute_flop) or planned (planned_compute_flop) above 10^25, or a "
        "threshold_known date, presumes systemic risk; the reason says which. The "
        "notification gives the estimate to two significant figures and the method "
        "(estimates may be within ±30%). The Safety and Security Framework counts 4 "
        "weeks from the notification date (notified_on) or, without it, from its due date.",
        "AI Act Art. 51(2), 52(1); Guidelines ¶31-32, ¶114, ¶118-119, ¶123; Safety and "
        "Security Measure 1.1",
    ),
    Rule(
        "designation",
        "Designated models",
        "A model designated by the Commission has no Art. 52(1) notification. Its "
        "systemic-risk obligations run from the date the provider was informed "
        "(designated_on) and no date of theirs falls before it; without that date the tool "
        "says it cannot compute them rather than showing them overdue. A reassessment can be "
        "requested from 6 months after the designation. The Art. 53 obligations keep their "
        "own dates: they applied from placing on the market, before any designation.",
        "AI Act Art. 51(1)(b), 52(4), 52(5); Guidelines ¶42, ¶47; reference §16.1",
    ),
    Rule(
        "modifier",
        "Downstream modifiers",
        "A modifier is the provider of the modified model when the modification uses more "
        "than one third of the original's training compute; if that is unknown, one third of "
        "10^25 FLOP when the original has systemic risk (original_systemic_risk), else one "
        "third of 10^23. The limitation to the modification covers Art. 53(1)(a)-(d) only; "
        "Art. 54 applies in full. A modifier of a systemic-risk model is presumed to have "
        "systemic risk, with Art. 52 and every Safety and Security measure in full.",
        "Guidelines ¶63-64, ¶68-70; AI Act recital 109; reference §16.2",
    ),
    Rule(
        "open-source",
        "Open-source exemption",
        "Art. 53(1)(a)-(b) and Art. 54 do not apply only when every condition holds: a "
        "licence allowing access, use, modification and redistribution without restriction; "
        "no monetisation; public weights, architecture and usage information; and no "
        "systemic risk. The profile records each condition (oss_*); the reason names the "
        "first that fails. A bare open_source = true from an older workbook is kept as a "
        "claim, with a warning until the conditions are answered.",
        "AI Act Art. 53(2), 54(6); Guidelines ¶78-92; reference §16.2",
    ),
    Rule(
        "crawling",
        "Web crawling",
        "The crawling measures of the Copyright chapter (Measures 1.2 and 1.3 of the 2025 Code) "
        "apply only when the provider, or someone for it, crawls the web (crawls_web, "
        "default yes).",
        "Copyright Measures 1.2-1.3; reference §16.2",
    ),
    Rule(
        "clocks",
        "Code clocks corrected",
        "The first Framework assessment is due 12 months after placing on the market, then "
        "every 12 months. Framework notifications count 5 business days from the recorded "
        "confirmation (framework_confirmed). 6-monthly Model Report updates apply only to "
        "models among the provider's most capable (most_capable). A Model Report may be "
        "delayed by up to 15 business days only with an interim report; the legal date shown "
        "stays the normal one. The risk-culture indicators (surveys, the yearly whistleblower "
        "notice, channel use) are optional, with no clock. Access authorisations are "
        "reviewed every 6 months; a lost safe-reference model is replaced within 6 months.",
        "Safety and Security Measures 1.3, 1.4, 7.6, 7.7, 8.3; Appendices 2.2, 4.3; "
        "reference §16.1",
    ),
    Rule(
        "incidents",
        "Incidents in two classes",
        "An incident that fits two severity classes (class and other_class) follows the "
        "shorter initial-report clock, with a warning in the report rule.",
        "Safety and Security Measure 9.3; reference §16.3",
    ),
    Rule(
        "signatory",
        "Signatories, chapter by chapter",
        "The [code] table records which chapters are signed (all three by default). For a "
        "chapter not signed, its measures stay visible as the yardstick for the other "
        "adequate means used instead, each records that means (alternative), and the AI Act "
        "obligation keeps its legal date. A provider without systemic risk that signed the "
        "Safety and Security chapter and named the model (named_model) has that chapter as a "
        "commitment, with no AI Act date.",
        "AI Act Art. 53(4), 55(2); Guidelines ¶94-95; reference §16.2",
    ),
)
"""Every rule, in the order the engine applies them."""

BEGIN = "<!-- rules: generated from gpai_tui.engine.rules; edit there -->"
END = "<!-- end of generated rules -->"


def rules_markdown() -> str:
    """The rules as Markdown (the generated part of ``docs/RULES.md``)."""
    from gpai_tui.engine.scope import scope_decisions, scope_for
    from gpai_tui.workbook import ModelProfile

    lines = [BEGIN, ""]
    for rule in RULES:
        lines += [f"### {rule.title}", "", rule.text, "", f"Source: {rule.source}.", ""]
    scope = scope_for(ModelProfile(provider="-", name="-"))
    lines += ["### Scope questions", "", "Shown in this order by the TUI and the exports:", ""]
    lines += [f"- `{key}`: {question}" for key, question, _ in scope_decisions(scope)]
    lines += ["", END]
    return "\n".join(lines) + "\n"
