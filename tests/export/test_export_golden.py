"""Golden files: every format × audience of the example workbook, byte for byte.

Regenerate after an intended change with ``GPAI_UPDATE_GOLDENS=1 pytest tests/export``,
then review the diff of ``tests/export/golden/`` by eye before committing.
"""

from __future__ import annotations

import difflib
import os

import pytest

from gpai_tui.report.export import EXPORT_AUDIENCES, EXTENSIONS, FORMATS, export_text
from gpai_tui.workbook import Workbook
from tests.export.exportkit import AS_OF, FIXED_GIT, GOLDEN

UPDATE = os.environ.get("GPAI_UPDATE_GOLDENS") == "1"


@pytest.mark.parametrize("audience", EXPORT_AUDIENCES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(example: Workbook, fmt: str, audience: str) -> None:
    text = export_text(
        example,
        fmt,  # type: ignore[arg-type]
        audience,  # type: ignore[arg-type]
        as_of=AS_OF,
        source="example.toml",
        git=FIXED_GIT,
    )
    path = GOLDEN / f"example.{audience}{EXTENSIONS[fmt]}"
    data = text.encode("utf-8")
    if UPDATE:
        path.write_bytes(data)
        return
    assert path.exists(), f"{path.name} missing: run with GPAI_UPDATE_GOLDENS=1"
    expected = path.read_bytes()
    if data != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.decode("utf-8").splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    "golden",
                    "now",
                )
            )[:60]
        )
        pytest.fail(f"{path.name} differs (GPAI_UPDATE_GOLDENS=1 to accept):\n{diff}")


def test_every_golden_is_used() -> None:
    expected = {f"example.{a}{EXTENSIONS[f]}" for f in FORMATS for a in EXPORT_AUDIENCES}
    assert {p.name for p in GOLDEN.iterdir()} == expected
