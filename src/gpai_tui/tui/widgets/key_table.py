"""A row-cursor DataTable that also moves with ``j``/``k``."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable


class KeyTable(DataTable[Any]):
    """A DataTable with a row cursor, zebra stripes and ``j``/``k``.

    Cells holding user text must be :class:`rich.text.Text`: DataTable parses plain
    strings as markup.
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    ]
    help_topic = "table"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
