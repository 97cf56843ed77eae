"""``gpai export FILE --format NAME``: the report, an audience pack or an interchange file.

The ``--format`` choices come from the format registry (:mod:`gpai_tui.report.export.formats`).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.report.export.formats import formats, help_text, spec
from gpai_tui.text import safe

_FORMATS = tuple(s.name for s in formats("workbook"))
_AUDIENCES = ("internal", "aio", "nca", "dp", "public")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@click.command()
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(_FORMATS),
    help=help_text("workbook"),
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

    The statement of applicability (soa, soa-html, soa-csv, soa-xlsx), the
    CISO Assistant audit (ciso-audit) and OSCAL assessment results (oscal) are
    for the internal audience only. Binary formats (xlsx, soa-xlsx) need -o
    when standard output is a terminal.

    A pack holds the MDF header and the fields flagged for its audience, and
    nothing else. User text is escaped for the format. The same FILE and
    --as-of give byte-identical output. Every export names the as-of date;
    inside a git repository the Markdown, HTML and JSON also name the commit
    (marked "(modified)" when FILE has uncommitted changes), and the internal
    HTML report charts completeness at each commit of FILE (gpai history), with
    2 Aug 2025, 2026 and 2027 marked. Without -o the export goes to standard
    output.

    \b
    Examples:
      gpai export model.toml --format html -o report.html
      gpai export model.toml --format md --audience dp -o model.dp.md
      gpai export model.toml --format json --as-of 2026-08-02
      gpai export model.toml --format xlsx -o model.xlsx
      gpai export model.toml --format soa -o model.soa.md
    """
    from gpai_tui.report.export import export_bytes
    from gpai_tui.report.export.provenance import git_info, history_dots
    from gpai_tui.workbook import atomic_write, parse_workbook, read_bytes

    if output is not None and not output.is_absolute() and output.parent == Path("."):
        from gpai_tui.config import load_config

        folder = load_config().config.export_folder
        if folder is not None:
            output = folder / output  # a bare file name goes to the configured folder
    format_spec = spec(fmt)
    if audience not in format_spec.audiences:
        raise UsageError(
            f"--format {fmt} is for the {', '.join(format_spec.audiences)} audience only"
        )
    if output is None and format_spec.binary and sys.stdout.isatty():
        raise UsageError(f"--format {fmt} is binary; write it to a file with -o")
    if output is not None:
        if output.is_dir():
            raise UsageError(f"{output}: is a folder; give a file name with -o")
        folder = output.parent if str(output.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"{output}: the folder {folder} does not exist")
        if _same_file(output, file):
            raise UsageError(f"{output}: is the workbook itself; choose another output file")
    data = read_bytes(file)
    workbook = parse_workbook(data, str(file))
    git = git_info(file, data)
    charted = fmt == "html" and audience == "internal" and git is not None
    encoded = export_bytes(
        workbook,
        fmt,
        audience,
        as_of=as_of or date.today(),
        source=file.name,
        git=git,
        history=history_dots(file) if charted else (),
    )
    if output is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (embedding): let it encode
            if format_spec.binary:
                raise UsageError(f"--format {fmt} is binary; write it to a file with -o")
            sys.stdout.write(encoded.decode("utf-8"))
        else:
            stream.write(encoded)
        sys.stdout.flush()
        return
    atomic_write(output, encoded)
    click.echo(f"wrote {safe(str(output))}", err=True)
