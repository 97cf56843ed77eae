"""Issue 15, the CLI: at 80 columns and in a pipe every column that matters survives;
one spelling of each status (words in prose, keywords in data); singular and plural."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from gpai_tui.cli import cli
from gpai_tui.engine import evaluate
from gpai_tui.engine.diff import diff_workbooks
from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.engine.history import history_point
from gpai_tui.gitutil import Commit
from gpai_tui.report.diff import summary_line
from gpai_tui.report.history import history_report
from gpai_tui.tui.labels import status_words
from gpai_tui.words import STATUS_TEXT
from gpai_tui.workbook import load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
GOLDEN = ROOT / "tests" / "export" / "golden"
AS_OF = "2026-11-15"


def _pipe(*args: str, columns: int = 80) -> str:
    """The command's stdout as in a pipe (no terminal) at ``columns`` wide."""
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(cli, [*args, "--as-of", AS_OF])
    assert result.exit_code in (0, 2), result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    return result.stdout


def test_status_at_80_columns_keeps_status_owner_and_titles() -> None:
    out = _pipe("status", str(EXAMPLE))
    words = out.split()
    table = out[out.index("Outstanding:") :]
    assert "…" not in table
    evaluation = evaluate(load_workbook(EXAMPLE), date.fromisoformat(AS_OF))
    assert evaluation.outstanding
    for entry in evaluation.outstanding:
        line = next(li for li in table.splitlines() if li.startswith(entry.id))
        assert (entry.owner or "—") in line.split()  # whole, on the id's line
        assert f" {STATUS_TEXT[entry.status]}" in line
        assert all(word in words for word in entry.title.split())  # wrapped, not dropped
        if entry.overdue:
            assert (
                "OVERDUE" in line
                or "OVERDUE" in table.splitlines()[table.splitlines().index(line) + 1]
            )
    flagged = [o for o in evaluation.outstanding if o.inconsistent]
    assert flagged and all(
        "INCONSISTENT" in next(li for li in table.splitlines() if li.startswith(o.id))
        for o in flagged
    )
    assert "in-progress" not in out and "todo" not in words


def test_a_long_owner_folds_and_never_pushes_the_status_out(tmp_path: Path) -> None:
    from gpai_tui.workbook import save_workbook

    owner = "Jane Longname-Smithson, Head of Compliance and Legal Affairs (EU)"
    workbook = load_workbook(EXAMPLE)
    apply_edit(workbook, "TR-1.1", Edit(owner=owner))
    save_workbook(workbook, tmp_path / "wb.toml")
    for columns in (80, 120):
        out = _pipe("status", str(tmp_path / "wb.toml"), columns=columns)
        lines = out.splitlines()
        row = next(n for n, li in enumerate(lines) if "TR-1.1" in li.split())
        assert "in progress" in lines[row]
        header = next(li for li in lines if "Owner" in li and "Status" in li)
        left, right = header.index("Owner"), header.index("Status")
        cells = [li[left:right].strip() for li in lines[row : row + 8]]
        assert owner.replace(" ", "") in "".join(cells).replace(" ", "")  # folded, whole
        assert "…" not in out[out.index("Outstanding:") :]


def test_status_of_a_folder_at_80_columns_keeps_file_names_whole(tmp_path: Path) -> None:
    short = "aurora-2-frontier-model-workbook.toml"
    long = "sub/" + "a-very-long-name-for-another-model-workbook-file" * 2 + ".toml"
    for name in (short, long):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    out = _pipe("status", str(tmp_path))
    assert "…" not in out
    assert any(line.split()[:1] == [short] for line in out.splitlines())
    first_cells = "".join(line.split(" ")[0] for line in out.splitlines())
    assert long in first_cells  # folded over lines, every character kept
    for header in ("Complete", "Done", "Open", "Late", "Incons."):
        assert header in out.splitlines()[0]
    assert "Open: outstanding obligations" in out


def test_history_at_80_columns_keeps_every_chapter_column_and_its_legend() -> None:
    data = EXAMPLE.read_bytes()
    subject = "A long commit subject that cannot fit at eighty columns next to the figures"
    points = [
        history_point(
            Commit("a" * 40, datetime(2026, month, 1, tzinfo=UTC), "Jane Doe", subject, "wb.toml"),
            lambda _: data,
        )
        for month in (3, 9)
    ]
    buffer = io.StringIO()
    Console(file=buffer, width=80, markup=False, highlight=False).print(
        history_report("wb.toml", points)
    )
    out = buffer.getvalue()
    lines = out.splitlines()
    header = next(li for li in lines if li.startswith("Date"))
    for column in ("Overall", "TR", "CR", "SS", "Open", "Late", "Author:"):
        assert column in header.split(), column
    rows = [li for li in lines if li.startswith("2026-")]
    assert len(rows) == 2 and all(li.count("%") == 4 for li in rows)
    legend = " ".join(" ".join(lines[lines.index(rows[-1]) + 1 :]).split())
    for short, title in (("TR", "Transparency"), ("CR", "Copyright"), ("SS", "Safety")):
        assert f"{short}: {title}" in legend
    assert "Open: outstanding" in legend and "Late: overdue" in legend


def test_one_spelling_per_status_in_prose_and_data() -> None:
    workbook = load_workbook(EXAMPLE)
    evaluation = evaluate(workbook, date.fromisoformat(AS_OF))
    in_progress = next(i for i in evaluation.items if i.status == "in-progress" and i.applicable)
    assert status_words(in_progress).startswith("in progress")  # TUI labels
    for golden in GOLDEN.iterdir():
        text = golden.read_text(encoding="utf-8-sig")
        if golden.suffix == ".json":  # data: the keyword
            found = [m.get("status") for m in _all_dicts(json.loads(text))]
            statuses = {s for s in found if isinstance(s, str)}
            assert "in-progress" in statuses or golden.stem.split(".")[1] != "internal"
            assert not statuses & {"in progress", "to do", "not applicable"}, golden.name
        else:  # prose: the words
            assert "in-progress" not in text, golden.name


def _all_dicts(value: object) -> list[dict[str, object]]:
    if isinstance(value, dict):
        return [value, *(d for v in value.values() for d in _all_dicts(v))]
    if isinstance(value, list):
        return [d for v in value for d in _all_dicts(v)]
    return []


def test_diff_counts_are_singular_or_plural() -> None:
    old = load_workbook(EXAMPLE)
    new = old.model_copy(deep=True)
    for item_id in ("CR-1.1", "CR-1.2", "CR-1.3", "CR-1.4"):
        apply_edit(new, item_id, Edit(notes=f"reviewed {item_id}"))
    line = summary_line(diff_workbooks(old, new, date.fromisoformat(AS_OF)))
    assert "1 more item changed" in line and "items" not in line
    apply_edit(new, "CR-1.5", Edit(notes="reviewed"))
    assert "2 more items changed" in summary_line(
        diff_workbooks(old, new, date.fromisoformat(AS_OF))
    )
