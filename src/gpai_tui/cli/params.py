"""Shared click parameter types and options."""

from __future__ import annotations

from datetime import date
from typing import Any

import click


class IsoDate(click.ParamType[date]):
    """A calendar date written ``YYYY-MM-DD``."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-08-02)")


class Flop(click.ParamType[float]):
    """A FLOP count such as ``3.1e25`` (non-negative, finite)."""

    name = "FLOP"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            number = float(str(value).replace("_", ""))
        except ValueError:
            self.fail(f"{value!r} is not a number of FLOP; write it like 3.1e25")
        if number != number or number in (float("inf"), float("-inf")) or number < 0:
            self.fail(f"{value!r} is not a usable number of FLOP")
        return number


ISO_DATE = IsoDate()
FLOP = Flop()


def _configured_as_of(
    ctx: click.Context, param: click.Parameter, value: date | None
) -> date | None:
    """No ``--as-of``: the settings file's ``as_of`` (``None``, today, when unset)."""
    if value is not None:
        return value
    from gpai_tui.config import load_config

    loaded = load_config()
    if loaded.warning:
        from gpai_tui.text import safe

        click.echo(f"gpai: {safe(loaded.warning)}", err=True)
    return loaded.config.as_of


as_of_option = click.option(
    "--as-of",
    type=ISO_DATE,
    default=None,
    callback=_configured_as_of,
    help="Compute as of this date instead of today (for reproducible reports); the "
    "settings file's as_of is the default.",
)
