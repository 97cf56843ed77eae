"""Move a workbook to another catalogue (Code of Practice) version, and to the newest format.

A catalogue that follows another names it (``replaces``) and says what became of each
old item id (``id_map``: one new id for a rename, several for a split, none for a drop;
an id not listed keeps its id). :func:`migrate` follows that chain, carries each entry's
status, owner, dates, evidence, notes, justification, alternative and the ticks of
checkpoints that still exist, and says what was carried, dropped and added. Nothing is
guessed: an entry whose item was dropped is listed, with what it held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gpai_tui.catalogue import Catalogue, CatalogueNotFound, available_codes, load_catalogue
from gpai_tui.errors import UsageError
from gpai_tui.workbook.model import FORMAT_VERSION, ItemEntry, Workbook


@dataclass
class MigrationReport:
    """What a migration did, in the terms of the ids."""

    source: str
    """Catalogue version the workbook followed."""
    target: str
    """Catalogue version it follows now."""
    format_from: int
    """Workbook format of the file as read."""
    carried: list[tuple[str, str]] = field(default_factory=list)
    """(old id, new id) for every entry carried whose id changed."""
    dropped: list[str] = field(default_factory=list)
    """Old ids the new catalogue dropped; ``id (status, n evidence)`` when they held progress."""
    added: list[str] = field(default_factory=list)
    """New ids no old item maps to (they start as ``todo``)."""
    lost_checks: list[str] = field(default_factory=list)
    """``id/checkpoint`` ticks that have no checkpoint in the new item."""
    dropped_mdf: list[str] = field(default_factory=list)
    """Model Documentation Form fields the new catalogue does not have (their values)."""

    @property
    def changed(self) -> bool:
        """True when the file's bytes would change (new format or new catalogue)."""
        return self.format_from < FORMAT_VERSION or self.source != self.target

    def lines(self) -> list[str]:
        """The report in words, one line each."""
        out: list[str] = []
        if self.format_from < FORMAT_VERSION:
            out.append(
                f"format {self.format_from} -> {FORMAT_VERSION}: new profile keys at their "
                "defaults, and a [code] table with the chapters signed (all three)"
            )
        if self.source == self.target:
            out.append(f"Code of Practice {self.target}: no catalogue change")
            return out
        out.append(f"Code of Practice {self.source} -> {self.target}")
        out.extend(f"renamed/split: {old} -> {new}" for old, new in self.carried)
        out.extend(f"dropped: {item}" for item in self.dropped)
        out.extend(f"added: {item}" for item in self.added)
        out.extend(f"checkpoint dropped: {cp}" for cp in self.lost_checks)
        out.extend(f"MDF field dropped: {f}" for f in self.dropped_mdf)
        return out


def _chain(source: str, target: str) -> list[Catalogue]:
    """The catalogues from ``source`` (exclusive) to ``target`` (inclusive), oldest first."""
    known = available_codes()
    if target not in known:
        raise UsageError(f"unknown Code of Practice version {target!r}; known: {', '.join(known)}")
    chain: list[Catalogue] = []
    current = target
    while current != source:
        try:
            catalogue = load_catalogue(current)
        except CatalogueNotFound:
            raise UsageError(f"no catalogue for Code of Practice version {current!r}") from None
        chain.append(catalogue)
        if catalogue.replaces is None or catalogue.replaces in {c.code for c in chain}:
            raise UsageError(
                f"Code of Practice {target} does not follow {source}: no migration path "
                "(migrations go forward, through each catalogue's `replaces`)"
            )
        current = catalogue.replaces
    return list(reversed(chain))


def _has_progress(entry: ItemEntry) -> bool:
    return entry != ItemEntry()


def _describe(item_id: str, entry: ItemEntry) -> str:
    if not _has_progress(entry):
        return item_id
    return f"{item_id} (was {entry.status}, {len(entry.evidence)} evidence)"


def _merge_into(target: ItemEntry, source: ItemEntry) -> None:
    """Two old items mapped to one new id: keep the first's values, add the evidence."""
    target.evidence = [*target.evidence, *(e for e in source.evidence if e not in target.evidence)]
    for name, value in source.checks.items():
        target.checks[name] = target.checks.get(name, False) or value


def _step(workbook: Workbook, old: Catalogue, new: Catalogue, report: MigrationReport) -> Workbook:
    migrated = workbook.model_copy(deep=True)
    migrated.code = new.code
    migrated.measures = {}
    migrated.obligations = {}
    reached: set[str] = set()
    for old_id in old.item_ids():
        entry = workbook.get_entry(old_id)
        targets = new.id_map.get(old_id, [old_id])
        targets = [t for t in targets if new.measure(t) or new.obligation(t)]
        if not targets:
            report.dropped.append(_describe(old_id, entry))
            continue
        kept: set[str] = set()
        for new_id in targets:
            item = new.measure(new_id) or new.obligation(new_id)
            assert item is not None
            if new_id != old_id:
                report.carried.append((old_id, new_id))
            allowed = {cp.id for cp in item.checkpoints if not cp.derived}
            kept |= allowed
            copy = entry.model_copy(deep=True)
            copy.checks = {cp: ticked for cp, ticked in entry.checks.items() if cp in allowed}
            table = migrated.obligations if new.obligation(new_id) else migrated.measures
            if new_id in table:
                _merge_into(table[new_id], copy)
            else:
                table[new_id] = copy
            reached.add(new_id)
        report.lost_checks.extend(
            f"{old_id}/{cp_id}"
            for cp_id, ticked in entry.checks.items()
            if ticked and cp_id not in kept
        )
    for new_id in new.item_ids():
        if new_id not in reached:
            report.added.append(new_id)
            (migrated.obligations if new.obligation(new_id) else migrated.measures)[new_id] = (
                ItemEntry()
            )
    fields = {f.id for f in new.mdf_fields()}
    for field_id in list(migrated.mdf):
        if field_id not in fields:
            report.dropped_mdf.append(field_id)
            del migrated.mdf[field_id]
    return migrated


def migrate(workbook: Workbook, to: str | None = None) -> tuple[Workbook, MigrationReport]:
    """``workbook`` moved to catalogue version ``to`` (default: its own) and format 2.

    Raises :class:`UsageError` when there is no path, or the workbook holds unresolved
    merge conflicts (their keys name ids; resolve them first).
    """
    target = to or workbook.code
    report = MigrationReport(workbook.code, target, workbook.format)
    if workbook.conflicts and target != workbook.code:
        raise UsageError(
            "the workbook has unresolved merge conflicts; resolve them before migrating"
        )
    migrated = workbook.model_copy(deep=True)
    if target != workbook.code:
        previous = load_catalogue(workbook.code)
        for catalogue in _chain(workbook.code, target):
            migrated = _step(migrated, previous, catalogue, report)
            previous = catalogue
    migrated.format = FORMAT_VERSION
    return migrated, report
