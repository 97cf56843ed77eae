"""Exports: the report, the audience packs and the interchange formats.

:func:`build_document` (in :mod:`.content`) gathers what an audience may see; each
format module only lays it out. :mod:`.formats` is the one registry of formats
(:data:`REGISTRY`): name, file suffix, audiences, writer, text or binary.
:func:`export_bytes` builds and writes any workbook format; :func:`export_text` the
text ones. Output is deterministic: the same workbook, as-of date and git commit give
the same bytes. Never imports Textual.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from gpai_tui.catalogue import Catalogue
from gpai_tui.report.export.content import (
    AUDIENCE_TITLES,
    EXPORT_AUDIENCES,
    ExportAudience,
    ExportDocument,
    GitInfo,
    HistoryDot,
    build_document,
)
from gpai_tui.report.export.formats import REGISTRY, FormatSpec, formats, spec
from gpai_tui.workbook import Workbook

if TYPE_CHECKING:
    from gpai_tui.engine.inherit import Resolved

ExportFormat = str
"""A workbook format's name (see :data:`REGISTRY`)."""

FORMATS: tuple[str, ...] = tuple(
    s.name for s in formats("workbook") if s.audiences == EXPORT_AUDIENCES and not s.binary
)
"""The text document formats every audience has (md, html, json, csv)."""

EXPORT_FORMATS: tuple[str, ...] = tuple(s.name for s in formats("workbook"))
"""Every ``gpai export --format`` value."""

CATALOGUE_FORMATS: tuple[str, ...] = tuple(s.name for s in formats("catalogue"))
"""Every ``gpai catalogue --format`` value besides ``tree`` and ``json``."""

FORMAT_NAMES: dict[str, str] = {s.name: s.title for s in formats("workbook")}
"""Workbook formats in words."""

EXTENSIONS: dict[str, str] = {s.name: s.suffix for s in formats("workbook")}
"""The file suffix of each workbook format."""

MEDIA_TYPES: dict[str, str] = {s.name: s.media_type for s in formats("workbook")}
"""The media type of each workbook format (for a browser download)."""


def _document(
    workbook: Workbook,
    fmt: str,
    audience: ExportAudience,
    as_of: date | None,
    source: str | None,
    git: GitInfo | None,
    history: tuple[HistoryDot, ...] = (),
    inheritance: Resolved | None = None,
) -> tuple[FormatSpec, ExportDocument]:
    try:
        format_spec = spec(fmt)
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    if audience not in format_spec.audiences:
        raise ValueError(
            f"the {format_spec.title} export is for {', '.join(format_spec.audiences)} only"
        )
    doc = build_document(
        workbook,
        audience,
        as_of=as_of,
        source=source,
        git=git,
        history=history,
        inheritance=inheritance,
    )
    return format_spec, doc


def export_bytes(
    workbook: Workbook,
    fmt: str,
    audience: ExportAudience = "internal",
    *,
    as_of: date | None = None,
    source: str | None = None,
    git: GitInfo | None = None,
    history: tuple[HistoryDot, ...] = (),
    inheritance: Resolved | None = None,
) -> bytes:
    """The export of ``workbook`` for ``audience`` in format ``fmt``, as file bytes.

    ``history`` (internal HTML: the completeness-over-time chart) comes from
    :func:`gpai_tui.report.export.provenance.history_dots`. For a model that inherits,
    ``workbook`` is the resolved view and ``inheritance`` says which answers are the
    provider's (:mod:`gpai_tui.engine.inherit`).
    """
    format_spec, doc = _document(workbook, fmt, audience, as_of, source, git, history, inheritance)
    out = format_spec.load()(doc)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def export_text(
    workbook: Workbook,
    fmt: str,
    audience: ExportAudience = "internal",
    *,
    as_of: date | None = None,
    source: str | None = None,
    git: GitInfo | None = None,
    history: tuple[HistoryDot, ...] = (),
    inheritance: Resolved | None = None,
) -> str:
    """The export of ``workbook`` for ``audience`` in text format ``fmt``."""
    format_spec, doc = _document(workbook, fmt, audience, as_of, source, git, history, inheritance)
    if format_spec.binary:
        raise ValueError(f"{fmt} is a binary format; use export_bytes")
    out = format_spec.load()(doc)
    assert isinstance(out, str)
    return out


def catalogue_bytes(catalogue: Catalogue, fmt: str) -> bytes:
    """The catalogue in catalogue format ``fmt`` (``ciso-library``, ``oscal``)."""
    try:
        format_spec = spec(fmt, "catalogue")
    except KeyError:
        raise ValueError(f"unknown catalogue format {fmt!r}") from None
    out = format_spec.load()(catalogue)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def renderer(fmt: str) -> object:
    """The writer function of one workbook format (imported on demand)."""
    try:
        return spec(fmt).load()
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None


def default_filename(stem: str, fmt: str, audience: ExportAudience) -> str:
    """A file name for an export: ``aurora-2.dp.md``, ``aurora-2.md`` for internal."""
    suffix = "" if audience == "internal" else f".{audience}"
    return f"{stem}{suffix}{EXTENSIONS[fmt]}"


__all__ = [
    "AUDIENCE_TITLES",
    "CATALOGUE_FORMATS",
    "EXPORT_AUDIENCES",
    "EXPORT_FORMATS",
    "EXTENSIONS",
    "FORMATS",
    "FORMAT_NAMES",
    "MEDIA_TYPES",
    "REGISTRY",
    "ExportAudience",
    "ExportDocument",
    "ExportFormat",
    "FormatSpec",
    "GitInfo",
    "HistoryDot",
    "build_document",
    "catalogue_bytes",
    "default_filename",
    "export_bytes",
    "export_text",
    "renderer",
]
