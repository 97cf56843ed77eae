"""``gpai new FILE``: write a fresh workbook (every measure ``todo``)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.params import FLOP, ISO_DATE
from gpai_tui.errors import UsageError
from gpai_tui.text import safe


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--provider", help="Legal name of the provider.")
@click.option("--model", "model_name", help="Model name.")
@click.option("--version", "model_version", help="Model version the workbook covers.")
@click.option("--compute", type=FLOP, help="Cumulative training compute in FLOP, e.g. 3.1e25.")
@click.option(
    "--planned-compute",
    type=FLOP,
    help="Training compute planned in FLOP; above 10^25, systemic risk is presumed early.",
)
@click.option(
    "--generates",
    default="text",
    show_default=True,
    help="Comma-separated output modalities: text, audio, images, video, other.",
)
@click.option("--open-source", is_flag=True, help="Released under a qualifying open licence.")
@click.option("--non-eu", is_flag=True, help="The provider is established outside the EU.")
@click.option(
    "--systemic-risk",
    type=click.Choice(["auto", "designated", "none"]),
    default="auto",
    show_default=True,
    help="auto: presumed above 10^25 FLOP; designated: by the Commission; none.",
)
@click.option("--placed-on-market", type=ISO_DATE, help="EU market placement date.")
@click.option(
    "--threshold-known", type=ISO_DATE, help="When the 10^25 FLOP threshold was known to be met."
)
@click.option(
    "--designated-on", type=ISO_DATE, help="Designated models: when the designation was notified."
)
@click.option("--no-crawling", is_flag=True, help="The provider does not crawl the web.")
@click.option(
    "--signed",
    default="transparency,copyright,safety-and-security",
    show_default=True,
    help="Comma-separated chapters of the Code signed (empty: none).",
)
def new(
    file: Path,
    provider: str | None,
    model_name: str | None,
    model_version: str | None,
    compute: float | None,
    generates: str,
    open_source: bool,
    non_eu: bool,
    systemic_risk: str,
    placed_on_market: date | None,
    threshold_known: date | None,
    planned_compute: float | None,
    designated_on: date | None,
    no_crawling: bool,
    signed: str,
) -> None:
    """Create a new workbook FILE. It never overwrites an existing file.

    Without --provider and --model, in a terminal, a short wizard asks the scoping
    questions and then opens the workbook.
    """
    if file.exists():
        raise UsageError(f"{file} already exists; gpai new never overwrites a file")
    if not file.parent.exists() and str(file.parent):
        raise UsageError(f"folder {file.parent} does not exist")
    if provider is None and model_name is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from gpai_tui.tui.launch import run_wizard

            run_wizard(file)
            return
        raise UsageError("--provider and --model are required (no terminal for the wizard)")
    if not provider or not model_name:
        raise UsageError("both --provider and --model are required")
    from pydantic import ValidationError

    from gpai_tui.workbook import ALL_CHAPTERS, ModelProfile, new_workbook, save_workbook

    modalities = [m.strip() for m in generates.split(",") if m.strip()]
    allowed = {"text", "audio", "images", "video", "other"}
    unknown = [m for m in modalities if m not in allowed]
    if unknown:
        raise UsageError(
            f"unknown modality {unknown[0]!r} in --generates; use {', '.join(sorted(allowed))}"
        )
    chapters = [c.strip() for c in signed.split(",") if c.strip()]
    bad = [c for c in chapters if c not in ALL_CHAPTERS]
    if bad:
        raise UsageError(f"unknown chapter {bad[0]!r} in --signed; use {', '.join(ALL_CHAPTERS)}")
    try:
        profile = ModelProfile(
            provider=provider,
            name=model_name,
            version=model_version,
            established_in_eu=not non_eu,
            training_compute_flop=compute,
            generates=modalities,  # type: ignore[arg-type]
            open_source=open_source,
            systemic_risk=systemic_risk,  # type: ignore[arg-type]
            placed_on_market=placed_on_market,
            threshold_known=threshold_known,
            planned_compute_flop=planned_compute,
            designated_on=designated_on,
            crawls_web=not no_crawling,
        )
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise UsageError(f"--{first['loc'][0]}: {first['msg']}") from None
    workbook = new_workbook(profile)
    workbook.signatory.signed = [c for c in ALL_CHAPTERS if c in chapters]
    save_workbook(workbook, file)
    click.echo(f"wrote {safe(str(file))}", err=True)
