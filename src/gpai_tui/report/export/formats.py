"""The one registry of export formats: what each is called, for whom, and who writes it.

Every format is one :class:`FormatSpec` line in :data:`REGISTRY`. The CLI's ``--format``
choices (``gpai export``, ``gpai catalogue``), the TUI's ``export:`` palette commands and
the table in ``docs/FORMATS.md`` are built from it, so adding a format is one writer module
plus one line here (see ``docs/ARCHITECTURE.md``).

A writer is named ``"module:function"`` and imported on first use, so listing the formats
never imports xlsxwriter or the writers. Workbook formats take an
:class:`~gpai_tui.report.export.content.ExportDocument`; catalogue formats take a
:class:`~gpai_tui.catalogue.Catalogue`. Text writers return ``str`` (written as UTF-8),
binary writers ``bytes``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Literal

from gpai_tui.report.export.content import EXPORT_AUDIENCES, ExportAudience

Source = Literal["workbook", "catalogue"]
"""What a format is written from: one workbook (``gpai export``) or the Code itself
(``gpai catalogue``)."""

ALL: tuple[ExportAudience, ...] = EXPORT_AUDIENCES
INTERNAL: tuple[ExportAudience, ...] = ("internal",)


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One export format."""

    name: str
    """The ``--format`` value, e.g. ``xlsx``."""
    title: str
    """In words, e.g. ``Excel workbook`` (palette: ``export: Excel workbook``)."""
    suffix: str
    """File name suffix, e.g. ``.xlsx``."""
    media_type: str
    """Media type, for a browser download."""
    audiences: tuple[ExportAudience, ...]
    """The audiences it can be written for (catalogue formats: ``()``)."""
    writer: str
    """``module:function`` writing it; imported on first use."""
    binary: bool = False
    """The writer returns bytes (else text, written as UTF-8)."""
    summary: str = ""
    """One sentence for ``--help`` and the docs table."""
    source: Source = "workbook"
    """Written from a workbook or from the catalogue."""

    def load(self) -> Callable[[Any], str | bytes]:
        """The writer function."""
        module, _, function = self.writer.partition(":")
        writer: Callable[[Any], str | bytes] = getattr(import_module(module), function)
        return writer


_E = "gpai_tui.report.export."

REGISTRY: tuple[FormatSpec, ...] = (
    FormatSpec("md", "Markdown", ".md", "text/markdown", ALL, _E + "markdown:render",
               summary="Markdown for a git forge."),
    FormatSpec("html", "HTML", ".html", "text/html", ALL, _E + "html:render",
               summary="one self-contained page, printable on A4."),
    FormatSpec("json", "JSON", ".json", "application/json", ALL, _E + "json_:render",
               summary="versioned schema (export-v2.schema.json)."),
    FormatSpec("csv", "CSV", ".csv", "text/csv", ALL, _E + "csv_:render",
               summary="one row per measure and obligation (or MDF field), for spreadsheets."),
    FormatSpec("xlsx", "Excel workbook", ".xlsx",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ALL,
               _E + "xlsx:render", binary=True,
               summary="sheets with real dates, filters and a status drop-down; no formulas."),
    FormatSpec("soa", "Statement of applicability - Markdown", ".soa.md", "text/markdown", INTERNAL,
               _E + "soa:render_md",
               summary="every measure and obligation, included or excluded, with the reason."),
    FormatSpec("soa-html", "Statement of applicability - HTML", ".soa.html", "text/html",
               INTERNAL, _E + "soa:render_html",
               summary="the statement of applicability as one printable page."),
    FormatSpec("soa-csv", "Statement of applicability - CSV", ".soa.csv", "text/csv",
               INTERNAL, _E + "soa:render_csv",
               summary="the statement of applicability, one row per item."),
    FormatSpec("soa-xlsx", "Statement of applicability - Excel", ".soa.xlsx",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", INTERNAL,
               _E + "soa:render_xlsx", binary=True,
               summary="the statement of applicability as one filterable sheet."),
    FormatSpec("ciso-audit", "CISO Assistant audit - CSV", ".ciso-audit.csv", "text/csv",
               INTERNAL, _E + "ciso:render_audit",
               summary="compliance-assessment CSV for CISO Assistant's data wizard."),
    FormatSpec("oscal", "OSCAL assessment results", ".oscal-ar.json", "application/json",
               INTERNAL, _E + "oscal:render_results",
               summary="OSCAL 1.1 assessment-results: one finding per applicable measure."),
    FormatSpec("ciso-library", "CISO Assistant framework library", ".ciso-library.yaml",
               "application/yaml", (), _E + "ciso:render_library", source="catalogue",
               summary="framework library YAML for CISO Assistant's library loader."),
    FormatSpec("oscal", "OSCAL catalog", ".oscal-catalog.json", "application/json", (),
               _E + "oscal:render_catalog", source="catalogue",
               summary="OSCAL 1.1 catalog: chapters and commitments as groups, measures "
               "as controls."),
)  # fmt: skip
"""Every format, in the order the help text lists them."""


def formats(source: Source) -> tuple[FormatSpec, ...]:
    """The formats written from ``source``."""
    return tuple(s for s in REGISTRY if s.source == source)


def spec(name: str, source: Source = "workbook") -> FormatSpec:
    """The format called ``name`` (``KeyError`` when there is none)."""
    for s in REGISTRY:
        if s.name == name and s.source == source:
            return s
    raise KeyError(name)


def help_text(source: Source) -> str:
    """``--format`` help: ``md: Markdown for a git forge; ...``."""
    return "; ".join(f"{s.name}: {s.summary.rstrip('.')}" for s in formats(source)) + "."


def formats_table() -> str:
    """The Markdown table of every format (``docs/FORMATS.md`` holds exactly this)."""
    who = {ALL: "all five", INTERNAL: "internal", (): "—"}
    lines = [
        "| Command | `--format` | File | Audiences | What it is |",
        "|---|---|---|---|---|",
    ]
    for s in REGISTRY:
        command = "gpai export" if s.source == "workbook" else "gpai catalogue"
        lines.append(
            f"| `{command}` | `{s.name}` | `{s.suffix}`{' (binary)' if s.binary else ''} "
            f"| {who.get(s.audiences, ', '.join(s.audiences))} | {s.summary} |"
        )
    return "\n".join(lines) + "\n"
