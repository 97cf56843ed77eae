"""Bounds on the *shape* of a workbook file, checked before and after TOML parsing.

The 10 MB size limit alone does not bound the work: Python's TOML parser is
quadratic in the number of parts of a dotted key (a 60 kB line
``a.a.a...= 1`` takes over ten seconds, a 10 MB file of them hours), and 10 MB
of tiny tables or of distinct dotted keys builds gigabytes of dictionaries. A
real workbook is nothing like that: keys have at most four parts, there are a
few hundred tables (a few thousand with many incidents), and values nest four
levels deep.

:func:`check_text` looks at the text with strings and comments blanked out (one
regular-expression pass, linear) and refuses, with a clear message, files whose
keys have more than :data:`MAX_KEY_PARTS` parts, with more than
:data:`MAX_TABLES` tables (explicit or implied by dotted keys) or more than
:data:`MAX_ITEMS` values. After parsing,
:func:`check_depth` refuses data nested deeper than :data:`MAX_DEPTH`. Strings
themselves are bounded by the model (``MAX_TEXT``, ``MAX_SHORT``, ``MAX_LIST``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gpai_tui.workbook.errors import WorkbookError, format_key_path

MAX_KEY_PARTS = 8
"""Most dots outside strings on one line (a workbook key has at most four parts)."""

MAX_TABLES = 50_000
"""Most tables in one file, counted from the text: ``[headers]``, ``{inline}``
tables, and the dots of dotted keys (each can open an implicit table). A
workbook with 5,000 incidents has about 10,000."""

MAX_ITEMS = 300_000
"""Most values (``=`` and ``,`` outside strings) in one file: room for 60
measures with 5,000 evidence references each."""

MAX_DEPTH = 12
"""Deepest nesting of tables and arrays (a workbook uses four levels)."""

MIN_DATE = date(1900, 1, 1)
"""Earliest date accepted anywhere in a workbook."""
MAX_DATE = date(2199, 12, 31)
"""Latest date accepted anywhere in a workbook. The window is far wider than any
compliance date (the AI Act dates from 2024) yet leaves centuries of room before
the calendar's end (9999-12-31), so that no deadline computed from a date (years,
months, business days added) can overflow."""

# Strings and comments, each matched in one linear pass: possessive loops never
# backtrack, and an unterminated string runs to the end of its line (or, for a
# multi-line string, of the file) just as the parser would read it, so no
# position is scanned twice whatever the input.
# (The string loops are unrolled, ``x*+(?:y x*+)*+`` rather than ``(?:x|y)*+``: the
# same matches, twice as fast, since runs of plain characters are consumed at once.)
_STRINGS_AND_COMMENTS = re.compile(
    r'"""[^\\"]*+(?:(?:\\[\s\S]|"(?!""))[^\\"]*+)*+(?:"{3,5}|\\?\Z)'  # multi-line basic
    r"|'''[\s\S]*?(?:'{3,5}|\Z)"  # multi-line literal
    r'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+(?:"|\\?(?=\n)|\\?\Z)'  # basic
    r"|'[^'\n]*+(?:'|(?=\n)|\Z)"  # literal
    r"|#[^\n]*+"  # comment
)
_DEEP_LINE = re.compile(rf"^[^\n.]*+(?:\.[^\n.]*+){{{MAX_KEY_PARTS}}}\.", re.MULTILINE)
_HEADER = re.compile(r"^[ \t]*+\[", re.MULTILINE)
# More than MAX_DEPTH openers with no closer between them: certainly too deep.
_DEEP_NESTING = re.compile(rf"(?:[\[{{][^\[\]{{}}]*+){{{MAX_DEPTH + 1}}}")
_NOT_SKELETON = bytes(b for b in range(256) if b not in b"[]{}.\n")
"""Every byte but brackets, dots and line breaks (UTF-8: no other character has them)."""
_DEEP_NESTING_SKELETON = re.compile(_DEEP_NESTING.pattern.encode())
_DEEP_LINE_SKELETON = re.compile(_DEEP_LINE.pattern.encode(), re.MULTILINE)
_TOO_DEEP = (
    f"invalid TOML: values are nested too deeply (more than {MAX_DEPTH} levels; "
    "a workbook uses four)"
)
_NOT_A_WORKBOOK = "is this really a workbook?"


def _blank(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every string and comment replaced by ``""`` (optionally keeping
    its line breaks, so that line numbers still match)."""
    if keep_lines:
        return _STRINGS_AND_COMMENTS.sub(lambda m: '""' + "\n" * m.group().count("\n"), text)
    return _STRINGS_AND_COMMENTS.sub('""', text)


def _line_of(pattern: re.Pattern[str], text: str) -> int | None:
    kept = _blank(text, keep_lines=True)
    found = pattern.search(kept)
    return kept.count("\n", 0, found.start()) + 1 if found else None


def check_text(text: str, source: str) -> None:
    """Refuse text whose structure is far beyond any workbook's (before parsing)."""
    bare = _blank(text)
    # Both searches match in ``bare`` exactly when they match in its skeleton, the
    # brackets, dots and line breaks alone (every character they skip over is outside
    # it): about 1 KB instead of the whole file, and cut out in one C pass.
    skeleton = bare.encode("utf-8", "surrogatepass").translate(None, _NOT_SKELETON)
    if _DEEP_NESTING_SKELETON.search(skeleton) is not None:
        raise WorkbookError(source, _TOO_DEEP, line=_line_of(_DEEP_NESTING, text))
    if _DEEP_LINE_SKELETON.search(skeleton) is not None:
        raise WorkbookError(
            source,
            f"a key on this line has more than {MAX_KEY_PARTS} dotted parts; "
            "workbook keys have at most four",
            line=_line_of(_DEEP_LINE, text),
            hint=_NOT_A_WORKBOOK,
        )
    tables = bare.count("{") + bare.count(".")
    # Headers are counted only when they could matter (each starts with "[").
    if tables + bare.count("[") > MAX_TABLES:
        tables += len(_HEADER.findall(bare))
    if tables > MAX_TABLES:
        raise WorkbookError(
            source,
            f"file has {tables:,} tables; workbooks are limited to {MAX_TABLES:,}",
            hint=_NOT_A_WORKBOOK,
        )
    items = bare.count("=") + bare.count(",")
    if items > MAX_ITEMS:
        raise WorkbookError(
            source,
            f"file has about {items:,} values; workbooks are limited to {MAX_ITEMS:,}",
            hint=_NOT_A_WORKBOOK,
        )


def check_depth(raw: dict[str, Any], source: str) -> None:
    """Refuse parsed data nested deeper than :data:`MAX_DEPTH` (iteratively, no recursion)."""
    # Fast pass, level by level over the containers only: a value lies deeper than
    # MAX_DEPTH exactly when a container at depth MAX_DEPTH has an item. The key path
    # for the message is then found by the full walk below.
    level: list[Any] = [raw]
    for _ in range(MAX_DEPTH):
        inner: list[Any] = []
        for container in level:
            items = container.values() if isinstance(container, dict) else container
            inner += [v for v in items if isinstance(v, (dict, list))]
        if not inner:
            return
        level = inner
    if not any(level):
        return
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(raw, 0, ())]
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            shown = format_key_path(list(path[:6])) + ("…" if len(path) > 6 else "")
            raise WorkbookError(source, _TOO_DEEP, key=shown or None)
        if isinstance(value, dict):
            stack.extend((v, depth + 1, (*path, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, path) for v in value)


def date_problem(value: date) -> str | None:
    """Why ``value`` is refused as a workbook date, or ``None`` when it is fine."""
    if MIN_DATE <= value <= MAX_DATE:
        return None
    return (
        f"date {value.isoformat()} is outside the range workbooks accept "
        f"({MIN_DATE.isoformat()} to {MAX_DATE.isoformat()})"
    )


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> date:
    """A date typed by a person: exactly ``YYYY-MM-DD`` and inside the workbook range.

    ``date.fromisoformat`` alone also takes ``20260101`` and ``2026-W01-1``; those
    are refused, as is a date the loader would refuse (issue 16). Raises
    ``ValueError`` with a message for people.
    """
    value = text.strip()
    try:
        if _ISO_DATE.fullmatch(value) is None:
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD (e.g. 2026-08-02)") from None
    problem = date_problem(day)
    if problem is not None:
        raise ValueError(problem)
    return day


def find_bad_date(raw: dict[str, Any]) -> tuple[list[str], str] | None:
    """The key path and problem of the first date (or date-time) in parsed data
    outside ``MIN_DATE..MAX_DATE``, or ``None``.

    Generic on purpose: every date field of the model, present or future, and dates
    inside merge-conflict records are covered. Iterative, linear in the data.
    """
    stack: list[tuple[Any, tuple[str, ...]]] = [(raw, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, (*path, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path) for v in value)
        elif isinstance(value, date):
            day = value if type(value) is date else date(value.year, value.month, value.day)
            problem = date_problem(day)
            if problem is not None:
                return list(path), problem
    return None


__all__ = [
    "MAX_DATE",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_KEY_PARTS",
    "MAX_TABLES",
    "MIN_DATE",
    "check_depth",
    "check_text",
    "date_problem",
    "find_bad_date",
    "parse_date",
]
