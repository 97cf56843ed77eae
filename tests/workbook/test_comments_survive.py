"""Hand-written comments survive every save path: ``gpai set``, a TUI save and a merge.

Five placements an officer uses: a note at the top of the file, a banner on its own
line between two tables (above a measure's table), a comment at the end of a value
line, one inside an evidence array, and one at the end of a table header line.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from gpai_tui.workbook import dumps_workbook, load_workbook
from tests.workbook.conftest import EXAMPLE

COMMENTS = {
    "top": "# Aurora-2 compliance file: ask j.keller before large edits.",
    "between": "# ---- Copyright chapter: reviewed by outside counsel ----",
    "end-of-value": "# until the reorganisation in Q3",
    "in-array": "# the public one is linked from the model card",
    "header": "# crawler team owns this",
}


def commented(text: str) -> str:
    """The example with the five comments placed by hand."""
    text = COMMENTS["top"] + "\n" + text
    text = text.replace(
        '\n[measures."CR-1.1"]\n', f'\n{COMMENTS["between"]}\n\n[measures."CR-1.1"]\n'
    )
    text = text.replace(
        'owner = "j.keller"\n', f'owner = "j.keller"  {COMMENTS["end-of-value"]}\n', 1
    )
    text = text.replace(
        '    "docs/mdf/aurora-2-v2.1.pdf",\n',
        f'    "docs/mdf/aurora-2-v2.1.pdf",\n    {COMMENTS["in-array"]}\n',
    )
    text = text.replace('[measures."CR-1.3"]\n', f'[measures."CR-1.3"]  {COMMENTS["header"]}\n')
    assert all(c in text for c in COMMENTS.values())
    return text


def gpai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gpai_tui", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "aurora.toml"
    path.write_text(commented(EXAMPLE.read_text()))
    return path


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d[0] == "-"], [d[2:] for d in diff if d[0] == "+"]


def test_gpai_set_keeps_all_five_and_changes_only_the_values(workbook: Path) -> None:
    before = workbook.read_text()
    result = gpai(
        "set", str(workbook), "TR-1.1", "--status", "done", "--evidence", "docs/new.pdf",
        "--check", "retention-rule",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "comments" not in result.stderr
    after = workbook.read_text()
    for comment in COMMENTS.values():
        assert comment in after
    removed, added = changed_lines(before, after)
    assert removed == ['status = "in-progress"', "retention-rule = false"]
    assert added == ['status = "done"', '    "docs/new.pdf",', "retention-rule = true"]
    assert after.index(COMMENTS["in-array"]) < after.index('"docs/new.pdf"')
    # Same data as the canonical save would have written.
    assert dumps_workbook(load_workbook(workbook)) == gpai_canonical(before, workbook)


def gpai_canonical(before: str, path: Path) -> str:
    """What a canonical save of the same edit gives."""
    from gpai_tui.engine.edit import Edit, apply_edit

    plain = load_workbook(EXAMPLE)
    edit = Edit(status="done", add_evidence=("docs/new.pdf",), check=("retention-rule",))
    apply_edit(plain, "TR-1.1", edit)
    return dumps_workbook(plain)


def test_gpai_fmt_rewrites_canonically_and_says_comments_go(workbook: Path) -> None:
    result = gpai("fmt", str(workbook))
    assert result.returncode == 0, result.stderr
    assert "comments" in result.stderr
    assert workbook.read_text() == EXAMPLE.read_text()


def test_a_tui_save_keeps_all_five(workbook: Path) -> None:
    from gpai_tui.tui.app import make_app
    from tests.tui.conftest import AS_OF, SIZE, run, settle

    before = workbook.read_text()
    app = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"CR-1.3", "enter")
            await settle(pilot)
            assert app.current_item() == "CR-1.3"
            await pilot.press("space", "ctrl+s")
            await settle(pilot)
            assert not app.dirty

    run(scenario)
    after = workbook.read_text()
    for comment in COMMENTS.values():
        assert comment in after
    removed, added = changed_lines(before, after)
    assert len(removed) == len(added) == 1  # one checkpoint line, nothing else
    assert removed[0].split(" = ")[0] == added[0].split(" = ")[0]


def test_the_merge_driver_keeps_ours_comments(workbook: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    theirs = tmp_path / "theirs.toml"
    base.write_text(EXAMPLE.read_text())
    theirs.write_text(EXAMPLE.read_text())
    assert gpai("set", str(theirs), "CR-1.2", "--owner", "theirs.owner").returncode == 0
    assert gpai("set", str(workbook), "TR-1.2", "--status", "todo").returncode == 0
    result = gpai("merge", str(base), str(workbook), str(theirs), "workbooks/aurora.toml")
    assert result.returncode == 0, result.stderr
    merged = workbook.read_text()
    for comment in COMMENTS.values():
        assert comment in merged
    data = load_workbook(workbook)
    assert data.get_entry("CR-1.2").owner == "theirs.owner"
    assert data.get_entry("TR-1.2").status == "todo"
