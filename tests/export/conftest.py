"""Fixtures for the export tests (data in :mod:`tests.export.exportkit`)."""

from __future__ import annotations

import pytest

from gpai_tui.workbook import Workbook, load_workbook
from tests.export.exportkit import EXAMPLE, hostile_workbook


@pytest.fixture(scope="session")
def example() -> Workbook:
    """The example workbook (loaded once; do not modify)."""
    return load_workbook(EXAMPLE)


@pytest.fixture
def hostile() -> Workbook:
    """A fresh workbook full of hostile text."""
    return hostile_workbook()
