"""Read workbooks: bytes -> validated :class:`Workbook`, or one clear :class:`WorkbookError`.

Every way a file can be wrong ends here as a ``WorkbookError`` that names the file,
the line and column where known, the key path, what was expected, and a "did you
mean" for unknown keys and ids. Nothing else escapes (no tracebacks for users).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from gpai_tui.catalogue import Catalogue, CatalogueNotFound, available_codes, load_catalogue
from gpai_tui.catalogue.summary import is_computed
from gpai_tui.workbook.errors import (
    WorkbookError,
    did_you_mean,
    format_key_path,
    locate,
    quoted,
)
from gpai_tui.workbook.limits import MAX_DATE, MIN_DATE, check_depth, check_text, find_bad_date
from gpai_tui.workbook.model import (
    MAX_DOMAINS,
    MAX_LIST,
    MAX_SHORT,
    MAX_TEXT,
    EvidenceItem,
    Incident,
    ItemEntry,
    SummaryValue,
    Workbook,
)

# Re-exported: the reading stages live in workbook/read.py (no pydantic there).
from gpai_tui.workbook.read import MAX_FILE_BYTES as MAX_FILE_BYTES
from gpai_tui.workbook.read import check_header as _check_header
from gpai_tui.workbook.read import decode as _decode
from gpai_tui.workbook.read import fingerprint as fingerprint
from gpai_tui.workbook.read import parse_toml as _parse_toml
from gpai_tui.workbook.read import read_bytes as read_bytes
from gpai_tui.workbook.read import show as _show


def load_workbook(path: Path | str) -> Workbook:
    """Read and validate the workbook at ``path``."""
    path = Path(path)
    return parse_workbook(read_bytes(path), str(path))


def parse_workbook(data: bytes, source: str = "<workbook>") -> Workbook:
    """Validate workbook ``data`` (the file's bytes); ``source`` names it in errors."""
    if len(data) > MAX_FILE_BYTES:  # from git (history, diff --rev) as well as files
        raise WorkbookError(
            source,
            f"file is {len(data) / 1_048_576:.1f} MB; workbooks are limited to 10 MB",
            hint="is this really a workbook?",
        )
    text = _decode(data, source)
    check_text(text, source)  # bounded work whatever the text (workbook/limits.py)
    raw = _parse_toml(text, source)
    check_depth(raw, source)
    return validate_document(raw, text, source)


def normalise_code_table(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` with a format-2 ``[code]`` table split into ``code`` and ``signatory``.

    Format 1 writes ``code = "2025-07-10"``; format 2 writes a ``[code]`` table with
    ``version``, ``signed`` and ``named_model``. The model holds ``code`` (the version)
    and ``signatory`` (the rest). A document without a table is returned as it is.
    """
    code = raw.get("code")
    if not isinstance(code, dict):
        return raw
    out = dict(raw)
    out["code"] = code.get("version")
    rest = {key: value for key, value in code.items() if key != "version"}
    if rest:
        out["signatory"] = rest
    return out


def validate_document(raw: dict[str, Any], text: str, source: str) -> Workbook:
    """Validate a parsed TOML document ``raw`` (whose text is ``text``) as a workbook."""
    if "signatory" in raw:
        raise WorkbookError(
            source,
            "unknown key 'signatory'",
            line=locate(text, ["signatory"]),
            key="signatory",
            hint="the chapters signed go in the [code] table: signed = [...]",
        )
    raw = normalise_code_table(raw)
    _check_header(raw, text, source)
    if "organisation" in raw and "model" not in raw:
        raise WorkbookError(
            source,
            "is an organisation workbook (provider-level answers), not a model's workbook",
            hint='model workbooks inherit it with `inherits = "FILE"`; '
            "edit it with `gpai set FILE ID ...` (or `gpai set MODEL ID --organisation`)",
        )
    catalogue = _catalogue_for(raw, text, source)
    bad_date = find_bad_date(raw)
    if bad_date is not None:
        path, problem = bad_date
        raise WorkbookError(
            source,
            problem,
            line=locate(text, path),
            key=format_key_path(path) or None,
            hint=f"a year between {MIN_DATE.year} and {MAX_DATE.year} is expected",
        )
    try:
        workbook = Workbook.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation(exc, text, source) from None
    _check_against_catalogue(workbook, catalogue, text, source)
    if workbook.inherits is not None:
        check_inherited_entries(workbook, catalogue, text, source)
    return workbook


_ADDITIONS = frozenset({"evidence", "notes", "override"})
"""What an inheriting workbook may write on a provider-level item it does not override."""


def check_inherited_entries(
    workbook: Workbook, catalogue: Catalogue, text: str, source: str
) -> None:
    """An inherited item holds additions only: its answer is the organisation's."""
    for table in ("measures", "obligations"):
        entries: dict[str, ItemEntry] = getattr(workbook, table)
        for item_id, entry in entries.items():
            item = catalogue.measure(item_id) or catalogue.obligation(item_id)
            if item is None or not item.provider_level or entry.override:
                continue
            extra = sorted(entry.model_fields_set - _ADDITIONS)
            if extra:
                raise WorkbookError(
                    source,
                    f"{item_id} is inherited from {workbook.inherits}, so this workbook "
                    f"cannot set its {extra[0]}",
                    line=locate(text, [table, item_id, extra[0]]),
                    key=format_key_path([table, item_id, extra[0]]),
                    hint="write `override = true` in this table to answer it for this model "
                    "alone, or keep only evidence and notes here",
                )


def _catalogue_for(raw: dict[str, Any], text: str, source: str) -> Catalogue:
    code = raw.get("code")
    if not isinstance(code, str):
        raise WorkbookError(
            source,
            "missing or invalid `code` (the Code of Practice version: a string, or in "
            "format 2 the `version` of the [code] table)",
            line=locate(text, ["code"]),
            key="code",
            hint=f'for example, in the [code] table: version = "{available_codes()[-1]}"',
        )
    known = available_codes()
    try:
        if code not in known:  # never a path: only the versions shipped are looked up
            raise CatalogueNotFound(code)
        return load_catalogue(code)
    except CatalogueNotFound:
        raise WorkbookError(
            source,
            f"unknown Code of Practice version {quoted(code)}; this gpai knows {', '.join(known)}",
            line=locate(text, ["code"]),
            key="code",
        ) from None


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The pydantic model whose fields are valid at ``loc`` (for suggestions)."""
    if not loc:
        return Workbook
    head = loc[0]
    if head == "model":
        return _model_at_model(loc)
    if head in ("measures", "obligations") and len(loc) == 2:
        return ItemEntry
    if head in ("measures", "obligations") and len(loc) == 4 and loc[2] == "evidence":
        return EvidenceItem
    if head == "incidents" and len(loc) == 2:
        return Incident
    if head in ("signatory", "code") and len(loc) == 1:
        from gpai_tui.workbook.model import Signatory

        return Signatory
    return None


def _model_at_model(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    from gpai_tui.workbook.model import ModelProfile

    return ModelProfile if len(loc) == 1 else None


_EXPECTED = {
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "date_type": "expected a date such as 2026-12-31",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
    "list_type": "expected a list",
    "float_type": "expected a number",
    "int_type": "expected a whole number",
    "finite_number": "expected a finite number",
    "mdf_value_type": "expected text (or, for a field that repeats, a table of texts)",
    "summary_value_type": "expected text, true/false, a date, a list of texts or a table of texts",
}
"""What to say for pydantic's type errors, in the words of a TOML file."""

_MDF_UNION_TAGS = ("str", "dict[str,str]")


def _untangle(errors: list[Any]) -> list[Any]:
    """Pydantic errors in the file's terms, the most telling first.

    An unknown key comes first (a misspelt key also makes the real one "missing"),
    and the two union branches of an MDF value (``str`` / ``dict[str,str]``) are
    folded into one error at the field's own key path.
    """
    out: list[Any] = []
    seen: set[tuple[Any, ...]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if len(loc) >= 3 and loc[0] == "mdf" and loc[2] in _MDF_UNION_TAGS:
            if loc[2] == "str" and isinstance(error.get("input"), dict):
                continue  # a table: the table branch says what is wrong inside it
            loc = loc[:2] + loc[3:]
            error = {**error, "loc": loc}
            if len(loc) == 2:
                error["type"] = "mdf_value_type"
        if len(loc) >= 3 and loc[0] == "training_summary":
            # every branch of the value union failed: one error at the field's key
            loc = loc[:2]
            error = {**error, "loc": loc, "type": "summary_value_type"}
        if (loc, error["type"]) in seen:
            continue
        seen.add((loc, error["type"]))
        out.append(error)
    return sorted(out, key=lambda e: e["type"] != "extra_forbidden")


def _from_validation(exc: ValidationError, text: str, source: str) -> WorkbookError:
    errors = _untangle(exc.errors(include_url=False))
    first = errors[0]
    loc = tuple(first["loc"])
    if loc and loc[0] == "signatory":  # written as the [code] table
        first = {**first, "loc": ("code", *loc[1:])}
        loc = tuple(first["loc"])
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    extra = more if len(errors) > 1 else ""
    key = format_key_path(loc)
    line = locate(text, loc)
    kind = first["type"]
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        choices = list(model.model_fields) if model else []
        if model is Incident:
            choices = ["class", *[c for c in choices if c != "incident_class"]]
        hint = did_you_mean(str(loc[-1]), choices)
        return WorkbookError(
            source, f"unknown key {quoted(loc[-1])}{extra}", line=line, key=key, hint=hint
        )
    if kind == "missing":
        return WorkbookError(
            source, f"missing required key {quoted(loc[-1])}{extra}", line=line, key=key
        )
    got = first.get("input")
    ctx = first.get("ctx", {})
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        hint = did_you_mean(str(got), re.findall(r"'([^']*)'", str(expected)))
        return WorkbookError(
            source,
            f"expected one of {expected}, got {_show(got)}{extra}",
            line=line,
            key=key,
            hint=hint,
        )
    if kind == "string_too_long" and isinstance(got, str):
        problem = f"text is {len(got):,} characters long; at most {ctx['max_length']:,} are allowed"
        return WorkbookError(source, f"{problem}{extra}", line=line, key=key)
    if kind == "too_long" and "actual_length" in ctx:
        what, things = (
            ("list", "items") if ctx.get("field_type") == "List" else ("table", "entries")
        )
        # pydantic stops counting a too-long dict (actual_length None): count it here.
        count = ctx["actual_length"]
        if count is None and isinstance(got, (list, dict)):
            count = len(got)
        size = f"{count:,}" if isinstance(count, int) else "too many"
        problem = f"{what} has {size} {things}; at most {ctx['max_length']:,} are allowed"
        return WorkbookError(source, f"{problem}{extra}", line=line, key=key)
    hint = None
    if kind == "date_type" and isinstance(got, datetime):
        hint = f"write the date alone, without a time: {got.date().isoformat()}"
    problem = _EXPECTED.get(kind) or str(first["msg"]).lower()
    return WorkbookError(
        source, f"{problem}, got {_show(got)}{extra}", line=line, key=key, hint=hint
    )


def size_problem(kind: str, value: object) -> str | None:
    """Why a training-summary value is too large, or ``None``."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return f"text is {len(value):,} characters long; at most {MAX_TEXT:,} are allowed"
    if isinstance(value, (list, dict)):
        limit = MAX_DOMAINS if kind == "domains" else MAX_LIST
        if len(value) > limit:
            return f"has {len(value):,} entries; at most {limit:,} are allowed"
        texts = list(value) + (list(value.values()) if isinstance(value, dict) else [])
        for item in texts:
            if isinstance(item, str) and len(item) > MAX_SHORT and kind != "datasets":
                return f"an entry is {len(item):,} characters long; at most {MAX_SHORT:,}"
            if isinstance(item, str) and len(item) > MAX_TEXT:
                return f"an entry is {len(item):,} characters long; at most {MAX_TEXT:,}"
    return None


def _check_against_catalogue(
    workbook: Workbook, catalogue: Catalogue, text: str, source: str
) -> None:
    """Ids in the workbook must exist in the catalogue it names."""
    measure_ids = [m.id for m in catalogue.measures()]
    obligation_ids = [o.id for o in catalogue.obligations]
    for table, known in (("measures", measure_ids), ("obligations", obligation_ids)):
        entries: dict[str, ItemEntry] = getattr(workbook, table)
        for item_id, entry in entries.items():
            if item_id not in known:
                what = "measure" if table == "measures" else "obligation"
                raise WorkbookError(
                    source,
                    f"unknown {what} id {quoted(item_id)} in Code {catalogue.code}",
                    line=locate(text, [table, item_id]),
                    key=format_key_path([table, item_id]),
                    hint=did_you_mean(item_id, known) or f"valid ids look like {known[0]!r}",
                )
            item = catalogue.measure(item_id) or catalogue.obligation(item_id)
            assert item is not None
            valid = {cp.id: cp for cp in item.checkpoints}
            for cp_id in list(entry.checks):
                checkpoint = valid.get(cp_id)
                if (
                    checkpoint is not None
                    and (checkpoint.derived or "").startswith("summary-")
                    and workbook.training_summary
                ):
                    # A hand tick next to a kept summary (a merge of a branch that
                    # ticked by hand): the summary decides; the tick is dropped on save.
                    del entry.checks[cp_id]
                    continue
                path = [table, item_id, "checks", cp_id]
                if checkpoint is None:
                    raise WorkbookError(
                        source,
                        f"unknown checkpoint {quoted(cp_id)} for {item_id}",
                        line=locate(text, path),
                        key=format_key_path(path),
                        hint=did_you_mean(cp_id, list(valid))
                        or f"{item_id} has: {', '.join(valid)}",
                    )
                if is_computed(checkpoint, bool(workbook.training_summary)):
                    raise WorkbookError(
                        source,
                        f"checkpoint {cp_id!r} of {item_id} is computed ({checkpoint.derived}) "
                        "and cannot be ticked by hand",
                        line=locate(text, path),
                        key=format_key_path(path),
                        hint="remove this line",
                    )
    _check_summary(workbook, text, source)
    fields = {f.id: f for f in catalogue.mdf_fields()}
    for field_id, value in workbook.mdf.items():
        field = fields.get(field_id)
        if field is None:
            raise WorkbookError(
                source,
                f"unknown Model Documentation Form field {quoted(field_id)}",
                line=locate(text, ["mdf", field_id]),
                key=format_key_path(["mdf", field_id]),
                hint=did_you_mean(field_id, list(fields)),
            )
        if isinstance(value, dict) and field.repeats is None:
            raise WorkbookError(
                source,
                f"MDF field {field_id!r} takes one text value, not a table",
                line=locate(text, ["mdf", field_id]),
                key=format_key_path(["mdf", field_id]),
            )


def _check_summary(workbook: Workbook, text: str, source: str) -> None:
    """``[training_summary]`` keys must be template fields, each value of its field's type."""
    check_summary_values(workbook.training_summary, text, source)


def check_summary_values(
    values: Mapping[str, SummaryValue], text: str, source: str, *, only: list[str] | None = None
) -> None:
    """Each key a template field (of ``only``, when given), each value of its field's type."""
    if not values:
        return
    from gpai_tui.catalogue.summary import load_summary_template, value_problem

    template = load_summary_template()
    ids = [f.id for f in template.fields()]
    for field_id, value in values.items():
        if only is not None and field_id in ids and field_id not in only:
            path = ["training_summary", field_id]
            raise WorkbookError(
                source,
                f"training-summary field {quoted(field_id)} describes one model; an "
                "organisation workbook holds only the provider's fields",
                line=locate(text, path),
                key=format_key_path(path),
                hint="provider-level fields: " + ", ".join(only),
            )
        path = ["training_summary", field_id]
        field = template.field(field_id)
        if field is None:
            raise WorkbookError(
                source,
                f"unknown training-summary field {quoted(field_id)}",
                line=locate(text, path),
                key=format_key_path(path),
                hint=did_you_mean(field_id, ids),
            )
        problem = value_problem(template, field, value) or size_problem(field.type, value)
        if problem is not None:
            raise WorkbookError(source, problem, line=locate(text, path), key=format_key_path(path))
