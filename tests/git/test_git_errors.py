"""Without git, or outside a repository, the git commands say so clearly and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from gpai_tui.workbook import save_workbook
from tests.git.gitrepo import GIT, Repo, base_workbook, clean_env

GIT_COMMANDS = [
    ["git-setup"],
    ["history", "workbooks/aurora.toml"],
    ["history", "workbooks/aurora.toml", "--at", "2026-08-02"],
    ["diff", "workbooks/aurora.toml", "--rev", "HEAD"],
]


@pytest.fixture
def outside(tmp_path: Path) -> Repo:
    """A folder with a workbook that is not in any git repository."""
    root = tmp_path / "plain"
    (root / "workbooks").mkdir(parents=True)
    save_workbook(base_workbook(), root / "workbooks" / "aurora.toml")
    env = clean_env(tmp_path / "home")
    env["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    return Repo(root, env)


@pytest.mark.parametrize("args", GIT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_without_git_on_path(outside: Repo, tmp_path: Path, args: list[str]) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    proc = outside.gpai(*args, env={**outside.env, "PATH": str(empty)})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "git is not installed or not on PATH" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") <= 3


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.parametrize("args", GIT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_outside_a_repository(outside: Repo, args: list[str]) -> None:
    proc = outside.gpai(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "is not inside a git repository" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (outside.root / ".gitattributes").exists()


def test_commands_that_need_no_git_work_without_it(outside: Repo, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {**outside.env, "PATH": str(empty)}
    wb = "workbooks/aurora.toml"
    assert outside.gpai("textconv", wb, env=env).returncode == 0
    assert outside.gpai("diff", wb, wb, env=env).returncode == 0
    copy = tmp_path / "ours.toml"
    copy.write_bytes((outside.root / wb).read_bytes())
    merged = outside.gpai("merge", wb, str(copy), wb, env=env)
    assert merged.returncode == 0, merged.stderr


def test_merge_of_non_workbooks_needs_git(outside: Repo, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    for name in ("O", "A", "B"):
        (tmp_path / name).write_text("[a]\nx = 1\n")
    sides = [str(tmp_path / n) for n in ("O", "A", "B")]
    proc = outside.gpai("merge", *sides, env={**outside.env, "PATH": str(empty)})
    assert proc.returncode == 2
    assert "git is not installed" in proc.stderr
