"""save_workbook is atomic: temp file in the same folder, fsync, os.replace.

A failed save leaves the old file byte for byte and no temp file; the file's
mode is kept; temp files never look like workbooks (``*.toml``); temp files of
saves whose process died are removed by the next save.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gpai_tui.workbook import TEMP_SUFFIX, Workbook, load_workbook, save_workbook


def temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


@pytest.fixture
def target(tmp_path: Path, example: Workbook) -> Path:
    """A saved copy of the example, in a folder of its own."""
    path = tmp_path / "wb.toml"
    save_workbook(example, path)
    return path


def test_save_goes_through_a_synced_temp_file_and_one_rename(
    target: Path, example: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    renames: list[tuple[Path, Path]] = []
    seen_during_rename: dict[str, object] = {}
    real_replace, real_fsync = os.replace, os.fsync

    def spy_fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def spy_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append("replace")
        renames.append((Path(src), Path(dst)))
        seen_during_rename["temp bytes"] = Path(src).read_bytes()
        seen_during_rename["target bytes"] = Path(dst).read_bytes()
        seen_during_rename["toml files"] = sorted(p.name for p in target.parent.glob("*.toml"))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    before = target.read_bytes()
    example.measures["CR-1.3"].status = "done"
    written = save_workbook(example, target)

    assert len(renames) == 1
    src, dst = renames[0]
    assert dst == target and src.parent == target.parent
    assert src.name.startswith(f".{target.name}.{os.getpid()}.")
    assert src.name.endswith(TEMP_SUFFIX) and not src.name.endswith(".toml")
    assert events.index("fsync") < events.index("replace"), "temp file synced before rename"
    assert seen_during_rename["temp bytes"] == written  # complete before the rename
    assert seen_during_rename["target bytes"] == before  # old file whole until then
    assert seen_during_rename["toml files"] == ["wb.toml"]  # the temp is no *.toml
    assert target.read_bytes() == written and temps(target.parent) == []


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_rename_leaves_the_original_untouched(
    target: Path, example: Workbook, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    before = target.read_bytes()
    mode = stat.S_IMODE(target.stat().st_mode)

    def broken_replace(src: str, dst: str) -> None:
        raise error

    monkeypatch.setattr(os, "replace", broken_replace)
    example.measures["CR-1.3"].status = "done"
    with pytest.raises(type(error) if isinstance(error, KeyboardInterrupt) else OSError):
        save_workbook(example, target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert temps(target.parent) == []
    assert sorted(p.name for p in target.parent.iterdir()) == ["wb.toml"]
    assert load_workbook(target).measures["CR-1.3"].status == "in-progress"


def test_failed_write_leaves_the_original_untouched(
    target: Path, example: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = target.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    example.measures["CR-1.3"].status = "done"
    with pytest.raises(OSError):
        save_workbook(example, target)
    monkeypatch.undo()
    assert target.read_bytes() == before and temps(target.parent) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o664])
def test_file_mode_is_kept(target: Path, example: Workbook, mode: int) -> None:
    target.chmod(mode)
    example.measures["CR-1.3"].status = "done"
    save_workbook(example, target)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_new_file_gets_the_usual_mode(tmp_path: Path, example: Workbook) -> None:
    umask = os.umask(0o022)
    try:
        save_workbook(example, tmp_path / "new.toml")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o644


KILLED_SAVE = textwrap.dedent(
    """
    import os, sys
    from gpai_tui.workbook import load_workbook, save_workbook

    def die(src, dst):  # the power goes out between writing the temp file and the rename
        os._exit(9)

    path = sys.argv[1]
    workbook = load_workbook(path)
    workbook.measures["CR-1.3"].status = "done"
    os.replace = die
    save_workbook(workbook, path)
    """
)


def test_a_killed_save_leaves_the_old_file_and_the_next_save_cleans_up(
    target: Path, example: Workbook
) -> None:
    before = target.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 9, stderr
    assert target.read_bytes() == before  # the old file, whole
    (stale,) = temps(target.parent)
    assert stale.name.startswith(f".wb.toml.{child.pid}.")
    assert stale.read_bytes() != before  # it held the new text when the process died
    # A save by a live process does not touch another live process's temp file ...
    live = target.parent / f".wb.toml.{os.getppid()}.abcd{TEMP_SUFFIX}"
    live.write_bytes(b"someone else is saving")
    other = target.parent / f".other.toml.{_pid_of(stale)}.abcd{TEMP_SUFFIX}"
    other.write_bytes(b"another workbook's leftover")
    save_workbook(example, target)
    # ... but removes the dead one's leftover next to this workbook.
    assert not stale.exists()
    assert live.exists() and other.exists()
    assert load_workbook(target) == example


def _pid_of(temp: Path) -> int:
    return int(temp.name.split(".")[3])


def test_temp_files_never_end_in_toml() -> None:
    assert TEMP_SUFFIX == ".gpai-tmp"
    assert not TEMP_SUFFIX.endswith(".toml")


def test_many_saves_leave_only_the_workbook(target: Path, example: Workbook) -> None:
    for status in ["todo", "in-progress", "done", "not-applicable"] * 5:
        example.measures["CR-1.3"].status = status
        save_workbook(example, target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["wb.toml"]
    assert load_workbook(target).measures["CR-1.3"].status == "not-applicable"
