"""An evidence reference holding a NUL byte is data: never looked up, never a crash."""

from __future__ import annotations

from pathlib import Path

from gpai_tui.evidence import locate


def test_a_reference_with_a_nul_byte_is_refused_not_a_crash(tmp_path: Path) -> None:
    workbook = tmp_path / "w.toml"
    for ref in ("a\x00b", "\x00", "docs/\x00/x.md"):
        located = locate(ref, workbook)
        assert located.inside is False
