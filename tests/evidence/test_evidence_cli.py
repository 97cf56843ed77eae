"""``gpai evidence add|verify`` and ``gpai check --evidence``: hashes, states, exit codes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import main
from gpai_tui.workbook import load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"


class Result:
    """Exit code and output (stdout and stderr) of one in-process run."""

    def __init__(self, exit_code: int, output: str) -> None:
        self.exit_code, self.output = exit_code, output


def gpai(*args: str) -> Result:
    """Run gpai in this process, with the real error handling (usage errors exit 2)."""
    with CliRunner().isolation() as streams:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        output = streams[0].getvalue().decode() + streams[1].getvalue().decode()
    return Result(code, output)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the example in ``books/`` and one evidence file."""
    root = tmp_path / "repo"
    (root / "books" / "policies").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    shutil.copy(EXAMPLE, root / "books" / "wb.toml")
    (root / "books" / "policies" / "crawler.md").write_text("v1\n")
    (root / "shared.pdf").write_bytes(b"%PDF shared")
    return root


def test_add_records_the_hash_and_upgrades_one_line(repo: Path) -> None:
    book = repo / "books" / "wb.toml"
    before = book.read_text().splitlines()
    result = gpai(
        "evidence", "add", str(book), "CR-1.3", "policies/crawler.md",
        "--review-by", "2027-01-31", "--label", "Crawler policy",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = book.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    item = load_workbook(book).measures["CR-1.3"].evidence[0]
    assert item.ref == "policies/crawler.md"
    assert item.sha256 == hashlib.sha256(b"v1\n").hexdigest()
    assert item.review_by is not None and item.review_by.isoformat() == "2027-01-31"
    assert item.label == "Crawler policy" and item.added is not None
    # a path that climbs out of the workbook's folder but stays in the repository is fine
    assert gpai("evidence", "add", str(book), "CR-1.1", "../shared.pdf").exit_code == 0


def test_verify_reports_every_state_with_the_right_exit_code(repo: Path) -> None:
    book = repo / "books" / "wb.toml"
    policies = repo / "books" / "policies"
    (policies / "gone.md").write_text("soon gone\n")
    (policies / "escape").symlink_to("/etc/passwd")
    for ref in ("policies/crawler.md", "policies/gone.md"):
        assert gpai("evidence", "add", str(book), "CR-1.3", ref).exit_code == 0
    text = book.read_text()
    only = (
        '[measures."CR-1.3"]\nstatus = "in-progress"\nevidence = [\n'
        + "".join(
            f"    {line.strip()}\n"
            for line in text.split('[measures."CR-1.3"]')[1].split("evidence = [\n")[1]
            .split("]\n")[0].splitlines()
        )
        + '    "policies/escape",\n    "../../../../../../etc/passwd",\n'
        '    "https://example.org/never-fetched",\n]\n'
    )  # fmt: skip
    header = text.split("[measures.")[0]
    book.write_text(header + only)
    ok = gpai("evidence", "verify", str(book))
    assert ok.exit_code == 1, ok.output  # refused paths fail the check too
    assert "ok        CR-1.3  policies/crawler.md" in ok.output
    assert "REFUSED   CR-1.3  policies/escape  (outside the repository" in ok.output
    assert "REFUSED   CR-1.3  ../../../../../../etc/passwd" in ok.output
    assert "url       CR-1.3  https://example.org/never-fetched  (not fetched" in ok.output
    (policies / "crawler.md").write_text("v2\n")
    (policies / "gone.md").unlink()
    bad = gpai("evidence", "verify", str(repo / "books"))
    assert bad.exit_code == 1
    assert "CHANGED   CR-1.3  policies/crawler.md" in bad.output
    assert hashlib.sha256(b"v1\n").hexdigest() in bad.output
    assert hashlib.sha256(b"v2\n").hexdigest() in bad.output
    assert "MISSING   CR-1.3  policies/gone.md" in bad.output
    gate = gpai("check", str(book), "--evidence")
    assert gate.exit_code == 1
    assert "CR-1.3 evidence policies/crawler.md: changed since it was recorded" in gate.output
    assert "CR-1.3 evidence policies/gone.md: missing" in gate.output


def test_verify_exits_0_when_everything_checks_out(repo: Path) -> None:
    book = repo / "books" / "wb.toml"
    header = book.read_text().split("[measures.")[0]
    book.write_text(
        header + '[measures."CR-1.3"]\nevidence = [\n    "policies/crawler.md",\n'
        '    "https://example.org/x",\n]\n'
    )
    assert gpai("evidence", "add", str(book), "CR-1.3", "policies/crawler.md").exit_code == 0
    result = gpai("evidence", "verify", str(book))
    assert result.exit_code == 0, result.output
    assert "2 evidence items (2 ok or not checkable, 0 failing)" in result.output
    assert gpai("check", str(book), "--evidence").exit_code == 0


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("../../../../../../etc/passwd", "outside the repository"),
        ("policies/link", "outside the repository"),
        ("policies/none.md", "no such file"),
        ("policies", "not a regular file"),
        ("policies/fifo", "not a regular file"),
    ],
)
def test_add_refuses_what_cannot_be_recorded(repo: Path, ref: str, message: str) -> None:
    book = repo / "books" / "wb.toml"
    (repo / "books" / "policies" / "link").symlink_to("/etc/hostname")
    os.mkfifo(repo / "books" / "policies" / "fifo")
    before = book.read_bytes()
    result = gpai("evidence", "add", str(book), "CR-1.3", ref)
    assert result.exit_code == 2
    assert message in result.output
    assert book.read_bytes() == before


def test_outside_git_the_boundary_is_the_workbook_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "wb.toml")
    (tmp_path / "sibling.md").write_text("x")
    (folder / "in.md").write_text("y")
    book = folder / "wb.toml"
    assert gpai("evidence", "add", str(book), "CR-1.3", "in.md").exit_code == 0
    result = gpai("evidence", "add", str(book), "CR-1.3", "../sibling.md")
    assert result.exit_code == 2 and "outside the repository" in result.output


def test_set_review_months_writes_one_line_and_zero_clears(repo: Path) -> None:
    book = repo / "books" / "wb.toml"
    before = book.read_text().splitlines()
    assert gpai("set", str(book), "CR-1.3", "--review-months", "6").exit_code == 0
    after = book.read_text().splitlines()
    assert [line for line in after if line not in before] == ["review_months = 6"]
    assert load_workbook(book).measures["CR-1.3"].review_months == 6
    assert gpai("set", str(book), "CR-1.3", "--review-months", "0").exit_code == 0
    assert book.read_text().splitlines() == before
    assert gpai("set", str(book), "CR-1.3", "--review-months", "121").exit_code == 2


def test_add_keeps_hand_written_comments_and_stays_canonical(repo: Path) -> None:
    """Through the comment-keeping save: the upgraded line keeps its comment, nothing else
    moves, and without the comments the file is exactly the canonical text."""
    from gpai_tui.workbook import dumps_workbook

    book = repo / "books" / "wb.toml"
    text = book.read_text()
    commented = text.replace(
        '    "policies/crawler.md",', '    "policies/crawler.md",  # the crawler policy', 1
    ).replace('[measures."CR-1.3"]', '# crawler measure\n[measures."CR-1.3"]', 1)
    book.write_text(commented)
    args = ["--review-by", "2027-01-01"]
    assert gpai("evidence", "add", str(book), "CR-1.3", "policies/crawler.md", *args).exit_code == 0
    assert gpai("evidence", "add", str(book), "CR-1.3", "https://x.example/a", *args).exit_code == 0
    after = book.read_text()
    assert "# crawler measure" in after
    upgraded = [line for line in after.splitlines() if "# the crawler policy" in line]
    assert len(upgraded) == 1 and upgraded[0].startswith('    { ref = "policies/crawler.md"')
    assert upgraded[0].endswith(" },  # the crawler policy")
    plain = after.replace("  # the crawler policy", "").replace("# crawler measure\n", "")
    assert plain == dumps_workbook(load_workbook(book))
