"""Model Documentation Form state: filled fields overall and per audience.

Also the MDF's audience filter (:func:`fields_for`, :func:`sections_for`), used by
the counts here, by the audience packs and by the TUI, so that "downstream pack:
14/19 fields" and the fields in the downstream pack always agree; and the one
validated edit of an MDF value (:func:`apply_mdf_edit`).
"""

from __future__ import annotations

from collections.abc import Mapping

from gpai_tui.catalogue import Audience, Catalogue, MdfField, MdfSection, load_catalogue
from gpai_tui.engine.results import MdfResult
from gpai_tui.engine.scope import Decision
from gpai_tui.errors import UsageError
from gpai_tui.words import plural
from gpai_tui.workbook import MdfValue, Workbook
from gpai_tui.workbook.errors import did_you_mean
from gpai_tui.workbook.model import MAX_LIST, MAX_SHORT, MAX_TEXT

AUDIENCES: tuple[Audience, ...] = ("aio", "nca", "dp")
"""MDF recipients in display order."""

AUDIENCE_LABELS: dict[str, str] = {
    "aio": "AI Office",
    "nca": "national competent authorities",
    "dp": "downstream providers",
}
"""Who each MDF audience is, in words."""

AUDIENCE_BADGES: dict[str, str] = {"aio": "AIO", "nca": "NCA", "dp": "DP"}
"""Short badges for each MDF audience."""

PACK_LABELS: dict[str, str] = {
    "aio": "AI Office pack",
    "nca": "national authorities pack",
    "dp": "downstream pack",
}
"""Each audience's pack, in words."""


def pack_count_text(audience: str, filled: int, total: int) -> str:
    """How full an audience's pack is, in words: ``downstream pack: 14/19 fields``."""
    return f"{PACK_LABELS[audience]}: {filled}/{total} fields"


HEADER_SECTION = "header"
"""Id of the form's header section (last-updated date, document version); it goes in
every audience pack."""


def is_filled(value: MdfValue | None) -> bool:
    """A field counts as filled when it has non-blank text (any entry, for repeats)."""
    if value is None:
        return False
    if isinstance(value, dict):
        return any(v.strip() for v in value.values())
    return bool(value.strip())


def in_pack(section: MdfSection, field: MdfField, audience: str | None) -> bool:
    """True when ``field`` belongs in ``audience``'s pack (``None``: the whole form).

    A pack holds the header fields and every field flagged for its audience.
    """
    return audience is None or section.id == HEADER_SECTION or audience in field.audiences


def sections_for(
    catalogue: Catalogue, audience: str | None
) -> list[tuple[MdfSection, tuple[MdfField, ...]]]:
    """The form's sections with the fields in ``audience``'s pack, in form order.

    Sections without any field for the audience are left out. ``None`` gives the
    whole form.
    """
    out: list[tuple[MdfSection, tuple[MdfField, ...]]] = []
    for section in catalogue.mdf:
        fields = tuple(f for f in section.fields if in_pack(section, f, audience))
        if fields:
            out.append((section, fields))
    return out


def fields_for(catalogue: Catalogue, audience: str | None) -> list[MdfField]:
    """The fields in ``audience``'s pack, in form order (``None``: every field)."""
    return [f for _, fields in sections_for(catalogue, audience) for f in fields]


_PACKS: dict[int, tuple[Catalogue, tuple[str, ...], dict[str, tuple[str, ...]]]] = {}
"""Per catalogue (by identity): every field id, and the field ids of each audience's pack."""


def _pack_ids(catalogue: Catalogue) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    known = _PACKS.get(id(catalogue))
    if known is not None and known[0] is catalogue:
        return known[1], known[2]
    if len(_PACKS) > 16:
        _PACKS.clear()
    every = tuple(f.id for f in catalogue.mdf_fields())
    packs: dict[str, tuple[str, ...]] = {
        a: tuple(f.id for f in fields_for(catalogue, a)) for a in AUDIENCES
    }
    _PACKS[id(catalogue)] = (catalogue, every, packs)
    return every, packs


def mdf_result(workbook: Workbook, catalogue: Catalogue, decision: Decision) -> MdfResult:
    """Count filled MDF fields, overall and per audience."""
    every, packs = _pack_ids(catalogue)
    values = workbook.mdf
    filled_ids = {f for f in every if is_filled(values.get(f))}
    per_audience: dict[str, tuple[int, int]] = {}
    for audience in AUDIENCES:
        flagged = packs[audience]
        per_audience[audience] = (sum(1 for f in flagged if f in filled_ids), len(flagged))
    reason = (
        decision.reason
        if not decision.applies
        else ("Required: Transparency Measure 1.1 (Art. 53(1)(a)-(b), Annexes XI and XII).")
    )
    return MdfResult(
        required=decision.applies,
        reason=reason,
        filled=len(filled_ids),
        total=len(every),
        per_audience=per_audience,
        complete=len(filled_ids) == len(every),
    )


def apply_mdf_edit(workbook: Workbook, field_id: str, value: MdfValue) -> list[str]:
    """Set one MDF value in ``workbook``; return what changed, in words.

    Everything is checked first (the field exists, a table only for repeating fields,
    lengths), so a refused edit changes nothing (:class:`UsageError`). Blank text, or a
    table whose entries are all blank, removes the value. Blank entries of a table are
    dropped. Setting a value resolves an unresolved merge conflict on it.
    """
    catalogue = load_catalogue(workbook.code)
    field = catalogue.mdf_field(field_id)
    if field is None:
        hint = did_you_mean(field_id, [f.id for f in catalogue.mdf_fields()])
        raise UsageError(
            f"unknown Model Documentation Form field {field_id!r}" + (f"; {hint}" if hint else "")
        )
    new: MdfValue | None
    if isinstance(value, Mapping):
        if field.repeats is None:
            raise UsageError(f"MDF field {field_id!r} takes one text value, not a table")
        if len(value) > MAX_LIST:
            raise UsageError(f"{field_id}: more than {MAX_LIST} entries")
        table: dict[str, str] = {}
        for key, text in value.items():
            name = key.strip()
            if not name:
                raise UsageError(f"{field_id}: every entry needs a {field.repeats} name")
            if len(name) > MAX_SHORT:
                raise UsageError(f"{field_id}: the {field.repeats} name is too long")
            if len(text) > MAX_TEXT:
                raise UsageError(
                    f"{field_id} ({name}) is {len(text)} characters long; the limit is {MAX_TEXT}"
                )
            if name in table:
                raise UsageError(f"{field_id}: {field.repeats} {name!r} is given twice")
            if text.strip():
                table[name] = text
        new = table or None
    else:
        if len(value) > MAX_TEXT:
            raise UsageError(f"{field_id} is {len(value)} characters long; the limit is {MAX_TEXT}")
        new = value if value.strip() else None
    old = workbook.mdf.get(field_id)
    changes: list[str] = []
    if new != old:
        mdf = dict(workbook.mdf)
        if new is None:
            mdf.pop(field_id, None)
            changes.append(f"MDF {field_id} cleared")
        else:
            mdf[field_id] = new
            changes.append(f"MDF {field_id} changed")
        workbook.mdf = mdf
    key = f"mdf.{field_id}"
    if workbook.conflicts and any(k == key or k.startswith(key + ".") for k in workbook.conflicts):
        remaining = {
            k: v for k, v in workbook.conflicts.items() if not (k == key or k.startswith(key + "."))
        }
        changes.append(f"{plural(len(workbook.conflicts) - len(remaining), 'conflict')} resolved")
        workbook.conflicts = remaining
    return changes


def profile_facts(workbook: Workbook) -> dict[str, str]:
    """MDF values the model profile already holds, by field id: what the form pre-fills
    while the field is empty (legal name, model name, EU market date, training compute).

    The Model Documentation Form (Code of Practice, Transparency chapter, Measure 1.1)
    asks again for facts the profile records: the provider's legal name, the model's
    name, its placing on the Union market (Art. 3(9) AI Act) and its training compute in
    FLOP (Art. 51(2), Annex XIII). A pre-filled value is a suggestion: it counts as
    filled only once the officer accepts it (then it is stored under ``[mdf]``).
    """
    model = workbook.model
    facts = {"provider-legal-name": model.provider}
    facts["model-name"] = f"{model.name} {model.version}" if model.version else model.name
    if model.placed_on_market is not None:
        facts["union-release-date"] = model.placed_on_market.isoformat()
    flop = model.training_compute_flop
    if flop is not None and flop > 0:
        mantissa, exponent = f"{flop:.2e}".split("e")
        power = int(exponent)
        facts["training-compute-aio"] = f"{float(mantissa):g}×10^{power} FLOP"
        facts["training-compute-nca"] = f"10^{power} FLOP (order of magnitude)"
    return facts
