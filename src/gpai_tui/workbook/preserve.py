"""Saving over an existing file without losing what its author wrote by hand.

The canonical writer (:mod:`gpai_tui.workbook.writer`) decides *what* a workbook
file holds; this module decides *how a save changes an existing file*: it parses
the file's current text with ``tomlkit`` (which keeps comments and layout), applies
only the values that differ from the canonical document, and writes that back. A
comment above a measure's table, at the end of a value line, at the top of the
file, inside an array or between tables stays where it was.

It is generic: it walks whatever document the canonical writer produces (any key
it may write in any format version), so new keys need no change here. Values it
adds or replaces are formatted by the canonical writer itself, so on a file without
comments the result is byte for byte the canonical text (a property test holds
this).

When the file cannot be edited safely (it is not TOML any more, or the edited text
would not read back as exactly the canonical document) the canonical text is used
instead and :attr:`Rendered.notice` says that comments were dropped. Loading stays
on ``tomli`` (fast); ``tomlkit`` is imported only for a save over a file that has
comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import tomli
import tomli_w

from gpai_tui.workbook.writer import (
    _escape_invisible,
    _same,
    dumps_key_value,
    dumps_workbook,
    header_line,
    to_document,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from tomlkit.container import Container
    from tomlkit.items import Item, Key

    from gpai_tui.catalogue import Catalogue
    from gpai_tui.workbook.model import Workbook

HEADER = re.compile(r"# gpai workbook \(format \d+, Code of Practice [^)\n]*\)\.[^\n]*\n")
"""The writer's own first line (any format version): replaced, never kept as a comment."""


class CannotPreserve(Exception):
    """The edit path cannot change this text safely; the canonical text is used."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """The text to save and, when comments had to be dropped, why."""

    text: str
    notice: str | None = None


def may_have_comments(text: str) -> bool:
    """False only when ``text`` surely has no comment but the writer's header line.

    A ``#`` anywhere after that line (even inside a string) counts, so a ``False``
    is certain; the edit path then gives the canonical text anyway.
    """
    header = HEADER.match(text)
    rest = text[header.end() :] if header else text
    return "#" in rest


def render(
    workbook: Workbook, previous: bytes | str | None, catalogue: Catalogue | None = None
) -> Rendered:
    """The text to save ``workbook`` as, over a file that now holds ``previous``.

    ``None`` (a new file) or a file without hand-written comments gives the
    canonical text. Otherwise the changed values are applied to ``previous``
    (see the module docstring); if that is not safe, the canonical text with a
    notice.
    """
    canonical = dumps_workbook(workbook, catalogue)  # also checks the workbook can be saved
    if previous is None:
        return Rendered(canonical)
    if isinstance(previous, bytes):
        try:
            previous = previous.decode("utf-8")
        except UnicodeDecodeError:
            return Rendered(canonical, _notice("the file on disk is not UTF-8 text"))
    if not may_have_comments(previous) or _written_canonically(previous):
        return Rendered(canonical)
    try:
        text = edit_text(previous, to_document(workbook, catalogue), header_line(workbook))
    except CannotPreserve as exc:
        return Rendered(canonical, _notice(str(exc)))
    return Rendered(text)


def _written_canonically(text: str) -> bool:
    """``text`` is exactly what the canonical writer writes for the workbook it holds.

    Such a text has no comment (a ``#`` in it is inside a string, as in a URL's
    fragment), so the costly comment-keeping path (~30 ms on the example) is not
    needed. Reading and writing it again takes ~5 ms. Any failure means "not known
    to be canonical": the careful path decides then.
    """
    from gpai_tui.errors import GpaiError
    from gpai_tui.workbook.io import parse_workbook

    try:
        return dumps_workbook(parse_workbook(text.encode("utf-8"))) == text
    except (GpaiError, ValueError):
        return False


def _notice(reason: str) -> str:
    return (
        f"hand-written comments could not be kept ({reason}); "
        "the file was saved in canonical form without them"
    )


def edit_text(previous: str, document: dict[str, Any], header: str) -> str:
    """``previous`` changed to hold exactly ``document``, keeping comments and layout.

    ``header`` replaces the writer's own first line when ``previous`` has one.
    Raises :class:`CannotPreserve` when the result would not read back as
    ``document`` (then nothing of it is used).
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        doc = tomlkit.parse(previous)
        _apply(doc, document)
        text = doc.as_string()
    except (TOMLKitError, ValueError, KeyError, TypeError) as exc:
        raise CannotPreserve(f"tomlkit could not edit it: {type(exc).__name__}") from None
    match = HEADER.match(text)
    if match:
        text = header + text[match.end() :]
    if not previous.endswith("\n\n"):  # a removed last table leaves its blank line behind
        text = text.rstrip("\n") + "\n"
    try:
        reread = tomli.loads(text)
    except tomli.TOMLDecodeError:
        raise CannotPreserve("the edited text would not be valid TOML") from None
    if not _same(reread, document):
        raise CannotPreserve("the edited text would not read back unchanged")
    return text


def _fresh(key: str, value: Any) -> Item:
    """``key = value`` formatted exactly as the canonical writer does; a dict as a table."""
    import tomlkit

    if isinstance(value, dict):
        return _new_table(value)
    body = dumps_key_value(key, value)  # evidence tables inline, one per line
    item: Any = tomlkit.parse(body).item(key)
    if key == "evidence":
        _restore_inline_spaces(item)
    if not body.endswith(f" = {item.as_string()}\n"):
        # tomlkit re-spaces inline tables inside arrays (only conflict records hold them)
        raise CannotPreserve("a value tomlkit cannot write as the canonical writer does")
    return cast("Item", item)


def _restore_inline_spaces(item: Any) -> None:
    """Put back the space before ``}`` that tomlkit 0.15 drops after a date.

    Parsing ``{ ref = "p", review_by = 2027-01-01 }`` loses the space after the date
    (``... 2027-01-01}``); evidence tables in an array are given it back, so the item
    is written exactly as the canonical writer writes it.
    """
    from tomlkit.items import Array, InlineTable, Whitespace

    if not isinstance(item, Array):
        return
    for element in item:
        if isinstance(element, InlineTable) and not element.as_string().endswith(" }"):
            element.value.body.append((None, Whitespace(" ")))


def _new_table(value: dict[str, Any]) -> Item:
    """A new table (a super-table when it holds only tables), ending in a blank line."""
    import tomlkit

    table = tomlkit.table(is_super_table=bool(value) and all(_is_dict(v) for v in value.values()))
    for key, item in _writer_order(value):
        table.append(_key(key), _fresh(key, item))
    return table


def _key(name: str) -> Key:
    """The key ``name`` written as the canonical writer writes it (quoted, escaped)."""
    from tomlkit.items import KeyType, SingleKey

    line = tomli_w.dumps({name: 0})
    written = _escape_invisible(line[: -len(" = 0\n")])
    kind = KeyType.Bare if written == name else KeyType.Basic
    return SingleKey(name, kind, original=written)


def _is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def _writer_order(value: dict[str, Any]) -> list[tuple[str, Any]]:
    """``value``'s items in the order tomli-w writes them: plain values, then tables."""
    return sorted(value.items(), key=lambda pair: _is_dict(pair[1]))


def _is_table(item: Any) -> bool:
    from tomlkit.items import Table

    return isinstance(item, Table)


def _apply(container: Container | Any, new: dict[str, Any]) -> None:
    """Make the tomlkit ``container`` (document or table) hold ``new``, changing little."""
    for key in [k for k in container if k not in new]:
        del container[key]
    previous_key: str | None = None
    for key, value in _writer_order(new):
        if key in container:
            old: Any = container.item(key) if hasattr(container, "item") else container[key]
            if isinstance(value, dict) and _is_table(old) and (value.keys() & old.keys()):
                _apply(old, value)
                _drop_bare_header(old)
            elif not _same(old.unwrap(), value) and not _patch_array(old, key, value):
                container[key] = _fresh(key, value)
        else:
            _insert(container, previous_key, key, _fresh(key, value))
        previous_key = key


def _drop_bare_header(table: Any) -> None:
    """Write ``table`` without its ``[header]`` once it holds only sub-tables.

    The canonical writer heads a table that holds nothing but tables with its
    sub-tables alone (``[mdf.input-max-size]``, no ``[mdf]``). A header with a
    comment on it or under it is kept.
    """
    body = table.value.body
    items = list(_live(body))
    if table.is_super_table() or table.trivia.comment or not any(map(_is_table, items)):
        return
    if not all(_is_table(item) or _is_blank(item) for item in items):
        return
    while body and not _is_table(body[0][1]):  # the blank line under the header
        del body[0]
    table._is_super_table = True


def _patch_array(old: Any, key: str, value: Any) -> bool:
    """Edit a multi-line array holding a comment in place: drop and append items.

    Items that stay keep their lines and the comments between them; new ones are
    appended in the canonical writer's format. False (replace the whole array) for
    any other array.
    """
    from tomlkit.items import Array

    if not (isinstance(old, Array) and isinstance(value, list)):
        return False
    groups = getattr(old, "_value", [])  # tomlkit's item groups: value, comma, comment
    if "\n" not in old.as_string() or all(getattr(g, "comment", None) is None for g in groups):
        return False
    current = old.unwrap()
    if len(current) == len(value):
        # Items changed in place (an evidence string upgraded to a table) keep their
        # line, comma and comment: only the changed values are replaced.
        changed = [i for i, item in enumerate(current) if not _same(item, value[i])]
        fresh_items: Any = _fresh(key, [value[i] for i in changed]) if changed else []
        for n, index in enumerate(changed):
            old[index] = fresh_items[n]
        if key == "evidence":
            _restore_inline_spaces(old)
        return True
    kept = 0
    dropped: list[int] = []
    for index, item in enumerate(current):
        if kept < len(value) and _same(item, value[kept]):
            kept += 1
        else:
            dropped.append(index)
    for index in reversed(dropped):
        del old[index]
    if kept < len(value):
        fresh: Any = _fresh(key, value[kept:])
        for index in range(len(value) - kept):
            old.append(fresh[index])
    if key == "evidence":
        _restore_inline_spaces(old)
    return True


def _insert(container: Any, after: str | None, key: str, item: Item) -> None:
    """Insert ``key`` right after key ``after`` (at the start when ``None``).

    Uses tomlkit's ``Container._insert_at`` (pinned below 0.16): its public API only
    appends, which would put a key after the table's sub-tables or blank line. A new
    table gets the blank lines the canonical writer puts around tables: before it
    unless the text before already ends in one, and after it (where the text of a
    parsed file keeps it: inside the table that precedes the next one).
    """
    import tomlkit

    body = container.value if _is_table(container) else container
    index = 0
    if after is not None:
        where = body._map[after]
        index = (max(where) if isinstance(where, tuple) else where) + 1
    following = _first_live(body.body[index:])
    if _is_table(item):
        if index > 0 and not _ends_blank(body.body[index - 1][1]):
            previous = body.body[index - 1][1]
            if _is_table(previous):
                _last_leaf(previous).add(tomlkit.nl())
            else:
                previous.trivia.trail += "\n"
        if following is None or not _is_blank(following):
            # The blank line after the new table; at the very end of the file, edit_text
            # trims it. Inserted before a blank line already there (the one a parsed
            # table keeps before the next table), that one is enough.
            _last_leaf(item).add(tomlkit.nl())
    elif _is_table(following):
        # The blank line between the plain values and the sub-tables moves below the new
        # last value.
        previous = body.body[index - 1][1] if index > 0 else None
        trivia = getattr(previous, "trivia", None)
        if trivia is not None and not _is_table(previous) and trivia.trail.endswith("\n\n"):
            trivia.trail = trivia.trail[:-1]
        item.trivia.trail += "\n"
    if index >= len(body.body):
        body.append(_key(key), item)
        if _is_table(item) and index > 0:
            item.trivia.indent = ""  # tomlkit's own blank line: the one above is enough
    else:
        body._insert_at(index, _key(key), item)


def _last_leaf(table: Any) -> Any:
    """The table whose body ends ``table``'s text (itself, or its last sub-table's)."""
    while (last := _last_item(table)) is not None and _is_table(last):
        table = last
    return table


def _last_item(table: Any) -> Any:
    """The last item of ``table``'s body, passing over the ``Null`` marks deletions leave."""
    return _first_live(reversed(table.value.body))


def _live(body: Iterable[tuple[Any, Any]]) -> Iterator[Any]:
    """The items of ``body`` (key, item pairs), passing over the ``Null`` marks deletions
    leave."""
    from tomlkit.items import Null

    return (item for _, item in body if not isinstance(item, Null))


def _first_live(body: Iterable[tuple[Any, Any]]) -> Any:
    """The first item of ``body`` that is not a deletion's ``Null`` (``None``: none)."""
    return next(_live(body), None)


def _is_blank(item: Any) -> bool:
    """``item`` is whitespace holding a line break (a blank line in the text)."""
    from tomlkit.items import Whitespace

    return isinstance(item, Whitespace) and "\n" in item.s


def _ends_blank(item: Any) -> bool:
    """The text of tomlkit ``item`` ends with a blank line."""
    if _is_blank(item):
        return True
    if _is_table(item):
        last = _last_item(item)  # a deleted sub-table leaves a Null behind the blank line
        return last is not None and _ends_blank(last)
    return False
