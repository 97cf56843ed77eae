"""The shipped training-summary template: valid, complete, and built exactly as validated."""

from __future__ import annotations

import re

from gpai_tui.catalogue.summary import (
    SUMMARY_MODALITIES,
    SummaryTemplate,
    load_summary_template,
    template_data,
)

SECTION_NUMBERS = [
    "", "1.1", "1.2", "1.3", "2.1", "2.2.1", "2.2.2", "2.3", "2.4", "2.5", "2.6", "3.1",
    "3.2", "3.3",
]  # fmt: skip
"""The template's sections, in order (reference section 10)."""


def test_shipped_template_validates_and_matches_the_fast_build() -> None:
    validated = SummaryTemplate.model_validate(template_data())
    assert validated == load_summary_template()
    assert [s.number for p in validated.parts for s in p.sections] == SECTION_NUMBERS
    assert [p.number for p in validated.parts] == [0, 1, 2, 3]


def test_field_ids_unique_and_conditions_point_at_earlier_yes_no_fields() -> None:
    template = load_summary_template()
    seen: dict[str, str] = {}
    for field in template.fields():
        assert field.id not in seen, field.id
        seen[field.id] = field.type
        rule = field.required_if
        if rule is None:
            continue
        kind, _, target = rule.partition(":")
        if kind == "yes":
            assert seen.get(target) == "yes-no", f"{field.id}: {rule} must follow a yes/no"
        else:
            assert rule in {"profile:non-eu", "profile:modifier", "profile:legacy"}, rule


def test_size_bins_are_the_templates() -> None:
    template = load_summary_template()
    assert [b.modality for b in template.size_bins] == list(SUMMARY_MODALITIES)
    labels = {b.modality: [x.label for x in b.bins] for b in template.size_bins}
    assert labels["text"] == [
        "Less than 1 billion tokens",
        "1 billion to 10 trillion tokens",
        "More than 10 trillion tokens",
    ]
    assert labels["images"][1] == "1 million to 1 billion images"
    for modality in ("audio", "video"):
        assert labels[modality] == [
            "Less than 10,000 hours",
            "10,000 to 1 million hours",
            "More than 1 million hours",
        ]
    assert labels["other"] == []
    for bins in template.size_bins:
        for b in bins.bins:
            assert b.id.startswith(bins.modality + "-")


def test_rules_the_issue_names() -> None:
    template = load_summary_template()
    crawled = [f for f in template.fields() if template.section_of(f.id).number == "2.3"]
    assert all(f.required_if == "yes:crawled-data-used" for f in crawled[1:] if f.required)
    legacy = template.field("legacy-unretrievable-data")
    assert legacy is not None and legacy.required_if == "profile:legacy"
    assert "110" in legacy.source
    cadence = template.field("update-cadence")
    assert cadence is not None and cadence.unverified and template.update_rule_unverified
    large = template.field("public-datasets-large")
    assert large is not None and large.unverified
    assert template.field("latest-collection-date").type == "month"  # type: ignore[union-attr]
    private = [f.id for f in template.fields() if not f.public]
    assert private == ["top-domains-method"]
    for field in template.fields():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", field.id)
        assert field.help.strip()
