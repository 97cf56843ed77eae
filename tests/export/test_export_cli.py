"""``gpai export``: arguments, exit codes, output files, git provenance."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import cli
from gpai_tui.report.export import GitInfo
from gpai_tui.report.export.provenance import git_info
from tests.export.exportkit import AS_OF, EXAMPLE

GIT = shutil.which("git")


def gpai(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gpai_tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "model.toml"
    shutil.copyfile(EXAMPLE, path)
    return path


def test_help_names_every_format_and_audience() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    for word in ("md", "html", "json", "csv", "internal", "aio", "nca", "dp", "public"):
        assert word in result.output
    for option in ("--format", "--audience", "-o, --output", "--as-of"):
        assert option in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "'pdf' is not one of"),
        ([], "Missing option '--format'"),
        (["--format", "md", "--audience", "board"], "'board' is not one of"),
        (["--format", "md", "--as-of", "2026-02-30"], "is not a date"),
        (["--format", "soa", "--audience", "dp"], "is for the internal audience only"),
    ],
)
def test_bad_arguments_exit_2(book: Path, args: list[str], message: str) -> None:
    proc = gpai("export", str(book), *args, cwd=book.parent)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_bad_files_exit_2(book: Path, tmp_path: Path) -> None:
    cases = [
        (["export", str(tmp_path / "missing.toml"), "--format", "md"], "no such file"),
        (["export", str(book), "--format", "md", "-o", str(tmp_path)], "is a directory"),
        (["export", str(book), "--format", "md", "-o", str(book)], "is the workbook itself"),
        (
            ["export", str(book), "--format", "md", "-o", str(tmp_path / "nope" / "x.md")],
            "does not exist",
        ),
    ]
    before = book.read_bytes()
    for args, message in cases:
        proc = gpai(*args, cwd=tmp_path)
        assert proc.returncode == 2, args
        assert message in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert book.read_bytes() == before
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[model\n", encoding="utf-8")
    proc = gpai("export", str(broken), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and "broken.toml" in proc.stderr and proc.stdout == ""


def test_output_file_is_written_and_replaced(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("old", encoding="utf-8")
    proc = gpai("export", str(book), "--format", "md", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("# Compliance report (internal)")
    assert f"wrote {out}" in proc.stderr and proc.stdout == ""
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".gpai-tmp")]


def test_stdout_is_utf8_whatever_the_locale(book: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run(
        [sys.executable, "-m", "gpai_tui", "export", str(book), "--format", "md"],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Aurora Labs GmbH · Aurora-2".encode() in proc.stdout


# --- git provenance ---------------------------------------------------------------------------


def run_git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.mark.skipif(GIT is None, reason="git not installed")
def test_git_states(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "books").mkdir(parents=True)
    book = repo / "books" / "model.toml"
    shutil.copyfile(EXAMPLE, book)
    assert git_info(book, book.read_bytes()) is None  # not a repository yet
    run_git(repo, "init", "-q")
    assert git_info(book, book.read_bytes()) is None  # no commit yet
    (repo / "README").write_text("x", encoding="utf-8")
    run_git(repo, "add", "README")
    run_git(repo, "commit", "-q", "-m", "first")
    info = git_info(book, book.read_bytes())
    assert info is not None and info.state == "untracked"
    run_git(repo, "add", "books/model.toml")
    run_git(repo, "commit", "-q", "-m", "book")
    info = git_info(book, book.read_bytes())
    assert info is not None and info.state == "clean" and len(info.commit) == 40
    book.write_bytes(book.read_bytes() + b"\n")
    modified = git_info(book, book.read_bytes())
    assert modified == GitInfo(info.commit, "modified")

    proc = gpai("export", str(book), "--format", "html", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"{info.commit[:12]} (modified)" in proc.stdout
    proc = gpai("export", str(book), "--format", "md", cwd=tmp_path)
    assert f"**Git commit:** {info.commit[:12]} (modified)" in proc.stdout


def test_git_missing_means_no_commit(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(book.parent))
    assert git_info(book, book.read_bytes()) is None


def test_gitinfo_refuses_non_commit_text() -> None:
    with pytest.raises(ValueError):
        GitInfo("<script>", "clean")
    assert GitInfo("a" * 40, "untracked").describe() == "a" * 12 + " (file not committed)"
