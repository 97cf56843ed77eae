"""The one error type the workbook loader raises, with a message for people."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from gpai_tui.errors import GpaiError


class WorkbookError(GpaiError):
    """A workbook could not be read: what, where, what was expected.

    ``str(err)`` is the full one-screen message, starting with ``FILE:LINE:COL``
    where the position is known.
    """

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        self.key = key
        self.hint = hint
        super().__init__(self._render())

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its fields, so that it crosses process boundaries (the
        # portfolio's worker pool); the default would call __init__(message) and fail.
        fields = (self.line, self.column, self.key, self.hint)
        return (_rebuild, (self.source, self.problem, *fields))

    def _render(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.problem}"
        if self.key:
            text += f" (at {self.key})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def _rebuild(
    source: str,
    problem: str,
    line: int | None,
    column: int | None,
    key: str | None,
    hint: str | None,
) -> WorkbookError:
    return WorkbookError(source, problem, line=line, column=column, key=key, hint=hint)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for ``word`` among ``choices``, or ``None``."""
    choices = list(choices)
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    if not matches and len(word) >= 3:
        # A shortened word ("cyber" for "cybersecurity"): only when unambiguous.
        starting = [c for c in choices if c.lower().startswith(word.lower())]
        matches = starting if len(starting) == 1 else []
    return f"did you mean {matches[0]!r}?" if matches else None


SHOWN = 60
"""Longest user-supplied name or value quoted in a message (the rest is cut)."""


def shorten(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters (``…`` marks the cut), for messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: object, limit: int = SHOWN) -> str:
    """``repr`` of a user-supplied name, cut so that a message stays on one screen."""
    return repr(shorten(str(text), limit))


def format_key_path(parts: Sequence[str | int]) -> str:
    """Render a key path the way it is written in TOML: ``measures."CR-1.3".status``.

    Always one line: quoted keys are escaped as in a TOML basic string.

    Very long keys are cut (see :func:`shorten`) so that a message stays readable.
    """
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
            continue
        part = shorten(part)
        # JSON's escapes (\n, \", \u0007...) read the same in a TOML basic string: a key
        # with a line break must not spread the message over lines (found by the soak fuzz).
        text = (
            part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part, ensure_ascii=False)
        )
        out.append(text if not out else f".{text}")
    return "".join(out)


def locate(text: str, parts: Sequence[str | int]) -> int | None:
    """Best-effort 1-based line of a key path in TOML ``text``.

    Walks the table headers; finds the deepest header that is a prefix of the path
    (or the first header inside the path, for a table that only has sub-tables),
    then the key line inside that table. Lines are counted on LF only, as TOML
    and git count them. Returns ``None`` when nothing matches.
    """
    names = [p for p in parts if isinstance(p, str)]
    if not names:
        return None
    header_re = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(#.*)?$")
    key_re = re.compile(r'^\s*("([^"]*)"|[A-Za-z0-9_-]+)\s*=')
    best_line: int | None = None
    best_depth = -1
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        header = header_re.match(line)
        if header:
            current = [s.strip().strip('"') for s in _split_dotted(header.group(1))]
            depth = len(current)
            if current == names[:depth] and depth > best_depth:
                best_line, best_depth = number, depth
            elif current[: len(names)] == names and best_depth < len(names):
                best_line, best_depth = number, len(names)
            continue
        key = key_re.match(line)
        if key:
            name = key.group(2) if key.group(2) is not None else key.group(1)
            full = [*current, name]
            if full == names[: len(full)] and len(full) > best_depth:
                best_line, best_depth = number, len(full)
    return best_line


def _split_dotted(header: str) -> list[str]:
    """Split a dotted TOML key, respecting double quotes."""
    parts: list[str] = []
    buf = ""
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
            buf += ch
        elif ch == "." and not quoted:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return parts
