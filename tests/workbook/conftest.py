"""Fixtures for the workbook tests: the example, the bad-file corpus, a ``gpai`` runner."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.workbook import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


@pytest.fixture
def example() -> Workbook:
    """A fresh copy of the example workbook (safe to change)."""
    return load_workbook(EXAMPLE)


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Crash logs and other state of spawned ``gpai`` processes stay in the test's folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("NO_COLOR", "1")
    yield


@pytest.fixture
def gpai() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m gpai_tui ARGS`` as a real subprocess; return the completed process."""

    def run(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gpai_tui", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
