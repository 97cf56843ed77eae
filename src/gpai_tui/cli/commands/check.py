"""``gpai check PATH...``: exit 1 with a list of failures, for CI and pre-commit."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe
from gpai_tui.workbook.model import table_name

if TYPE_CHECKING:
    from gpai_tui.engine.gates import Failure, Gates
    from gpai_tui.engine.portfolio import Loaded
    from gpai_tui.workbook import WorkbookError


@click.command()
@click.argument(
    "targets",
    metavar="PATH...",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    shell_complete=workbook_paths,
)
@click.option(
    "--min-completeness",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="N",
    help="Fail when overall completeness is below N percent.",
)
@click.option("--no-overdue", is_flag=True, help="Fail when any obligation is overdue.")
@click.option("--no-inconsistent", is_flag=True, help="Fail on inconsistent items.")
@click.option(
    "--skip-unreadable",
    is_flag=True,
    help="In a folder, report but do not fail on *.toml entries that are not files "
    "(dangling or looping links, pipes, devices, folders) or cannot be listed.",
)
@click.option(
    "--github",
    is_flag=True,
    help="Also print each failure as a GitHub Actions annotation "
    "(::error file=...,line=...::), at the line of the measure in the workbook.",
)
@click.option(
    "--evidence",
    "verify_evidence",
    is_flag=True,
    help="Also re-hash evidence files: fail on changed, missing or refused ones.",
)
@as_of_option
def check(
    targets: tuple[Path, ...],
    min_completeness: float | None,
    no_overdue: bool,
    no_inconsistent: bool,
    skip_unreadable: bool,
    github: bool,
    verify_evidence: bool,
    as_of: date | None,
) -> None:
    """Check each PATH (a workbook or a folder of them) against gates; exit 1 on failure.

    Several paths may be given, files or folders (as pre-commit passes them).
    With no flags, check fails only on unresolved merge conflicts (always checked);
    unreadable or invalid workbooks exit 2; in a folder every *.toml entry counts,
    so a link whose target vanished fails too (unless --skip-unreadable). Scope
    warnings (e.g. a systemic-risk model on the market with no Art. 52 date) are
    printed but do not fail.

    An organisation workbook (the provider's answers) is checked too, first: it must
    load, its conflicts fail, and with --no-inconsistent so do its inconsistent items;
    a model whose organisation file is missing or invalid is unreadable (exit 2).

    A CI gate normally wants these flags:

    \b
      --no-overdue           no obligation past its legal date:
                             gpai check workbooks/ --no-overdue
      --no-inconsistent      no item done without ticks or evidence, no
                             not-applicable without a justification:
                             gpai check workbooks/ --no-inconsistent
      --min-completeness N   a floor that only goes up as work lands:
                             gpai check workbooks/ --min-completeness 80
      --evidence             evidence files still match their recorded
                             SHA-256 and none is missing (gpai evidence verify)

    \b
    All three (today's date, so overdue means overdue now):
      gpai check workbooks/ --no-overdue --no-inconsistent --min-completeness 80
    """
    from gpai_tui.engine.gates import Gates
    from gpai_tui.engine.portfolio import map_workbooks, not_a_workbook_file

    paths = expand_paths(targets)
    gates = Gates(min_completeness, no_overdue, no_inconsistent)
    failed = bad = 0
    results = list(map_workbooks(paths, as_of or date.today(), partial(_gate_failures, gates)))
    # The organisation workbook first: the models inherit its answers.
    results.sort(key=lambda r: not r[4])
    for path, error, problems, warnings, is_organisation in results:
        name = safe(str(path)) + (" (organisation)" if is_organisation else "")
        if error is not None:
            if skip_unreadable and not_a_workbook_file(path) is not None:
                click.echo(f"{name}: skipped: {safe(error.problem)}", err=True)
                continue
            bad += 1
            click.echo(safe(str(error)), err=True)
            if github:
                click.echo(annotation(path, error.line, str(error)))
            continue
        if verify_evidence:
            problems = [*problems, *_evidence_failures(path)]
        if problems:
            failed += 1
            click.echo(f"{name}: FAILED ({len(problems)})")
            for problem in problems:
                click.echo(f"  - {safe(problem.message)}")
            if github:
                from gpai_tui.workbook.errors import locate

                text = _text_of(path)
                for problem in problems:
                    line = locate(text, list(problem.where)) if problem.where else None
                    click.echo(annotation(path, line, problem.message))
        else:
            click.echo(f"{name}: ok")
        for warning in warnings:
            click.echo(f"  warning: {safe(warning, keep_newlines=False)}")
    if bad:
        raise SystemExit(int(ExitCode.BAD_INPUT))
    if failed:
        raise SystemExit(int(ExitCode.CHECK_FAILED))


def _evidence_failures(path: Path) -> list[Failure]:
    """One failure per evidence item of ``path`` that is changed, missing or refused."""
    from gpai_tui.engine.gates import Failure
    from gpai_tui.evidence import check_workbook
    from gpai_tui.workbook import load_workbook

    checks = check_workbook(load_workbook(path), path)
    words = {
        "changed": "changed since it was recorded",
        "missing": "missing",
        "outside": "outside the repository (refused)",
        "not-a-file": "not a regular file (refused)",
    }
    return [
        Failure(
            f"{c.item_id} evidence {c.item.ref}: {words[c.state]}",
            (table_name(c.item_id), c.item_id, "evidence"),
        )
        for c in checks
        if c.failing
    ]


def expand_paths(targets: tuple[Path, ...]) -> list[Path]:
    """The workbook files named by ``targets`` (files, or folders searched for ``*.toml``).

    Each file is listed once, in the order given; a missing path or an empty folder
    is a usage error (exit 2).
    """
    from gpai_tui.engine.portfolio import find_workbooks

    paths: list[Path] = []
    seen: set[Path] = set()
    for target in targets:
        if not target.exists() and not target.is_symlink():
            raise UsageError(f"{target}: no such file or folder")
        found = find_workbooks(target)
        if not found:
            raise UsageError(f"{target}: no *.toml workbooks in this folder")
        for path in found:
            if path not in seen:
                seen.add(path)
                paths.append(path)
    return paths


def _gate_failures(
    gates: Gates, row: Loaded
) -> tuple[Path, WorkbookError | None, list[Failure], tuple[str, ...], bool]:
    """The gate failures and scope warnings of one workbook (runs in a pool worker);
    the last value says whether it is an organisation workbook."""
    from gpai_tui.engine.gates import Failure, located_failures

    if row.organisation is not None:
        from gpai_tui.engine.inherit import organisation_figures

        problems = [
            Failure(f"unresolved merge conflict at {k}", ("conflicts", k))
            for k in sorted(row.organisation.conflicts)
        ]
        if gates.no_inconsistent:
            problems += [
                Failure(
                    f"{item_id} is inconsistent: {problem}",
                    (table_name(item_id), item_id),
                )
                for item_id, problem in (
                    row.figures or organisation_figures(row.organisation)
                ).issues
            ]
        return row.path, None, problems, (), True
    if row.evaluation is None:
        return row.path, row.error, [], (), False
    warnings = row.evaluation.scope.warnings
    if row.resolved is not None:
        warnings = (*warnings, *row.resolved.warnings)
    return row.path, None, located_failures(row.evaluation, gates), warnings, False


def _text_of(path: Path) -> str:
    from gpai_tui.workbook import WorkbookError, read_bytes

    try:
        return read_bytes(path).decode("utf-8", "replace")
    except WorkbookError:
        return ""


def _escape_data(text: str) -> str:
    """GitHub's escaping of an annotation's message (workflow-command data)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of an annotation property (file=, title=)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: Path, line: int | None, message: str) -> str:
    """``::error file=PATH,line=N,title=gpai check::MESSAGE`` (the line left out if unknown)."""
    props = [f"file={_escape_property(path.as_posix())}"]
    if line is not None:
        props.append(f"line={line}")
    props.append("title=gpai check")
    return f"::error {','.join(props)}::{_escape_data(safe(message))}"
