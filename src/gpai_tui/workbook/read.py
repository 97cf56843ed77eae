"""Reading a workbook file up to its header, without pydantic: bytes, text, TOML, format.

The first stages of :func:`gpai_tui.workbook.io.parse_workbook` (the file can be read
and is not too large, is UTF-8 text with LF line endings, within the text limits, is
TOML nested within the depth limit, and says a format this gpai reads). They import
no pydantic and no catalogue, so ``gpai open`` runs them (:func:`precheck`) before
its first frame: such a file is refused with the same message as the full load, and
the UI never starts.
"""

from __future__ import annotations

import ast
import os
import re
import stat
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli

from gpai_tui.workbook.errors import SHOWN, WorkbookError, format_key_path, locate, quoted
from gpai_tui.workbook.limits import check_depth, check_text

FORMAT_VERSION = 2
"""The workbook file-format version this tool writes and the newest it reads.

Format 2 (issue 12) added the profile keys of the December 2026 audit (planned compute,
notification and designation dates, the open-source conditions, crawling, ...), the
``[code]`` table with the chapters signed, ``alternative`` on entries and ``other_class``
on incidents. A format-1 file reads as format 2 with every new key at its default."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest workbook file accepted (10 MB)."""

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEY_TUPLE = re.compile(r"\((?:'[^'\\]*'(?:, )?)+,?\)")
"""A key path as tomllib prints it in messages: ``('measures', 'TR-1.1')``."""


def fingerprint(data: bytes) -> str:
    """A content fingerprint, to detect changes on disk since a file was loaded."""
    import hashlib  # ~1 ms: not before the first frame

    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    """Read a workbook file's bytes, refusing oversized or unreadable files clearly."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookError(
                source,
                f"file is {size / 1_048_576:.1f} MB; workbooks are limited to 10 MB",
                hint="is this really a workbook? Large evidence belongs in separate files "
                "referenced from the workbook",
            )
        if path.is_dir():
            raise WorkbookError(source, "is a folder, not a workbook file")
        data = _read_regular(path, source)
    except FileNotFoundError:
        raise WorkbookError(source, "no such file") from None
    except PermissionError:
        raise WorkbookError(source, "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise WorkbookError(source, "is a folder, not a workbook file") from None
    except OSError as exc:
        raise WorkbookError(source, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(source, "file is larger than 10 MB; workbooks are limited to 10 MB")
    return data


def _read_regular(path: Path, source: str) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of a regular file.

    Opened non-blocking and checked after opening, so a pipe, a device or a socket
    (``/dev/zero``, a FIFO that nobody writes) is refused at once, never waited on.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WorkbookError(
                source,
                "is not a regular file (a pipe, device or socket)",
                hint="save it to a file first",
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise WorkbookError(
            source,
            "file is empty",
            hint="create a workbook with `gpai new FILE --provider P --model M`",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise WorkbookError(
            source,
            "file starts with a UTF-8 byte-order mark (BOM)",
            line=1,
            column=1,
            hint="save it as UTF-8 without BOM",
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise WorkbookError(
            source, "file contains NUL bytes: it is binary, not a TOML workbook", line=line
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WorkbookError(source, "file is not UTF-8 text (is it binary?)", line=line) from None
    if "\r\n" in text or "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise WorkbookError(
            source,
            "file has CR or CRLF (Windows) line endings; workbooks use LF only, "
            "so that git diffs stay clean",
            line=line,
            hint="convert it with `dos2unix FILE`, and set `git config core.autocrlf input`",
        )
    return text


def parse_toml(text: str, source: str) -> dict[str, Any]:
    # tomli is the standard library's tomllib (same parser, same messages) compiled
    # with mypyc: about three times faster, which is most of a portfolio's load time.
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        match = _POSITION.search(message)
        problem = _KEY_TUPLE.sub(toml_key, _POSITION.sub("", message).strip())
        declared = re.fullmatch(r"Cannot declare (.+) twice", problem)
        if declared:
            problem = f"table [{declared.group(1)}] is declared twice"
        hint = None
        if any(word in problem.lower() for word in ("overwrite", "duplicate", "twice")):
            hint = "a key or table is defined twice; keep one of them"
        if match:
            raise WorkbookError(
                source,
                f"invalid TOML: {problem}",
                line=int(match.group(1)),
                column=int(match.group(2)),
                hint=hint,
            ) from None
        raise WorkbookError(source, f"invalid TOML: {problem}", hint=hint) from None
    except RecursionError:
        raise WorkbookError(source, "invalid TOML: values are nested too deeply") from None


def toml_key(match: re.Match[str]) -> str:
    """``('measures', 'TR-1.1')`` (from a tomllib message) as ``measures."TR-1.1"``."""
    parts = ast.literal_eval(match.group(0))
    return format_key_path([str(p) for p in parts])


def check_header(raw: dict[str, Any], text: str, source: str) -> None:
    fmt = raw.get("format")
    if fmt is None:
        raise WorkbookError(
            source,
            "missing `format`: this does not look like a gpai workbook",
            hint=f"a workbook starts with `format = {FORMAT_VERSION}` and a [code] table "
            'holding `version = "..."`',
        )
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise WorkbookError(
            source,
            f"`format` must be a positive whole number, got {show(fmt)}",
            line=locate(text, ["format"]),
            key="format",
        )
    if fmt > FORMAT_VERSION:
        raise WorkbookError(
            source,
            f"written in workbook format {fmt}, but this gpai reads format "
            f"{FORMAT_VERSION} and older",
            line=locate(text, ["format"]),
            key="format",
            hint="upgrade gpai-tui to open it; nothing was changed",
        )


def show(value: Any) -> str:
    """A value from the file as it would be written in TOML, cut to one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return quoted(value)
    shown = repr(value)
    return shown if len(shown) <= SHOWN else shown[: SHOWN - 3] + "..."


def precheck(path: Path) -> None:
    """Raise the loader's :class:`WorkbookError` if ``path`` fails before validation.

    The same checks, in the same order and with the same messages, as the start of
    ``load_workbook`` (which still runs them all again on the bytes it loads).
    """
    source = str(path)
    text = decode(read_bytes(path), source)
    check_text(text, source)
    raw = parse_toml(text, source)
    check_depth(raw, source)
    if "signatory" in raw:
        return  # validate_document refuses it first, before the header
    check_header(raw, text, source)
