"""Exports: the internal report and the audience packs, as Markdown, HTML, JSON or CSV.

:func:`build_document` (in :mod:`.content`) gathers what an audience may see; each
format module only lays it out. :func:`export_text` does both. Output is
deterministic: the same workbook, as-of date and git commit give the same bytes.
Never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Literal

from gpai_tui.report.export.content import (
    AUDIENCE_TITLES,
    EXPORT_AUDIENCES,
    ExportAudience,
    ExportDocument,
    GitInfo,
    build_document,
)
from gpai_tui.workbook import Workbook

if TYPE_CHECKING:
    from gpai_tui.engine.inherit import Resolved

ExportFormat = Literal["md", "html", "json", "csv"]
"""An export format."""

FORMATS: tuple[ExportFormat, ...] = ("md", "html", "json", "csv")
"""Every format, in the order the help text lists them."""

FORMAT_NAMES: dict[str, str] = {"md": "Markdown", "html": "HTML", "json": "JSON", "csv": "CSV"}
"""Formats in words."""

EXTENSIONS: dict[str, str] = {"md": ".md", "html": ".html", "json": ".json", "csv": ".csv"}
"""The usual file extension of each format."""

MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown",
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
}
"""The media type of each format (for a browser download)."""


def renderer(fmt: ExportFormat) -> Callable[[ExportDocument], str]:
    """The render function of one format (imported on demand)."""
    if fmt == "md":
        from gpai_tui.report.export.markdown import render
    elif fmt == "html":
        from gpai_tui.report.export.html import render
    elif fmt == "json":
        from gpai_tui.report.export.json_ import render
    elif fmt == "csv":
        from gpai_tui.report.export.csv_ import render
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return render


def export_text(
    workbook: Workbook,
    fmt: ExportFormat,
    audience: ExportAudience = "internal",
    *,
    as_of: date | None = None,
    source: str | None = None,
    git: GitInfo | None = None,
    inheritance: Resolved | None = None,
) -> str:
    """The export of ``workbook`` for ``audience`` in format ``fmt``.

    For a model that inherits, ``workbook`` is the resolved view and ``inheritance``
    says which answers are the provider's (:mod:`gpai_tui.engine.inherit`).
    """
    render = renderer(fmt)
    return render(
        build_document(
            workbook, audience, as_of=as_of, source=source, git=git, inheritance=inheritance
        )
    )


def default_filename(stem: str, fmt: ExportFormat, audience: ExportAudience) -> str:
    """A file name for an export: ``aurora-2.dp.md``, ``aurora-2.md`` for internal."""
    suffix = "" if audience == "internal" else f".{audience}"
    return f"{stem}{suffix}{EXTENSIONS[fmt]}"


__all__ = [
    "AUDIENCE_TITLES",
    "EXPORT_AUDIENCES",
    "EXTENSIONS",
    "FORMATS",
    "FORMAT_NAMES",
    "MEDIA_TYPES",
    "ExportAudience",
    "ExportDocument",
    "ExportFormat",
    "GitInfo",
    "build_document",
    "default_filename",
    "export_text",
    "renderer",
]
