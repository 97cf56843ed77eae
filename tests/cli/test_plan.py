"""``gpai plan``: rows, order, owners and targets, CSV guard, CommonMark, folders, bad input."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import main
from gpai_tui.engine import evaluate
from gpai_tui.workbook import load_workbook

EXAMPLE = Path(__file__).resolve().parents[2] / "workbooks" / "example.toml"
AS_OF = "2026-04-01"
BANDS = ("overdue", "dated", "undated")
EVIL_MD = "*boss* [x](http://evil.example) <b>hi</b>"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A systemic-risk model with some "not yet" answers given owners and targets."""
    path = tmp_path / "model.toml"
    new = [
        "new", str(path), "--provider", "Acme AI", "--model", "Acme-1", "--compute", "3e25",
        "--non-eu", "--placed-on-market", "2026-06-01", "--threshold-known", "2026-01-10",
    ]  # fmt: skip
    steps = [
        ["CR-1.3", "--status", "in-progress", "--owner", "m.rossi", "--target", "2026-05-01",
         "--check", "robots-txt"],
        ["CR-1.5", "--owner", '=HYPERLINK("http://evil.example")', "--target", "2026-03-15"],
        ["CR-1.2", "--owner", EVIL_MD],
        ["CR-1.1", "--status", "done", "--evidence", "policy.pdf", "--check", "policy-document"],
        ["CR-1.4", "--status", "done", "--evidence", "filters.md", "--check", "output-safeguards",
         "--check", "aup-prohibition", "--check", "own-and-supplied"],
        ["SS-10.2", "--status", "not-applicable", "--justification", "similarly safe model"],
    ]  # fmt: skip
    assert run(capsys, *new)[0] == 0
    for step in steps:
        code, _, err = run(capsys, "set", str(path), *step)
        assert code == 0, err
    return path


def parse_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def assert_plan_order(rows: list[dict[str, str]], order: dict[str, int]) -> None:
    """Bands in order; dates ascending inside a band; ties in workbook then catalogue order."""
    keys = [
        (
            BANDS.index(r["band"]),
            r["legal_date"] or "9999-12-31",
            r["workbook"],
            order.get(r["id"], len(order)),
        )
        for r in rows
    ]
    assert keys == sorted(keys)


def test_plan_rows_and_order(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", str(workbook), "--format", "csv", "--as-of", AS_OF)
    assert code == 0, err
    rows = parse_csv(out)
    by_id = {r["id"]: r for r in rows}
    evaluation = evaluate(load_workbook(workbook), date.fromisoformat(AS_OF))

    # Every applicable item is listed except the one done with every required tick and
    # evidence; the not-applicable one is gone; done-with-gaps stays, flagged.
    applicable = {i.id for i in evaluation.items if i.applicable}
    assert "SS-10.2" not in applicable
    assert set(by_id) == applicable - {"CR-1.4"}
    assert len(rows) == len(by_id)
    assert by_id["CR-1.1"]["kind"] == "inconsistent"
    assert "not ticked" in by_id["CR-1.1"]["issues"]

    # Overdue first: the Art. 52 notification (threshold known 2026-01-10, 2 weeks), then
    # the Framework (4 weeks after the notification was due).
    assert [(r["id"], r["legal_date"], r["overdue"]) for r in rows[:2]] == [
        ("art-52-notification", "2026-01-24", "yes"),
        ("SS-1.1", "2026-02-21", "yes"),
    ]
    # SS-1.4 counts from the Framework confirmation, not recorded here: no date (§16.1).
    assert [r["id"] for r in rows if r["band"] == "undated"] == ["SS-1.4"]
    assert all(
        r["band"] == "dated" and r["overdue"] == "no" for r in rows[2:] if r["id"] != "SS-1.4"
    )
    assert_plan_order(rows, {i: n for n, i in enumerate(load_catalogue().item_ids())})
    for r in rows:  # every date is the engine's
        item = evaluation.item(r["id"])
        assert r["legal_date"] == (item.due.isoformat() if item.due else "")

    # Owners, targets and open checkpoints as set with gpai set.
    cr13 = by_id["CR-1.3"]
    assert (cr13["status"], cr13["owner"], cr13["target"]) == (
        "in-progress",
        "m.rossi",
        "2026-05-01",
    )
    assert (cr13["open_count"], cr13["required_count"]) == ("3", "4")
    assert "obeys robots.txt" not in cr13["open_checkpoints"]
    assert "Public page on our crawlers" in cr13["open_checkpoints"]
    # The CSV guard of the exports: no cell a spreadsheet would run as a formula.
    assert by_id["CR-1.5"]["owner"] == '\'=HYPERLINK("http://evil.example")'
    assert by_id["CR-1.5"]["target"] == "2026-03-15"


def test_plan_markdown_is_commonmark(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", str(workbook), "--as-of", AS_OF)
    assert code == 0, err
    tokens = MarkdownIt("commonmark").parse(out)
    headings = [
        tokens[n + 1].content
        for n, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    assert headings[0].startswith("Overdue (2)")
    assert headings[1].startswith("With a legal date")
    # One top-level numbered entry per plan row, numbered straight through the bands.
    entries = [t for t in tokens if t.type == "list_item_open" and t.level in (1,)]
    code, csv_out, _ = run(capsys, "plan", str(workbook), "--format", "csv", "--as-of", AS_OF)
    rows = parse_csv(csv_out)
    assert len(entries) == len(rows)
    assert [t.info for t in entries] == [str(n) for n in range(1, len(rows) + 1)]
    # User text stays text: no link, no HTML, no emphasis from an owner's name.
    html = MarkdownIt("commonmark").render(out)
    assert "evil.example" in html
    assert "<a " not in html and "<b>" not in html and "<em>" not in html
    assert "*boss* [x](http://evil.example) &lt;b&gt;hi&lt;/b&gt;" in html
    assert "Owner: m.rossi · Target: 2026-05-01" in out


def test_plan_of_a_folder(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "example.toml")
    (tmp_path / "sub").mkdir()
    code, _, _ = run(capsys, "new", str(tmp_path / "sub" / "later.toml"), "--provider", "Beta",
                     "--model", "B-1", "--compute", "1e24")  # fmt: skip
    assert code == 0
    (tmp_path / "broken.toml").write_text("this is = = not toml\n", encoding="utf-8")

    code, out, err = run(capsys, "plan", str(tmp_path), "--format", "csv", "--as-of", AS_OF)
    assert code == 2  # the unreadable workbook is reported, the others still listed
    assert "broken.toml" in err
    rows = parse_csv(out)
    assert {r["workbook"] for r in rows} == {"model.toml", "example.toml", "sub/later.toml"}
    assert_plan_order(rows, {i: n for n, i in enumerate(load_catalogue().item_ids())})
    assert rows[-1]["band"] == "undated" and rows[-1]["workbook"] == "sub/later.toml"
    assert any(r["kind"] == "incident-report" and r["workbook"] == "example.toml" for r in rows)
    # Each workbook's rows are that workbook's own plan.
    code, single, _ = run(capsys, "plan", str(workbook), "--format", "csv", "--as-of", AS_OF)
    mine = [r["id"] for r in rows if r["workbook"] == "model.toml"]
    assert mine == [r["id"] for r in parse_csv(single)]

    code, out, _ = run(capsys, "plan", str(tmp_path), "--as-of", AS_OF)
    assert "- Workbook: sub/later.toml" in out
    assert "## Without a legal date" in out


def test_plan_warns_of_merge_conflicts(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = workbook.read_text(encoding="utf-8")
    text += '\n[conflicts."measures.CR-1.3.owner"]\nours = "m.rossi"\ntheirs = "a.lind"\n'
    workbook.write_text(text, encoding="utf-8")
    assert load_workbook(workbook).conflicts
    code, out, err = run(capsys, "plan", str(workbook), "--as-of", AS_OF)
    assert code == 0
    assert "1 unresolved merge conflict;" in err
    assert "**Warning:**" in out and "1 unresolved merge conflict;" in out
    code, out, err = run(capsys, "plan", str(workbook.parent), "--format", "csv", "--as-of", AS_OF)
    assert code == 0 and "model.toml: 1 unresolved merge conflict;" in err
    assert "Warning" not in out  # the CSV stays rows only


@pytest.mark.parametrize(
    "args",
    [
        ["missing.toml"],
        ["empty-dir"],
        ["bad.toml"],
        ["good.toml", "--format", "html"],
        ["good.toml", "--as-of", "2026-02-30"],
    ],
)
def test_plan_bad_input(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "bad.toml").write_text("[model\n", encoding="utf-8")
    shutil.copy(EXAMPLE, tmp_path / "good.toml")
    code, out, err = run(capsys, "plan", str(tmp_path / args[0]), *args[1:])
    assert code == 2
    assert out == ""
    assert err.strip() and "Traceback" not in err
