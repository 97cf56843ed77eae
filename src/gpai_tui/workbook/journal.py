"""Recovery journal: the unsaved state of an open workbook, kept in the user's state folder.

While a workbook has unsaved changes, the TUI writes the whole unsaved workbook
after each change, with the file's text as it was loaded, to
``<state folder>/journals/<hash of the real path>.json``. Saving, or a clean
quit, removes it. If the app dies instead (killed, crash, terminal gone), the
journal stays, and the next ``gpai open`` of that file offers to restore it.

The folder is private to the user (``0o700``; journals ``0o600``): a journal holds
the workbook's text. Writes are atomic (:func:`~gpai_tui.workbook.atomic_write`),
so a journal is whole or absent. The workbook is written as the model's JSON
(~0.1 ms, against ~3 ms for the canonical TOML text, which format 1 held and is
still read), because this runs after every keystroke that edits. Format 3 keeps the
``[training_summary]`` beside the model, each value tagged (``{"date": ...}`` or
``{"value": ...}``): its value union would read a text such as "2026-05-04" back
from plain JSON as a date, so format 2 wrote the slow canonical text for any
workbook with a summary. Format 3 also holds the model and the summary as JSON
objects, not as JSON text inside a string (escaped again at each write), and the
base text is encoded once per session. A journal is read back through the model's
validation,
turned into canonical text, and that text through the normal loader
(:func:`~gpai_tui.workbook.parse_workbook`): never trusted as is. No Textual here;
:mod:`gpai_tui.tui.recovery` shows it to the user.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gpai_tui.workbook.errors import WorkbookError
from gpai_tui.workbook.io import MAX_FILE_BYTES, parse_workbook
from gpai_tui.workbook.model import Workbook
from gpai_tui.workbook.writer import atomic_write, dumps_workbook, resolve_target

JOURNAL_FORMAT = 3
"""Version of the journal file's JSON shape written now (3: the workbook as model JSON
with its training summary tagged apart, or as canonical text when it holds merge
conflicts)."""
READABLE_FORMATS = (1, 2, 3)
"""Versions read (1: the workbook as canonical TOML text; 2: as model JSON, or as
canonical text when it held merge conflicts or a training summary)."""

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


def _path_text(path: Path) -> str:
    """The workbook's path as text a UTF-8 journal can hold: a file name that is not
    UTF-8 (bytes on Linux) keeps its odd bytes as ``\\xNN`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class Journal:
    """The recovery journal of one workbook file."""

    def __init__(self, workbook_path: Path | str, folder: Path | None = None) -> None:
        self.workbook_path = resolve_target(Path(workbook_path)).absolute()
        """The workbook (real path)."""
        # fsencode: the same bytes as UTF-8 for any UTF-8 name, and no crash for a name
        # that is not UTF-8 (issue 16)
        key = hashlib.sha256(os.fsencode(self.workbook_path)).hexdigest()[:32]
        self._folder = folder
        self._name = f"{key}.json"
        self._last: dict[str, str] | None = None
        self._written = False
        """Written once already: the folder exists and dead writers' temp files are gone."""
        self._base: tuple[str, str] | None = None
        """The base text and its JSON (encoded once, not at every edit)."""

    @property
    def folder(self) -> Path:
        """The journals folder (the user's one is created on first use)."""
        if self._folder is None:
            self._folder = journal_dir()
        return self._folder

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
        body = _payload(workbook)
        if body == self._last and self.file.exists():
            return False
        head = {
            "journal": JOURNAL_FORMAT,
            "path": _path_text(self.workbook_path),
            "written": datetime.now().isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "host": socket.gethostname(),
        }
        if self._base is None or self._base[0] != base:
            self._base = (base, json.dumps(base, ensure_ascii=False))  # the same at each edit
        # The model and summary are JSON already: put in as they are, not as escaped text.
        parts = [json.dumps(head, ensure_ascii=False)[:-1], ', "base": ', self._base[1]]
        if "model" in body:
            parts += [', "model": ', body["model"], ', "summary": ', body["summary"], "}"]
        else:
            parts += [', "workbook": ', json.dumps(body["workbook"], ensure_ascii=False), "}"]
        target = self.file
        fresh = not target.exists()
        data = "".join(parts).encode("utf-8")
        try:
            atomic_write(target, data, clean=not self._written)
        except OSError:
            if not self._written or target.parent.is_dir():
                raise
            self._written = False  # the folder went away: make it again, once
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write(target, data)
        if fresh:
            with contextlib.suppress(OSError):
                target.chmod(0o600)
        self._written = True
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
        if not isinstance(raw, dict) or raw.get("journal") not in READABLE_FORMATS:
            raise WorkbookError(source, "is not a recovery journal this gpai understands")
        fields = ("path", "base", "written", "host")
        if not all(isinstance(raw.get(name), str) for name in fields) or not isinstance(
            raw.get("pid"), int
        ):
            raise WorkbookError(source, "is damaged")
        if raw["path"] != _path_text(self.workbook_path):
            raise WorkbookError(source, f"belongs to another file ({raw['path']})")
        text = held_text(raw, source)
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


def _payload(workbook: Workbook) -> dict[str, str]:
    """What the journal holds of ``workbook``: ``{"model": JSON, "summary": JSON}``, or
    ``{"workbook": canonical text}`` when the workbook holds merge conflicts, whose
    values (any TOML value: dates, times) JSON would not keep exactly, or anything else
    JSON cannot carry (a lone surrogate, say)."""
    if not workbook.conflicts:
        try:
            model = workbook.model_dump_json(by_alias=True, exclude={"training_summary"})
            summary = json.dumps(_tag_summary(workbook.training_summary), ensure_ascii=False)
            summary.encode("utf-8")  # refuses what the journal file could not hold
        except ValueError:  # pydantic's serialization errors and UnicodeError are ValueErrors
            pass
        else:
            return {"model": model, "summary": summary}
    return {"workbook": dumps_workbook(workbook)}


def _tag_summary(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each training-summary value as ``{"date": ISO}`` or ``{"value": value}``."""
    return {
        key: {"date": value.isoformat()} if isinstance(value, date) else {"value": value}
        for key, value in summary.items()
    }


def _untag_summary(tagged: dict[str, Any], source: str) -> dict[str, Any]:
    """The values :func:`_tag_summary` wrote (the model validates their types)."""
    try:
        summary: dict[str, Any] = {}
        for key, held in tagged.items():
            if not isinstance(held, dict) or len(held) != 1:
                raise ValueError(f"value of {key!r} is not tagged")
            if "date" in held and isinstance(held["date"], str):
                summary[key] = date.fromisoformat(held["date"])
            elif "value" in held:
                summary[key] = held["value"]
            else:
                raise ValueError(f"value of {key!r} is not tagged")
    except ValueError as exc:
        raise WorkbookError(source, f"is damaged (training summary: {exc})") from None
    return summary


def held_text(raw: dict[str, Any], source: str) -> str:
    """The canonical text of the workbook a journal's JSON (``raw``) holds.

    Raises :class:`WorkbookError` when it holds none that validates.
    """
    version = raw.get("journal")
    if version == 2 and "model" in raw:  # the model's JSON as a string
        if not isinstance(raw["model"], str):
            raise WorkbookError(source, "is damaged")
        return _canonical_text(raw["model"], {}, source)
    if version == 3 and "model" in raw:  # the model's JSON and the tagged summary, as JSON
        model, summary = raw["model"], raw.get("summary")
        if not isinstance(model, dict) or not isinstance(summary, dict):
            raise WorkbookError(source, "is damaged")
        return _canonical_text(json.dumps(model, ensure_ascii=False), summary, source)
    text = raw.get("workbook")
    if not isinstance(text, str):
        raise WorkbookError(source, "is damaged")
    return text


def _canonical_text(model: str, summary: dict[str, Any], source: str) -> str:
    """The canonical text of the workbook a format-2 or 3 journal holds (validated twice:
    as the model here, then as a file by :meth:`Entry.load`)."""
    from pydantic import ValidationError

    values = _untag_summary(summary, source)
    try:
        workbook = Workbook.model_validate_json(model)
        # Python values, strictly validated: a text stays a text, a date a date.
        workbook.training_summary = values
        return dumps_workbook(workbook)
    except ValidationError as exc:
        raise WorkbookError(source, f"is damaged ({exc.error_count()} invalid values)") from None
    except WorkbookError as exc:
        raise WorkbookError(source, f"is damaged ({exc.problem})") from None


__all__ = ["JOURNAL_FORMAT", "READABLE_FORMATS", "Entry", "Journal", "held_text", "journal_dir"]
