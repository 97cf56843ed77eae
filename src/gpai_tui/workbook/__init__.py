"""One model's workbook: pydantic models, clear load errors, canonical atomic saves.

The workbook package holds data and reads/writes it; it never computes
(that is :mod:`gpai_tui.engine`) and never imports Textual.

Its names are imported on first use (PEP 562), so that a light submodule
(:mod:`gpai_tui.workbook.read`, :mod:`gpai_tui.workbook.errors`) can be imported
without pydantic: ``gpai open`` checks a file with them before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gpai_tui.workbook.errors import WorkbookError
    from gpai_tui.workbook.io import (
        MAX_FILE_BYTES,
        fingerprint,
        load_workbook,
        parse_workbook,
        read_bytes,
    )
    from gpai_tui.workbook.model import (
        ALL_CHAPTERS,
        FORMAT_VERSION,
        STATUSES,
        Conflict,
        EvidenceItem,
        Incident,
        ItemEntry,
        MdfValue,
        Modality,
        ModelProfile,
        Signatory,
        Status,
        SummaryValue,
        SystemicRisk,
        Workbook,
    )
    from gpai_tui.workbook.writer import (
        TEMP_SUFFIX,
        atomic_write,
        clean_stale_temp_files,
        dumps_workbook,
        new_workbook,
        save_workbook,
        to_document,
    )

_WHERE: dict[str, str] = {
    "WorkbookError": "gpai_tui.workbook.errors",
    "MAX_FILE_BYTES": "gpai_tui.workbook.read",
    "fingerprint": "gpai_tui.workbook.read",
    "load_workbook": "gpai_tui.workbook.io",
    "parse_workbook": "gpai_tui.workbook.io",
    "read_bytes": "gpai_tui.workbook.read",
    "ALL_CHAPTERS": "gpai_tui.workbook.model",
    "FORMAT_VERSION": "gpai_tui.workbook.read",
    "STATUSES": "gpai_tui.workbook.model",
    "Conflict": "gpai_tui.workbook.model",
    "EvidenceItem": "gpai_tui.workbook.model",
    "Incident": "gpai_tui.workbook.model",
    "ItemEntry": "gpai_tui.workbook.model",
    "MdfValue": "gpai_tui.workbook.model",
    "Modality": "gpai_tui.workbook.model",
    "ModelProfile": "gpai_tui.workbook.model",
    "Signatory": "gpai_tui.workbook.model",
    "Status": "gpai_tui.workbook.model",
    "SummaryValue": "gpai_tui.workbook.model",
    "SystemicRisk": "gpai_tui.workbook.model",
    "Workbook": "gpai_tui.workbook.model",
    "TEMP_SUFFIX": "gpai_tui.workbook.writer",
    "atomic_write": "gpai_tui.workbook.writer",
    "clean_stale_temp_files": "gpai_tui.workbook.writer",
    "dumps_workbook": "gpai_tui.workbook.writer",
    "new_workbook": "gpai_tui.workbook.writer",
    "save_workbook": "gpai_tui.workbook.writer",
    "to_document": "gpai_tui.workbook.writer",
}
"""Where each public name lives (imported on first use)."""

__all__ = [
    "ALL_CHAPTERS",
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "STATUSES",
    "TEMP_SUFFIX",
    "Conflict",
    "EvidenceItem",
    "Incident",
    "ItemEntry",
    "MdfValue",
    "Modality",
    "ModelProfile",
    "Signatory",
    "Status",
    "SummaryValue",
    "SystemicRisk",
    "Workbook",
    "WorkbookError",
    "atomic_write",
    "clean_stale_temp_files",
    "dumps_workbook",
    "fingerprint",
    "load_workbook",
    "new_workbook",
    "parse_workbook",
    "read_bytes",
    "save_workbook",
    "to_document",
]


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module on first use, then keep it here."""
    import importlib

    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
