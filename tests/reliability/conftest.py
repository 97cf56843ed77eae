"""Fixtures for the reliability and security tests (issue 7).

Every test runs with its own platformdirs state folder (``XDG_STATE_HOME``), so
crash logs, recovery journals and locks never touch the real user's folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import main
from gpai_tui.workbook import ModelProfile, Workbook, new_workbook


@pytest.fixture
def soak(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--soak`` (long runs)."""
    return bool(request.config.getoption("--soak"))


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private state/config/data home for the test; yields the state folder."""
    state = tmp_path / "xdg-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    yield state


def make_workbook(provider: str = "Test Provider", name: str = "Test Model") -> Workbook:
    """A fresh systemic-risk workbook (every chapter applies)."""
    profile = ModelProfile(
        provider=provider, name=name, training_compute_flop=3e25, systemic_risk="auto"
    )
    return new_workbook(profile)


@dataclass(frozen=True)
class Outcome:
    """What a ``gpai`` run printed and its exit code."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout then stderr."""
        return self.stdout + self.stderr


def gpai(*args: str, input: str | None = None) -> Outcome:
    """Run ``gpai ARGS`` in-process through the real entry point (``run_guarded``)."""
    runner = CliRunner()
    with runner.isolation(input=input) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        stdout = out.getvalue().decode("utf-8", errors="replace")
        stderr = err.getvalue().decode("utf-8", errors="replace")
    return Outcome(code, stdout, stderr)
