"""`make run` opens a scratch copy of the example, never the tracked file (issue 15)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gpai_tui.workbook import WorkbookError
from gpai_tui.workbook.lock import try_acquire
from gpai_tui.workbook.scratch import scratch_copy, scratch_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_scratch_copy_is_fresh_each_time_and_leaves_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    source = tmp_path / "src" / "example.toml"
    source.parent.mkdir()
    source.write_bytes(EXAMPLE.read_bytes())
    before = (_digest(source), source.stat().st_mtime_ns)

    copy = scratch_copy(source)
    assert copy == scratch_dir() / "example.toml"
    assert copy.is_relative_to(tmp_path / "state")
    assert copy.read_bytes() == source.read_bytes()

    copy.write_text("# explored and saved\n")  # what a session in the copy may leave
    assert scratch_copy(source).read_bytes() == source.read_bytes()  # fresh again

    lock = try_acquire(copy)  # open in another gpai: left alone
    assert lock is not None
    try:
        copy.write_text("# in use\n")
        scratch_copy(source)
        assert copy.read_text() == "# in use\n"
    finally:
        lock.release()
    assert (_digest(source), source.stat().st_mtime_ns) == before

    with pytest.raises(WorkbookError):
        scratch_copy(tmp_path / "missing.toml")


SHIM = """\
import sys
import gpai_tui.tui.launch as launch

def fake_open(path, as_of=None, **kwargs):
    print("OPENED", path)
    return 0

launch.open_workbook = fake_open
from gpai_tui.cli import main
sys.exit(main())
"""


def test_make_run_opens_a_scratch_copy_not_the_tracked_example(tmp_path: Path) -> None:
    """The Makefile's own `run` recipe, with a `gpai` that records what it would open."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "gpai"
    shim.write_text(f"#!{sys.executable}\n{SHIM}")
    shim.chmod(0o755)
    state = tmp_path / "state"
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    before = _digest(EXAMPLE)
    stamp = str(tmp_path / "no-stamp")  # `-o`: never (re)install for this test
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "-o", stamp, f"STAMP={stamp}", f"BIN={bin_dir}", "run"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    opened = Path(result.stdout.split("OPENED", 1)[1].strip())
    assert opened == state / "gpai-tui" / "scratch" / "example.toml"
    assert opened.read_bytes() == EXAMPLE.read_bytes()
    assert _digest(EXAMPLE) == before
    assert "scratch copy" in result.stderr
