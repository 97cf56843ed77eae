"""``gpai bundle FILE -o OUT.zip`` and ``gpai bundle verify OUT.zip``: the audit bundle."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe

if TYPE_CHECKING:
    from gpai_tui.report.export import ExportAudience, ExportFormat, GitInfo
    from gpai_tui.workbook import Workbook

_AUDIENCES = ("internal", "aio", "nca", "dp", "public")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("bundle_file", required=False, type=click.Path(path_type=Path), metavar="[ZIP]")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The zip to write (required when bundling).",
)
@click.option(
    "--audience",
    type=click.Choice(_AUDIENCES),
    default="internal",
    show_default=True,
    help="Whose pack goes in the bundle (see gpai export --help); only the internal "
    "bundle carries evidence files.",
)
@as_of_option
def bundle(
    file: Path,
    bundle_file: Path | None,
    output: Path | None,
    audience: str,
    as_of: date | None,
) -> None:
    """Write an audit bundle of workbook FILE, or check one: gpai bundle verify ZIP.

    The bundle is one zip holding the workbook, the audience pack in HTML and
    JSON, the statement of applicability when this gpai can export one, the
    evidence files the pack may show (internal audience: every local evidence
    file inside the repository), MANIFEST.json (SHA-256 of every member, the
    git commit, marked modified when FILE has uncommitted changes, the as-of
    date, tool and catalogue versions, and each evidence item's state) and
    SHA256SUMS. The same FILE, evidence and --as-of give identical bytes.

    `gpai bundle verify ZIP` re-hashes every member offline and reports any
    mismatch, missing or extra member: exit 0 when all is well, 1 otherwise.
    Without gpai: unzip it and run `sha256sum -c SHA256SUMS` (see the README).

    \b
    Examples:
      gpai bundle model.toml -o audit-2026-06.zip --as-of 2026-06-30
      gpai bundle verify audit-2026-06.zip
    """
    if str(file) == "verify" and not file.exists():
        if bundle_file is None:
            raise UsageError("gpai bundle verify ZIP: give the bundle to check")
        _verify(bundle_file)
        return
    if bundle_file is not None:
        raise UsageError(f"unexpected argument {str(bundle_file)!r}; write the zip with -o")
    if output is None:
        raise UsageError("give the zip to write with -o OUT.zip")
    _write(file, output, audience, as_of or date.today())


def _verify(path: Path) -> None:
    from gpai_tui.report.bundle import verify_bundle

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    verdict = verify_bundle(path)
    for name in verdict.mismatched:
        click.echo(safe(f"MISMATCH  {name}: its SHA-256 is not the one recorded"))
    for name in verdict.missing:
        click.echo(safe(f"MISSING   {name}: listed in SHA256SUMS but not in the zip"))
    for name in verdict.extra:
        click.echo(safe(f"EXTRA     {name}: in the zip but not listed in SHA256SUMS"))
    for problem in verdict.problems:
        click.echo(safe(f"PROBLEM   {problem}"))
    if verdict.ok:
        click.echo(safe(f"{path}: ok ({verdict.checked} members match SHA256SUMS)"))
        return
    click.echo(safe(f"{path}: FAILED"))
    raise SystemExit(int(ExitCode.CHECK_FAILED))


def _write(file: Path, output: Path, audience: str, as_of: date) -> None:
    from gpai_tui.report.bundle import BundleInput, build_bundle
    from gpai_tui.report.export import export_text
    from gpai_tui.report.export.provenance import git_info
    from gpai_tui.workbook import atomic_write, parse_workbook, read_bytes

    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir() or not folder.is_dir():
        raise UsageError(f"{output}: give a file name in an existing folder")
    data = read_bytes(file)
    workbook = parse_workbook(data, str(file))
    git = git_info(file, data)
    aud = cast("ExportAudience", audience)
    stem = file.stem
    packs: dict[str, bytes] = {}
    pack_formats: tuple[ExportFormat, ...] = ("html", "json")
    for fmt in pack_formats:
        text = export_text(workbook, fmt, aud, as_of=as_of, source=file.name, git=git)
        packs[f"pack/{stem}.{audience}.{fmt}"] = text.encode("utf-8")
    soa = _add_soa(packs, workbook, aud, as_of, file, git)
    files: dict[str, bytes] = {}
    report: list[dict[str, Any]] = []
    if audience == "internal":
        files, report = _evidence(workbook, file)
    payload = BundleInput(
        workbook=workbook,
        workbook_name=file.name,
        workbook_bytes=data,
        audience=audience,
        as_of=as_of,
        git={"commit": git.commit, "state": git.state} if git else None,
        packs=packs,
        evidence_files=files,
        evidence_report=report,
        soa=soa,
    )
    atomic_write(output, build_bundle(payload))
    bad = [r for r in report if r["state"] in ("changed", "missing", "outside", "not-a-file")]
    click.echo(safe(f"wrote {output} ({len(files)} evidence files)"), err=True)
    for record in bad[:5]:
        click.echo(
            safe(f"warning: {record['item']} evidence {record['ref']}: {record['state']}"),
            err=True,
        )
    if len(bad) > 5:
        click.echo(f"warning: and {len(bad) - 5} more; see gpai evidence verify", err=True)


SOA_FORMATS = ("soa-html", "soa-csv")
"""The statement-of-applicability formats a bundle carries, when this gpai has them."""


def _add_soa(
    packs: dict[str, bytes],
    workbook: Workbook,
    audience: ExportAudience,
    as_of: date,
    file: Path,
    git: GitInfo | None,
) -> str:
    """Add the statement of applicability to ``packs``; say whether it is in the bundle."""
    from gpai_tui.report.export import EXPORT_FORMATS, export_bytes
    from gpai_tui.report.export.formats import spec

    available = [f for f in SOA_FORMATS if f in EXPORT_FORMATS]
    if not available:
        return "not available in this version of gpai"
    usable = [f for f in available if audience in spec(f).audiences]
    if not usable:
        return f"not for the {audience} audience (it quotes evidence and decisions)"
    for fmt in usable:
        body = export_bytes(workbook, fmt, audience, as_of=as_of, source=file.name, git=git)
        packs[f"soa/{file.stem}{spec(fmt).suffix}"] = body
    return "included"


def _evidence(workbook: Workbook, file: Path) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """Evidence files to include (member name -> bytes) and a record of every item."""
    import hashlib
    import os

    from gpai_tui.evidence import boundary, check_workbook, read_regular

    limit = boundary(file)
    files: dict[str, bytes] = {}
    report: list[dict[str, Any]] = []
    for check in check_workbook(workbook, file):
        record: dict[str, Any] = {"item": check.item_id, "ref": check.item.ref}
        record["state"] = check.state
        record["recorded_sha256"] = check.item.sha256
        record["sha256"] = check.actual
        if check.item.review_by is not None:
            record["review_by"] = check.item.review_by.isoformat()
        member = None
        if check.path is not None and check.actual is not None:
            relative = Path(os.path.relpath(check.path, limit)).as_posix()
            member = f"evidence/{relative}"
            if member not in files:
                body = read_regular(check.path)
                if hashlib.sha256(body).hexdigest() != check.actual:
                    raise UsageError(f"{check.item.ref}: changed while the bundle was written")
                files[member] = body
        record["member"] = member
        report.append(record)
    return files, report
