"""Statement of applicability: goldens in every format, and every catalogue item exactly
once with its decision and a reason (from the engine), in every format."""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import cli
from gpai_tui.engine import evaluate
from gpai_tui.report.export import EXTENSIONS, export_bytes
from gpai_tui.report.export.soa import BASIS_APPLIES, BASIS_JUSTIFIED, BASIS_SCOPE
from gpai_tui.workbook import ModelProfile, Workbook, new_workbook
from tests.export.exportkit import AS_OF, EXAMPLE, FIXED_GIT

GOLDEN = Path(__file__).parent / "golden_soa"
UPDATE = os.environ.get("GPAI_UPDATE_GOLDENS") == "1"
SOA_FORMATS = ("soa", "soa-html", "soa-csv", "soa-xlsx")


@pytest.mark.parametrize("fmt", SOA_FORMATS)
def test_golden(example: Workbook, fmt: str) -> None:
    data = export_bytes(example, fmt, as_of=AS_OF, source="example.toml", git=FIXED_GIT)
    path = GOLDEN / f"example{EXTENSIONS[fmt]}"
    if UPDATE:
        path.write_bytes(data)
        return
    assert path.exists(), f"{path.name} missing: run with GPAI_UPDATE_GOLDENS=1"
    expected = path.read_bytes()
    if data != expected and not fmt.endswith("xlsx"):
        diff = difflib.unified_diff(
            expected.decode().splitlines(True), data.decode().splitlines(True), "golden", "now"
        )
        pytest.fail(f"{path.name} differs:\n{''.join(list(diff)[:60])}")
    assert data == expected, f"{path.name} differs (GPAI_UPDATE_GOLDENS=1 to accept)"


def _table_rows(fmt: str, data: bytes) -> list[dict[str, str]]:
    """The item rows of one statement, as {column: text}, whatever the format."""
    if fmt == "soa-csv":
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    if fmt == "soa-xlsx":
        ws = openpyxl.load_workbook(io.BytesIO(data))["Applicability"]
        values = list(ws.iter_rows(values_only=True))
        return [
            {str(k): "" if v is None else str(v) for k, v in zip(values[0], row, strict=True)}
            for row in values[1:]
        ]
    text = data.decode()
    out = []
    if fmt == "soa":
        for line in text.splitlines():
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if line.startswith("| ") and len(cells) == 8 and cells[0] != "Id":
                out.append({"id": cells[0], "included": cells[3].strip("*"),
                            "basis": cells[4], "reason": cells[5]})  # fmt: skip
        return out
    for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) == 8:
            out.append({"id": cells[0], "included": re.sub("<[^>]+>", "", cells[3]),
                        "basis": cells[4], "reason": cells[5]})  # fmt: skip
    return out


def exempt_workbook() -> Workbook:
    """An open-source model without systemic risk outside the EU: many exclusions."""
    return new_workbook(
        ModelProfile(
            provider="Open Lab",
            name="Open-1",
            training_compute_flop=2e24,
            open_source=True,
            established_in_eu=False,
        )
    )


@pytest.mark.parametrize("which", ["example", "exempt"])
def test_every_item_exactly_once_with_a_reason(example: Workbook, which: str) -> None:
    workbook = example if which == "example" else exempt_workbook()
    catalogue = load_catalogue(workbook.code)
    ev = evaluate(workbook, AS_OF, catalogue)
    expected = [m.id for m in catalogue.measures()] + [o.id for o in catalogue.obligations]
    bases = set()
    for fmt in SOA_FORMATS:
        rows = _table_rows(fmt, export_bytes(workbook, fmt, as_of=AS_OF))
        assert [r["id"] for r in rows] == expected, fmt
        for row in rows:
            result = ev.item(row["id"])
            assert row["included"] == ("yes" if result.applicable else "no"), (fmt, row)
            assert row["reason"].strip(), (fmt, row["id"])
            if fmt in ("soa-csv", "soa-xlsx"):
                assert row["reason"] == result.reason  # the engine's words, unchanged
            bases.add(row["basis"])
    if which == "exempt":
        assert BASIS_SCOPE in bases and BASIS_APPLIES in bases
    else:
        assert bases == {BASIS_SCOPE, BASIS_JUSTIFIED, BASIS_APPLIES}


def test_binary_soa_goes_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "soa.xlsx"
    result = CliRunner().invoke(
        cli, ["export", str(EXAMPLE), "--format", "soa-xlsx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
