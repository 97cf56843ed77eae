"""Structured evidence: strings and tables load, plain items stay strings, merges key on ref."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gpai_tui.engine.merge import merge_workbooks
from gpai_tui.workbook import (
    EvidenceItem,
    WorkbookError,
    dumps_workbook,
    load_workbook,
    parse_workbook,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"


def test_example_round_trips_byte_identically_and_items_are_plain() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    workbook = load_workbook(EXAMPLE)
    assert dumps_workbook(workbook) == text
    items = [i for e in workbook.measures.values() for i in e.evidence]
    assert items and all(isinstance(i, EvidenceItem) and i.is_plain() for i in items)


def test_upgrading_a_string_is_one_changed_line_and_reads_back() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    workbook = load_workbook(EXAMPLE)
    entry = workbook.entry("CR-1.3")
    old = entry.evidence[0]
    upgraded = EvidenceItem(
        ref=old.ref, sha256=SHA, added=date(2026, 1, 2), review_by=date(2027, 1, 1),
        label='A "quoted" label \u202e with a bidi override',
    )  # fmt: skip
    entry.evidence = [upgraded, *entry.evidence[1:]]
    new_text = dumps_workbook(workbook)
    old_lines, new_lines = text.splitlines(), new_text.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(changed) == 1
    before, after = changed[0]
    assert before == f'    "{old.ref}",'
    assert after.startswith("    { ref = ") and after.endswith(" },")
    assert "\\u202e" in after  # invisible characters are escaped, as everywhere
    assert parse_workbook(new_text.encode()).measures["CR-1.3"].evidence[0] == upgraded


def test_tables_and_strings_mix_and_long_tables_stay_inline() -> None:
    workbook = load_workbook(EXAMPLE)
    entry = workbook.entry("SS-1.1")
    entry.evidence = [
        EvidenceItem(ref="x/" + "long-name-" * 40 + ".pdf", sha256=SHA),
        EvidenceItem(ref="b.md", review_by=date(2027, 3, 1)),
    ]
    text = dumps_workbook(workbook)
    assert "[[" not in text  # never an array of tables
    assert parse_workbook(text.encode()).measures["SS-1.1"].evidence == entry.evidence


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ('{ ref = "a.md", sha = "x" }', "unknown key 'sha'"),
        ('{ ref = "a.md", sha256 = "nothex" }', "sha256"),
        ('{ sha256 = "' + SHA + '" }', "missing required key 'ref'"),
        ('{ ref = "a.md", review_by = "soon" }', "expected a date"),
        ("42", "expected"),
    ],
)
def test_bad_evidence_tables_are_clear_errors(item: str, expected: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    bad = text.replace('    "policies/crawler.md",', f"    {item},", 1)
    assert bad != text
    with pytest.raises(WorkbookError) as caught:
        parse_workbook(bad.encode(), "bad.toml")
    message = str(caught.value)
    assert expected in message and "evidence" in message, message


def test_merge_keeps_an_upgrade_on_one_side_and_an_addition_on_the_other() -> None:
    base = load_workbook(EXAMPLE)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    first = base.measures["CR-1.3"].evidence[0]
    upgraded = EvidenceItem(ref=first.ref, sha256=SHA, added=date(2026, 1, 2))
    ours.entry("CR-1.3").evidence = [upgraded, *base.measures["CR-1.3"].evidence[1:]]
    theirs.entry("CR-1.3").evidence = [*base.measures["CR-1.3"].evidence, EvidenceItem(ref="n.md")]
    merged = merge_workbooks(base, ours, theirs)
    assert merged.workbook.measures["CR-1.3"].evidence == [
        upgraded, *base.measures["CR-1.3"].evidence[1:], EvidenceItem(ref="n.md"),
    ]  # fmt: skip
    assert not merged.workbook.conflicts


def test_merge_of_two_different_upgrades_is_a_conflict_keeping_ours() -> None:
    base = load_workbook(EXAMPLE)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ref = base.measures["CR-1.3"].evidence[0].ref
    mine = EvidenceItem(ref=ref, sha256=SHA)
    other = EvidenceItem(ref=ref, sha256="0" * 64)
    ours.entry("CR-1.3").evidence = [mine]
    theirs.entry("CR-1.3").evidence = [other]
    merged = merge_workbooks(base, ours, theirs)
    assert merged.workbook.measures["CR-1.3"].evidence == [mine]
    conflict = merged.workbook.conflicts["measures.CR-1.3.evidence"]
    assert conflict.theirs == [{"ref": ref, "sha256": "0" * 64}]
    text = dumps_workbook(merged.workbook)  # the conflict record is writable
    assert parse_workbook(text.encode()).conflicts.keys() == merged.workbook.conflicts.keys()


def test_textconv_and_diff_show_evidence_details() -> None:
    from gpai_tui.engine.diff import diff_workbooks
    from gpai_tui.report.textconv import textconv_lines

    old = load_workbook(EXAMPLE)
    new = old.model_copy(deep=True)
    ref = old.measures["CR-1.3"].evidence[0].ref
    new.entry("CR-1.3").evidence = [
        EvidenceItem(ref=ref, sha256=SHA, review_by=date(2027, 1, 1)),
        *old.measures["CR-1.3"].evidence[1:],
    ]
    lines = textconv_lines(new)
    assert f"measure CR-1.3 evidence + {ref}" in lines
    assert f"measure CR-1.3 evidence {ref} sha256 = {SHA}" in lines
    assert f"measure CR-1.3 evidence {ref} review_by = 2027-01-01" in lines
    change = diff_workbooks(old, new, date(2026, 6, 1))
    item = next(i for i in change.items if i.id == "CR-1.3")
    assert item.evidence_updated == (ref,) and not item.evidence_added
