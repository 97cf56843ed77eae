"""The Code of Practice as packaged, versioned data.

One TOML data file per Code version lives in ``catalogue/data/``. It is validated
by the pydantic models in :mod:`gpai_tui.catalogue.models` on first load and cached.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from gpai_tui.catalogue.models import (
    Applicability,
    Audience,
    Catalogue,
    Chapter,
    Checkpoint,
    Commitment,
    IncidentClass,
    MdfField,
    MdfSection,
    Measure,
    Obligation,
    SpecifiedRisk,
    TimeLimit,
)

CURRENT_CODE = "2025-07-10"
"""The Code version new workbooks are written against."""

__all__ = [
    "CURRENT_CODE",
    "Applicability",
    "Audience",
    "Catalogue",
    "CatalogueNotFound",
    "Chapter",
    "Checkpoint",
    "Commitment",
    "IncidentClass",
    "MdfField",
    "MdfSection",
    "Measure",
    "Obligation",
    "SpecifiedRisk",
    "TimeLimit",
    "available_codes",
    "load_catalogue",
]


class CatalogueNotFound(LookupError):
    """Raised when no catalogue data exists for a requested Code version."""


def available_codes() -> list[str]:
    """Code versions shipped with this tool, oldest first."""
    data = resources.files("gpai_tui.catalogue") / "data"
    return sorted(p.name.removesuffix(".toml") for p in data.iterdir() if p.name.endswith(".toml"))


def load_catalogue(code: str = CURRENT_CODE) -> Catalogue:
    """Load, validate and cache the catalogue for one Code version."""
    # One cache entry per code: ``load_catalogue()`` and ``load_catalogue(CURRENT_CODE)``
    # must not load (and validate) the same file twice.
    return _load_catalogue(code)


@cache
def _load_catalogue(code: str) -> Catalogue:
    path = resources.files("gpai_tui.catalogue") / "data" / f"{code}.toml"
    if not path.is_file():
        raise CatalogueNotFound(
            f"no catalogue for Code version {code!r}; "
            f"this tool knows {', '.join(available_codes())}"
        )
    import tomli  # the compiled twin of tomllib: 3x faster on this 64 KB file

    with path.open("rb") as fh:
        raw = tomli.load(fh)
    return Catalogue.model_validate(raw)
