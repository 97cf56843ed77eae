"""The comment-keeping edit path (``workbook/preserve.py``).

The property: on a comment-free canonical file, applying any other workbook through
the edit path gives exactly the canonical writer's bytes for that workbook, so the
edit path never drifts from the canonical form the one-line-diff promises rely on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

from gpai_tui.workbook import Conflict, Workbook, dumps_workbook, load_workbook
from gpai_tui.workbook.io import parse_workbook
from gpai_tui.workbook.preserve import CannotPreserve, edit_text, render
from gpai_tui.workbook.writer import header_line, to_document
from tests.workbook.conftest import EXAMPLE
from tests.workbook.test_roundtrip import workbooks


def _inline_table_in_array(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_inline_table_in_array(v) for v in value.values())
    if isinstance(value, list):
        return any(isinstance(v, dict) or _inline_table_in_array(v) for v in value)
    return False


def _table_sides(workbook: Workbook) -> bool:
    sides = [(c.ours, c.theirs, c.base) for c in workbook.conflicts.values()]
    return any(isinstance(side, dict) for three in sides for side in three)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking these takes minutes
)
@given(workbooks(), workbooks())
def test_edit_path_on_a_canonical_file_gives_canonical_bytes(old: Workbook, new: Workbook) -> None:
    new = new.model_copy(update={"code": old.code})
    # Tables inside arrays (only conflict records can hold them) are the one thing
    # tomlkit spaces differently: that case falls back (next test).
    assume(not _inline_table_in_array(to_document(new)))
    # A conflict record whose sides are tables (added, removed, or changed in place into
    # another shape) can be spaced or headed differently from the canonical writer: same data,
    # other layout (the edit path re-reads its output and compares the data).
    # Removed, too: tomlkit may leave one more blank line where such a record was (found
    # by Hypothesis: an old record with table sides, a new empty one after it).
    assume(not _table_sides(new) and not _table_sides(old))
    before = dumps_workbook(old)
    after = edit_text(before, to_document(new), header_line(new))
    assert after == dumps_workbook(new)


def test_a_value_tomlkit_cannot_write_canonically_falls_back_with_a_notice() -> None:
    workbook = load_workbook(EXAMPLE)
    text = EXAMPLE.read_text().replace('[measures."TR-1.1"]', '# mine\n[measures."TR-1.1"]')
    workbook.conflicts["model.name"] = Conflict(
        ours="a", theirs=[{"at": datetime(2026, 1, 2, 3, 4, 5, 6)}], base="b"
    )
    rendered = render(workbook, text)
    assert rendered.text == dumps_workbook(workbook)
    assert rendered.notice is not None and "comments could not be kept" in rendered.notice
    with pytest.raises(CannotPreserve):
        edit_text(text, to_document(workbook), header_line(workbook))


def test_a_file_that_is_not_toml_any_more_falls_back() -> None:
    workbook = load_workbook(EXAMPLE)
    rendered = render(workbook, "# note\nformat = = 1\n")
    assert rendered.text == dumps_workbook(workbook) and rendered.notice


def test_a_removed_last_sub_table_then_a_new_table_gives_one_blank_line() -> None:
    # Found by Hypothesis on a fresh clone: tomlkit leaves a Null where a deleted
    # sub-table was, so the table before a new one looked as if it did not end in a
    # blank line and got a second one.
    base = load_workbook(EXAMPLE).model_copy(update={"training_summary": {}, "conflicts": {}})
    old = base.model_copy(update={"mdf": {**base.mdf, "input-max-size": {"text": "1M tokens"}}})
    mdf = {k: v for k, v in base.mdf.items() if not isinstance(v, dict)}
    new = base.model_copy(
        update={"mdf": mdf, "conflicts": {"model.name": Conflict(ours="a", theirs="b", base=None)}}
    )
    after = edit_text(dumps_workbook(old), to_document(new), header_line(new))
    assert after == dumps_workbook(new)


@pytest.mark.parametrize("removed", ["nothing", "sub-table", "sub-table and last value"])
def test_a_new_last_sub_table_before_another_table_gives_one_blank_line(removed: str) -> None:
    # Found by Hypothesis on a fresh clone: a sub-table added at the end of [mdf] went in
    # before the blank line the parsed [mdf] keeps above [conflicts...] (or before the
    # Null a removed value leaves there), and brought its own: two blank lines.
    base = load_workbook(EXAMPLE).model_copy(update={"training_summary": {}})
    flat = {k: v for k, v in base.mdf.items() if not isinstance(v, dict)}
    gone = {"data-points-aio": {"text": "1"}} if removed != "nothing" else {}
    kept = dict(flat)
    if removed == "sub-table and last value":
        written = [k for k, v in to_document(base)["mdf"].items() if not isinstance(v, dict)]
        del kept[written[-1]]
    old = base.model_copy(
        update={"mdf": flat | gone, "conflicts": {"x": Conflict(ours=1, theirs=2, base=None)}}
    )
    new = base.model_copy(
        update={
            "mdf": kept | {"data-points-nca": {"text": "2"}},
            "conflicts": {"y": Conflict(ours=1, theirs=2, base=None)},
        }
    )
    after = edit_text(dumps_workbook(old), to_document(new), header_line(new))
    assert after == dumps_workbook(new)


@pytest.mark.parametrize("direction", ["values removed", "values added"])
def test_a_table_of_only_sub_tables_is_written_without_its_header(direction: str) -> None:
    # Found by Hypothesis: [mdf] that lost all its plain values kept a bare "[mdf]" line
    # the canonical writer leaves out; the other way round, the first plain value added
    # to a header-less [mdf] had no blank line before the sub-tables.
    base = load_workbook(EXAMPLE).model_copy(update={"training_summary": {}, "conflicts": {}})
    only_tables = {"input-max-size": {"text": "1M tokens"}}
    with_values = {**base.mdf, **only_tables}
    mdf_old, mdf_new = (with_values, only_tables)
    if direction == "values added":
        mdf_old, mdf_new = mdf_new, mdf_old
    old = base.model_copy(update={"mdf": mdf_old})
    new = base.model_copy(update={"mdf": mdf_new})
    after = edit_text(dumps_workbook(old), to_document(new), header_line(new))
    assert after == dumps_workbook(new)


def test_a_bare_table_header_with_a_comment_is_kept() -> None:
    base = load_workbook(EXAMPLE).model_copy(update={"training_summary": {}, "conflicts": {}})
    only_tables = {"input-max-size": {"text": "1M tokens"}}
    old = base.model_copy(update={"mdf": {**base.mdf, **only_tables}})
    text = dumps_workbook(old).replace("\n[mdf]\n", "\n[mdf]  # the form\n")
    new = base.model_copy(update={"mdf": only_tables})
    after = edit_text(text, to_document(new), header_line(new))
    assert "[mdf]  # the form\n" in after
    assert parse_workbook(after.encode()).mdf == only_tables


def test_a_canonical_file_with_a_hash_in_a_string_skips_the_comment_keeping_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The example's evidence has URL fragments ("...pdf#s2"): a "#" that is no comment.
    # Its saves took the tomlkit path (~30 ms) for nothing; the canonical check is ~5 ms.
    import gpai_tui.workbook.preserve as preserve

    text = EXAMPLE.read_text(encoding="utf-8")
    assert "#s2" in text and preserve.may_have_comments(text)
    workbook = load_workbook(EXAMPLE)
    workbook.measures["CR-1.3"].owner = "someone else"

    def refuse(*_: object) -> str:
        raise AssertionError("the comment-keeping path ran on a canonical file")

    monkeypatch.setattr(preserve, "edit_text", refuse)
    rendered = render(workbook, text)
    assert rendered.text == dumps_workbook(workbook) and rendered.notice is None
    # One real comment, and the careful path runs again.
    with pytest.raises(AssertionError, match="comment-keeping path ran"):
        render(workbook, text.replace("\n[model]\n", "\n# mine\n[model]\n"))
