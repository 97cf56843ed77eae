"""The walk's guide: one plain question per checkpoint, with why it matters and evidence examples.

The guide lives in its own data file, ``catalogue/data/walk/<code>.toml``, keyed by item id
(a measure such as ``CR-1.3`` or an obligation such as ``art-52-notification``) and then by
checkpoint id::

    ["CR-1.3".robots-txt]
    question = "Do your crawlers read and obey robots.txt?"
    why = "..."
    evidence_examples = ["...", "..."]

It is read on first use only (the guided interview and tests ask for it), never when a
headless command such as ``gpai status`` starts, and cached per Code version.
``tests/test_catalogue_walk.py`` proves that every checkpoint of the shipped catalogue has a
guide entry and that no entry names a checkpoint the catalogue does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from gpai_tui.catalogue import CURRENT_CODE

__all__ = ["Guide", "GuideDataError", "GuideNotFound", "guide_for", "guides"]

FIELDS = ("question", "why", "evidence_examples")
"""The keys every guide entry has, and no others."""


class GuideNotFound(LookupError):
    """No guide data ships for a requested Code version."""


class GuideDataError(ValueError):
    """The guide data file is malformed (a packaging defect; the tests catch it)."""


@dataclass(frozen=True, slots=True)
class Guide:
    """What the walk shows for one checkpoint."""

    question: str
    """One plain question, answerable "yes" or "not yet"."""
    why: str
    """Why it matters, in one or two sentences, naming its legal source."""
    evidence_examples: tuple[str, ...]
    """What evidence of it usually looks like."""


def guide_for(item_id: str, checkpoint_id: str, code: str = CURRENT_CODE) -> Guide | None:
    """The guide for one checkpoint of one measure or obligation, or ``None`` if it has none."""
    return guides(code).get((item_id, checkpoint_id))


def guides(code: str = CURRENT_CODE) -> Mapping[tuple[str, str], Guide]:
    """Every guide entry of one Code version, keyed by ``(item id, checkpoint id)``.

    Raises :class:`GuideNotFound` when no guide ships for ``code``, and
    :class:`GuideDataError` when the data file is malformed.
    """
    return _load(code)


@cache
def _load(code: str) -> Mapping[tuple[str, str], Guide]:
    path = resources.files("gpai_tui.catalogue") / "data" / "walk" / f"{code}.toml"
    if not path.is_file():
        raise GuideNotFound(f"no walk guide for Code version {code!r}")
    import tomli

    with path.open("rb") as fh:
        raw = tomli.load(fh)
    out: dict[tuple[str, str], Guide] = {}
    for item_id, checkpoints in raw.items():
        if not isinstance(checkpoints, dict):
            raise GuideDataError(f"walk guide {code}: {item_id!r} is not a table of checkpoints")
        for checkpoint_id, entry in checkpoints.items():
            out[(item_id, checkpoint_id)] = _entry(f"{code}: {item_id}/{checkpoint_id}", entry)
    return MappingProxyType(out)


def _entry(where: str, entry: Any) -> Guide:
    """One guide entry, checked: exactly the three fields, all non-empty text."""
    if not isinstance(entry, dict) or set(entry) != set(FIELDS):
        keys = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
        raise GuideDataError(f"walk guide {where}: needs exactly {FIELDS}, has {keys}")
    question, why, examples = (entry[f] for f in FIELDS)
    if not (isinstance(question, str) and question.strip()):
        raise GuideDataError(f"walk guide {where}: empty question")
    if not (isinstance(why, str) and why.strip()):
        raise GuideDataError(f"walk guide {where}: empty why")
    if not (
        isinstance(examples, list)
        and examples
        and all(isinstance(e, str) and e.strip() for e in examples)
    ):
        raise GuideDataError(f"walk guide {where}: evidence_examples must list non-empty text")
    return Guide(question=question, why=why, evidence_examples=tuple(examples))
