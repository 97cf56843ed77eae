"""Fixtures for engine tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.workbook import ModelProfile, Workbook, new_workbook


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


def make(**profile: Any) -> Workbook:
    """A fresh workbook for a profile (provider and name filled in)."""
    fields: dict[str, Any] = {"provider": "Test Provider", "name": "Test Model"}
    fields.update(profile)
    return new_workbook(ModelProfile(**fields))


AS_OF = date(2026, 11, 25)
