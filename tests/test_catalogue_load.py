"""The catalogue built without validation at run time is exactly the validated one.

``load_catalogue`` builds the packaged data with ``model_construct`` (fast: the
validators are never built). This test validates the same data with
``Catalogue.model_validate``, which checks the data file itself, and proves the two
catalogues are identical, down to tuple types and the fields that were set.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import tomli
from pydantic import BaseModel

from gpai_tui.catalogue import Catalogue, available_codes, load_catalogue


def _same(a: Any, b: Any, where: str) -> None:
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b), where
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{n}]")
    else:
        assert a == b, where


@pytest.mark.parametrize("code", available_codes())
def test_loaded_catalogue_equals_validated_data(code: str) -> None:
    path = resources.files("gpai_tui.catalogue") / "data" / f"{code}.toml"
    validated = Catalogue.model_validate(tomli.loads(path.read_text(encoding="utf-8")))
    loaded = load_catalogue(code)
    _same(loaded, validated, "catalogue")
    assert loaded == validated
    assert load_catalogue(code) is loaded


def test_default_code_shares_the_cache() -> None:
    assert load_catalogue() is load_catalogue(load_catalogue().code)
