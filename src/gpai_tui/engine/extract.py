"""Propose an organisation workbook from a folder of model workbooks (``organisation extract``).

A provider-level item moves to the organisation when every model gives it the same
answer (status, owner, dates, checks ticked, evidence, notes, justification). Items
whose answers differ stay in the models, marked ``override = true`` so that their
figures do not move. :func:`propose` computes the plan and proves it: every model's
evaluation after the move is compared with the one before, and any difference is an
error, so ``--apply`` can never change a number.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.inherit import resolve
from gpai_tui.engine.serialize import evaluation_dict
from gpai_tui.errors import UsageError
from gpai_tui.workbook import ItemEntry, Workbook
from gpai_tui.workbook.organisation import Organisation, OrganisationProfile, new_organisation


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A provider-level item the models answer differently."""

    id: str
    answers: int
    """How many different answers there are."""
    example: str
    """The first difference, in words."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """What ``organisation extract`` would do."""

    organisation: Organisation
    """The proposed organisation workbook."""
    agreed: tuple[str, ...]
    """Items every model answers alike: they move to the organisation."""
    disagreed: tuple[Disagreement, ...]
    """Items kept in the models (as overrides)."""
    models: tuple[tuple[Path, Workbook], ...]
    """Each model rewritten to inherit (not yet saved)."""
    summary: tuple[str, ...] = ()
    """Training-summary fields of the provider (1.1) every model gives alike: they move
    to the organisation's ``[training_summary]``."""


def _answer(entry: ItemEntry) -> dict[str, Any]:
    """An entry's answer, normalised for comparison (unticked = absent)."""
    return {
        "status": entry.status,
        "owner": entry.owner or None,
        "target": entry.target,
        "last_done": entry.last_done,
        "evidence": list(entry.evidence),
        "notes": entry.notes or None,
        "justification": entry.justification or None,
        "checks": sorted(k for k, v in entry.checks.items() if v),
    }


def _difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    for key in a:
        if a[key] != b[key]:
            return f"{key} differs ({a[key]!r} / {b[key]!r})"
    return "answers differ"


def propose(
    models: Sequence[tuple[Path, Workbook]], org_file: Path, as_of: date | None = None
) -> Proposal:
    """Plan the move of the agreed provider-level answers into ``org_file``.

    Raises :class:`UsageError` when the folder holds no models, when a model already
    inherits, when the models name different providers, or (a bug) when the move would
    change any model's figures.
    """
    if not models:
        raise UsageError("no model workbooks to extract from")
    for path, workbook in models:
        if workbook.conflicts:
            raise UsageError(f"{path} has unresolved merge conflicts; resolve them first")
        if workbook.inherits is not None:
            raise UsageError(f"{path} already inherits {workbook.inherits!r}; nothing was changed")
    providers = sorted({w.model.provider.strip() for _, w in models})
    if len(providers) > 1:
        raise UsageError(
            "the models name different providers ("
            + ", ".join(repr(p) for p in providers[:5])
            + "); an organisation workbook is one provider's: extract per provider"
        )
    in_eu = {w.model.established_in_eu for _, w in models}
    if len(in_eu) > 1:
        raise UsageError(
            "the models disagree on whether the provider is established in the EU; "
            "fix their profiles first"
        )
    code = models[0][1].code
    if any(w.code != code for _, w in models):
        raise UsageError("the models follow different Code of Practice versions")
    organisation = new_organisation(
        OrganisationProfile(legal_name=providers[0], established_in_eu=in_eu.pop()), code
    )
    agreed: list[str] = []
    disagreed: list[Disagreement] = []
    for item_id in load_catalogue(code).provider_level_ids():
        answers = [_answer(w.get_entry(item_id)) for _, w in models]
        distinct = [a for i, a in enumerate(answers) if a not in answers[:i]]
        if len(distinct) == 1:
            agreed.append(item_id)
            table = organisation.table(item_id)
            table[item_id] = models[0][1].get_entry(item_id).model_copy(deep=True)
        else:
            disagreed.append(
                Disagreement(item_id, len(distinct), _difference(distinct[0], distinct[1]))
            )
    summary = _agreed_summary(models)
    organisation.training_summary = {k: models[0][1].training_summary[k] for k in summary}
    rewritten: list[tuple[Path, Workbook]] = []
    for path, workbook in models:
        new = workbook.model_copy(deep=True)
        new.inherits = Path(os.path.relpath(org_file, path.parent)).as_posix()
        kept = {k: v for k, v in new.training_summary.items() if k not in summary}
        if kept:  # a summary left empty would stop being kept: that model keeps its copy
            new.training_summary = kept
        for item_id in (*agreed, *(d.id for d in disagreed)):
            table = new.table(item_id)
            if item_id in agreed:
                table.pop(item_id, None)
            else:
                entry = new.get_entry(item_id).model_copy(deep=True)
                entry.override = True
                table[item_id] = entry
        rewritten.append((path, new))
    _prove_unchanged(models, rewritten, organisation, as_of or date.today())
    return Proposal(organisation, tuple(agreed), tuple(disagreed), tuple(rewritten), summary)


def _agreed_summary(models: Sequence[tuple[Path, Workbook]]) -> tuple[str, ...]:
    """The provider's summary fields (template ``provider_level``) that every model
    fills with the same value."""
    from gpai_tui.catalogue.summary import load_summary_template
    from gpai_tui.engine.summary import is_filled

    out: list[str] = []
    for field_id in load_summary_template().provider_level_ids():
        values = [w.training_summary.get(field_id) for _, w in models]
        if is_filled(values[0]) and all(v == values[0] for v in values):
            out.append(field_id)
    return tuple(out)


def _prove_unchanged(
    before: Sequence[tuple[Path, Workbook]],
    after: Sequence[tuple[Path, Workbook]],
    organisation: Organisation,
    as_of: date,
) -> None:
    """Every model's whole evaluation is the same before and after the move."""
    for (path, old), (_, new) in zip(before, after, strict=True):
        view = resolve(new, organisation)[0]
        before_ev, after_ev = evaluate(old, as_of), evaluate(view, as_of)
        if (
            evaluation_dict(before_ev) != evaluation_dict(after_ev)
            or before_ev.summary != after_ev.summary
            or old.training_summary != view.training_summary
        ):
            raise UsageError(
                f"{path}: moving the answers would change its figures; nothing was changed "
                "(please report this bug)"
            )
