"""``gpai export FILE --format md|html|json|csv``: the report or an audience pack."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe

if TYPE_CHECKING:
    from gpai_tui.report.export import ExportAudience, ExportFormat

_FORMATS = ("md", "html", "json", "csv")
_AUDIENCES = ("internal", "aio", "nca", "dp", "public")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(_FORMATS),
    help="md: Markdown for a git forge; html: one self-contained page, printable on A4; "
    "json: versioned schema (export-v1.schema.json); csv: one row per measure, for "
    "spreadsheets.",
)
@click.option(
    "--audience",
    type=click.Choice(_AUDIENCES),
    default="internal",
    show_default=True,
    help="internal: the full report; aio, nca, dp: the Model Documentation Form pack for "
    "the AI Office, national competent authorities or downstream providers (only the "
    "fields flagged for them); public: what may be published.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
@as_of_option
def export(file: Path, fmt: str, audience: str, output: Path | None, as_of: date | None) -> None:
    """Export workbook FILE as a report or an audience pack.

    \b
    Audiences:
      internal  profile and scope with reasons, completeness per chapter and
                commitment, outstanding obligations, every measure with its
                checkpoints, evidence and notes, incidents, and the whole
                Model Documentation Form (MDF)
      aio       MDF pack for the AI Office
      nca       MDF pack for national competent authorities
      dp        MDF pack for downstream providers
      public    chapter status, copyright policy, crawler disclosure and contact
                points; never notes, owners, file paths or MDF values

    A pack holds the MDF header and the fields flagged for its audience, and
    nothing else. User text is escaped for the format. The same FILE and
    --as-of give byte-identical output. Every export names the as-of date;
    inside a git repository the Markdown, HTML and JSON also name the commit
    (marked "(modified)" when FILE has uncommitted changes). Without -o the
    export goes to standard output.

    \b
    Examples:
      gpai export model.toml --format html -o report.html
      gpai export model.toml --format md --audience dp -o model.dp.md
      gpai export model.toml --format json --as-of 2026-08-02
    """
    from gpai_tui.engine.inherit import parse_resolved
    from gpai_tui.report.export import export_text
    from gpai_tui.report.export.provenance import git_info
    from gpai_tui.workbook import atomic_write, read_bytes

    if output is not None:
        if output.is_dir():
            raise UsageError(f"{output}: is a folder; give a file name with -o")
        folder = output.parent if str(output.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"{output}: the folder {folder} does not exist")
        if _same_file(output, file):
            raise UsageError(f"{output}: is the workbook itself; choose another output file")
    data = read_bytes(file)
    resolved = parse_resolved(data, file)
    text = export_text(
        resolved.workbook,
        cast("ExportFormat", fmt),
        cast("ExportAudience", audience),
        as_of=as_of or date.today(),
        source=file.name,
        git=git_info(file, data),
        inheritance=resolved,
    )
    encoded = text.encode("utf-8")
    if output is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (embedding): let it encode
            sys.stdout.write(text)
        else:
            stream.write(encoded)
        sys.stdout.flush()
        return
    atomic_write(output, encoded)
    click.echo(f"wrote {safe(str(output))}", err=True)
