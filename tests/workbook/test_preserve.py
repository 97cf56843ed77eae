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
