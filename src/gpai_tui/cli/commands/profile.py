"""``gpai profile show FILE`` / ``gpai profile set FILE FIELD VALUE``: the model profile and
the chapters signed, from a script (the same questions, parsing and checks as the TUI's
profile screen, through the one edit path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.errors import UsageError
from gpai_tui.text import safe

SIGNED = "signed"
"""Not a profile field: the ``[code] signed`` list (comma-separated chapters)."""
NAMED_MODEL = "named_model"
"""Not a profile field: ``[code] named_model`` (yes/no)."""


def _field_names() -> list[str]:
    from gpai_tui.engine.profile_fields import FIELDS

    return [spec.name for spec in FIELDS] + [SIGNED, NAMED_MODEL]


def _complete_fields(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    return [
        click.shell_completion.CompletionItem(name)
        for name in _field_names()
        if name.startswith(incomplete)
    ]


@click.group()
def profile() -> None:
    """Read or set the model profile (the scoping answers) and the chapters signed."""


@profile.command("show")
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
def show(file: Path) -> None:
    """Print every profile answer of workbook FILE, one `field: value` line each, then the
    chapters signed and whether the model is named under a signed Safety and Security
    chapter."""
    from gpai_tui.engine.profile_fields import FIELDS
    from gpai_tui.workbook import load_workbook

    workbook = load_workbook(file)
    for spec in FIELDS:
        click.echo(safe(f"{spec.name}: {_shown(getattr(workbook.model, spec.name))}"))
    click.echo(f"{SIGNED}: {', '.join(workbook.signatory.signed) or 'none'}")
    click.echo(f"{NAMED_MODEL}: {_shown(workbook.signatory.named_model)}")


def _shown(value: Any) -> str:
    if value is None:
        return "(not answered)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@profile.command("set")
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@click.argument("field", metavar="FIELD", shell_complete=_complete_fields)
@click.argument("text", metavar="VALUE")
def set_(file: Path, field: str, text: str) -> None:
    """Set profile FIELD of workbook FILE to VALUE, and save it atomically.

    FIELD is a profile answer as `gpai profile show` names it (dates YYYY-MM-DD,
    compute like 3.1e25, yes/no answers, '' clears an optional answer), or `signed`
    (comma-separated chapters: transparency, copyright, safety-and-security; '' for
    none) or `named_model` (yes/no). A change of scope changes which measures apply
    and their legal dates: `gpai status` shows the result. Any bad field or value
    leaves the file untouched (exit 2).

    \b
      gpai profile set model.toml placed_on_market 2026-03-01
      gpai profile set model.toml signed transparency,copyright
    """
    from gpai_tui.document import Change, ProfileEdit, SignatoryEdit, edit_file
    from gpai_tui.engine.profile_fields import check, field_spec, parse_typed
    from gpai_tui.workbook import Workbook, load_workbook

    load_workbook(file)  # a missing or bad file is reported first

    def changes(current: Workbook) -> list[Change]:
        if field == SIGNED:
            chapters = tuple(c.strip() for c in text.split(",") if c.strip())
            return [SignatoryEdit(chapters, current.signatory.named_model)]
        if field == NAMED_MODEL:
            word = text.strip().lower()
            if word not in ("yes", "no", "true", "false"):
                raise UsageError(f"{NAMED_MODEL}: {text!r} is not an answer; use yes or no")
            return [SignatoryEdit(tuple(current.signatory.signed), word in ("yes", "true"))]
        spec = field_spec(field)
        try:
            value = parse_typed(spec, text)
        except ValueError as exc:
            raise UsageError(f"{field}: {exc}") from None
        error = check(current.model, field, value)
        if error is not None:
            raise UsageError(f"{field}: {error}")
        return [ProfileEdit(field, value)]

    changed, _, notice = edit_file(file, changes, purpose="gpai profile")
    if notice:
        click.echo(f"gpai profile: {safe(notice)}", err=True)
    said = ", ".join(changed) if changed else "no change"
    click.echo(safe(said, keep_newlines=False), err=True)
