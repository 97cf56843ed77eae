"""Proposals for the training summary from what the workbook already knows.

A proposal is never written by itself: the TUI shows it marked "proposed" next to the
empty field, and only accepting it (or typing a value) writes the field, through
:func:`gpai_tui.engine.summary.apply_summary_edit`. Sources, by the template field's
``prefill`` key:

* ``profile:…``: provider, authorised representative, model name and version, market date;
* ``mdf:…``: modalities, provenance (which source sections apply), acquisition, scope,
  curation, from the Model Documentation Form;
* ``cr13:…``: crawler names (``crawler: NAME`` or ``user-agent: NAME`` lines in
  Copyright Measure 1.3's notes) and opt-out treatment (its ticks and notes);
* ``workbook:copyright-signatory``: :func:`copyright_signatory`.

For a model that inherits an organisation workbook (issue 21), the provider's
identity there (legal name, EU establishment, authorised representative) is the
source of section 1.1's proposals: the model's profile holds no representative, and
the organisation's name is the provider's legal name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gpai_tui.catalogue import load_catalogue
from gpai_tui.catalogue.summary import SUMMARY_MODALITIES, load_summary_template
from gpai_tui.engine.summary import is_filled
from gpai_tui.workbook import SummaryValue, Workbook
from gpai_tui.workbook.organisation import Organisation


@dataclass(frozen=True, slots=True)
class Proposal:
    """A value offered for an empty field, and where it comes from (in words)."""

    value: SummaryValue
    source: str


_MODALITY_WORDS: dict[str, str] = {
    "text": r"\btext|\bcode\b",
    "images": r"\bimage",
    "audio": r"\baudio|\bspeech",
    "video": r"\bvideo",
}
_PROVENANCE: dict[str, str] = {
    "public-datasets-used": r"\bpublic(ly)?\b",
    "licensed-data-used": r"\blicen[cs]",
    "third-party-data-used": r"\bthird[- ]part",
    "crawled-data-used": r"\bcrawl|\bscrap",
    "user-data-used": r"\buser",
    "synthetic-data-used": r"\bsynthetic",
}
_CRAWLER_LINE = re.compile(r"(?im)^\s*(?:crawler|user-agent)s?\s*:\s*(.+)$")


def copyright_signatory(workbook: Workbook) -> bool:
    """Whether the provider signed the Code's Copyright chapter (the workbook's
    ``[code] signed`` list): the one place that reads signatory status for section 3.1."""
    return "copyright" in workbook.signatory.signed


def _modalities(text: str) -> list[str]:
    low = text.lower()
    return [m for m, pattern in _MODALITY_WORDS.items() if re.search(pattern, low)]


def _profile(key: str, workbook: Workbook) -> Proposal | None:
    p = workbook.model
    if key == "provider":
        return Proposal(p.provider, "profile: provider")
    if key == "model":
        name = f"{p.name} {p.version}" if p.version else p.name
        return Proposal(name, "profile: model name and version")
    if key == "market-date" and p.placed_on_market is not None:
        return Proposal(p.placed_on_market.isoformat(), "profile: placed on the market")
    if key == "authorised-representative":
        rep = getattr(p, "authorised_representative", None)
        if isinstance(rep, str) and rep.strip():
            return Proposal(rep, "profile: authorised representative")
    return None


def _cr13(key: str, workbook: Workbook) -> Proposal | None:
    entry = workbook.measures.get(load_catalogue(workbook.code).roles.crawler_opt_outs)
    if entry is None:
        return None
    notes = entry.notes or ""
    if key == "crawlers":
        names: list[str] = []
        for line in _CRAWLER_LINE.findall(notes):
            for name in line.split(","):
                if name.strip() and name.strip() not in names:
                    names.append(name.strip())
        return Proposal(names, "Copyright Measure 1.3 notes") if names else None
    facts: list[str] = []
    if entry.checks.get("robots-txt"):
        facts.append("Our crawlers read and obey robots.txt (RFC 9309).")
    if key == "opt-outs" and entry.checks.get("other-protocols"):
        facts.append("Other machine-readable opt-out protocols are honoured as listed.")
    plain = _CRAWLER_LINE.sub("", notes).strip()
    if plain:
        facts.append(plain)
    if not facts:
        return None
    return Proposal("\n".join(facts), "Copyright Measure 1.3 checkpoints and notes")


def _mdf(key: str, field_id: str, workbook: Workbook) -> Proposal | None:
    value = workbook.mdf.get(key)
    if isinstance(value, dict):
        value = "\n".join(f"{k}: {v}" for k, v in value.items())
    if not value or not value.strip():
        return None
    source = f"Model Documentation Form: {key}"
    if key == "data-modalities":
        found = _modalities(value)
        return Proposal(found, source) if found else None
    if key == "data-provenance":
        pattern = _PROVENANCE.get(field_id)
        if pattern and re.search(pattern, value.lower()):
            return Proposal(True, source)
        return None
    return Proposal(value, source)


def _organisation(key: str, organisation: Organisation) -> Proposal | None:
    """Section 1.1 from the provider's identity in its organisation workbook."""
    identity = organisation.organisation
    if key == "provider":
        where = (identity.eu_establishment or "").strip()
        name = f"{identity.legal_name}, {where}" if where else identity.legal_name
        return Proposal(name, "organisation workbook: legal name and EU establishment")
    rep = (identity.authorised_representative or "").strip()
    if key == "authorised-representative" and rep:
        return Proposal(rep, "organisation workbook: authorised representative (Art. 54)")
    return None


def proposals(workbook: Workbook, organisation: Organisation | None = None) -> dict[str, Proposal]:
    """A proposal for each empty field the workbook knows an answer to (``organisation``:
    the one the model inherits, for the provider's fields)."""
    out: dict[str, Proposal] = {}
    for field in load_summary_template().fields():
        if field.prefill is None or is_filled(workbook.training_summary.get(field.id)):
            continue
        kind, _, key = field.prefill.partition(":")
        proposal: Proposal | None = None
        if kind == "profile" and organisation is not None and field.provider_level:
            if is_filled(organisation.training_summary.get(field.id)):
                continue  # the provider's own text: inherited, never proposed
            proposal = _organisation(key, organisation)
        elif kind == "profile":
            proposal = _profile(key, workbook)
        elif kind == "mdf":
            proposal = _mdf(key, field.id, workbook)
        elif kind == "cr13":
            proposal = _cr13(key, workbook)
        elif kind == "workbook":
            proposal = Proposal(copyright_signatory(workbook), "signatory status ([code] signed)")
        if proposal is not None:
            out[field.id] = proposal
    return out


__all__ = ["SUMMARY_MODALITIES", "Proposal", "copyright_signatory", "proposals"]
