"""Recovery journal: the unsaved state of an open workbook, kept in the user's state folder.

While a workbook has unsaved changes, the TUI writes the whole unsaved workbook
after each change, with the file's text as it was loaded, to
``<state folder>/journals/<hash of the real path>.json``. Saving, or a clean
quit, removes it. If the app dies instead (killed, crash, terminal gone), the
journal stays, and the next ``gpai open`` of that file offers to restore it.

The folder is private to the user (``0o700``; journals ``0o600``): a journal holds
the workbook's text. Writes are atomic (:func:`~gpai_tui.workbook.atomic_write`),
so a journal is whole or absent. The workbook is written as the model's JSON
(format 2: ~0.05 ms, against ~2.5 ms for the canonical TOML text, which format 1
held and is still read), because this runs after every keystroke that edits. It
is read back through the model's validation, turned into canonical text, and that
text through the normal loader (:func:`~gpai_tui.workbook.parse_workbook`): never
trusted as is. No
Textual here; :mod:`gpai_tui.tui.recovery` shows it to the user.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gpai_tui.workbook.errors import WorkbookError
from gpai_tui.workbook.io import MAX_FILE_BYTES, parse_workbook
from gpai_tui.workbook.model import Workbook
from gpai_tui.workbook.writer import atomic_write, dumps_workbook, resolve_target

JOURNAL_FORMAT = 2
"""Version of the journal file's JSON shape written now (2: the workbook as model JSON,
or as canonical text when it holds merge conflicts)."""
READABLE_FORMATS = (1, 2)
"""Versions read (1: the workbook as canonical TOML text)."""

APP_NAME = "gpai-tui"
"""The platformdirs application name (the same folder as the CLI's crash logs)."""


def journal_dir() -> Path:
    """``<user state folder>/journals`` (created private on first use)."""
    import platformdirs

    base = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    folder = base / "journals"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        folder.chmod(0o700)
    return folder


@dataclass(frozen=True, slots=True)
class Entry:
    """What a journal holds."""

    path: str
    """The workbook's real path (symlinks followed)."""
    workbook: str
    """Canonical text of the unsaved workbook."""
    base: str
    """The file's text when it was loaded (or last saved) by the session that wrote this."""
    written: str
    """When the journal was last written (local time, ISO 8601, seconds)."""
    pid: int
    """The writing process."""
    host: str
    """The writing machine."""

    def load(self) -> Workbook:
        """The unsaved workbook, validated like any file; raises :class:`WorkbookError`."""
        return parse_workbook(self.workbook.encode("utf-8"), f"recovery journal of {self.path}")


class Journal:
    """The recovery journal of one workbook file."""

    def __init__(self, workbook_path: Path | str, folder: Path | None = None) -> None:
        self.workbook_path = resolve_target(Path(workbook_path)).absolute()
        """The workbook (real path)."""
        key = hashlib.sha256(str(self.workbook_path).encode("utf-8")).hexdigest()[:32]
        self._folder = folder
        self._name = f"{key}.json"
        self._last: str | None = None

    @property
    def folder(self) -> Path:
        """The journals folder."""
        return self._folder if self._folder is not None else journal_dir()

    @property
    def file(self) -> Path:
        """The journal file."""
        return self.folder / self._name

    def exists(self) -> bool:
        """True when a journal is on disk for this workbook."""
        return self.file.exists()

    def write(self, workbook: Workbook, base: str) -> bool:
        """Record the unsaved ``workbook``; skipped when unchanged since the last write.

        Returns True when written. Raises ``OSError`` if the state folder cannot
        be written, :class:`WorkbookError` if the workbook cannot be written down
        (the caller warns once and carries on).
        """
        kind, body = _payload(workbook)
        if body == self._last and self.file.exists():
            return False
        entry = {
            "journal": JOURNAL_FORMAT,
            "path": str(self.workbook_path),
            "written": datetime.now().isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "base": base,
            kind: body,
        }
        target = self.file
        fresh = not target.exists()
        atomic_write(target, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        if fresh:
            with contextlib.suppress(OSError):
                target.chmod(0o600)
        self._last = body
        return True

    def read(self) -> Entry | None:
        """The journal, or ``None`` when there is none.

        Raises :class:`WorkbookError` when a journal exists but is not one we can
        use (damaged, for another file, too large).
        """
        source = f"recovery journal {self.file}"
        try:
            if self.file.stat().st_size > 3 * MAX_FILE_BYTES:
                raise WorkbookError(source, "is too large to be a recovery journal")
            raw = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise WorkbookError(source, f"cannot be read ({exc})") from None
        version = raw.get("journal") if isinstance(raw, dict) else None
        if version not in READABLE_FORMATS:
            raise WorkbookError(source, "is not a recovery journal this gpai understands")
        body = "model" if version == 2 and "model" in raw else "workbook"
        fields = ("path", body, "base", "written", "host")
        if not all(isinstance(raw.get(name), str) for name in fields) or not isinstance(
            raw.get("pid"), int
        ):
            raise WorkbookError(source, "is damaged")
        if raw["path"] != str(self.workbook_path):
            raise WorkbookError(source, f"belongs to another file ({raw['path']})")
        text = raw["workbook"] if body == "workbook" else _canonical_text(raw["model"], source)
        return Entry(
            path=raw["path"],
            workbook=text,
            base=raw["base"],
            written=raw["written"],
            pid=raw["pid"],
            host=raw["host"],
        )

    def remove(self) -> None:
        """Delete the journal (saved, discarded, or quit cleanly)."""
        self._last = None
        with contextlib.suppress(FileNotFoundError):
            self.file.unlink()

    def set_aside(self) -> Path | None:
        """Rename the journal to a dated name that is never offered again; return it."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = self.file.with_name(f"{self.file.stem}.{stamp}.kept.json")
        try:
            os.replace(self.file, kept)
        except FileNotFoundError:
            return None
        self._last = None
        return kept


def _payload(workbook: Workbook) -> tuple[str, str]:
    """``("model", JSON)`` for the journal; ``("workbook", canonical text)`` when the
    workbook holds merge conflicts, whose values (any TOML value: dates, times) JSON
    would not keep exactly, or anything else JSON cannot carry. ``[training_summary]``
    values too: its value union (text, date, ...) would read a text such as
    "2026-05-04" back from JSON as a date."""
    if not workbook.conflicts and not workbook.training_summary:
        try:
            return "model", workbook.model_dump_json(by_alias=True)
        except ValueError:  # pydantic's serialization errors are ValueErrors
            pass
    return "workbook", dumps_workbook(workbook)


def _canonical_text(model: str, source: str) -> str:
    """The canonical text of the workbook a format-2 journal holds (validated twice:
    as the model here, then as a file by :meth:`Entry.load`)."""
    from pydantic import ValidationError

    try:
        return dumps_workbook(Workbook.model_validate_json(model))
    except ValidationError as exc:
        raise WorkbookError(source, f"is damaged ({exc.error_count()} invalid values)") from None
    except WorkbookError as exc:
        raise WorkbookError(source, f"is damaged ({exc.problem})") from None


__all__ = ["JOURNAL_FORMAT", "READABLE_FORMATS", "Entry", "Journal", "journal_dir"]
