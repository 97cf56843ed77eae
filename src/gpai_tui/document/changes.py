"""The typed changes a :class:`~gpai_tui.document.Document` applies, one per kind of edit.

Every edit of an open workbook is one of these, whoever makes it (a key in the
TUI, ``gpai set``, ``gpai mdf set``, ``gpai incident ...``). The document validates it
through the engine, applies it, and records a :class:`Restore` (the inverse) so
that it can be undone. Changes are frozen values: they can be kept, compared,
replayed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gpai_tui.engine.edit import Edit
from gpai_tui.engine.incident_edit import IncidentFields
from gpai_tui.workbook import MdfValue, Workbook


@dataclass(frozen=True)
class ItemEdit:
    """Change one measure or obligation (``engine.edit.apply_edit``)."""

    item_id: str
    edit: Edit


@dataclass(frozen=True)
class ItemOverride:
    """Answer a provider-level item for this model alone: it starts from the inherited
    answer (the organisation's, with this model's additions), then ``edit`` applies
    (issue 21; ``engine.edit.start_override``)."""

    item_id: str
    edit: Edit


@dataclass(frozen=True)
class MdfEdit:
    """Set one Model Documentation Form value (``engine.mdf.apply_mdf_edit``)."""

    field_id: str
    value: MdfValue


@dataclass(frozen=True)
class SummaryEdit:
    """Set (``None``: clear) one training-summary value
    (``engine.summary.apply_summary_edit``); ``today`` stamps the summary's last update."""

    field_id: str
    value: Any
    today: date | None = None


@dataclass(frozen=True)
class ProfileEdit:
    """Set one field of the model profile to an already typed value.

    Generic over :class:`~gpai_tui.workbook.ModelProfile` fields: whatever fields the
    profile has, pydantic validates the value.
    """

    name: str
    value: Any


@dataclass(frozen=True)
class SignatoryEdit:
    """Set which chapters of the Code the provider signed (``[code] signed``) and whether a
    model without systemic risk is named under the signed Safety and Security chapter
    (``named_model``). Reference §16.2; Guidelines ¶94-95: a chapter not signed keeps its
    measures as the yardstick for other adequate means, and the AI Act dates stay."""

    signed: tuple[str, ...]
    named_model: bool


@dataclass(frozen=True)
class IncidentEdit:
    """Create (``create``) or change one serious incident."""

    incident_id: str
    fields: IncidentFields
    create: bool = False


@dataclass(frozen=True)
class ResolveConflict:
    """Settle one unresolved merge conflict: keep a side (``side``) or a typed ``value``."""

    path: str
    side: str | None = None
    value: Any = None


@dataclass(frozen=True)
class Replace:
    """Replace the whole workbook (a restored recovery journal, a resolved merge)."""

    workbook: Workbook
    label: str = "workbook replaced"


@dataclass(frozen=True)
class Reload:
    """Replace the workbook with the file's bytes read from disk; they become the baseline."""

    data: bytes


@dataclass(frozen=True)
class Restore:
    """Put one part of the workbook back as it was (the inverse of every other change).

    ``part`` names the part: ``("item", id)``, ``("mdf", field)``, ``("summary",)``,
    ``("model",)``, ``("signatory",)``, ``("incident", id)`` or ``("workbook",)``; ``value``
    is what it held (``None``: absent) and ``conflicts`` the unresolved merge conflicts at the time.
    """

    part: tuple[str, ...]
    value: Any
    conflicts: dict[str, Any]
    label: str


Change = (
    ItemEdit
    | ItemOverride
    | MdfEdit
    | SummaryEdit
    | ProfileEdit
    | SignatoryEdit
    | IncidentEdit
    | ResolveConflict
    | Replace
    | Reload
    | Restore
)
"""Every kind of change."""
