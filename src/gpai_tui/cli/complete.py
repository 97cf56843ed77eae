"""Shell completion (click ``shell_complete``): workbook paths, item and checkpoint ids.

Enable it with click's variable, e.g. ``eval "$(_GPAI_COMPLETE=bash_source gpai)"``
(README, "Shell completion"). Completion never fails loudly: a workbook that cannot
be read completes against the current catalogue, and any error yields nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from gpai_tui.catalogue import Catalogue
    from gpai_tui.catalogue.models import Measure, Obligation


def workbook_paths(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """``*.toml`` files and folders starting with ``incomplete`` (hidden ones only if asked)."""
    from click.shell_completion import CompletionItem

    folder, _, stem = incomplete.rpartition(os.sep)
    base = Path(folder or ".") if folder or not incomplete.startswith(os.sep) else Path(os.sep)
    prefix = (
        f"{folder}{os.sep}" if folder else ("" if not incomplete.startswith(os.sep) else os.sep)
    )
    out: list[CompletionItem] = []
    try:
        entries = sorted(base.iterdir(), key=lambda p: p.name)
    except OSError:
        return out
    for entry in entries:
        name = entry.name
        if not name.startswith(stem) or (name.startswith(".") and not stem.startswith(".")):
            continue
        if entry.is_dir():
            out.append(CompletionItem(f"{prefix}{name}{os.sep}", type="dir"))
        elif name.endswith(".toml"):
            out.append(CompletionItem(f"{prefix}{name}", type="file"))
    return out


def _given(ctx: click.Context, name: str, index: int) -> str | None:
    """Argument ``name`` as typed so far (position ``index`` when parsing stopped early).

    While completing an option's value (``--check <TAB>``) click stops parsing before
    it fills in the arguments; they are then still in ``ctx.args``.
    """
    value = ctx.params.get(name)
    if value is None and len(ctx.args) > index:
        value = ctx.args[index]
    return None if value is None else str(value)


def _catalogue(ctx: click.Context) -> Catalogue:
    """The catalogue of the workbook named on the command line, else the current one."""
    from gpai_tui.catalogue import load_catalogue

    file = _given(ctx, "file", 0)
    if file is not None:
        try:
            from gpai_tui.workbook import load_workbook

            return load_catalogue(load_workbook(Path(file)).code)
        except Exception:  # completion must never break the shell
            pass
    return load_catalogue()


def item_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Measure and obligation ids (``CR-1.3``, ``art-52-notification``) with their titles."""
    from click.shell_completion import CompletionItem

    catalogue = _catalogue(ctx)
    items: list[Measure | Obligation] = [*catalogue.measures(), *catalogue.obligations]
    return [
        CompletionItem(item.id, help=item.title)
        for item in items
        if item.id.lower().startswith(incomplete.lower())
    ]


def checkpoint_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The hand-ticked checkpoints of the item given as ID (``gpai set FILE ID --check``)."""
    from click.shell_completion import CompletionItem

    catalogue = _catalogue(ctx)
    item_id = _given(ctx, "item_id", 1)
    item = catalogue.measure(item_id) or catalogue.obligation(item_id) if item_id else None
    if item is None:
        return []
    return [
        CompletionItem(cp.id, help=cp.label)
        for cp in item.checkpoints
        if not cp.derived and cp.id.startswith(incomplete)
    ]


def mdf_field_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Model Documentation Form field ids (``input-max-size``) with their names."""
    from click.shell_completion import CompletionItem

    return [
        CompletionItem(field.id, help=field.name)
        for field in _catalogue(ctx).mdf_fields()
        if field.id.startswith(incomplete)
    ]
