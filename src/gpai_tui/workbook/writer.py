"""Write workbooks in canonical form, atomically.

Canonical means: a fixed header comment; keys in catalogue order; every measure
and obligation present with every (hand-ticked) checkpoint written out, so that
ticking one or changing one status changes exactly one line; empty values left
out; arrays one item per line; multi-line strings for text with newlines.
Loading and saving an untouched canonical file gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.workbook.model import FORMAT_VERSION, Incident, ItemEntry, ModelProfile, Workbook

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
    for name in ("owner", "target", "last_done"):
        value = getattr(entry, name)
        if value is not None and value != "":
            out[name] = value
    if entry.evidence:
        out["evidence"] = list(entry.evidence)
    for name in ("notes", "justification"):
        value = getattr(entry, name)
        if value:
            out[name] = value
    out["checks"] = {cp: bool(entry.checks.get(cp, False)) for cp in checkpoint_ids}
    return out


def _incident(incident: Incident) -> dict[str, Any]:
    out: dict[str, Any] = {"class": incident.incident_class, "title": incident.title}
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


def _conflict_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def to_document(workbook: Workbook, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The canonical document (ordered plain data) for a workbook."""
    catalogue = catalogue or load_catalogue(workbook.code)
    doc: dict[str, Any] = {"format": FORMAT_VERSION, "code": workbook.code}
    doc["model"] = _profile(workbook.model)
    measures: dict[str, Any] = {}
    for measure in catalogue.measures():
        ids = [cp.id for cp in measure.checkpoints if not cp.derived]
        measures[measure.id] = _entry(workbook.get_entry(measure.id), ids)
    doc["measures"] = measures
    obligations: dict[str, Any] = {}
    for obligation in catalogue.obligations:
        ids = [cp.id for cp in obligation.checkpoints if not cp.derived]
        obligations[obligation.id] = _entry(workbook.get_entry(obligation.id), ids)
    doc["obligations"] = obligations
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


def dumps_workbook(workbook: Workbook, catalogue: Catalogue | None = None) -> str:
    """The canonical text of a workbook file."""
    body = tomli_w.dumps(to_document(workbook, catalogue), multiline_strings=True)
    return header_line(workbook) + body


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: temp file, fsync, rename, fsync folder.

    A crash at any moment leaves either the old file or the new one. The temp file
    lives in the same folder (so the rename is atomic), is hidden, carries the
    writer's pid, and ends in ``.gpai-tmp`` so it is never taken for a workbook.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    mode: int | None = None
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o7777
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(folder)
    clean_stale_temp_files(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temp_files(path: Path) -> list[Path]:
    """Remove temp files left next to ``path`` by saves whose process has died."""
    removed: list[Path] = []
    folder = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}."
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for candidate in candidates:
        if not candidate.name.endswith(TEMP_SUFFIX):
            continue
        pid_text = candidate.name[len(prefix) :].split(".", 1)[0]
        if (pid_text.isdigit() and not _pid_alive(int(pid_text))) or (
            pid_text.isdigit() and int(pid_text) == os.getpid()
        ):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def save_workbook(workbook: Workbook, path: Path | str) -> bytes:
    """Write ``workbook`` to ``path`` in canonical form, atomically; return the bytes."""
    data = dumps_workbook(workbook).encode("utf-8")
    atomic_write(Path(path), data)
    return data


def new_workbook(profile: ModelProfile, code: str | None = None) -> Workbook:
    """A fresh workbook for ``profile``: every measure and obligation ``todo``."""
    workbook = Workbook(model=profile) if code is None else Workbook(model=profile, code=code)
    catalogue = load_catalogue(workbook.code)
    for item_id in catalogue.item_ids():
        workbook.entry(item_id)
    return workbook


__all__ = [
    "TEMP_SUFFIX",
    "atomic_write",
    "clean_stale_temp_files",
    "dumps_workbook",
    "header_line",
    "new_workbook",
    "save_workbook",
    "to_document",
]
