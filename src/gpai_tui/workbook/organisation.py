"""The organisation workbook: the provider's own answers, inherited by model workbooks.

A provider with many models keeps one copyright policy, one complaints contact
point, one Safety and Security Framework, one risk governance and one authorised
representative. The catalogue marks those items ``provider_level`` (with the
reason); an organisation workbook holds exactly them, plus the provider's identity::

    format = 1
    code = "2025-07-10"

    [organisation]
    legal_name = "Example AI SAS"
    established_in_eu = true
    eu_establishment = "Paris, France"

    [measures."CR-1.1"]
    status = "done"
    ...

A model workbook names it with ``inherits = "organisation.toml"`` (relative to the
model's file); :mod:`gpai_tui.engine.inherit` resolves the two into one view. This
module only reads and writes the file: it never computes and never imports Textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from pydantic import Field, ValidationError

from gpai_tui.catalogue import CURRENT_CODE, Catalogue, load_catalogue
from gpai_tui.workbook.errors import WorkbookError, did_you_mean, format_key_path, locate, quoted
from gpai_tui.workbook.io import (
    _catalogue_for,
    _from_validation,
    check_summary_values,
    validate_document,
)
from gpai_tui.workbook.limits import check_depth, check_text
from gpai_tui.workbook.model import (
    FORMAT_VERSION,
    MAX_SHORT,
    Conflict,
    ItemEntry,
    ItemTables,
    SummaryValue,
    Workbook,
    _Strict,
)
from gpai_tui.workbook.read import check_header as _check_header
from gpai_tui.workbook.read import decode as _decode
from gpai_tui.workbook.read import parse_toml as _parse_toml
from gpai_tui.workbook.read import read_bytes
from gpai_tui.workbook.writer import (
    _entry,
    _escape_invisible,
    _keep_crlf,
    _same,
    _training_summary,
    atomic_write,
)

ORGANISATION_FILE = "organisation.toml"
"""The conventional name of a provider's organisation workbook."""


class OrganisationProfile(_Strict):
    """Who the provider is."""

    legal_name: str = Field(min_length=1, max_length=MAX_SHORT)
    """The provider's legal name."""
    established_in_eu: bool = True
    """True when the provider is established in the EU (else Art. 54 applies)."""
    eu_establishment: str | None = Field(default=None, max_length=MAX_SHORT)
    """The provider's establishment in the EU (address or Member State), if any."""
    authorised_representative: str | None = Field(default=None, max_length=MAX_SHORT)
    """Non-EU providers: the authorised representative appointed under Art. 54."""


class Organisation(ItemTables, _Strict):
    """One provider's organisation workbook."""

    format: int = FORMAT_VERSION
    """File-format version."""
    code: str = CURRENT_CODE
    """Catalogue (Code of Practice) version."""
    organisation: OrganisationProfile
    """The provider's identity."""
    measures: dict[str, ItemEntry] = Field(default_factory=dict)
    """Provider-level measure id -> the provider's answer."""
    obligations: dict[str, ItemEntry] = Field(default_factory=dict)
    """Provider-level obligation id -> the provider's answer."""
    conflicts: dict[str, Conflict] = Field(default_factory=dict)
    """Unresolved merge conflicts (``gpai set`` resolves them like a model's)."""
    training_summary: dict[str, SummaryValue] = Field(default_factory=dict)
    """The provider's fields of the public training summary (the template's
    ``provider_level`` fields only, e.g. 1.1's provider name and contact), shown in
    every inheriting model's summary that does not give its own."""


def is_organisation_document(raw: dict[str, Any]) -> bool:
    """True when a parsed TOML document is an organisation workbook."""
    return "organisation" in raw and "model" not in raw


def parse_any(data: bytes, source: str) -> Workbook | Organisation:
    """A model workbook or an organisation workbook, validated (one bounded parse)."""
    text = _decode(data, source)
    check_text(text, source)
    raw = _parse_toml(text, source)
    check_depth(raw, source)
    if is_organisation_document(raw):
        return validate_organisation(raw, text, source)
    return validate_document(raw, text, source)


def parse_organisation(data: bytes, source: str) -> Organisation:
    """Validate organisation workbook ``data``; a model workbook is refused clearly."""
    parsed = parse_any(data, source)
    if not isinstance(parsed, Organisation):
        raise WorkbookError(
            source,
            "is a model's workbook, not an organisation workbook (it has a [model] table)",
            hint="an organisation workbook has an [organisation] table; "
            "create one with `gpai new --organisation FILE --provider NAME`",
        )
    return parsed


def load_organisation(path: Path | str) -> Organisation:
    """Read and validate the organisation workbook at ``path``."""
    path = Path(path)
    return parse_organisation(read_bytes(path), str(path))


def validate_organisation(raw: dict[str, Any], text: str, source: str) -> Organisation:
    """Validate a parsed document as an organisation workbook."""
    _check_header(raw, text, source)
    if "inherits" in raw:
        raise WorkbookError(
            source,
            "an organisation workbook cannot inherit: inheritance is one level only",
            line=locate(text, ["inherits"]),
            key="inherits",
            hint="remove the `inherits` line; model workbooks inherit the organisation",
        )
    catalogue = _catalogue_for(raw, text, source)
    try:
        organisation = Organisation.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation(exc, text, source) from None
    _check_items(organisation, catalogue, text, source)
    from gpai_tui.catalogue.summary import load_summary_template

    check_summary_values(
        organisation.training_summary,
        text,
        source,
        only=load_summary_template().provider_level_ids(),
    )
    return organisation


def _check_items(organisation: Organisation, catalogue: Catalogue, text: str, source: str) -> None:
    """Only provider-level items, with checkpoints they have, and no override flags."""
    provider_level = catalogue.provider_level_ids()
    for table in ("measures", "obligations"):
        entries: dict[str, ItemEntry] = getattr(organisation, table)
        for item_id, entry in entries.items():
            item = catalogue.measure(item_id) or catalogue.obligation(item_id)
            path: list[str] = [table, item_id]
            if item is None or not item.provider_level:
                what = "unknown" if item is None else "a per-model"
                raise WorkbookError(
                    source,
                    f"{quoted(item_id)} is {what} item; an organisation workbook holds only "
                    "the provider-level items",
                    line=locate(text, path),
                    key=format_key_path(path),
                    hint=did_you_mean(item_id, provider_level)
                    or f"provider-level items: {', '.join(provider_level)}",
                )
            if "override" in entry.model_fields_set:
                raise WorkbookError(
                    source,
                    f"{item_id}: `override` belongs in a model's workbook, not here",
                    line=locate(text, [*path, "override"]),
                    key=format_key_path([*path, "override"]),
                    hint="remove this line",
                )
            valid = {cp.id: cp for cp in item.checkpoints}
            for cp_id in entry.checks:
                cp = valid.get(cp_id)
                if cp is None or cp.derived:
                    problem = "unknown checkpoint" if cp is None else "computed checkpoint"
                    raise WorkbookError(
                        source,
                        f"{problem} {quoted(cp_id)} for {item_id}",
                        line=locate(text, [*path, "checks", cp_id]),
                        key=format_key_path([*path, "checks", cp_id]),
                        hint=did_you_mean(cp_id, list(valid))
                        or f"{item_id} has: {', '.join(valid)}",
                    )


def header_line(organisation: Organisation) -> str:
    """The fixed first line of every organisation file."""
    return (
        f"# gpai organisation workbook (format {FORMAT_VERSION}, Code of Practice "
        f"{organisation.code}): the provider's answers, inherited by its models' workbooks.\n"
    )


def to_organisation_document(
    organisation: Organisation, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """The canonical document of an organisation workbook (every provider-level item)."""
    catalogue = catalogue or load_catalogue(organisation.code)
    profile = organisation.organisation
    doc: dict[str, Any] = {"format": FORMAT_VERSION, "code": organisation.code}
    doc["organisation"] = {
        name: getattr(profile, name)
        for name in OrganisationProfile.model_fields
        if getattr(profile, name) is not None
    }
    for table, items in (
        ("measures", catalogue.measures()),
        ("obligations", catalogue.obligations),
    ):
        doc[table] = {
            item.id: _entry(
                organisation.get_entry(item.id),
                [cp.id for cp in item.checkpoints if not cp.derived],
            )
            for item in items
            if item.provider_level
        }
    summary = _training_summary(organisation.training_summary)
    if summary:
        doc["training_summary"] = summary
    if organisation.conflicts:
        doc["conflicts"] = {
            key: {
                side: getattr(organisation.conflicts[key], side)
                for side in ("ours", "theirs", "base")
                if getattr(organisation.conflicts[key], side) is not None
            }
            for key in sorted(organisation.conflicts)
        }
    return doc


def dumps_organisation(organisation: Organisation) -> str:
    """The canonical text of an organisation file, checked to load back unchanged."""
    doc = to_organisation_document(organisation)
    body = _escape_invisible(tomli_w.dumps(_keep_crlf(doc), multiline_strings=True))
    text = header_line(organisation) + body
    import tomli

    raw = tomli.loads(text)
    if not _same(raw, doc):
        raise WorkbookError(
            "unsaved organisation workbook",
            "cannot be saved: the written text would not read back unchanged",
            hint="nothing was written; please report this bug",
        )
    validate_organisation(raw, text, "unsaved organisation workbook")
    return text


def save_organisation(organisation: Organisation, path: Path | str) -> bytes:
    """Write ``organisation`` to ``path`` canonically and atomically; return the bytes."""
    data = dumps_organisation(organisation).encode("utf-8")
    atomic_write(Path(path), data)
    return data


def new_organisation(profile: OrganisationProfile, code: str | None = None) -> Organisation:
    """A fresh organisation workbook: every provider-level item ``todo``."""
    organisation = Organisation(organisation=profile, code=code or CURRENT_CODE)
    for item_id in load_catalogue(organisation.code).provider_level_ids():
        organisation.entry(item_id)
    return organisation


__all__ = [
    "ORGANISATION_FILE",
    "Organisation",
    "OrganisationProfile",
    "dumps_organisation",
    "is_organisation_document",
    "load_organisation",
    "new_organisation",
    "parse_any",
    "parse_organisation",
    "save_organisation",
    "to_organisation_document",
    "validate_organisation",
]
