"""One model's workbook: pydantic models, clear load errors, canonical atomic saves.

The workbook package holds data and reads/writes it; it never computes
(that is :mod:`gpai_tui.engine`) and never imports Textual.
"""

from __future__ import annotations

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

__all__ = [
    "ALL_CHAPTERS",
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "STATUSES",
    "TEMP_SUFFIX",
    "Conflict",
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
