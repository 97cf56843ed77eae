"""One editor at a time: an advisory lock file next to each workbook.

Opening a workbook for editing (the TUI, ``gpai set``) takes the lock; a second
editor is told who holds it (pid, user, host, since when) and can open the file
read-only. The lock is a small JSON file ``.NAME.gpai-lock`` in the workbook's
folder (hidden, never ``*.toml``), created with ``O_CREAT | O_EXCL`` so exactly
one process wins.

A lock left by a process that died is *stale* and taken over: on the same host
when its pid is gone, when the pid now belongs to a different process (its start
time differs), or when the machine has rebooted since (the boot id differs). A
lock from another host is never taken over automatically (we cannot see its
processes); the message names the lock file so a person can remove it.

Usage::

    with acquire(path, purpose="gpai set", brief=True, wait=5.0):
        ...  # load, edit, save

    lock = try_acquire(path)   # None when someone else holds it
    info = holder(path)        # who holds it (a live holder), or None

The lock is advisory: tools that do not know it (an editor, ``git pull``) are
caught by the fingerprint check on save instead.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from gpai_tui.errors import GpaiError
from gpai_tui.text import one_line
from gpai_tui.workbook.writer import pid_alive, resolve_target, short_name

LOCK_SUFFIX = ".gpai-lock"
"""Suffix of lock files (hidden, never ``.toml``)."""

BREAK_SUFFIX = ".break"
"""Suffix of the short-lived file that serialises taking over a stale lock."""

UNREADABLE_GRACE = 10.0
"""An empty or garbled lock file younger than this (seconds) is being written: held."""

_MAX_LOCK_BYTES = 4096


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a lock: the content of the lock file."""

    pid: int
    """Process id of the holder."""
    host: str
    """Host name of the holder's machine."""
    user: str
    """User name of the holder."""
    started: str
    """When the lock was taken (local time, ISO 8601, seconds)."""
    purpose: str
    """What holds it, e.g. ``gpai open`` or ``gpai set``."""
    brief: bool = False
    """True for one-shot holders (``gpai set``) worth waiting a moment for."""
    boot_id: str | None = None
    """Linux boot id of the holder's machine (a reboot makes the lock stale)."""
    proc_start: int | None = None
    """Start time of the holder process in clock ticks (detects pid reuse)."""
    token: str = ""
    """Random token: the holder removes the file only if it is still its own."""

    def describe(self) -> str:
        """One line for people: who, where, since when."""
        return (
            f"{one_line(self.purpose, 40)} (pid {self.pid}, user {one_line(self.user, 40)}, "
            f"host {one_line(self.host, 80)}) since {one_line(self.started, 40)}"
        )

    def to_json(self) -> str:
        """The lock file content."""
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        """Parse lock file content; ``None`` when it is not a lock we wrote."""
        try:
            raw = json.loads(text)
        except ValueError:
            return None
        if not isinstance(raw, dict):
            return None
        try:
            pid, host = raw["pid"], raw["host"]
            if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(host, str):
                return None
            proc_start = raw.get("proc_start")
            boot_id = raw.get("boot_id")
            return cls(
                pid=pid,
                host=host,
                user=str(raw.get("user", "?")),
                started=str(raw.get("started", "?")),
                purpose=str(raw.get("purpose", "gpai")),
                brief=raw.get("brief") is True,
                boot_id=boot_id if isinstance(boot_id, str) else None,
                proc_start=proc_start if isinstance(proc_start, int) else None,
                token=str(raw.get("token", "")),
            )
        except KeyError:
            return None

    def is_stale(self) -> bool:
        """True when the holder is certainly gone (same host only)."""
        if self.host != _hostname():
            return False
        boot = _boot_id()
        if self.boot_id and boot and self.boot_id != boot:
            return True
        if not pid_alive(self.pid):
            return True
        if self.proc_start is not None:
            now = _proc_start(self.pid)
            if now is not None and now != self.proc_start:
                return True
        return False


class LockError(GpaiError):
    """The lock could not be taken (a folder that cannot be written, say)."""


class LockHeld(LockError):
    """Another live process holds the lock."""

    def __init__(self, path: Path, lock_file: Path, info: LockInfo | None) -> None:
        self.path = path
        """The workbook."""
        self.lock_file = lock_file
        """The lock file."""
        self.info = info
        """The holder, or ``None`` when the lock file is being written."""
        who = info.describe() if info else "another process (its lock is being written)"
        message = f"{path} is being edited by {who}"
        if info is not None and info.host != _hostname():
            message += (
                f"\n  hint: it is held from another machine; if that editor is gone, "
                f"remove {lock_file}"
            )
        else:
            message += "\n  hint: close it there first; `gpai open` can show it read-only meanwhile"
        super().__init__(message)


def lock_path(path: Path | str) -> Path:
    """The lock file of workbook ``path`` (next to the real file, symlinks followed)."""
    target = resolve_target(Path(path))
    return target.with_name(f".{short_name(target.name)}{LOCK_SUFFIX}")


def read_lock(path: Path | str) -> LockInfo | None:
    """The content of ``path``'s lock file, or ``None`` (no lock, or unreadable)."""
    try:
        return LockInfo.from_json(_read(lock_path(path)))
    except OSError:
        return None


def holder(path: Path | str) -> LockInfo | None:
    """The live holder of ``path``'s lock, or ``None`` when it is free or stale."""
    info = read_lock(path)
    if info is None or info.is_stale():
        return None
    return info


class Lock:
    """A held lock; release it with :meth:`release` or by leaving a ``with`` block."""

    def __init__(self, path: Path, lock_file: Path, info: LockInfo) -> None:
        self.path = path
        """The workbook."""
        self.lock_file = lock_file
        """The lock file."""
        self.info = info
        """What the lock file says (this process)."""
        self.released = False
        """True once released."""

    def still_held(self) -> bool:
        """True when the lock file on disk is still this lock (nobody broke it)."""
        if self.released:
            return False
        try:
            current = LockInfo.from_json(_read(self.lock_file))
        except OSError:
            return False
        return current is not None and current.token == self.info.token

    def release(self) -> None:
        """Remove the lock file if it is still ours. Safe to call twice."""
        if self.released:
            return
        self.released = True
        if self._owned():
            with contextlib.suppress(FileNotFoundError):
                self.lock_file.unlink()

    def _owned(self) -> bool:
        try:
            current = LockInfo.from_json(_read(self.lock_file))
        except OSError:
            return False
        return current is not None and current.token == self.info.token

    def __enter__(self) -> Lock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "released" if self.released else "held"
        return f"<Lock {self.lock_file} {state}>"


def acquire(
    path: Path | str,
    *,
    purpose: str = "gpai",
    brief: bool = False,
    wait: float = 0.0,
) -> Lock:
    """Take the lock of workbook ``path``, or raise :class:`LockHeld` (holder inside).

    A stale lock is taken over. With ``wait`` > 0, a lock held by a *brief* holder
    (another ``gpai set``) is retried for up to ``wait`` seconds; a long-lived
    holder (an open TUI) is refused at once. Raises :class:`LockError` when the
    lock file cannot be created at all (a read-only folder, say).
    """
    workbook = Path(path)
    refuse_hard_links(workbook)
    lock_file = lock_path(workbook)
    deadline = time.monotonic() + wait
    delay = 0.01
    while True:
        try:
            return _attempt(workbook, lock_file, purpose, brief)
        except LockHeld as held:
            if held.info is not None and not held.info.brief:
                raise
            if time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def refuse_hard_links(path: Path) -> None:
    """Raise :class:`LockError` when ``path`` has more than one hard link.

    The lock is a file next to one *name*; a second name of the same file (a hard
    link, perhaps in another folder) would have its own lock, and saving through
    one name replaces that name only, splitting the two. So such files are not
    edited at all (issue 16); symlinks are fine (they are followed).
    """
    try:
        links = resolve_target(path).stat().st_nlink
    except OSError:
        return  # a missing file: the caller reports it
    if links > 1:
        raise LockError(
            f"{path}: the file has {links} hard links (other names for the same file); "
            "gpai does not edit such files, since one lock and one save could not cover "
            "every name\n  hint: use a symbolic link instead, or copy the file "
            "(cp FILE tmp && mv tmp FILE) to give it its own data"
        )


def try_acquire(path: Path | str, *, purpose: str = "gpai open") -> Lock | None:
    """Take the lock of ``path``, or return ``None`` when another process holds it.

    For the TUI: on ``None``, show :func:`holder` and offer to open read-only.
    """
    try:
        return acquire(path, purpose=purpose)
    except LockHeld:
        return None


def _attempt(workbook: Path, lock_file: Path, purpose: str, brief: bool) -> Lock:
    for _ in range(50):
        info = _new_info(purpose, brief)
        created = _create(lock_file, info.to_json().encode("utf-8"))
        if created:
            return Lock(workbook, lock_file, info)
        try:
            raw = _read(lock_file)
        except FileNotFoundError:
            continue  # released meanwhile: try again
        except OSError as exc:
            raise LockError(f"{lock_file}: cannot read the lock file ({exc.strerror})") from None
        current = LockInfo.from_json(raw)
        if current is None:
            if _age(lock_file) < UNREADABLE_GRACE:
                raise LockHeld(workbook, lock_file, None)
        elif not current.is_stale():
            raise LockHeld(workbook, lock_file, current)
        _break_stale(lock_file, raw)
    raise LockError(f"{lock_file}: could not take the lock (too much contention)")


def _create(lock_file: Path, data: bytes) -> bool:
    """Create ``lock_file`` with ``data`` if it does not exist; False if it does."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock_file, flags, 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _lock_error(lock_file, exc) from None
    try:
        os.write(fd, data)
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            lock_file.unlink()
        raise _lock_error(lock_file, exc) from None
    os.close(fd)
    return True


def _break_stale(lock_file: Path, seen: str) -> None:
    """Remove a stale lock, if it is still the one judged stale.

    A short-lived ``.break`` file serialises breakers, so two processes taking over
    the same stale lock cannot remove each other's fresh lock.
    """
    breaker = lock_file.with_name(lock_file.name + BREAK_SUFFIX)
    for _ in range(200):
        if _create(breaker, f"{os.getpid()}\n".encode()):
            break
        if _age(breaker) > UNREADABLE_GRACE:  # a breaker died in the act
            with contextlib.suppress(FileNotFoundError):
                breaker.unlink()
            continue
        time.sleep(0.005)
    else:
        return
    try:
        try:
            now = _read(lock_file)
        except FileNotFoundError:
            return
        if now == seen:
            with contextlib.suppress(FileNotFoundError):
                lock_file.unlink()
    finally:
        with contextlib.suppress(FileNotFoundError):
            breaker.unlink()


def _read(lock_file: Path) -> str:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock_file, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ""  # a symlink planted at the lock name: garbage, not a lock
        raise
    try:
        data = os.read(fd, _MAX_LOCK_BYTES)
    finally:
        os.close(fd)
    return data.decode("utf-8", errors="replace")


def _age(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except OSError:
        return 0.0


def _lock_error(lock_file: Path, exc: OSError) -> LockError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        reason = "permission denied (is the folder read-only?)"
    return LockError(f"{lock_file}: cannot create the lock file: {reason}")


def _new_info(purpose: str, brief: bool) -> LockInfo:
    pid = os.getpid()
    return LockInfo(
        pid=pid,
        host=_hostname(),
        user=_user(),
        started=datetime.now().isoformat(timespec="seconds"),
        purpose=purpose,
        brief=brief,
        boot_id=_boot_id(),
        proc_start=_proc_start(pid),
        token=secrets.token_hex(8),
    )


def _hostname() -> str:
    return socket.gethostname() or "localhost"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid())


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def _proc_start(pid: int) -> int | None:
    """Start time of process ``pid`` in clock ticks since boot (Linux), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields: list[Any] = stat[stat.rfind(")") + 2 :].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


__all__ = [
    "LOCK_SUFFIX",
    "Lock",
    "LockError",
    "LockHeld",
    "LockInfo",
    "acquire",
    "holder",
    "lock_path",
    "read_lock",
    "refuse_hard_links",
    "try_acquire",
]
