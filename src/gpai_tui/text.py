"""Make user text safe to show: never markup, never terminal control sequences.

Workbook text (notes, owners, evidence, MDF values, provider names) is data.
:func:`safe` replaces every character that acts on a terminal, hides, or could
pass for something it is not with a visible escape such as ``\\x1b``,
``\\u202e`` or ``\\U000e0061``, keeping newlines and tabs when asked. It does not
touch ``[`` or ``]``: Rich and Textual markup are avoided by building
:class:`rich.text.Text` objects (which are never parsed as markup) or by
``rich.markup.escape`` at the point of use.

The escaped set is derived from the Unicode character database (issue 16), not
from a hand-kept list: every character of the categories

* ``Cc`` controls (C0, DEL, C1: CSI, OSC, DCS...),
* ``Cf`` format characters (bidi overrides and isolates, zero-width characters,
  word joiner, invisible operators, soft hyphen, tag characters, the BOM...),
* ``Co`` private use, ``Cn`` unassigned, ``Cs`` lone surrogates (bytes of a file
  name that are not UTF-8),
* ``Zl`` / ``Zp`` line and paragraph separators,

plus the characters that render as nothing although the database calls them
letters, marks or symbols (:data:`FILLERS`: Hangul fillers, Khmer inherent
vowels, the combining grapheme joiner, the Braille blank and the variation
selectors). ``is_hidden`` tells whether one character is in the set.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})
"""Unicode general categories that are always escaped."""

FILLERS: tuple[tuple[int, int], ...] = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong / jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels (invisible)
    (0x180B, 0x180F),  # Mongolian free variation selectors
    (0x2800, 0x2800),  # Braille pattern blank
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0100, 0xE01EF),  # variation selectors supplement
)
"""Inclusive code-point ranges shown as nothing although not in :data:`HIDDEN_CATEGORIES`."""

_FILLER = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in FILLERS) + "]")
_TAB_NEWLINE = str.maketrans("", "", "\t\n")
_ASCII_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_UNSAFE_ALL = re.compile("[\x00-\x1f\x7f]")


def is_hidden(ch: str) -> bool:
    """True when the single character ``ch`` is escaped by :func:`safe` (tab and
    newline included: :func:`safe` keeps those only when asked)."""
    code = ord(ch)
    if unicodedata.category(ch) in HIDDEN_CATEGORIES:
        return True
    return any(low <= code <= high for low, high in FILLERS)


def _class_item(low: int, high: int) -> str:
    return f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}"


@cache
def _pattern(keep_newlines: bool) -> re.Pattern[str]:
    """The escape pattern, built on first use from the character database.

    Characters of the Basic Multilingual Plane are matched by one character class
    (compiled to a bitmap: a linear scan, about 1 ms per 100,000 characters); any
    character above it is matched and then judged by :func:`is_hidden`, since a
    class over the astral planes' hundreds of ranges would be scanned range by range.
    """
    ranges: list[list[int]] = []
    for code in range(0x10000):
        ch = chr(code)
        if keep_newlines and ch in "\t\n":
            continue
        if not is_hidden(ch):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    items = "".join(_class_item(low, high) for low, high in ranges)
    return re.compile(f"[{items}\\U00010000-\\U0010ffff]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code > 0xFFFF and not is_hidden(ch):
        return ch  # an ordinary astral character (an emoji, a CJK extension)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with hidden, control and bidi characters shown as visible escapes.

    With ``keep_newlines`` (the default) newlines and tabs are kept; without it they
    are escaped too, which suits one-line cells.
    """
    if text.isascii():
        pattern = _ASCII_UNSAFE if keep_newlines else _ASCII_UNSAFE_ALL
    elif _plainly_visible(text, keep_newlines):
        return text
    else:
        pattern = _pattern(keep_newlines)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def _plainly_visible(text: str, keep_newlines: bool) -> bool:
    """A fast, exact "nothing to escape" for most non-ASCII text (C-speed checks).

    ``str.isprintable`` is false for every character of the hidden categories (and
    for spaces other than U+0020, which then take the full path); the fillers are
    printable, so they are looked for separately.
    """
    if _FILLER.search(text) is not None:
        return False
    if text.isprintable():
        return True
    return keep_newlines and text.translate(_TAB_NEWLINE).isprintable()


def one_line(text: str, limit: int | None = None) -> str:
    """A safe single-line rendering of ``text`` (newlines shown as ``⏎``), optionally cut."""
    flat = safe(text.replace("\r\n", "\n").replace("\n", " ⏎ "), keep_newlines=False)
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code < 0x80 and ch != "\x7f":
        return ch  # C0 and ASCII: json.dumps has escaped what it must
    if code > 0xFFFF:
        if not is_hidden(ch):
            return ch
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def safe_json(text: str) -> str:
    """Escape, in JSON text, what ``json.dumps(..., ensure_ascii=False)`` leaves raw.

    ``json.dumps`` escapes C0 controls but not DEL, C1 controls (8-bit CSI/OSC),
    format characters, fillers or lone surrogates; printed to a terminal those act
    or hide text. They can only occur inside JSON strings, where ``\\uXXXX`` (a
    surrogate pair above U+FFFF) is the same character: the data is unchanged for
    any JSON reader.
    """
    if text.isascii():
        if "\x7f" not in text:
            return text
        return text.replace("\x7f", "\\u007f")
    pattern = _pattern(True)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_json_escape, text)
