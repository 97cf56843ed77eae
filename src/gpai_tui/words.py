"""How statuses and counts read in prose, the same in every output.

A status has one spelling in data (TOML, JSON, ``gpai set --status``): ``todo``,
``in-progress``, ``done``, ``not-applicable``; and one in prose (``gpai status``,
``gpai diff``, Markdown, HTML, CSV and the TUI): the words below.
"""

from __future__ import annotations

STATUS_TEXT: dict[str, str] = {
    "todo": "to do",
    "in-progress": "in progress",
    "done": "done",
    "not-applicable": "not applicable",
}
"""Workbook statuses in words."""


def status_prose(status: str | None) -> str:
    """``in-progress`` -> ``in progress``; a missing status is ``to do``; unknown ones as given."""
    if status is None:
        return STATUS_TEXT["todo"]
    return STATUS_TEXT.get(status, status)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 item``, ``2 items`` (``plural_form`` for irregular words)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
