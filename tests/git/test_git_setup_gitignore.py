"""`gpai git-setup` offers to add the lock and temp file patterns to .gitignore (issue 15)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import cli
from gpai_tui.cli.commands import git_setup
from tests.git.gitrepo import GIT, clean_env

PATTERNS = (".*.gpai-lock", ".*.gpai-tmp")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if GIT is None:
        pytest.skip("git is not installed")
    home = tmp_path / "home"
    home.mkdir()
    for key, value in clean_env(home).items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("build/\n.*.gpai-tmp\n")  # one already there
    return repo


def _setup(root: Path, *flags: str, answer: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["git-setup", "--repo", str(root), *flags], input=answer)
    assert result.exit_code == 0, result.output
    return result.output


def _ignored(root: Path, name: str) -> bool:
    check = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", name], check=False)
    return check.returncode == 0


def test_gitignore_flag_adds_the_patterns_once(root: Path) -> None:
    out = _setup(root, "--gitignore")
    text = (root / ".gitignore").read_text()
    assert text.startswith("build/\n.*.gpai-tmp\n")  # kept as it was
    assert all(text.splitlines().count(p) == 1 for p in PATTERNS)
    assert ".gitignore: added `.*.gpai-lock`" in out
    assert ".gitignore: added `.*.gpai-tmp`" not in out
    for name in ("workbooks/.aurora.toml.gpai-lock", "workbooks/.aurora.toml.123.ab.gpai-tmp"):
        assert _ignored(root, name), name
    assert not _ignored(root, "workbooks/aurora.toml")

    again = _setup(root, "--gitignore")  # idempotent
    assert "nothing changed" in again
    assert (root / ".gitignore").read_text() == text


def test_without_the_flag_it_asks_in_a_terminal_only(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (root / ".gitignore").read_text()
    piped = _setup(root)  # no terminal: leaves it alone, says how
    assert (root / ".gitignore").read_text() == before
    assert "gpai git-setup --gitignore" in piped

    monkeypatch.setattr(git_setup, "_interactive", lambda: True)
    declined = _setup(root, answer="n\n")
    assert "Add .*.gpai-lock" in declined
    assert (root / ".gitignore").read_text() == before
    assert "--gitignore" not in declined.split("?", 1)[1]  # no hint after a no

    accepted = _setup(root, answer="y\n")
    assert ".gitignore: added `.*.gpai-lock`" in accepted
    assert all(p in (root / ".gitignore").read_text().splitlines() for p in PATTERNS)
    assert "Add" not in _setup(root)  # nothing left to offer: no question
    assert "--gitignore" not in _setup(root, "--no-gitignore")
