"""``gpai summary``: the public summary of training content (Art. 53(1)(d)).

* ``gpai summary FILE [--format md|html|json] [-o OUT]``: the summary, ready to
  publish: the template's headings in its order, the template's fields only.
* ``gpai summary check FILE``: what is missing or inconsistent (exit 1 if anything).
* ``gpai summary set FILE FIELD VALUE``: set one field (saved atomically).
* ``gpai summary domains FILE CSV``: the top-domains list of section 2.3 from a
  crawl's ``domain,bytes`` (or tokens) file.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from gpai_tui.cli.params import ISO_DATE
from gpai_tui.errors import UsageError
from gpai_tui.text import safe


class _DefaultToExport(click.Group):
    """``gpai summary FILE`` means ``gpai summary export FILE``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["export", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToExport)
def summary() -> None:
    """The public summary of training content (AI Act Art. 53(1)(d)).

    \b
    gpai summary FILE [--format md|html|json] [-o OUT]   export it, ready to publish
    gpai summary check FILE                               list what is missing or wrong
    gpai summary set FILE FIELD VALUE                     set one field
    gpai summary domains FILE CSV [--sme]                 compute 2.3's top domains
    """


def _edit(file: Path, purpose: str, values: dict[str, Any]) -> list[str]:
    """Set ``values`` (field id -> value) in FILE's summary through the one edit path
    (``Document.apply`` under the lock, comments kept); nothing is written on error."""
    from gpai_tui.document import SummaryEdit, edit_file

    today = date.today()
    changed, _, notice = edit_file(
        file,
        [SummaryEdit(field_id, value, today) for field_id, value in values.items()],
        purpose=purpose,
    )
    if notice:
        _notice(notice)
    return changed


def _notice(message: str) -> None:
    """Say (on stderr) that hand-written comments could not be kept."""
    click.echo(safe(f"note: {message}", keep_newlines=False), err=True)


@summary.command("export", hidden=True)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to OUT, not stdout.")
def export(file: Path, fmt: str, output: Path | None) -> None:
    """Print the public summary of workbook FILE (template order and headings)."""
    from gpai_tui.report.summary import render
    from gpai_tui.report.summary.content import build
    from gpai_tui.report.summary.versions import earlier_versions
    from gpai_tui.workbook import atomic_write, load_workbook

    workbook = load_workbook(file)
    text = render(fmt, build(workbook, earlier_versions(file)))
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"))
        click.echo(f"wrote {safe(str(output), keep_newlines=False)}", err=True)


@summary.command("check")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-of", type=ISO_DATE, default=None, help="Check as of this date (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--history",
    is_flag=True,
    help="Also check, in git, that no commit changed the summary after its date of last update.",
)
def check(file: Path, as_of: date | None, as_json: bool, history: bool) -> None:
    """List what the training summary of FILE misses or contradicts (exit 1 if any)."""
    from gpai_tui.engine.summary import summary_result
    from gpai_tui.engine.summary_check import Finding, check_summary
    from gpai_tui.report.summary.versions import last_change
    from gpai_tui.workbook import load_workbook

    workbook = load_workbook(file)
    findings = check_summary(workbook, as_of)
    changed = last_change(file) if history and workbook.training_summary else None
    updated = workbook.training_summary.get("last-updated")
    if changed is not None and isinstance(updated, date) and changed > updated:
        findings.append(
            Finding(
                "last-updated",
                "not-updated",
                f"the summary changed in a commit of {changed.isoformat()}, after its date of "
                f"last update {updated.isoformat()}",
            )
        )
    result = summary_result(workbook)
    if as_json:
        data = {
            "filled": result.filled,
            "required": result.required,
            "findings": [
                {"field": f.field, "kind": f.kind, "message": f.message} for f in findings
            ],
        }
        click.echo(json.dumps(data, indent=2))
    else:
        counts = f"{result.filled}/{result.required} required fields filled"
        if not findings:
            click.echo(f"{safe(str(file))}: training summary complete and consistent ({counts})")
        else:
            click.echo(f"{safe(str(file))}: {len(findings)} problem(s); {counts}")
            for f in findings:
                click.echo(safe(f"  {f.field}: {f.message}", keep_newlines=False))
    if findings:
        raise SystemExit(1)


@summary.command("set")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("field_id", metavar="FIELD")
@click.argument("value")
def set_(file: Path, field_id: str, value: str) -> None:
    """Set FIELD of FILE's training summary to VALUE ('' clears it).

    \b
    yes/no fields: yes or no; dates: 2026-12-31; months: 03/2026;
    lists (modalities, crawlers, domains): comma-separated or one per line;
    tables (size bands, datasets): name=value entries separated by ; or newlines,
    e.g. "text=text-gt-10t;images=images-1m-1b".
    The day of the change becomes the summary's "date of last update".
    """
    from gpai_tui.engine.summary import parse_value

    changed = _edit(file, "gpai summary set", {field_id: parse_value(field_id, value)})
    summary_text = ", ".join(changed) if changed else "no change"
    click.echo(safe(f"{field_id}: {summary_text}", keep_newlines=False), err=True)


@summary.command("domains")
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("csv_file", metavar="CSV", type=click.Path(path_type=Path))
@click.option("--sme", is_flag=True, help="SME rule: top 5% or 1,000 domains, whichever is lower.")
@click.option(
    "--unit",
    type=click.Choice(["bytes", "tokens"]),
    default=None,
    help="What the size column counts (default: the CSV header, else bytes).",
)
def domains(file: Path, csv_file: Path, sme: bool, unit: str | None) -> None:
    """Compute section 2.3's top domains from CSV and store them in FILE.

    CSV rows are domain,size as a crawl pipeline writes them (an optional header
    "domain,bytes" or "domain,tokens" names the unit). The list is the top 10% of
    domains by size (SME: top 5% or 1,000, whichever is lower); the rule, counts and
    the input's SHA-256 are kept in the workbook (not published).
    """
    from gpai_tui.engine.summary_domains import select_domains

    try:
        data = csv_file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {csv_file}: {exc.strerror or exc}") from None
    selection = select_domains(data, sme=sme, unit=unit)

    _edit(
        file,
        "gpai summary domains",
        {
            "top-domains": list(selection.domains),
            "top-domains-method": selection.method(csv_file.name),
        },
    )
    click.echo(
        safe(
            f"top-domains: {len(selection.domains):,} of {selection.total:,} domains "
            f"(SHA-256 {selection.sha256[:12]}...)",
            keep_newlines=False,
        ),
        err=True,
    )
