"""Writing sheets with xlsxwriter: typed cells, a frozen header, a filter, fitted widths.

Shared by the xlsx export (:mod:`.xlsx`) and the statement of applicability
(:mod:`.soa`). The workbook is opened with ``strings_to_formulas``,
``strings_to_numbers`` and ``strings_to_urls`` off and every text goes through
``write_string``: user text is stored as text, never as a formula or a link.
Control characters are made visible (:func:`gpai_tui.text.safe`). The creation date is
the export's as-of date, so the same workbook gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

from gpai_tui.text import safe

CellKind = Literal["text", "date", "percent", "int", "yesno"]
"""How a column's values are written."""

Value = str | int | float | bool | date | None

MAX_CELL = 32_767
"""The most characters a spreadsheet cell holds."""

MAX_WIDTH = 40
"""Widest column (characters); longer text wraps."""

STATUS_CHOICES = ("to do", "in progress", "done", "not applicable")
"""The status drop-down (the workbook's statuses in words)."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet."""

    header: str
    kind: CellKind = "text"
    status: bool = False
    """Offer the status drop-down in this column."""


class Book:
    """An xlsx file being written (call :meth:`close` for the bytes)."""

    def __init__(self, *, title: str, created: date, subject: str = "") -> None:
        import xlsxwriter

        self._out = io.BytesIO()
        self.book: Any = xlsxwriter.Workbook(
            self._out,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.book.set_properties(
            {
                "title": safe(title, keep_newlines=False),
                "subject": safe(subject, keep_newlines=False),
                "author": "gpai-tui",
                "created": datetime.combine(created, time()),
            }
        )
        self.bold = self.book.add_format({"bold": True, "bg_color": "#F6F8FA", "border": 1})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.percent = self.book.add_format({"num_format": '0.0"%"', "valign": "top"})
        self.int = self.book.add_format({"valign": "top"})

    def sheet(self, name: str, columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> int:
        """Add a sheet with a header row and ``rows``; returns the number of data rows.

        Widths fit the longest line of each column (at most :data:`MAX_WIDTH`, then the
        text wraps), and each row is as tall as its most wrapped cell, so the file reads
        the same in Excel and LibreOffice, on screen and printed (landscape, one page wide,
        header repeated).
        """
        ws = self.book.add_worksheet(name)
        data = [list(row) for row in rows]
        widths = [len(c.header) for c in columns]
        for row in data:
            for col, value in enumerate(row):
                longest = max((len(line) for line in _shown(value).split("\n")), default=0)
                widths[col] = max(widths[col], longest)
        widths = [min(max(w, 6), MAX_WIDTH) + 2 for w in widths]
        for col, column in enumerate(columns):
            ws.set_column(col, col, widths[col])
            ws.write_string(0, col, column.header, self.bold)
        for number, row in enumerate(data, start=1):
            lines = 1
            for col, (column, value) in enumerate(zip(columns, row, strict=True)):
                self._write(ws, number, col, column.kind, value)
                lines = max(lines, _line_count(_shown(value), widths[col] - 2))
            if lines > 1:
                ws.set_row(number, min(15 * lines, 409))
        count = len(data)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(count, 1), len(columns) - 1)
        for col, column in enumerate(columns):
            if column.status and count:
                ws.data_validation(
                    1, col, count, col, {"validate": "list", "source": list(STATUS_CHOICES)}
                )
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        return count

    def _write(self, ws: Any, row: int, col: int, kind: CellKind, value: Value) -> None:
        """Write one typed cell: a date, a number, or text (never a formula)."""
        if value is None or value == "":
            return
        if isinstance(value, date):
            ws.write_datetime(row, col, datetime.combine(value, time()), self.date)
        elif kind == "percent" and _is_number(value):
            ws.write_number(row, col, float(value), self.percent)
        elif kind == "int" and _is_number(value):
            ws.write_number(row, col, value, self.int)
        else:
            ws.write_string(row, col, _shown(value), self.wrap)

    def close(self) -> bytes:
        """Finish the file and return its bytes."""
        self.book.close()
        return self._out.getvalue()


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: Value) -> str:
    """The text a cell shows (also what a text cell holds)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}%"
    text = safe(str(value).replace("\r\n", "\n"))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _line_count(text: str, width: int) -> int:
    """Lines a wrapped cell of ``width`` characters takes."""
    return sum(max(1, -(-len(line) // max(width, 1))) for line in text.split("\n"))
