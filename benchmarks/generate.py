"""Generate workbooks for the benchmarks: a realistic portfolio, and one maximal workbook.

Everything is built through the public workbook API (``Workbook``, ``dumps_workbook``),
so the files are canonical and valid, and seeded, so every run measures the same bytes.

    python benchmarks/generate.py DIR --count 1000     # a portfolio of DIR/wb-0000.toml ...
    python benchmarks/generate.py FILE --maximal       # the maximal workbook
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from gpai_tui.catalogue import load_catalogue
from gpai_tui.catalogue.summary import is_computed
from gpai_tui.engine.incidents import INITIAL_DAYS
from gpai_tui.workbook import (
    STATUSES,
    Incident,
    ItemEntry,
    ModelProfile,
    Workbook,
    dumps_workbook,
)

PROVIDERS = ("Aurora Labs GmbH", "Borealis AI SAS", "Cobalt Models BV", "Delta Compute Oy")
OWNERS = ("j.keller", "s.novak", "m.rossi", "t.berg", "a.dubois", "l.jansen")
MODALITIES = ("text", "audio", "images", "video")
START = date(2025, 8, 2)


def _day(rng: random.Random, span: int = 700) -> date:
    return START + timedelta(days=rng.randrange(span))


def _profile(rng: random.Random, n: int) -> ModelProfile:
    systemic = rng.random() < 0.3
    compute = rng.choice((3.1e25, 5e25)) if systemic else rng.choice((2e23, 8e23, 4e24))
    return ModelProfile(
        provider=PROVIDERS[n % len(PROVIDERS)],
        name=f"Model-{n:04d}",
        version=f"{1 + n % 3}.{n % 10}",
        established_in_eu=rng.random() < 0.8,
        training_compute_flop=compute,
        generates=sorted(set(rng.sample(MODALITIES, rng.randint(1, 2))) | {"text"}),
        open_source=rng.random() < 0.15,
        threshold_known=_day(rng, 100) if systemic else None,
        placed_on_market=_day(rng) if rng.random() < 0.85 else None,
    )


def _entry(
    rng: random.Random, checkpoints: list[str], evidence: int, full: bool = False
) -> ItemEntry:
    status = "done" if full else rng.choice(STATUSES[:3] + STATUSES[:3] + STATUSES[3:])
    ticked = len(checkpoints) if status == "done" or full else rng.randrange(len(checkpoints) + 1)
    return ItemEntry(
        status=status,
        owner=rng.choice(OWNERS) if full or rng.random() < 0.8 else None,
        target=_day(rng) if full or rng.random() < 0.5 else None,
        last_done=_day(rng, 300) if status == "done" else None,
        evidence=[f"evidence/{rng.randrange(10**6):06d}/report-{i}.pdf" for i in range(evidence)],
        notes=(
            "Reviewed by the compliance board.\nFollow-up in the next quarterly round."
            if full or rng.random() < 0.3
            else None
        ),
        justification="Out of scope for this release." if status == "not-applicable" else None,
        checks={cp: i < ticked for i, cp in enumerate(checkpoints)},
    )


def portfolio_workbook(n: int, seed: int = 0) -> Workbook:
    """Workbook number ``n`` of a portfolio: a realistic, varied mix of progress."""
    rng = random.Random(seed * 1_000_003 + n)
    catalogue = load_catalogue()
    workbook = Workbook(model=_profile(rng, n))
    for item in [*catalogue.measures(), *catalogue.obligations]:
        ids = [cp.id for cp in item.checkpoints if not is_computed(cp, summary_kept=False)]
        entry = _entry(rng, ids, rng.randrange(4))
        if item.id.startswith("art-"):
            workbook.obligations[item.id] = entry
        else:
            workbook.measures[item.id] = entry
    for field in catalogue.mdf_fields():
        if rng.random() < 0.6 and field.repeats is None:
            workbook.mdf[field.id] = f"{field.name}: documented in the model card."
    for k in range(rng.choice((0, 0, 0, 1, 2))):
        workbook.incidents[f"INC-{n:04d}-{k:03d}"] = _incident(rng, k)
    return workbook


def _incident(rng: random.Random, k: int) -> Incident:
    aware = _day(rng, 500)
    resolved = aware + timedelta(days=rng.randrange(5, 90)) if k % 3 else None
    return Incident.model_validate(
        {
            "class": list(INITIAL_DAYS)[k % len(INITIAL_DAYS)],
            "title": f"Incident {k}: unexpected model behaviour in deployment",
            "aware": aware,
            "resolved": resolved,
            "initial_report": aware + timedelta(days=1) if k % 2 else None,
            "intermediate_reports": [aware + timedelta(weeks=w) for w in range(1, 1 + k % 3)],
            "final_report": resolved + timedelta(days=20) if resolved and k % 4 == 1 else None,
            "notes": "Root cause analysis attached to the incident register.",
        }
    )


MAXIMAL_EVIDENCE = 500
"""Evidence entries across the maximal workbook's measures."""
MAXIMAL_INCIDENTS = 50
"""Serious incidents in the maximal workbook."""


def maximal_workbook() -> Workbook:
    """The largest realistic workbook: every measure and obligation filled in, the whole
    MDF (repeating fields for every modality), 500 evidence entries and 50 incidents."""
    rng = random.Random(8)
    catalogue = load_catalogue()
    profile = ModelProfile(
        provider="Aurora Labs GmbH",
        name="Aurora-Max",
        version="9.9",
        training_compute_flop=5e25,
        generates=["text", "audio", "images", "video"],
        threshold_known=date(2025, 6, 1),
        placed_on_market=date(2025, 9, 1),
    )
    workbook = Workbook(model=profile)
    items = [*catalogue.measures(), *catalogue.obligations]
    per_item, extra = divmod(MAXIMAL_EVIDENCE, len(catalogue.measures()))
    for n, item in enumerate(items):
        ids = [cp.id for cp in item.checkpoints if not is_computed(cp, summary_kept=False)]
        is_obligation = item.id.startswith("art-")
        count = 0 if is_obligation else per_item + (1 if n < extra else 0)
        entry = _entry(rng, ids, count, full=True)
        if is_obligation:
            workbook.obligations[item.id] = entry
        else:
            workbook.measures[item.id] = entry
    for field in catalogue.mdf_fields():
        text = f"{field.name}: see the technical report, section {rng.randrange(1, 20)}."
        if field.repeats == "modality":
            workbook.mdf[field.id] = {m: text for m in profile.generates}
        elif field.repeats == "version":
            workbook.mdf[field.id] = {"9.9": text}
        else:
            workbook.mdf[field.id] = text
    for k in range(MAXIMAL_INCIDENTS):
        workbook.incidents[f"INC-2026-{k:03d}"] = _incident(rng, k)
    return workbook


def write_portfolio(folder: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` portfolio workbooks into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"wb-{n:04d}.toml"
        path.write_text(dumps_workbook(portfolio_workbook(n, seed)), encoding="utf-8")
        paths.append(path)
    return paths


def write_maximal(path: Path) -> Path:
    """Write the maximal workbook to ``path``."""
    path.write_text(dumps_workbook(maximal_workbook()), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="folder (portfolio) or file (--maximal)")
    parser.add_argument("--count", type=int, default=100, help="portfolio size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--maximal", action="store_true", help="write the maximal workbook")
    args = parser.parse_args()
    if args.maximal:
        write_maximal(args.target)
    else:
        write_portfolio(args.target, args.count, args.seed)


if __name__ == "__main__":
    main()
