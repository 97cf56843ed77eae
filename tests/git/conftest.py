"""Fixtures for the git workflow tests (helpers in ``gitrepo.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gpai_tui.workbook import Workbook, save_workbook
from tests.git.gitrepo import GIT, WORKBOOK, Repo, base_workbook, clean_env


@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return clean_env(home)


@pytest.fixture
def make_repo(tmp_path: Path, git_env: dict[str, str]) -> Callable[..., Repo]:
    """Build a repository holding ``workbooks/aurora.toml`` (committed), optionally set up."""
    if GIT is None:
        pytest.skip("git is not installed")

    def build(setup: bool = True, workbook: Workbook | None = None, **_: Any) -> Repo:
        root = tmp_path / "repo"
        root.mkdir()
        repo = Repo(root, git_env)
        repo.git("init", "-q", "-b", "main")
        (root / "workbooks").mkdir()
        save_workbook(workbook or base_workbook(), root / WORKBOOK)
        if setup:
            proc = repo.gpai("git-setup")
            assert proc.returncode == 0, proc.stderr
        repo.commit("Start the workbook", "2026-01-01")
        return repo

    return build


@pytest.fixture
def repo(make_repo: Callable[..., Repo]) -> Repo:
    return make_repo()
