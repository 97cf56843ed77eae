"""Shared pytest options.

``--soak`` runs the long reliability soaks (many more kills and fuzz examples) and
the tests marked ``slow``; without it those are skipped and the soaks run in their
bounded form, so ``make test`` stays fast.
"""

from __future__ import annotations

import os

import pytest

from tests.budget import SOAK_ENV


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        default=False,
        help="run long soaks: thousands of kill-during-save rounds, large fuzz runs, "
        "and tests marked slow",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Read by tests.budget.examples when the test modules are imported (after this).
    os.environ[SOAK_ENV] = "1" if config.getoption("--soak") else "0"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="long soak: run with --soak")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def strict_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test checks that nothing changes an open workbook outside Document.apply."""
    from gpai_tui.document import Document

    monkeypatch.setattr(Document, "strict", True)
