"""``gpai incident add|update|resolve|report FILE ID ...``: serious incidents from a script.

Every subcommand is one validated change (the same as the TUI's incident screen),
saved atomically; any error leaves the file untouched (exit 2). The report clocks
that follow are computed by the engine (Safety and Security Measure 9.3).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.params import ISO_DATE
from gpai_tui.text import safe


def _run(file: Path, incident_id: str, create: bool, **fields: object) -> None:
    from gpai_tui.document import IncidentEdit, edit_file
    from gpai_tui.engine.incident_edit import IncidentFields

    change = IncidentEdit(incident_id, IncidentFields(**fields), create=create)  # type: ignore[arg-type]
    changed = edit_file(file, [change], purpose="gpai incident").changes
    summary = ", ".join(changed) if changed else "no change"
    click.echo(safe(f"{incident_id}: {summary}", keep_newlines=False), err=True)


def _check_class(value: str | None) -> str | None:
    from gpai_tui.engine.incident_edit import check_class

    return None if value is None else check_class(value)


@click.group("incident")
def incident() -> None:
    """Record serious incidents and the reports sent about them (Measure 9.3)."""


file_argument = click.argument("file", type=click.Path(path_type=Path))
id_argument = click.argument("incident_id", metavar="ID")
notes_option = click.option("--notes", help="Free notes ('' clears them).")


@incident.command("add")
@file_argument
@id_argument
@click.option(
    "--class", "incident_class", required=True, metavar="CLASS", help="Measure 9.3 class."
)
@click.option("--title", required=True, help="Short description.")
@click.option("--aware", required=True, type=ISO_DATE, help="When the provider became aware.")
@notes_option
def add(
    file: Path, incident_id: str, incident_class: str, title: str, aware: date, notes: str | None
) -> None:
    """Add incident ID to workbook FILE.

    CLASS is one of critical-infrastructure, cybersecurity, death,
    health-rights-property-environment: it sets the initial report's deadline
    (2, 5, 10 or 15 days after awareness).
    """
    _run(
        file,
        incident_id,
        True,
        incident_class=_check_class(incident_class),
        title=title,
        aware=aware,
        notes=notes,
    )


@incident.command("update")
@file_argument
@id_argument
@click.option("--class", "incident_class", metavar="CLASS", help="Measure 9.3 class.")
@click.option("--title", help="Short description.")
@click.option("--aware", type=ISO_DATE, help="When the provider became aware.")
@notes_option
def update(
    file: Path,
    incident_id: str,
    incident_class: str | None,
    title: str | None,
    aware: date | None,
    notes: str | None,
) -> None:
    """Change incident ID of workbook FILE (only the options given)."""
    from gpai_tui.errors import UsageError

    if incident_class is None and title is None and aware is None and notes is None:
        raise UsageError("nothing to change: give at least one option (see --help)")
    _run(
        file,
        incident_id,
        False,
        incident_class=_check_class(incident_class),
        title=title,
        aware=aware,
        notes=notes,
    )


@incident.command("resolve")
@file_argument
@id_argument
@click.option("--on", "resolved", type=ISO_DATE, help="When it was resolved.")
@click.option("--reopen", is_flag=True, help="Not resolved after all (clears the date).")
def resolve(file: Path, incident_id: str, resolved: date | None, reopen: bool) -> None:
    """Record that incident ID of workbook FILE was resolved (the final report is due
    within 60 days), or --reopen it."""
    from gpai_tui.errors import UsageError

    if (resolved is None) == (not reopen):
        raise UsageError("give either --on YYYY-MM-DD or --reopen")
    _run(file, incident_id, False, resolved=resolved, clear_resolved=reopen)


@incident.command("report")
@file_argument
@id_argument
@click.argument("kind", type=click.Choice(["initial", "intermediate", "final"]))
@click.option("--sent", required=True, type=ISO_DATE, help="When the report was sent.")
def report(file: Path, incident_id: str, kind: str, sent: date) -> None:
    """Mark a report (initial, intermediate or final) about incident ID as sent."""
    if kind == "initial":
        _run(file, incident_id, False, initial_report=sent)
    elif kind == "intermediate":
        _run(file, incident_id, False, add_intermediate=(sent,))
    else:
        _run(file, incident_id, False, final_report=sent)
