"""The atomic writer: modes, owners, symlinks, failures, stale temp files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gpai_tui.errors import GpaiError
from gpai_tui.workbook import TEMP_SUFFIX, atomic_write, clean_stale_temp_files, save_workbook
from gpai_tui.workbook.writer import SaveError, pid_alive, resolve_target
from tests.reliability.conftest import make_workbook


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_replaces_content_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert _temps(tmp_path) == []


def test_new_file_gets_umask_mode_without_touching_process_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Changing the process umask to read it races with other threads creating
    # files (a file created meanwhile would be world-writable): never do it.
    old = os.umask(0o027)
    try:

        def no_umask(mask: int) -> int:
            raise AssertionError("atomic_write must not change the process umask")

        monkeypatch.setattr(os, "umask", no_umask)
        atomic_write(tmp_path / "new.toml", b"x")
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o644, 0o200])
def test_existing_mode_is_kept(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")
    target.chmod(mode)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"new"


def test_setid_bits_are_not_carried_over(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")
    target.chmod(0o4755)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


@pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")
def test_owner_and_group_are_kept_when_allowed(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")
    os.chown(target, 12345, 23456)
    atomic_write(target, b"new")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (12345, 23456)


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "wb.toml"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink(), "the link was replaced by a regular file"
    assert real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    # The temp file was made next to the target (same file system, atomic rename).
    assert _temps(real_dir) == [] and _temps(tmp_path) == []
    assert resolve_target(link) == real.resolve()


def test_relative_symlink_chain(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    real = tmp_path / "a" / "wb.toml"
    real.write_bytes(b"old")
    (tmp_path / "l1.toml").symlink_to("a/wb.toml")
    (tmp_path / "l2.toml").symlink_to("l1.toml")
    save_workbook(make_workbook(), tmp_path / "l2.toml")
    assert (tmp_path / "l2.toml").is_symlink() and (tmp_path / "l1.toml").is_symlink()
    assert real.read_bytes().startswith(b"# gpai workbook")


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "target.toml")
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert (tmp_path / "target.toml").read_bytes() == b"new"


def test_failed_rename_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SaveError) as info:
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []
    message = str(info.value)
    assert "no space left" in message and "unchanged" in message
    assert isinstance(info.value, OSError) and isinstance(info.value, GpaiError)
    assert info.value.exit_code == 2


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(SaveError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []


def test_interrupt_during_write_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="cannot be saved"):
        atomic_write(tmp_path / "nope" / "wb.toml", b"x")


def test_target_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "wb.toml").mkdir()
    with pytest.raises(SaveError, match="not a regular file"):
        atomic_write(tmp_path / "wb.toml", b"x")
    assert (tmp_path / "wb.toml").is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="permission denied"):
            atomic_write(target, b"new")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_bytes() == b"old"


def test_planted_symlink_at_temp_name_is_never_followed(tmp_path: Path) -> None:
    # O_EXCL|O_NOFOLLOW: even a symlink with a guessed temp name is not written through.
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    for i in range(5):
        (tmp_path / f".wb.toml.{os.getpid()}.planted{i}{TEMP_SUFFIX}").symlink_to(victim)
    atomic_write(tmp_path / "wb.toml", b"new")
    assert victim.read_bytes() == b"precious"


def test_stale_temp_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    target.write_bytes(b"x")
    dead = tmp_path / f".wb.toml.{_dead_pid()}.abcd{TEMP_SUFFIX}"
    live = tmp_path / f".wb.toml.1.abcd{TEMP_SUFFIX}"  # pid 1 is alive
    other = tmp_path / f".other.toml.{_dead_pid()}.abcd{TEMP_SUFFIX}"
    unrelated = tmp_path / ".wb.toml.notes"
    for p in (dead, live, other, unrelated):
        p.write_bytes(b"partial")
    assert pid_alive(1)
    removed = clean_stale_temp_files(target)
    assert removed == [dead]
    assert live.exists() and other.exists() and unrelated.exists()


def test_concurrent_saves_in_one_process_do_not_remove_each_others_temp(tmp_path: Path) -> None:
    # A save's cleanup must not delete the in-flight temp file of another thread's save.
    target = tmp_path / "wb.toml"
    payloads = [bytes([65 + i]) * 200_000 for i in range(4)]
    errors: list[BaseException] = []

    def worker(data: bytes) -> None:
        try:
            for _ in range(30):
                atomic_write(target, data)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_bytes() in payloads
    assert _temps(tmp_path) == []
