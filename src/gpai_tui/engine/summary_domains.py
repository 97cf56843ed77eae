"""Top domains for section 2.3 of the training summary, from a crawl's size file.

The template asks for the most relevant domain names crawled: the top 10% of
domains by size of content, or for an SME the top 5% or 1,000 domains, whichever is
lower (reference sections 10 and 16.4). Input: CSV rows ``domain,size`` (bytes or
tokens), with an optional header row ``domain,bytes`` / ``domain,tokens`` naming the
unit. Rules, in our reading:

* the count is rounded up (``ceil``), so a crawl of any size lists at least one domain;
* rows for the same domain (any letter case) are added up;
* domains tied in size with the last one selected are all kept, so the list never
  depends on the order of the rows (the count then exceeds the share; the method says so);
* the list is ordered by size, largest first, then by name.

Every row must hold a domain name and a whole number >= 0; anything else is refused
with the line number (:class:`UsageError`), as is a file with no data rows.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import io
import math
import re
from dataclasses import dataclass

from gpai_tui.errors import UsageError
from gpai_tui.workbook.model import MAX_DOMAINS

SHARE = 0.10
"""Top share of domains for every provider."""
SME_SHARE = 0.05
"""Top share for an SME ..."""
SME_CAP = 1_000
"""... or this many domains, whichever is lower."""

_DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)+")
_UNITS = ("bytes", "tokens")


@dataclass(frozen=True, slots=True)
class DomainSelection:
    """The selected domains and how they were chosen."""

    domains: tuple[str, ...]
    total: int
    """Distinct domains in the input."""
    rows: int
    """Data rows read."""
    unit: str
    sme: bool
    target: int
    """How many the rule asks for (before ties)."""
    tied: int
    """Domains added because they tie with the last one selected."""
    sha256: str

    def method(self, name: str) -> str:
        """The method record kept in the workbook (never published)."""
        rule = (
            f"top {SME_SHARE:.0%} or {SME_CAP:,} domains, whichever is lower (SME)"
            if self.sme
            else f"top {SHARE:.0%} of domains"
        )
        ties = f", {self.tied:,} more tied with the last" if self.tied else ""
        return (
            f"Rule: {rule} by {self.unit}, count rounded up; {self.target:,} of "
            f"{self.total:,} domains selected{ties}; {self.rows:,} rows read from {name}, "
            f"SHA-256 {self.sha256}. Ties at the cut are all kept; rows for one domain "
            "are added up."
        )


def _header_unit(line: str) -> str | None:
    name, _, unit = line.partition(",")
    if name.strip().lower() == "domain" and unit.strip().lower() in _UNITS:
        return unit.strip().lower()
    return None


def _csv_rows(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as exc:
        raise UsageError(f"CSV line {reader.line_num}: {exc}") from None


def _slow(lines: list[str], header: bool) -> dict[str, int]:
    """Read the rows one by one; raise on the first bad one, with its line number."""
    sizes: dict[str, int] = {}
    check = _DOMAIN.fullmatch
    for index, raw in enumerate(lines):
        if header and index == 0:
            continue
        line = raw[:-1] if raw.endswith("\r") else raw
        domain, comma, size_text = line.partition(",")
        if not comma or "," in size_text:
            if not line.strip():
                raise UsageError(f"CSV line {index + 1}: empty row")
            count = line.count(",") + 1
            raise UsageError(
                f"CSV line {index + 1}: expected two columns, domain and size; got {count}"
            )
        domain = domain.strip().lower().rstrip(".")
        size_text = size_text.strip()
        if not check(domain):
            shown = line.partition(",")[0].strip()[:80]
            raise UsageError(f"CSV line {index + 1}: {shown!r} is not a domain name")
        if not size_text.isdigit() or not size_text.isascii():
            raise UsageError(
                f"CSV line {index + 1}: size {size_text[:40]!r} is not a whole number >= 0"
            )
        sizes[domain] = sizes.get(domain, 0) + int(size_text)
    return sizes


_ROW = re.compile(r"^[ \t]*([a-z0-9.-]+)[ \t]*,[ \t]*([0-9]+)[ \t]*\r?$", re.MULTILINE)


def _fast(lines: list[str]) -> dict[str, int] | None:
    """All rows at once with one regular expression; ``None`` if any row is off."""
    found = _ROW.findall("\n".join(lines).lower())
    if len(found) != len(lines):
        return None
    domains = [domain.rstrip(".") for domain, _ in found]
    if not all(map(_DOMAIN.fullmatch, domains)):
        return None
    sizes: dict[str, int] = dict.fromkeys(domains, 0)
    for domain, (_, size) in zip(domains, found, strict=True):
        sizes[domain] += int(size)
    return sizes


def select_domains(data: bytes, *, sme: bool = False, unit: str | None = None) -> DomainSelection:
    """Read a ``domain,size`` CSV and select the top domains by the template's rule."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("the CSV is not UTF-8 text") from None
    if '"' in text:  # quoted fields: let the csv module read them
        lines = [",".join(row) if row else "" for row in _csv_rows(text)]
    else:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
    found_unit = _header_unit(lines[0]) if lines else None
    body = lines[1:] if found_unit is not None else lines
    sizes = _fast(body)
    if sizes is None:
        sizes = _slow(lines, found_unit is not None)
    rows = len(body)
    if not sizes:
        raise UsageError("the CSV has no data rows (expected domain,size lines)")
    if unit is not None and found_unit is not None and unit != found_unit:
        raise UsageError(f"the CSV header says {found_unit}, but --unit says {unit}")
    unit = found_unit or unit or "bytes"
    total = len(sizes)
    target = math.ceil(total * (SME_SHARE if sme else SHARE))
    if sme:
        target = min(target, SME_CAP)
    cut = heapq.nlargest(target, sizes.values())[-1]  # the size of the last one selected
    ranked = sorted((-size, name) for name, size in sizes.items() if size >= cut)
    end = len(ranked)  # the target, plus every domain tied with the last one
    if end > MAX_DOMAINS:
        raise UsageError(
            f"the rule selects {end:,} domains; a workbook keeps at most {MAX_DOMAINS:,}"
        )
    return DomainSelection(
        tuple(name for _, name in ranked), total, rows, unit, sme, target, end - target, sha
    )
