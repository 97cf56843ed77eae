"""docs/RULES.md states every engine rule with its source (issue 12, acceptance 3)."""

from __future__ import annotations

from pathlib import Path

from gpai_tui.engine.rules import BEGIN, END, RULES, rules_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "RULES.md"


def test_rules_doc_holds_the_generated_rules() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    assert text[start:end] == rules_markdown(), "regenerate docs/RULES.md from engine.rules"
    for rule in RULES:
        assert rule.source and rule.text and f"### {rule.title}" in text
