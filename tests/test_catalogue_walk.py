"""The walk's guide data: complete for the catalogue, nothing stray, well-formed, lazy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gpai_tui.catalogue import CURRENT_CODE, available_codes, load_catalogue
from gpai_tui.catalogue.walk import (
    Guide,
    GuideDataError,
    GuideNotFound,
    _entry,
    guide_for,
    guides,
)

ANTICIPATED = {
    ("SS-1.1", "external-input"),
    ("CR-1.1", "legacy-no-retraining-disclosure"),
    ("art-53-1-d-training-summary", "legacy-no-retraining-disclosure"),
    ("art-52-notification", "compute-estimate"),
    ("art-52-notification", "estimate-method"),
    ("art-54-authorised-representative", "mandate-copy"),
    ("art-54-authorised-representative", "reasoned-requests"),
    ("art-54-authorised-representative", "termination-on-breach"),
}
"""Guide entries written ahead of the catalogue corrections of the reference's section 16.3
(issue 12). They may be missing from the loaded catalogue; nothing else may."""

LEGAL_SOURCE = re.compile(r"Art\. \d|Measures? \d|¶\d|Annex|§\d|template|Template")
"""A ``why`` names where the rule comes from."""

QUESTION_MAX, WHY_MAX, EXAMPLE_MAX, EXAMPLES_MAX = 180, 320, 90, 4
"""Sizes that keep one question screen within 80x24 without scrolling."""


def _catalogue_checkpoints(code: str) -> set[tuple[str, str]]:
    catalogue = load_catalogue(code)
    items = [*catalogue.measures(), *catalogue.obligations]
    return {(item.id, cp.id) for item in items for cp in item.checkpoints}


@pytest.mark.parametrize("code", available_codes())
def test_every_checkpoint_has_a_guide_and_no_guide_is_stray(code: str) -> None:
    known = _catalogue_checkpoints(code)
    guided = set(guides(code))
    missing = sorted(known - guided)
    assert not missing, f"checkpoints without question/why/evidence_examples: {missing}"
    stray = sorted(guided - known - ANTICIPATED)
    assert not stray, f"guide entries for checkpoints the catalogue does not have: {stray}"


def test_guides_are_plain_sized_and_cite_their_source() -> None:
    questions: dict[str, tuple[str, str]] = {}
    for key, guide in guides().items():
        assert guide.question.endswith("?"), key
        assert len(guide.question) <= QUESTION_MAX, key
        assert len(guide.why) <= WHY_MAX, key
        assert LEGAL_SOURCE.search(guide.why), f"{key}: why names no article, measure or ¶"
        assert 1 <= len(guide.evidence_examples) <= EXAMPLES_MAX, key
        assert all(len(e) <= EXAMPLE_MAX for e in guide.evidence_examples), key
        assert guide.question not in questions, f"{key} repeats {questions[guide.question]}"
        questions[guide.question] = key


def test_guide_for_looks_up_one_checkpoint() -> None:
    guide = guide_for("CR-1.3", "robots-txt")
    assert isinstance(guide, Guide)
    assert "robots.txt" in guide.question
    assert "RFC 9309" in guide.why
    assert guide.evidence_examples
    # Checkpoint ids repeat across measures (aio-submissions): the measure decides.
    assert guide_for("SS-1.4", "aio-submissions") != guide_for("SS-7.7", "aio-submissions")
    assert guide_for("CR-1.3", "no-such-checkpoint") is None
    assert guide_for("XX-9.9", "robots-txt") is None
    with pytest.raises(GuideNotFound):
        guides("1999-01-01")
    assert guides() is guides(CURRENT_CODE)


@pytest.mark.parametrize(
    "entry",
    [
        {"question": "Q?", "why": "Art. 1"},
        {"question": "Q?", "why": "Art. 1", "evidence_examples": ["x"], "extra": 1},
        {"question": " ", "why": "Art. 1", "evidence_examples": ["x"]},
        {"question": "Q?", "why": "", "evidence_examples": ["x"]},
        {"question": "Q?", "why": "Art. 1", "evidence_examples": []},
        {"question": "Q?", "why": "Art. 1", "evidence_examples": ["x", ""]},
        {"question": "Q?", "why": "Art. 1", "evidence_examples": "x"},
        "not a table",
    ],
)
def test_malformed_entries_are_refused(entry: object) -> None:
    with pytest.raises(GuideDataError):
        _entry("test", entry)


def test_status_never_loads_the_guide() -> None:
    example = Path(__file__).resolve().parents[1] / "workbooks" / "example.toml"
    script = (
        "import sys\n"
        "from gpai_tui.cli import main\n"
        "try:\n"
        f"    main(['status', {str(example)!r}, '--as-of', '2026-01-01'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED' if 'gpai_tui.catalogue.walk' in sys.modules else 'LAZY', file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.stderr.strip().endswith("LAZY"), proc.stderr
