"""Injection through the git commands: commit subjects, author names and workbooks
from a repository are data. ``gpai history`` (plain and ``--json``) and
``gpai diff --rev`` print nothing raw, whatever a cloned repository carries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gpai_tui.cli import LazyGroup
from gpai_tui.workbook import save_workbook
from tests.reliability.conftest import gpai, make_workbook
from tests.reliability.payloads import LITERAL_MARKUP, PAYLOADS, costly, inject, terminal_unsafe

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# NUL cannot be in a commit message or argument; the rest all can.
NAMES = [
    name
    for name, text in PAYLOADS.items()
    if "\x00" not in text and len(text) < 500 and name in costly()
]
"""Payloads git can carry in a commit message, of those :func:`costly` picks."""


def _git(repo: Path, *args: str, author: str = "Officer") -> None:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME=author,
        GIT_AUTHOR_EMAIL="officer@example.com",
        GIT_COMMITTER_NAME="ci",
        GIT_COMMITTER_EMAIL="ci@example.com",
        GIT_AUTHOR_DATE="2026-06-01T12:00:00+00:00",
        GIT_COMMITTER_DATE="2026-06-01T12:00:00+00:00",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_SYSTEM=os.devnull,
    )
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.mark.parametrize("name", NAMES)
def test_history_and_diff_rev(name: str, tmp_path: Path) -> None:
    if not (LazyGroup._available("history") and LazyGroup._available("diff")):
        pytest.skip("the git commands do not exist yet")
    payload = PAYLOADS[name]
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    path = repo / "model.toml"
    save_workbook(make_workbook(), path)
    _git(repo, "add", "model.toml")
    _git(repo, "commit", "-q", "-m", "start")
    save_workbook(inject(payload), path)
    _git(repo, "add", "model.toml")
    _git(repo, "commit", "-q", "-m", f"subject {payload}", author=f"A {payload[:60]} Z")
    for args in (
        ["history", str(path)],
        ["history", str(path), "--json"],
        ["history", str(path), "--at", "2026-07-01"],
        ["diff", str(path), "--rev", "HEAD~1..HEAD"],
        ["diff", str(path), "--rev", "HEAD~1..HEAD", "--json"],
    ):
        outcome = gpai(*args)
        assert outcome.exit_code in (0, 1), outcome.output
        assert "Traceback" not in outcome.output
        assert terminal_unsafe(outcome.output) == [], (args, terminal_unsafe(outcome.output))
        if "--json" in args:
            json.loads(outcome.stdout)
        elif args[0] == "history" and "--at" not in args and name in LITERAL_MARKUP:
            assert payload[:8] in outcome.stdout, "markup in a commit subject was interpreted"
