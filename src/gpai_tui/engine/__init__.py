"""The engine: the only place that computes.

:func:`evaluate` turns a workbook into an :class:`Evaluation` (applicability with
reasons, completeness, due dates, clocks, inconsistencies, outstanding list).
It never prints and never imports Textual.
"""

from __future__ import annotations

from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.results import (
    CheckpointState,
    Evaluation,
    GroupResult,
    IncidentResult,
    ItemResult,
    MdfResult,
    OutstandingItem,
    ReportClock,
    pct,
)
from gpai_tui.engine.scope import Decision, Scope, scope_for
from gpai_tui.engine.serialize import evaluation_dict

__all__ = [
    "CheckpointState",
    "Decision",
    "Evaluation",
    "GroupResult",
    "IncidentResult",
    "ItemResult",
    "MdfResult",
    "OutstandingItem",
    "ReportClock",
    "Scope",
    "evaluate",
    "evaluation_dict",
    "pct",
    "scope_for",
]
