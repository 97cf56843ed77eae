"""Write workbooks in canonical form, atomically.

Canonical means: a fixed header comment; keys in catalogue order; every measure
and obligation present with every (hand-ticked) checkpoint written out, so that
ticking one or changing one status changes exactly one line; empty values left
out; arrays one item per line; multi-line strings for text with newlines.
Loading and saving an untouched canonical file gives the same bytes.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import secrets
import stat
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, SupportsIndex

import tomli
import tomli_w

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.errors import GpaiError
from gpai_tui.workbook.errors import WorkbookError, format_key_path
from gpai_tui.workbook.model import (
    ALL_CHAPTERS,
    FORMAT_VERSION,
    Incident,
    ItemEntry,
    ModelProfile,
    Signatory,
    SummaryValue,
    Workbook,
)

TEMP_SUFFIX = ".gpai-tmp"
"""Suffix of temporary files written during a save (never ``.toml``)."""


def header_line(workbook: Workbook) -> str:
    """The fixed first line of every workbook file."""
    return (
        f"# gpai workbook (format {FORMAT_VERSION}, Code of Practice {workbook.code}). "
        "Edit with `gpai open FILE`; check with `gpai validate FILE`.\n"
    )


def _profile(profile: ModelProfile) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ModelProfile.model_fields:
        value = getattr(profile, name)
        if value is None:
            continue
        out[name] = list(value) if isinstance(value, list) else value
    return out


def _entry(entry: ItemEntry, checkpoint_ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"status": entry.status}
    for name in ("owner", "target", "last_done", "review_months"):
        value = getattr(entry, name)
        if value is not None and value != "":
            out[name] = value
    if entry.evidence:
        # A list changed in place (bypassing validation) may still hold strings.
        out["evidence"] = [
            item if isinstance(item, str) else item.to_toml() for item in entry.evidence
        ]
    for name in ("notes", "justification", "alternative"):
        value = getattr(entry, name)
        if value:
            out[name] = value
    out["checks"] = {cp: bool(entry.checks.get(cp, False)) for cp in checkpoint_ids}
    return out


def _inherited_entry(entry: ItemEntry, checkpoint_ids: list[str]) -> dict[str, Any] | None:
    """A provider-level item of an inheriting workbook: own answer, or additions only."""
    if entry.override:
        return {"override": True, **_entry(entry, checkpoint_ids)}
    out: dict[str, Any] = {}
    if entry.evidence:
        out["evidence"] = [
            item if isinstance(item, str) else item.to_toml() for item in entry.evidence
        ]
    if entry.notes:
        out["notes"] = entry.notes
    return out or None


def _put(
    table: dict[str, Any], workbook: Workbook, item_id: str, shared: str | None, ids: list[str]
) -> None:
    """Write one item's entry; a provider-level item of an inheriting workbook holds only
    the model's own answer (``override``) or its additions, or nothing."""
    entry = workbook.get_entry(item_id)
    if workbook.inherits is None or not shared:
        table[item_id] = _entry(entry, ids)
    elif (inherited := _inherited_entry(entry, ids)) is not None:
        table[item_id] = inherited


def _incident(incident: Incident) -> dict[str, Any]:
    out: dict[str, Any] = {"class": incident.incident_class}
    if incident.other_class is not None:
        out["other_class"] = incident.other_class
    out["title"] = incident.title
    out["aware"] = incident.aware
    for name in ("resolved", "initial_report"):
        value = getattr(incident, name)
        if value is not None:
            out[name] = value
    if incident.intermediate_reports:
        out["intermediate_reports"] = sorted(incident.intermediate_reports)
    if incident.final_report is not None:
        out["final_report"] = incident.final_report
    if incident.notes:
        out["notes"] = incident.notes
    return out


def _training_summary(values: Mapping[str, SummaryValue]) -> dict[str, Any]:
    """``[training_summary]`` in template order; empty values left out (a model's, or an
    organisation's provider-level fields)."""
    from gpai_tui.catalogue.summary import load_summary_template

    out: dict[str, Any] = {}
    for field in load_summary_template().fields():
        value = values.get(field.id)
        if isinstance(value, dict):
            kept = {k: v for k, v in value.items() if v}
            if kept:
                out[field.id] = kept
        elif isinstance(value, list):
            if value:
                out[field.id] = list(value)
        elif value is not None and value != "":
            out[field.id] = value
    return out


def _conflict_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


_UNSAVED = "unsaved workbook"
"""How errors of :func:`dumps_workbook` name the workbook (it has no path yet)."""


def _refuse_unwritable(workbook: Workbook, catalogue: Catalogue) -> None:
    """Raise rather than silently leave out data the canonical form has no place for."""
    problems: list[str] = []
    for table in ("measures", "obligations"):
        entries: dict[str, ItemEntry] = getattr(workbook, table)
        for item_id, entry in entries.items():
            item = (
                catalogue.measure(item_id) if table == "measures" else catalogue.obligation(item_id)
            )
            if item is None:
                what = "measure" if table == "measures" else "obligation"
                problems.append(f"{what} {item_id!r} is not in Code {catalogue.code}")
                continue
            known = {cp.id for cp in item.checkpoints}
            problems.extend(
                f"{item_id} has no checkpoint {cp_id!r}"
                for cp_id in entry.checks
                if cp_id not in known
            )
    problems.extend(
        f"the Model Documentation Form has no field {field_id!r}"
        for field_id in workbook.mdf
        if catalogue.mdf_field(field_id) is None
    )
    from gpai_tui.catalogue.summary import load_summary_template

    template = load_summary_template()
    problems.extend(
        f"the training-summary template has no field {field_id!r}"
        for field_id in workbook.training_summary
        if template.field(field_id) is None
    )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise WorkbookError(
            _UNSAVED,
            f"cannot be saved: {problems[0]}{more}",
            hint="nothing was written; the change that put it there is a bug",
        )


def to_document(workbook: Workbook, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The canonical document (ordered plain data) for a workbook.

    Raises :class:`WorkbookError` when the workbook holds ids the catalogue does not
    know (they would otherwise be dropped without a word).
    """
    catalogue = catalogue or load_catalogue(workbook.code)
    _refuse_unwritable(workbook, catalogue)
    doc: dict[str, Any] = {"format": FORMAT_VERSION}
    signed = set(workbook.signatory.signed)
    doc["code"] = {
        "version": workbook.code,
        "signed": [chapter for chapter in ALL_CHAPTERS if chapter in signed],
        "named_model": workbook.signatory.named_model,
    }
    if workbook.inherits is not None:
        doc["inherits"] = workbook.inherits
    doc["model"] = _profile(workbook.model)
    from gpai_tui.catalogue.summary import is_computed

    summary_kept = bool(workbook.training_summary)
    measures: dict[str, Any] = {}
    for measure in catalogue.measures():
        ids = [cp.id for cp in measure.checkpoints if not is_computed(cp, summary_kept)]
        _put(measures, workbook, measure.id, measure.provider_level, ids)
    doc["measures"] = measures
    obligations: dict[str, Any] = {}
    for obligation in catalogue.obligations:
        ids = [cp.id for cp in obligation.checkpoints if not is_computed(cp, summary_kept)]
        _put(obligations, workbook, obligation.id, obligation.provider_level, ids)
    doc["obligations"] = obligations
    # item_document below builds one of these entries the same way: keep them in step.
    if workbook.incidents:
        doc["incidents"] = {
            key: _incident(workbook.incidents[key]) for key in sorted(workbook.incidents)
        }
    mdf: dict[str, Any] = {}
    for field in catalogue.mdf_fields():
        value = workbook.mdf.get(field.id)
        if isinstance(value, dict):
            kept = {k: v for k, v in value.items() if v}
            if kept:
                mdf[field.id] = kept
        elif value:
            mdf[field.id] = value
    if mdf:
        doc["mdf"] = mdf
    summary = _training_summary(workbook.training_summary)
    if summary:
        doc["training_summary"] = summary
    if workbook.conflicts:
        conflicts: dict[str, Any] = {}
        for key in sorted(workbook.conflicts):
            c = workbook.conflicts[key]
            record = {
                side: _conflict_value(getattr(c, side))
                for side in ("ours", "theirs", "base")
                if getattr(c, side) is not None
            }
            conflicts[key] = record
        doc["conflicts"] = conflicts
    return doc


def item_document(
    workbook: Workbook, item_id: str, catalogue: Catalogue | None = None
) -> tuple[str, dict[str, Any] | None]:
    """One item's part of :func:`to_document`: its table (``measures`` or
    ``obligations``) and its entry there (``None``: the item is not written).

    The entry is built exactly as :func:`to_document` builds it, so an open document
    can replace the one entry an item edit changed instead of rebuilding everything.
    Raises :class:`WorkbookError` as :func:`to_document` does when the item is not in
    the catalogue or holds a checkpoint it does not know.
    """
    from gpai_tui.catalogue.summary import is_computed

    catalogue = catalogue or load_catalogue(workbook.code)
    measure = catalogue.measure(item_id)
    item = measure if measure is not None else catalogue.obligation(item_id)
    if item is None:
        problem = f"cannot be saved: {item_id!r} is not in Code {catalogue.code}"
        raise WorkbookError(_UNSAVED, problem)
    held = workbook.table(item_id).get(item_id)
    known = {cp.id for cp in item.checkpoints}
    unknown = [cp_id for cp_id in (held.checks if held is not None else ()) if cp_id not in known]
    if unknown:
        raise WorkbookError(
            _UNSAVED,
            f"cannot be saved: {item_id} has no checkpoint {unknown[0]!r}",
            hint="nothing was written; the change that put it there is a bug",
        )
    summary_kept = bool(workbook.training_summary)
    ids = [cp.id for cp in item.checkpoints if not is_computed(cp, summary_kept)]
    table: dict[str, Any] = {}
    _put(table, workbook, item_id, item.provider_level, ids)
    return ("measures" if measure is not None else "obligations"), table.get(item_id)


class _KeepCR(str):
    """Text holding CRLF, protected from tomli-w folding it to LF.

    tomli-w writes text with a newline as a multi-line string and first calls
    ``s.replace("\\r\\n", "\\n")`` on it, which loses the CR. This subclass ignores
    that one replacement, so the CR is written as the escape ``\\r`` before the
    line break and reads back exactly. :func:`_check_reads_back` guards the result
    should tomli-w ever change.
    """

    def replace(self, old: str, new: str, count: SupportsIndex = -1, /) -> str:
        if old == "\r\n" and new == "\n":
            return str(self)
        return str.replace(self, old, new, count)


def _keep_crlf(value: Any) -> Any:
    if isinstance(value, str):
        return _KeepCR(value) if "\r\n" in value else value
    if isinstance(value, dict):
        return {key: _keep_crlf(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_keep_crlf(item) for item in value]
    return value


_INVISIBLE = re.compile(
    "[\x80-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""Characters tomli-w leaves raw that could hide, reorder or break lines of text in
``cat`` and ``git diff``: C1 controls, bidi marks, overrides and isolates, zero-width
characters, the BOM, and the Unicode line and paragraph separators."""


def _escape_invisible(body: str) -> str:
    """Write the :data:`_INVISIBLE` characters as ``\\uXXXX`` escapes.

    Safe on tomli-w output: it writes only bare keys (ASCII) and basic strings, and
    inside a basic string the escape stands for the very same character.
    """
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def _same(a: Any, b: Any) -> bool:
    """Equality of parsed TOML data, with ``nan == nan`` and tuples as lists."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    return type(a) is type(b) and bool(a == b)


def _first_difference(a: Any, b: Any, path: list[str | int]) -> list[str | int]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b or not _same(a[key], b[key]):
                return _first_difference(a.get(key), b.get(key), [*path, key])
    return path


def _check_reads_back(text: str, doc: dict[str, Any]) -> None:
    """Refuse text that would not read back as ``doc``, or would not load at all."""
    from gpai_tui.workbook.io import validate_document

    try:
        raw = tomli.loads(text)  # the same parser as the loader's
    except tomli.TOMLDecodeError as exc:
        raise WorkbookError(
            _UNSAVED,
            f"cannot be saved: the writer made invalid TOML ({exc})",
            hint="nothing was written; please report this bug",
        ) from None
    if not _same(raw, doc):
        path = _first_difference(raw, doc, [])
        raise WorkbookError(
            _UNSAVED,
            "cannot be saved: the written text would not read back unchanged",
            key=format_key_path(path) if path else None,
            hint="nothing was written; please report this bug",
        )
    try:
        validate_document(raw, text, _UNSAVED)
    except WorkbookError as exc:
        raise WorkbookError(
            _UNSAVED,
            f"cannot be saved: it would not load again: {exc.problem}",
            key=exc.key,
            hint="nothing was written; the change that put it there is a bug",
        ) from None


def _inline_table(table: dict[str, Any]) -> str:
    """``{ key = value, ... }`` on one line (strings escaped, never multi-line)."""
    parts = []
    for key, value in table.items():
        line = tomli_w.dumps({key: value}, multiline_strings=False)
        parts.append(line.rstrip("\n"))
    return "{ " + ", ".join(parts) + " }"


def dumps_key_value(key: str, value: Any) -> str:
    """``key = value`` and a newline, as the canonical writer writes that value.

    An ``evidence`` list holding tables is written one inline table per line, like
    :func:`dumps_workbook` does; invisible characters are escaped. Used by the
    comment-keeping save (:mod:`gpai_tui.workbook.preserve`).
    """
    if key == "evidence" and isinstance(value, list) and any(isinstance(i, dict) for i in value):
        lines = [f"{tomli_w.dumps({key: 0})[: -len(' = 0' + chr(10))]} = ["]
        for item in value:
            if isinstance(item, dict):
                lines.append(f"    {_inline_table(item)},")
            else:
                lines.append(f"    {tomli_w.dumps({'x': item})[4:].rstrip(chr(10))},")
        return _escape_invisible("\n".join([*lines, "]"]) + "\n")
    return _escape_invisible(tomli_w.dumps(_keep_crlf({key: value}), multiline_strings=True))


def _inline_evidence(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """``doc`` with every evidence table replaced by a placeholder string.

    tomli-w writes an array whose items are all tables as ``[[...]]`` sections
    when a table is long; evidence tables must stay one inline table per line
    ("one array item per line"), so they are formatted here and put back in the
    text by :func:`dumps_workbook`. Returns the new document and a map from each
    placeholder as tomli-w writes it (quoted, NUL escaped) to its inline table.
    """
    nonce = secrets.token_hex(8)
    swaps: dict[str, str] = {}
    out = dict(doc)
    for table in ("measures", "obligations"):
        entries = doc.get(table)
        if not isinstance(entries, dict):
            continue
        new_entries: dict[str, Any] = {}
        for item_id, entry in entries.items():
            evidence = entry.get("evidence")
            if evidence and any(isinstance(item, dict) for item in evidence):
                items: list[Any] = []
                for item in evidence:
                    if isinstance(item, dict):
                        token = f"\x00gpai-evidence-{nonce}-{len(swaps)}"
                        swaps[tomli_w.dumps({"x": token})[4:].rstrip("\n")] = _inline_table(item)
                        items.append(token)
                    else:
                        items.append(item)
                entry = {**entry, "evidence": items}
            new_entries[item_id] = entry
        out[table] = new_entries
    return out, swaps


def dumps_workbook(workbook: Workbook, catalogue: Catalogue | None = None) -> str:
    """The canonical text of a workbook file.

    The text is checked before it is returned: it reads back as exactly the
    document meant, and it loads as a valid workbook; otherwise
    :class:`WorkbookError` is raised, so nothing unreadable is ever saved.
    """
    doc = to_document(workbook, catalogue)
    written, swaps = _inline_evidence(doc)
    raw_body = tomli_w.dumps(_keep_crlf(written), multiline_strings=True)
    for placeholder, inline in swaps.items():
        raw_body = raw_body.replace(placeholder, inline, 1)
    body = _escape_invisible(raw_body)
    text = header_line(workbook) + body
    _check_reads_back(text, doc)
    return text


class SaveError(GpaiError, OSError):
    """A workbook could not be written; the file on disk is unchanged.

    Also an :class:`OSError`, so callers that catch ``OSError`` keep working;
    ``str(err)`` is the user message and the CLI exits 2.
    """


_IN_FLIGHT: set[str] = set()
"""Temp files this process is writing right now (never cleaned as stale)."""
_IN_FLIGHT_LOCK = threading.Lock()


def resolve_target(path: Path) -> Path:
    """The file a save to ``path`` really replaces: symlinks are followed.

    Saving through a symlink replaces the file it points to and keeps the link
    (what editors do), so a workbook linked into several folders stays one file.
    A dangling link is followed too: the save creates its target.
    """
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


SHORT_NAME_BYTES = 120
"""File names longer than this (in bytes) get a short hashed form in temp and lock
names, so that ``.NAME.PID.RANDOM.gpai-tmp`` stays under the 255-byte name limit."""


def short_name(name: str) -> str:
    """``name``, or for a long name its first characters plus a hash of the whole.

    Used for the names of temp and lock files next to a workbook (issue 16: a file
    whose name is near 255 bytes could be read but never saved). Deterministic, so
    every process derives the same lock name.
    """
    raw = os.fsencode(name)
    if len(raw) <= SHORT_NAME_BYTES:
        return name
    import hashlib

    head = raw[:40].decode("utf-8", "ignore").replace(".", "_")
    return f"{head}~{hashlib.sha256(raw).hexdigest()[:16]}"


def _open_temp(folder: Path, name: str) -> tuple[int, str]:
    """Create a new hidden temp file ``.NAME.PID.RANDOM.gpai-tmp`` in ``folder``.

    Created with mode 0o666 so the kernel applies the umask (no process-wide
    ``os.umask`` juggling, which races with other threads), ``O_EXCL`` and
    ``O_NOFOLLOW`` so an existing file or planted symlink is never written.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = str(folder / f".{short_name(name)}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        with _IN_FLIGHT_LOCK:
            _IN_FLIGHT.add(tmp)
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            _forget(tmp)
            continue
        except BaseException:
            _forget(tmp)
            raise
    raise FileExistsError(f"no free temp file name in {folder}")  # pragma: no cover


def _forget(tmp: str) -> None:
    with _IN_FLIGHT_LOCK:
        _IN_FLIGHT.discard(tmp)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    expect: bytes | None = None,
    exclusive: bool = False,
    clean: bool = True,
) -> None:
    """Replace ``path`` with ``data`` atomically: temp file, fsync, rename, fsync folder.

    A crash at any moment leaves either the old file or the new one. The temp file
    lives in the same folder as the target (so the rename is atomic), is hidden,
    carries the writer's pid, and ends in ``.gpai-tmp`` so it is never taken for a
    workbook; temp files of dead writers are removed by the next save.

    * The new file keeps the old one's permission bits (``0o777`` part; set-id bits
      are dropped) and, where allowed, its owner and group. A new file gets
      ``0o666`` minus the umask, like any file the user creates.
    * A symlink is followed: its target file is replaced and the link is kept
      (see :func:`resolve_target`). Hard links to the old file keep the old bytes.
    * On failure the target is untouched, the temp file is removed, and a
      :class:`SaveError` (an ``OSError`` and a ``GpaiError``) says why.
    * A file without write permission (``chmod 0444``, or not writable by this user)
      is refused, as editors do: the folder's write permission would allow the
      rename, but the user asked for the file to stay as it is.
    * ``expect``: the bytes the caller read (and edited). Right before the rename the
      target's identity (device, inode, size, modification time) is compared with
      what it was when this save began, and its content with ``expect``; on any
      difference nothing is written (``SaveError``). The window left is the few
      microseconds between that compare and the rename (see SECURITY.md).
    * ``exclusive``: create ``path``, never replace it. The complete temp file is
      hard-linked to the name (which fails if the name exists), so two creators
      cannot both succeed and nobody ever sees a half-written file.
    * ``clean=False`` skips removing dead writers' temp files (a caller that writes the
      same file many times, the recovery journal, cleans on its first write only).
    """
    target = resolve_target(Path(path))
    folder = target.parent if str(target.parent) else Path(".")
    try:
        old: os.stat_result | None = target.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise _save_error(target, exc) from None
    if old is not None and exclusive:
        raise SaveError(f"{target}: already exists; nothing was written")
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise SaveError(f"{target}: not a regular file; nothing was written")
    if old is not None:
        refuse_read_only(target, old)
    if expect is not None and old is None:
        raise SaveError(f"{target}: was removed while gpai worked on it; nothing was written")
    try:
        fd, tmp = _open_temp(folder, target.name)
    except OSError as exc:
        raise _save_error(target, exc) from None
    try:
        try:
            if old is not None:
                os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o777)
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    with contextlib.suppress(OSError):
                        os.fchown(fd, old.st_uid, old.st_gid)
            with os.fdopen(fd, "wb", closefd=True) as fh:
                fd = -1
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if exclusive:
                _create_exclusively(tmp, target)
            else:
                if expect is not None and old is not None:
                    _verify_unchanged(target, old, expect)
                os.replace(tmp, target)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        finally:
            _forget(tmp)
    except OSError as exc:
        raise _save_error(target, exc) from None
    _fsync_dir(folder)
    if clean:
        clean_stale_temp_files(target)


def refuse_read_only(target: Path, info: os.stat_result) -> None:
    """Raise :class:`SaveError` when ``target`` (whose stat is ``info``) is read-only."""
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o222 == 0 or not os.access(target, os.W_OK):
        raise SaveError(
            f"{target}: is read-only (mode {mode:04o}); nothing was written\n"
            f"  hint: make it writable first (chmod u+w) if you mean to change it"
        )


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _verify_unchanged(target: Path, old: os.stat_result, expect: bytes) -> None:
    """Raise :class:`SaveError` when ``target`` is no longer the file that was read."""
    changed = SaveError(
        f"{target}: changed on disk while gpai worked on it (another program wrote it); "
        "nothing was written\n  hint: run the command again"
    )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except FileNotFoundError:
        raise changed from None
    try:
        now = os.fstat(fd)
        if _identity(now) != _identity(old) or not stat.S_ISREG(now.st_mode):
            raise changed
        with os.fdopen(fd, "rb", closefd=False) as fh:
            if fh.read(len(expect) + 1) != expect:
                raise changed
    finally:
        os.close(fd)


def _create_exclusively(tmp: str, target: Path) -> None:
    """Give the finished temp file the name ``target``, failing if the name exists."""
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise SaveError(f"{target}: already exists; nothing was written") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # No hard links here (some network and FAT file systems): claim the name with
        # an exclusive create, then rename the finished file over the empty claim.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            os.close(os.open(target, flags, 0o600))
        except FileExistsError:
            raise SaveError(f"{target}: already exists; nothing was written") from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _save_error(target: Path, exc: OSError) -> SaveError:
    if isinstance(exc, SaveError):
        return exc
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        reason = "permission denied (is the file or its folder read-only?)"
    elif exc.errno == errno.ENOSPC:
        reason = "no space left on the disk"
    elif exc.errno == errno.EROFS:
        reason = "the file system is read-only"
    return SaveError(f"{target}: cannot be saved: {reason}; the file on disk is unchanged")


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (best effort: some file systems refuse)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` exists on this host (zombies count as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def clean_stale_temp_files(path: Path) -> list[Path]:
    """Remove temp files left next to ``path`` by saves whose process has died.

    Only names of the form ``.NAME.PID.*.gpai-tmp`` are touched; those of live
    processes (and this process's saves in flight) are left alone.
    """
    removed: list[Path] = []
    target = resolve_target(Path(path))
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{short_name(target.name)}."
    try:
        candidates = [
            p
            for p in folder.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(TEMP_SUFFIX)
        ]
    except OSError:
        return removed
    with _IN_FLIGHT_LOCK:
        busy = set(_IN_FLIGHT)
    for candidate in candidates:
        pid_text = candidate.name[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or str(candidate) in busy:
            continue
        pid = int(pid_text)
        if pid == os.getpid() or not pid_alive(pid):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def upgrade_notice(workbook: Workbook) -> str | None:
    """What a save does to an older file's format, in words; ``None`` when nothing."""
    if workbook.format >= FORMAT_VERSION:
        return None
    return (
        f"workbook format {workbook.format} upgraded to {FORMAT_VERSION} on save: the profile "
        "gains the new scoping keys at their defaults and `code` becomes a [code] table with "
        "the chapters signed (all three unless you change it)"
    )


def save_workbook(
    workbook: Workbook,
    path: Path | str,
    *,
    previous: bytes | None = None,
    notice: Callable[[str], None] | None = None,
    expect: bytes | None = None,
    exclusive: bool = False,
) -> bytes:
    """Write ``workbook`` to ``path`` atomically; return the bytes.

    ``previous`` is the file's current bytes: the save then keeps its hand-written
    comments and layout and changes only the values that differ (see
    :mod:`gpai_tui.workbook.preserve`). Without it (a new file) the text is
    canonical. When comments cannot be kept safely the text is canonical too and
    ``notice`` is called with a sentence saying so. ``expect`` and ``exclusive`` are
    passed to :func:`atomic_write` (compare-before-rename, exclusive create).
    """
    from gpai_tui.workbook.preserve import render

    rendered = render(workbook, previous)
    if rendered.notice and notice is not None:
        notice(rendered.notice)
    data = rendered.text.encode("utf-8")
    atomic_write(Path(path), data, expect=expect, exclusive=exclusive)
    return data


def new_workbook(
    profile: ModelProfile, code: str | None = None, signatory: Signatory | None = None
) -> Workbook:
    """A fresh workbook for ``profile``: every measure and obligation ``todo``, the
    chapters signed as ``signatory`` says (default: every chapter)."""
    workbook = Workbook(model=profile) if code is None else Workbook(model=profile, code=code)
    if signatory is not None:
        workbook.signatory = signatory
    catalogue = load_catalogue(workbook.code)
    for item_id in catalogue.item_ids():
        workbook.entry(item_id)
    return workbook


__all__ = [
    "TEMP_SUFFIX",
    "SaveError",
    "atomic_write",
    "clean_stale_temp_files",
    "dumps_workbook",
    "header_line",
    "new_workbook",
    "pid_alive",
    "refuse_read_only",
    "resolve_target",
    "save_workbook",
    "short_name",
    "to_document",
    "upgrade_notice",
]
