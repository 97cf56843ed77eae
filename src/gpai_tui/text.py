"""Make user text safe to show: never markup, never terminal control sequences.

Workbook text (notes, owners, evidence, MDF values, provider names) is data.
:func:`safe` replaces every control character (C0, DEL, C1) and the Unicode
bidirectional overrides with a visible escape such as ``\\x1b`` or ``\\u202e``,
keeping newlines and tabs when asked. It does not touch ``[`` or ``]``: Rich and
Textual markup are avoided by building :class:`rich.text.Text` objects (which
are never parsed as markup) or by ``rich.markup.escape`` at the point of use.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, C1 controls, and the bidi embedding,
# override and isolate characters, plus zero-width formatting and the Unicode
# line/paragraph separators that can hide or break text.
_HIDING = "\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_HIDING}]")
_UNSAFE_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_HIDING}]")
# What json.dumps(ensure_ascii=False) leaves raw but a terminal must not see.
_JSON_RAW = re.compile(f"[\x7f-\x9f{_HIDING}]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with control and bidi characters shown as visible escapes.

    With ``keep_newlines`` (the default) newlines and tabs are kept; without it they
    are escaped too, which suits one-line cells.
    """
    pattern = _UNSAFE if keep_newlines else _UNSAFE_ALL
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def one_line(text: str, limit: int | None = None) -> str:
    """A safe single-line rendering of ``text`` (newlines shown as ``⏎``), optionally cut."""
    flat = safe(text.replace("\r\n", "\n").replace("\n", " ⏎ "), keep_newlines=False)
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def safe_json(text: str) -> str:
    """Escape, in JSON text, what ``json.dumps(..., ensure_ascii=False)`` leaves raw.

    ``json.dumps`` escapes C0 controls but not DEL, C1 controls (8-bit CSI/OSC),
    bidi overrides or zero-width characters; printed to a terminal those act or
    hide text. They can only occur inside JSON strings, where ``\\uXXXX`` is the
    same character: the data is unchanged for any JSON reader.
    """
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
