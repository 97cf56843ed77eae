"""One editor at a time: the workbook lock, with real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gpai_tui.workbook import load_workbook, save_workbook
from gpai_tui.workbook.lock import (
    LOCK_SUFFIX,
    LockError,
    LockHeld,
    acquire,
    holder,
    lock_path,
    read_lock,
    try_acquire,
)
from tests.reliability.conftest import make_workbook

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys
from gpai_tui.workbook.lock import acquire
lock = acquire(sys.argv[1], purpose=sys.argv[2])
print("locked", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _gpai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gpai_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )


class Holder:
    """Another process holding the lock of a workbook until told to let go."""

    def __init__(self, path: Path, purpose: str = "gpai open") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path), purpose],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "released"
        self.proc.wait(timeout=10)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


@pytest.fixture
def workbook_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.toml"
    save_workbook(make_workbook(), path)
    return path


def test_lock_file_is_hidden_and_never_a_workbook(workbook_file: Path) -> None:
    with acquire(workbook_file, purpose="test") as lock:
        assert lock.lock_file == workbook_file.with_name(f".model.toml{LOCK_SUFFIX}")
        assert lock.lock_file.exists() and not lock.lock_file.match("*.toml")
        info = read_lock(workbook_file)
        assert info is not None and info.pid == os.getpid() and info.purpose == "test"
        assert info.host == socket.gethostname()
        assert lock.still_held()
    assert not lock.lock_file.exists()


def test_second_process_is_refused_with_holder_info(workbook_file: Path) -> None:
    other = Holder(workbook_file)
    try:
        with pytest.raises(LockHeld) as info:
            acquire(workbook_file)
        assert info.value.info is not None and info.value.info.pid == other.proc.pid
        assert f"pid {other.proc.pid}" in str(info.value)
        assert "gpai open" in str(info.value)
        assert try_acquire(workbook_file) is None
        found = holder(workbook_file)
        assert found is not None and found.pid == other.proc.pid
    finally:
        other.release()
    assert holder(workbook_file) is None
    with acquire(workbook_file):
        pass


def test_gpai_set_respects_the_lock(workbook_file: Path) -> None:
    before = workbook_file.read_bytes()
    other = Holder(workbook_file)
    try:
        started = time.monotonic()
        result = _gpai("set", str(workbook_file), "CR-1.1", "--status", "in-progress")
        # A long-lived holder (an open TUI) is refused at once, not waited for.
        assert time.monotonic() - started < 4.5
        assert result.returncode == 2, result.stderr
        assert "being edited by gpai open" in result.stderr
        assert f"pid {other.proc.pid}" in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 3
        assert workbook_file.read_bytes() == before
    finally:
        other.release()
    result = _gpai("set", str(workbook_file), "CR-1.1", "--status", "in-progress")
    assert result.returncode == 0, result.stderr
    assert load_workbook(workbook_file).measures["CR-1.1"].status == "in-progress"
    assert not lock_path(workbook_file).exists()


def test_stale_lock_of_a_killed_process_is_taken_over(workbook_file: Path) -> None:
    other = Holder(workbook_file)
    pid = other.proc.pid
    other.kill()
    left = read_lock(workbook_file)
    assert left is not None and left.pid == pid, "the killed holder left its lock behind"
    assert left.is_stale()
    assert holder(workbook_file) is None
    result = _gpai("set", str(workbook_file), "CR-1.1", "--owner", "m.rossi")
    assert result.returncode == 0, result.stderr
    assert load_workbook(workbook_file).measures["CR-1.1"].owner == "m.rossi"
    assert not lock_path(workbook_file).exists()
    with acquire(workbook_file) as lock:
        assert lock.still_held()


def _plant(path: Path, **fields: object) -> None:
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": "someone",
        "started": "2026-01-01T00:00:00",
        "purpose": "gpai open",
        "token": "planted",
    }
    info.update(fields)
    lock_path(path).write_text(json.dumps(info))


def test_reused_pid_is_stale(workbook_file: Path) -> None:
    # Our own (live) pid, but a different process start time: the pid was reused.
    _plant(workbook_file, proc_start=1)
    with acquire(workbook_file) as lock:
        assert lock.info.token != "planted"


def test_lock_from_before_a_reboot_is_stale(workbook_file: Path) -> None:
    from gpai_tui.workbook.lock import _boot_id

    if _boot_id() is None:
        pytest.skip("no boot id on this platform")
    _plant(workbook_file, boot_id="00000000-0000-0000-0000-000000000000", pid=1)
    with acquire(workbook_file) as lock:
        assert lock.info.token != "planted"


def test_live_lock_on_this_host_is_held(workbook_file: Path) -> None:
    _plant(workbook_file, pid=1)  # pid 1 is alive
    with pytest.raises(LockHeld):
        acquire(workbook_file)


def test_lock_from_another_host_is_never_taken_over(workbook_file: Path) -> None:
    _plant(workbook_file, host="elsewhere.example", pid=999_999_999)
    with pytest.raises(LockHeld) as info:
        acquire(workbook_file)
    assert "another machine" in str(info.value)
    assert str(lock_path(workbook_file)) in str(info.value)


def test_garbled_lock_is_held_while_young_and_taken_over_when_old(workbook_file: Path) -> None:
    lock_path(workbook_file).write_text("")
    with pytest.raises(LockHeld) as info:
        acquire(workbook_file)
    assert info.value.info is None
    old = time.time() - 3600
    os.utime(lock_path(workbook_file), (old, old))
    with acquire(workbook_file):
        pass


def test_symlink_and_real_path_share_one_lock(tmp_path: Path, workbook_file: Path) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(workbook_file)
    with acquire(link), pytest.raises(LockHeld):
        acquire(workbook_file)


def test_release_leaves_someone_elses_lock_alone(workbook_file: Path) -> None:
    lock = acquire(workbook_file)
    lock.lock_file.unlink()  # broken by someone
    _plant(workbook_file, pid=1, token="theirs")
    assert not lock.still_held()
    lock.release()
    info = read_lock(workbook_file)
    assert info is not None and info.token == "theirs"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_lock_error(tmp_path: Path, workbook_file: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(LockError, match="cannot create the lock file"):
            acquire(workbook_file)
    finally:
        tmp_path.chmod(0o755)


RACER = """
import sys, time
from gpai_tui.workbook.lock import try_acquire
sys.stdin.readline()  # start together
lock = try_acquire(sys.argv[1])
print("won" if lock else "lost", flush=True)
time.sleep(0.5)
if lock:
    lock.release()
"""


def test_racing_takeovers_of_a_stale_lock_have_one_winner(workbook_file: Path) -> None:
    for _ in range(3):
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        _plant(workbook_file, pid=dead.pid, token="stale")
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACER, str(workbook_file)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=_env(),
            )
            for _ in range(6)
        ]
        time.sleep(1.0)  # let them all import
        for racer in racers:
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()
        results = [racer.communicate(timeout=30)[0].strip() for racer in racers]
        assert results.count("won") == 1, results
        assert not lock_path(workbook_file).exists()


def test_parallel_gpai_set_runs_all_succeed_and_no_edit_is_lost(workbook_file: Path) -> None:
    ids = ["CR-1.1", "CR-1.2", "CR-1.3", "TR-1.1", "TR-1.2", "TR-1.3"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gpai_tui", "set", str(workbook_file), item, "--owner", item],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for item in ids
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    workbook = load_workbook(workbook_file)
    assert {i: workbook.get_entry(i).owner for i in ids} == {i: i for i in ids}
