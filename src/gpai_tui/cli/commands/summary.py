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
from typing import TYPE_CHECKING, Any

import click

from gpai_tui.cli.params import ISO_DATE
from gpai_tui.errors import UsageError
from gpai_tui.text import safe

if TYPE_CHECKING:
    from gpai_tui.workbook import SummaryValue, Workbook


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
    from gpai_tui.engine.inherit import load_resolved
    from gpai_tui.report.summary import render
    from gpai_tui.report.summary.content import build
    from gpai_tui.report.summary.versions import earlier_versions
    from gpai_tui.workbook import atomic_write

    # A model that inherits: the provider's values (1.1) come from its organisation.
    resolved = load_resolved(file)
    text = render(fmt, build(resolved.workbook, earlier_versions(file), resolved.summary_origins))
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
    from gpai_tui.engine.inherit import load_resolved
    from gpai_tui.engine.summary import summary_result
    from gpai_tui.engine.summary_check import Finding, check_summary
    from gpai_tui.report.summary.versions import last_change

    workbook = load_resolved(file).workbook  # the provider's values in place (issue 21)
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
@click.option(
    "--organisation",
    "to_organisation",
    is_flag=True,
    help="FIELD is the provider's (e.g. provider-name): change it in the organisation "
    "workbook FILE inherits, for every model that inherits it.",
)
@click.option(
    "--override",
    is_flag=True,
    help="FIELD is inherited from the organisation: give this model its own value.",
)
def set_(file: Path, field_id: str, value: str, to_organisation: bool, override: bool) -> None:
    """Set FIELD of FILE's training summary to VALUE ('' clears it).

    \b
    yes/no fields: yes or no; dates: 2026-12-31; months: 03/2026;
    lists (modalities, crawlers, domains): comma-separated or one per line;
    tables (size bands, datasets): name=value entries separated by ; or newlines,
    e.g. "text=text-gt-10t;images=images-1m-1b".
    The day of the change becomes the summary's "date of last update".

    The provider's fields (1.1: provider-name, authorised-representative) of a model
    that inherits an organisation workbook show the organisation's value: change it
    there with --organisation, or give this model its own with --override. FILE may
    also be the organisation workbook itself.
    """
    from gpai_tui.engine.summary import parse_value
    from gpai_tui.workbook import read_bytes
    from gpai_tui.workbook.organisation import Organisation, parse_any

    if to_organisation and override:
        raise UsageError("give --organisation or --override, not both")
    parsed = parse_any(read_bytes(file), str(file))  # a missing or bad file first
    parsed_value = parse_value(field_id, value)
    if isinstance(parsed, Organisation):
        if override:
            raise UsageError(f"{file} is the organisation workbook: --override is for a model's")
        changed = _edit_organisation_summary(file, field_id, parsed_value)
    else:
        changed = _edit_model_summary(file, parsed, field_id, parsed_value, to_organisation,
                                      override)  # fmt: skip
    summary_text = ", ".join(changed) if changed else "no change"
    click.echo(safe(f"{field_id}: {summary_text}", keep_newlines=False), err=True)


def _edit_model_summary(
    file: Path,
    workbook: Workbook,
    field_id: str,
    value: SummaryValue | None,
    to_organisation: bool,
    override: bool,
) -> list[str]:
    """Set a model's summary value, or with ``--organisation`` the provider's value in
    the organisation workbook it inherits; an inherited value needs one of the two."""
    from gpai_tui.catalogue.summary import load_summary_template
    from gpai_tui.engine.inherit import organisation_path, resolve_workbook

    flag = "--organisation" if to_organisation else "--override" if override else None
    provider_level = load_summary_template().provider_level_ids()
    if flag is not None:
        if workbook.inherits is None:
            raise UsageError(f"{file} inherits no organisation workbook; {flag} does not apply")
        if field_id not in provider_level:
            raise UsageError(f"{field_id} describes this model and is never inherited; drop {flag}")
    resolved = resolve_workbook(workbook, file)  # a missing or bad organisation: both named
    if to_organisation:
        assert workbook.inherits is not None
        return _edit_organisation_summary(
            organisation_path(file, workbook.inherits), field_id, value
        )
    if not override and resolved.summary_origin(field_id) == "inherited":
        raise UsageError(
            f"{field_id} is the provider's value, inherited from {workbook.inherits}: add "
            "--organisation to change it there for every model that inherits it, or "
            "--override to give this model its own value"
        )
    return _edit(file, "gpai summary set", {field_id: value})


def _edit_organisation_summary(
    org_file: Path, field_id: str, value: SummaryValue | None
) -> list[str]:
    """Change the provider's value in the organisation workbook, under its own lock."""
    from gpai_tui.document.organisation_edit import edit_organisation_summary

    changed = edit_organisation_summary(org_file, field_id, value, purpose="gpai summary set")
    if changed:
        _remind_models(org_file, field_id)
    return [*changed, f"in the organisation workbook {org_file}"] if changed else changed


def _remind_models(org_file: Path, field_id: str) -> None:
    """Name the models whose published summary now reads differently: their date of
    last update (the template's header) is theirs to change when they publish it."""
    from gpai_tui.engine.inherit import repository_or_folder
    from gpai_tui.engine.org_diff import inheriting_models

    shown = [
        path
        for path, model in inheriting_models(org_file, repository_or_folder(org_file))
        if model.training_summary and field_id not in model.training_summary
    ]
    if shown:
        names = ", ".join(str(p) for p in shown[:5]) + (" ..." if len(shown) > 5 else "")
        click.echo(
            safe(
                f"note: the published summary of {len(shown)} model(s) now shows this value "
                f"({names}); each keeps its own date of last update until you republish it "
                "(gpai summary set MODEL last-updated YYYY-MM-DD)",
                keep_newlines=False,
            ),
            err=True,
        )


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
