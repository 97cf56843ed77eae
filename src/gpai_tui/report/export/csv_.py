"""CSV export, for spreadsheets.

* ``internal``: one row per measure, then one per AI Act obligation (column ``kind``).
* ``aio``, ``nca``, ``dp``: one row per MDF field in the pack; a repeating field gives
  one row per modality (or version), or one empty row when it has no value.
* ``public``: one row per chapter (status), then one per measure of the public topics.

Written with the :mod:`csv` module (RFC 4180 quoting, ``\\n`` line ends) in UTF-8 with a
byte-order mark, which spreadsheet programs need to read UTF-8. Control characters are
made visible (:func:`gpai_tui.text.safe`). A cell that a spreadsheet could read as a
formula gets a leading apostrophe, the usual neutraliser for CSV injection: see
:func:`formula_risk` (the one place that decides it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from gpai_tui.engine import pct
from gpai_tui.report.export.content import (
    PUBLIC_STATUS_TEXT,
    STATUS_TEXT,
    ExportDocument,
    ItemDoc,
    MdfDoc,
    PublicDoc,
    ReportDoc,
)
from gpai_tui.text import safe

BOM = "\ufeff"
"""UTF-8 byte-order mark written first, so spreadsheets detect the encoding."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MINUS_SIGNS = ("\u2212",)  # a spreadsheet may read the minus sign as "-"


def formula_risk(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula.

    It could when the text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return, after any run of blanks (any Unicode space: no-break, ideographic...) and
    invisible characters (see :func:`gpai_tui.text.is_hidden`), and counting the
    full-width and small forms (``＝``, ``﹢``...) as the characters they stand for
    (NFKC), as some spreadsheets do (issue 16).
    """
    import unicodedata

    from gpai_tui.text import is_hidden

    if text.startswith(_FORMULA_START):
        return True
    index = 0
    while index < len(text) and (text[index].isspace() or is_hidden(text[index])):
        index += 1
    if index == len(text):
        return False
    first = text[index]
    if first in _MINUS_SIGNS:
        return True
    return unicodedata.normalize("NFKC", first).startswith(_FORMULA_START)


Cell = str | int | float | bool | None


def cell(value: Cell) -> str:
    """One cell's text: visible control characters, and no formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return str(value)
    text = value.replace("\r\n", "\n")
    if formula_risk(text):
        text = "'" + text
    return safe(text)


def _write(head: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(head)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return BOM + out.getvalue()


INTERNAL_COLUMNS = (
    "kind",
    "chapter",
    "commitment",
    "id",
    "title",
    "applicable",
    "reason",
    "status",
    "owner",
    "target",
    "legal_due",
    "due_reason",
    "last_done",
    "next_due",
    "overdue",
    "completeness",
    "ticked_checkpoints",
    "required_checkpoints",
    "open_checkpoints",
    "issues",
    "evidence",
    "notes",
    "justification",
    "answer",
    "as_of",
)
"""Columns of the internal CSV (one row per measure or obligation). ``answer``: ``own``,
``inherited`` (the provider's, from the organisation workbook) or ``overridden``."""


def _item_row(doc: ItemDoc, chapter: str, commitment: str, as_of: str) -> list[Cell]:
    r = doc.result
    open_checkpoints = [cp.label for cp in r.checkpoints if cp.required and not cp.ticked]
    return [
        r.kind,
        chapter,
        commitment,
        r.id,
        r.title,
        r.applicable,
        r.reason,
        STATUS_TEXT.get(r.status, r.status) if r.in_scope else "not applicable",
        r.owner,
        r.target.isoformat() if r.target else None,
        r.due.isoformat() if r.due else None,
        r.due_reason,
        r.last_done.isoformat() if r.last_done else None,
        r.next_due.isoformat() if r.next_due else None,
        r.overdue,
        pct(r.completeness),
        r.ticked,
        r.required,
        "\n".join(open_checkpoints),
        "; ".join(r.issues),
        "\n".join(doc.evidence),
        doc.notes,
        doc.justification,
        doc.origin,
        as_of,
    ]


def _report(report: ReportDoc, as_of: str) -> str:
    rows: list[list[Cell]] = []
    for chapter in report.chapters:
        for commitment in chapter.commitments:
            for item in commitment.items:
                rows.append(_item_row(item, chapter.group.title, commitment.group.id, as_of))
    rows.extend(_item_row(item, "", "", as_of) for item in report.obligations)
    return _write(INTERNAL_COLUMNS, rows)


MDF_COLUMNS = ("section", "field_id", "field", "entry", "value", "filled", "as_of")
"""Columns of an MDF pack CSV."""


def _mdf(mdf: MdfDoc, as_of: str) -> str:
    rows: list[list[Cell]] = []
    for section in mdf.sections:
        title = f"{section.number}. {section.title}" if section.number else section.title
        for f in section.fields:
            if not f.entries:
                rows.append([title, f.id, f.name, None, None, False, as_of])
            for e in f.entries:
                rows.append([title, f.id, f.name, e.key, e.text, True, as_of])
    return _write(MDF_COLUMNS, rows)


PUBLIC_COLUMNS = (
    "topic",
    "id",
    "title",
    "applies",
    "status",
    "completeness",
    "in_place",
    "published",
    "links",
    "as_of",
)
"""Columns of the public CSV."""


def _public(public: PublicDoc, as_of: str) -> str:
    rows: list[list[Cell]] = []
    for c in (*public.chapters, public.overall):
        done = f"{c.done} of {c.applicable} measures done" if c.applicable else "n/a"
        rows.append(
            ["status", c.id, c.title, c.applies, done, c.completeness, None, None, None, as_of]
        )
    for topic in public.topics:
        for m in topic.measures:
            rows.append(
                [
                    topic.id,
                    m.id,
                    m.title,
                    m.applies,
                    PUBLIC_STATUS_TEXT.get(m.status, m.status),
                    None,
                    "\n".join(m.in_place),
                    m.published,
                    "\n".join(m.links),
                    as_of,
                ]
            )
    return _write(PUBLIC_COLUMNS, rows)


def render(doc: ExportDocument) -> str:
    """The CSV text of ``doc`` (see the module docstring for the rows per audience)."""
    as_of = doc.provenance.as_of.isoformat()
    if doc.report is not None:
        return _report(doc.report, as_of)
    if doc.public is not None:
        return _public(doc.public, as_of)
    assert doc.mdf is not None
    return _mdf(doc.mdf, as_of)
