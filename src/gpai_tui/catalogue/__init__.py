"""The Code of Practice as packaged, versioned data.

One TOML data file per Code version lives in ``catalogue/data/``. It is read once per
process and cached. The shipped data is checked against the pydantic models in
:mod:`gpai_tui.catalogue.models` by the test suite (``tests/test_catalogue_load.py``
proves that the fast construction used at run time gives exactly what
``Catalogue.model_validate`` gives), so start-up does not pay for building validators.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel

from gpai_tui.catalogue.models import (
    Applicability,
    Audience,
    Catalogue,
    Chapter,
    Checkpoint,
    Commitment,
    Ids,
    IncidentClass,
    MdfField,
    MdfSection,
    Measure,
    Obligation,
    PublicTopic,
    Roles,
    SpecifiedRisk,
    TimeLimit,
)

M = TypeVar("M", bound=BaseModel)


def _summary_nested() -> dict[type[BaseModel], dict[str, type[BaseModel]]]:
    from gpai_tui.catalogue import summary as s

    return {
        s.SummaryTemplate: {"size_bins": s.SizeBins, "parts": s.SummaryPart},
        s.SizeBins: {"bins": s.SizeBin},
        s.SummaryPart: {"sections": s.SummarySection},
        s.SummarySection: {"fields": s.SummaryField},
    }


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
    "Ids",
    "IncidentClass",
    "MdfField",
    "MdfSection",
    "Measure",
    "Obligation",
    "PublicTopic",
    "Roles",
    "SpecifiedRisk",
    "TimeLimit",
    "available_codes",
    "load_catalogue",
]


class CatalogueNotFound(LookupError):
    """Raised when no catalogue data exists for a requested Code version."""


def available_codes() -> list[str]:
    """Code versions shipped with this tool, oldest first."""
    return list(_available_codes())


_TEST_DIRS: list[Any] = []
"""Extra folders of catalogue data, for tests only (a synthetic next Code). Nothing a user
can reach sets it: workbooks name versions, never paths."""


def _folders() -> list[Any]:
    return [resources.files("gpai_tui.catalogue") / "data", *_TEST_DIRS]


@cache
def _available_codes() -> tuple[str, ...]:
    # Listed once per process: the loader asks for every workbook it reads.
    return tuple(
        sorted(
            p.name.removesuffix(".toml")
            for folder in _folders()
            for p in folder.iterdir()
            if p.name.endswith(".toml")
        )
    )


def load_catalogue(code: str = CURRENT_CODE) -> Catalogue:
    """Load, validate and cache the catalogue for one Code version."""
    # One cache entry per code: ``load_catalogue()`` and ``load_catalogue(CURRENT_CODE)``
    # must not load (and validate) the same file twice.
    return _load_catalogue(code)


@cache
def _load_catalogue(code: str) -> Catalogue:
    path = next(
        (f / f"{code}.toml" for f in _folders() if (f / f"{code}.toml").is_file()),
        resources.files("gpai_tui.catalogue") / "data" / f"{code}.toml",
    )
    if not path.is_file():
        raise CatalogueNotFound(
            f"no catalogue for Code version {code!r}; "
            f"this tool knows {', '.join(available_codes())}"
        )
    import tomli  # the compiled twin of tomllib: 3x faster on this 64 KB file

    with path.open("rb") as fh:
        raw = tomli.load(fh)
    return _construct(Catalogue, raw)


_NESTED: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    Catalogue: {
        "chapters": Chapter,
        "obligations": Obligation,
        "mdf": MdfSection,
        "specified_risks": SpecifiedRisk,
        "roles": Roles,
        "ids": Ids,
        "public_topics": PublicTopic,
    },
    Chapter: {"commitments": Commitment},
    Commitment: {"measures": Measure},
    Measure: {"checkpoints": Checkpoint, "time_limits": TimeLimit},
    Obligation: {"checkpoints": Checkpoint, "time_limits": TimeLimit},
    MdfSection: {"fields": MdfField},
}
_NESTED.update(_summary_nested())
"""Fields holding a tuple of nested catalogue models, per model (and the summary
template's, :mod:`gpai_tui.catalogue.summary`)."""


def _construct(model: type[M], data: dict[str, Any]) -> M:
    """Build packaged catalogue data into ``model`` without validating it again.

    The data ships with the tool, and tests/test_catalogue_load.py checks that this
    gives exactly what ``Catalogue.model_validate`` gives (which also checks the data
    itself). Skipping validation at run time means the catalogue's validators are never
    built (``defer_build``): that was ~15 ms of every gpai command's start.
    """
    nested = _NESTED.get(model, {})
    values: dict[str, Any] = {}
    for key, value in data.items():
        inner = nested.get(key)
        if inner is not None and isinstance(value, dict):
            values[key] = _construct(inner, value)
        elif inner is not None:
            values[key] = tuple(_construct(inner, item) for item in value)
        elif isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    return model.model_construct(**values)
