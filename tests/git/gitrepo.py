"""Helpers for the git workflow tests: real ``git`` in temporary repositories.

Every git and gpai process runs with HOME in the test's temporary folder and
``GIT_CONFIG_NOSYSTEM=1``, so neither the user's nor the system's git
configuration is read. Commit dates are fixed through ``GIT_*_DATE``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gpai_tui.workbook import ModelProfile, Workbook, new_workbook

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")

WORKBOOK = "workbooks/aurora.toml"


def base_workbook() -> Workbook:
    """A systemic-risk model placed on the market in 2026, nothing done yet."""
    from datetime import date

    return new_workbook(
        ModelProfile(
            provider="Aurora Labs GmbH",
            name="Aurora-2",
            training_compute_flop=3.1e25,
            placed_on_market=date(2026, 9, 1),
        )
    )


def clean_env(home: Path) -> dict[str, str]:
    """An environment that ignores the user's and the system's git configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Ana Officer",
        GIT_AUTHOR_EMAIL="ana@example.org",
        GIT_COMMITTER_NAME="Ana Officer",
        GIT_COMMITTER_EMAIL="ana@example.org",
        GIT_TERMINAL_PROMPT="0",
        # No tty: plain output.
        NO_COLOR="1",
        COLUMNS="200",
    )
    return env


@dataclass
class Repo:
    """A git repository in a temporary folder, with helpers to run git and gpai."""

    root: Path
    env: dict[str, str]
    clock: list[int] = field(default_factory=lambda: [0])

    def git(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def gpai(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gpai_tui", *args],
            cwd=self.root,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def set(self, item: str, *options: str) -> None:
        proc = self.gpai("set", WORKBOOK, item, *options)
        assert proc.returncode == 0, proc.stderr

    def commit(self, message: str, when: str | None = None) -> str:
        """Commit everything with a fixed date (``YYYY-MM-DD``), return the commit id."""
        if when is None:
            self.clock[0] += 1
            when = f"2026-01-{self.clock[0]:02d}"
        stamp = f"{when}T12:00:00+00:00"
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        return self.git("rev-parse", "HEAD").stdout.strip()

    @property
    def path(self) -> Path:
        return self.root / WORKBOOK

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8")
