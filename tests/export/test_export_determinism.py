"""Same workbook and as-of date: byte-identical output, from the API and the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpai_tui.cli import cli
from gpai_tui.report.export import EXPORT_AUDIENCES, FORMATS, export_text
from gpai_tui.workbook import Workbook, load_workbook
from tests.export.exportkit import AS_OF, EXAMPLE, FIXED_GIT


def gpai(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gpai_tui", *args], cwd=cwd, capture_output=True, timeout=120
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_api_is_deterministic(example: Workbook, fmt: str) -> None:
    for audience in EXPORT_AUDIENCES:
        first = export_text(example, fmt, audience, as_of=AS_OF, git=FIXED_GIT)  # type: ignore[arg-type]
        again = export_text(
            load_workbook(EXAMPLE),
            fmt,  # type: ignore[arg-type]
            audience,  # type: ignore[arg-type]
            as_of=AS_OF,
            git=FIXED_GIT,
        )
        assert first == again


def test_no_date_but_as_of(example: Workbook) -> None:
    """No clock time or today's date sneaks in: only the as-of date (and workbook dates)."""
    far = date(2031, 7, 9)
    for fmt in FORMATS:
        text = export_text(example, fmt, "internal", as_of=far)  # type: ignore[arg-type]
        assert "2031-07-09" in text
        assert date.today().isoformat() not in text
        assert "T" + "00:" not in text


def test_cli_is_deterministic_and_matches_the_api(tmp_path: Path, example: Workbook) -> None:
    book = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, book)
    runner = CliRunner()
    for fmt in FORMATS:
        for audience in EXPORT_AUDIENCES:
            args = ["export", str(book), "--format", fmt, "--audience", audience]
            args += ["--as-of", AS_OF.isoformat()]
            one = runner.invoke(cli, args)
            two = runner.invoke(cli, [*args, "-o", str(tmp_path / "out")])
            assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
            written = (tmp_path / "out").read_bytes()
            assert one.stdout_bytes == written
            api = export_text(example, fmt, audience, as_of=AS_OF, source="example.toml")  # type: ignore[arg-type]
            assert written == api.encode("utf-8")


def test_cli_subprocess_twice(tmp_path: Path) -> None:
    """The real entry point, twice, outside any git repository: identical bytes."""
    book = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, book)
    args = ("export", str(book), "--format", "html", "--as-of", AS_OF.isoformat())
    one = gpai(*args, cwd=tmp_path)
    two = gpai(*args, cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    assert b"Git commit" not in one.stdout
