"""``gpai diff``: what changed in compliance terms between two workbooks.

``gpai diff OLD NEW`` compares two files. ``gpai diff FILE --rev REV`` compares
FILE as committed at REV with the working copy; ``--rev A..B`` compares two
revisions (an empty side means ``HEAD``), and ``--rev A...B`` compares B with
its merge base with A (what a pull request changes). Both sides are evaluated
as of the same date (today, or ``--as-of``), so only the data makes a difference.
Exit codes follow ``diff``: 0 no changes, 1 changes, 2 errors.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe_json
from gpai_tui.workbook import Workbook
from gpai_tui.workbook.organisation import Organisation

Side = Workbook | Organisation
"""One side of a diff: a model's resolved view, or an organisation workbook."""

_ORIGINS: dict[str, str] = {}
"""Item id -> origin (inherited / overridden) on either side, for the report."""


def _resolve_at(
    parsed: Side, label: str, file: Path, root: Path | None, commit: str | None
) -> Side:
    """A model side resolved against its organisation as of the same revision."""
    if isinstance(parsed, Organisation) or parsed.inherits is None:
        return parsed
    from gpai_tui.engine.inherit import organisation_path, resolve, resolve_workbook

    if root is None or commit is None:
        resolved = resolve_workbook(parsed, file)
        _ORIGINS.update(resolved.origins)
        return resolved.workbook
    from gpai_tui.errors import GpaiError
    from gpai_tui.gitutil import show_file
    from gpai_tui.workbook import WorkbookError
    from gpai_tui.workbook.organisation import parse_organisation

    org_file = organisation_path(file, parsed.inherits)
    rel = org_file.relative_to(root.resolve()).as_posix()
    try:
        org = parse_organisation(show_file(root, commit, rel), f"{commit[:10]}:{rel}")
    except (WorkbookError, GpaiError) as exc:
        raise WorkbookError(
            label, f"inherits {parsed.inherits!r}, which cannot be read at that revision: {exc}"
        ) from None
    view, origins, _ = resolve(parsed, org)
    _ORIGINS.update(origins)
    return view


def _at_rev(root: Path, rel: str, rev: str, file: Path) -> tuple[Side, str]:
    from gpai_tui.gitutil import resolve_rev, show_file
    from gpai_tui.workbook.organisation import parse_any

    commit = resolve_rev(root, rev)
    label = f"{rev}:{rel}"
    parsed = parse_any(show_file(root, commit, rel), label)
    return _resolve_at(parsed, label, file, root, commit), label


def _load(file: Path) -> Side:
    from gpai_tui.workbook import read_bytes
    from gpai_tui.workbook.organisation import parse_any

    return _resolve_at(parse_any(read_bytes(file), str(file)), str(file), file, None, None)


def _sides(files: tuple[Path, ...], rev: str | None) -> tuple[Side, str, Side, str]:
    if rev is None:
        if len(files) != 2:
            raise UsageError("give two workbook files (gpai diff OLD NEW), or FILE --rev REV")
        return _load(files[0]), str(files[0]), _load(files[1]), str(files[1])
    if len(files) != 1:
        raise UsageError("with --rev give exactly one workbook file (gpai diff FILE --rev REV)")
    from gpai_tui.gitutil import merge_base, repo_path, resolve_rev

    file = files[0]
    root, rel = repo_path(file)
    if "..." in rev:
        left, _, right = rev.partition("...")
        left, right = left or "HEAD", right or "HEAD"
        base = merge_base(root, resolve_rev(root, left), resolve_rev(root, right))
        old, _ = _at_rev(root, rel, base, file)
        new, new_label = _at_rev(root, rel, right, file)
        return old, f"merge base of {left} and {right} ({base[:10]}):{rel}", new, new_label
    if ".." in rev:
        left, _, right = rev.partition("..")
        old, old_label = _at_rev(root, rel, left or "HEAD", file)
        new, new_label = _at_rev(root, rel, right or "HEAD", file)
        return old, old_label, new, new_label
    old, old_label = _at_rev(root, rel, rev, file)
    return old, old_label, _load(file), f"{file} (working copy)"


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--rev",
    metavar="REV|A..B|A...B",
    help="Compare FILE at a git revision with the working copy, or at two revisions.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@as_of_option
def diff(files: tuple[Path, ...], rev: str | None, as_json: bool, as_of: date | None) -> None:
    """Show what changed in compliance terms: OLD NEW, or FILE --rev REV.

    Covers profile and scope changes (with reasons), each measure's and
    obligation's status, owner, dates, checkpoints, evidence and notes, MDF and
    incident changes, conflicts, and completeness per chapter before → after.
    Regressions are marked REGRESSION. Exit 0: no changes; 1: changes; 2: error.

    A model that inherits an organisation workbook is compared as resolved (each
    side with the organisation file of the same revision). A diff of the
    organisation workbook itself lists its changed items and the models that
    inherit it whose completeness (or other figures) it changes.
    """
    from gpai_tui.engine.diff import diff_dict, diff_workbooks

    old, old_label, new, new_label = _sides(files, rev)
    if isinstance(old, Organisation) or isinstance(new, Organisation):
        if not (isinstance(old, Organisation) and isinstance(new, Organisation)):
            raise UsageError("cannot compare an organisation workbook with a model's workbook")
        _organisation_diff(old, old_label, new, new_label, files[-1], as_json, as_of)
        return
    result = diff_workbooks(old, new, as_of or date.today())
    if as_json:
        data = diff_dict(result, old_label, new_label)
        if _ORIGINS:
            data["origins"] = {k: v for k, v in _ORIGINS.items() if v != "own"}
        click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        from gpai_tui.cli.console import stdout_console
        from gpai_tui.report.diff import diff_report

        stdout_console().print(diff_report(result, old_label, new_label), soft_wrap=True)
        inherited = [i.id for i in result.items if _ORIGINS.get(i.id) == "inherited"]
        if inherited:
            click.echo(
                f"Inherited from the organisation workbook (the provider's answers): "
                f"{', '.join(inherited)}; change them with `gpai set --organisation`."
            )
    if result.changed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))


def _organisation_diff(
    old: Organisation,
    old_label: str,
    new: Organisation,
    new_label: str,
    file: Path,
    as_json: bool,
    as_of: date | None,
) -> None:
    """``gpai diff`` of an organisation workbook: its items and the models it moves."""
    from gpai_tui.engine.inherit import repository_or_folder
    from gpai_tui.engine.org_diff import diff_organisations, inheriting_models

    root = repository_or_folder(file)
    result = diff_organisations(old, new, inheriting_models(file, root), as_of or date.today())
    if as_json:
        from gpai_tui.engine.org_diff import organisation_diff_dict

        data = organisation_diff_dict(result, old_label, new_label)
        click.echo(safe_json(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        from gpai_tui.cli.console import stdout_console
        from gpai_tui.report.org_diff import organisation_diff_report

        report = organisation_diff_report(result, old_label, new_label, root)
        stdout_console().print(report, soft_wrap=True)
    if result.changed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))
