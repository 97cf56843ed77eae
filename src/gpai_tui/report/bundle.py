"""The audit bundle: one deterministic zip an auditor can check, with or without gpai.

Members (sorted by name):

* ``workbook/NAME.toml``: the workbook exactly as read;
* ``pack/STEM.AUDIENCE.html`` and ``pack/STEM.AUDIENCE.json``: the audience pack
  (``internal``: the full report);
* ``soa/STEM.soa.html`` and ``soa/STEM.soa.csv``: the statement of applicability
  (internal bundle only; chosen by the CLI, ``cli/commands/bundle.py``);
* ``evidence/PATH``: for the internal audience, every local evidence file that
  exists inside the repository (``PATH`` relative to the repository root, or to
  the workbook's folder outside git); other packs show no file paths, so they
  carry no files;
* ``MANIFEST.json``: the SHA-256 and size of every member but itself and
  ``SHA256SUMS``, the workbook's git commit (marked modified when the file differs
  from it), the as-of date, the tool and catalogue versions, and the state of
  every evidence item (ok, changed with both hashes, missing, refused, URL);
* ``SHA256SUMS``: ``sha256sum -c`` input for every other member, MANIFEST included.

Deterministic: fixed timestamps (1980-01-01), sorted members, fixed permissions
(0644, Unix), fixed compression; the same input gives the same bytes.
:func:`verify_bundle` re-hashes every member offline and reports mismatches,
missing and extra members. Never imports Textual.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from gpai_tui import __version__
from gpai_tui.errors import GpaiError
from gpai_tui.workbook import Workbook

BUNDLE_FORMAT = "gpai-audit-bundle/1"
"""The bundle layout version, written in the manifest."""
MANIFEST = "MANIFEST.json"
SUMS = "SHA256SUMS"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's timestamp (the earliest a zip can hold)."""
FILE_MODE = 0o100644
"""Every member's permissions: a regular file, rw-r--r--."""


class BundleError(GpaiError):
    """A bundle cannot be written or read."""


@dataclass(frozen=True, slots=True)
class Member:
    """One file in the bundle."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        """The member's SHA-256 (hex)."""
        return hashlib.sha256(self.data).hexdigest()


def _safe_name(name: str) -> str:
    """A relative POSIX member name with no ``..``, or :class:`BundleError`."""
    clean = posixpath.normpath(name)
    if clean.startswith(("/", "../")) or clean in ("..", ".") or "\\" in clean:
        raise BundleError(f"unsafe member name {name!r}")
    return clean


def zip_bytes(members: Iterable[Member]) -> bytes:
    """A deterministic zip of ``members``: sorted, fixed time and mode, deflated."""
    ordered = sorted(members, key=lambda m: m.name)
    names = [m.name for m in ordered]
    if len(set(names)) != len(names):
        raise BundleError("two members have the same name")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in ordered:
            info = zipfile.ZipInfo(_safe_name(member.name), date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, member.data, compresslevel=9)
    return buffer.getvalue()


def sums_text(members: Iterable[Member]) -> str:
    """``sha256sum`` lines (``HASH  NAME``) for ``members``, sorted by name."""
    return "".join(f"{m.sha256}  {m.name}\n" for m in sorted(members, key=lambda m: m.name))


@dataclass(frozen=True, slots=True)
class BundleInput:
    """Everything a bundle is made of (gathered by the CLI, which reads the disk)."""

    workbook: Workbook
    workbook_name: str
    workbook_bytes: bytes
    audience: str
    as_of: date
    git: dict[str, str] | None
    """``{"commit": ..., "state": "clean"|"modified"|"untracked"}`` or ``None``."""
    packs: dict[str, bytes]
    """Member name -> bytes for the pack (and statement of applicability) files."""
    evidence_files: dict[str, bytes] = field(default_factory=dict)
    """Member name (``evidence/...``) -> file bytes."""
    evidence_report: list[dict[str, Any]] = field(default_factory=list)
    """One record per evidence item: item, ref, state, hashes, member."""
    soa: str = "absent"
    """``included`` or why not."""


def build_bundle(data: BundleInput) -> bytes:
    """The bundle's bytes (deterministic for the same input)."""
    members = [Member(f"workbook/{data.workbook_name}", data.workbook_bytes)]
    members += [Member(name, body) for name, body in data.packs.items()]
    members += [Member(name, body) for name, body in data.evidence_files.items()]
    members.sort(key=lambda m: m.name)
    manifest = {
        "format": BUNDLE_FORMAT,
        "tool": {"name": "gpai-tui", "version": __version__},
        "catalogue": {"code_of_practice": data.workbook.code},
        "workbook": {
            "member": f"workbook/{data.workbook_name}",
            "provider": data.workbook.model.provider,
            "model": data.workbook.model.name,
            "git": data.git,
        },
        "as_of": data.as_of.isoformat(),
        "audience": data.audience,
        "statement_of_applicability": data.soa,
        "members": [{"name": m.name, "sha256": m.sha256, "size": len(m.data)} for m in members],
        "evidence": data.evidence_report,
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    manifest_member = Member(MANIFEST, text.encode("utf-8"))
    listed = [*members, manifest_member]
    sums = Member(SUMS, sums_text(listed).encode("utf-8"))
    return zip_bytes([*listed, sums])


@dataclass(frozen=True, slots=True)
class Verdict:
    """What :func:`verify_bundle` found."""

    checked: int
    mismatched: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    problems: tuple[str, ...]
    """Other faults: unreadable SHA256SUMS or manifest, duplicate names, disagreement."""

    @property
    def ok(self) -> bool:
        """Nothing wrong."""
        return not (self.mismatched or self.missing or self.extra or self.problems)


def _parse_sums(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise BundleError(f"{SUMS} line {n} is not 'HASH  NAME'")
        out[name] = digest
    return out


def verify_bundle(path: Path) -> Verdict:
    """Check every member of the bundle at ``path`` against ``SHA256SUMS`` and the manifest.

    Reads the zip only (nothing is extracted, nothing fetched).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [i.filename for i in infos]
            data = {i.filename: archive.read(i) for i in infos if not i.is_dir()}
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise BundleError(f"{path}: not a readable zip ({exc})") from None
    problems: list[str] = []
    if len(set(names)) != len(names):
        problems.append("the zip holds two members with the same name")
    if SUMS not in data:
        raise BundleError(f"{path}: no {SUMS} member: not a gpai audit bundle")
    try:
        sums = _parse_sums(data[SUMS].decode("utf-8"))
    except (UnicodeDecodeError, BundleError) as exc:
        raise BundleError(f"{path}: {exc}") from None
    mismatched = sorted(
        n for n, h in sums.items() if n in data and hashlib.sha256(data[n]).hexdigest() != h
    )
    missing = sorted(n for n in sums if n not in data)
    extra = sorted(n for n in data if n not in sums and n != SUMS)
    manifest_listed: dict[str, str] = {}
    if MANIFEST in data:
        try:
            manifest = json.loads(data[MANIFEST])
            members = cast("list[dict[str, Any]]", manifest["members"])
            manifest_listed = {str(m["name"]): str(m["sha256"]) for m in members}
        except (ValueError, KeyError, TypeError):
            problems.append(f"{MANIFEST} cannot be read")
    else:
        problems.append(f"no {MANIFEST} member")
    expected = {n: h for n, h in sums.items() if n != MANIFEST}
    if manifest_listed and manifest_listed != expected:
        problems.append(f"{MANIFEST} and {SUMS} disagree on the members or their hashes")
    return Verdict(
        checked=len(sums),
        mismatched=tuple(mismatched),
        missing=tuple(missing),
        extra=tuple(extra),
        problems=tuple(problems),
    )


__all__ = [
    "BUNDLE_FORMAT",
    "MANIFEST",
    "SUMS",
    "BundleError",
    "BundleInput",
    "Member",
    "Verdict",
    "build_bundle",
    "sums_text",
    "verify_bundle",
    "zip_bytes",
]
