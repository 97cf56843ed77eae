"""The TUI side of inheritance: show the resolved view, and send edits where they belong.

A model workbook that ``inherits`` an organisation workbook is evaluated and shown
as resolved (:mod:`gpai_tui.engine.inherit`). Editing a provider-level item it
inherits asks once per item (the answer is remembered for the session):

* **organisation**: the edit goes to the organisation file, which is locked (its own
  lock; refused while another editor holds it), read, edited, saved atomically and
  unlocked at once; every inheriting model sees it;
* **override**: the model answers the item itself from now on, starting from the
  inherited answer; it is saved with the model, like any edit.

Adding or removing the model's own evidence, or its notes, is an addition on top of
the provider's answer and is never asked about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gpai_tui.document.organisation_edit import edit_organisation
from gpai_tui.engine.edit import Edit, is_addition
from gpai_tui.errors import GpaiError, UsageError

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


def marker(app: GpaiApp, item_id: str) -> str:
    """A line saying where an item's answer comes from ('' for the model's own)."""
    resolved = app.inheritance
    if resolved is None or resolved.organisation is None:
        return ""
    origin = resolved.origin(item_id)
    if origin == "inherited":
        return (
            f"Inherited: the provider's answer, from {resolved.own.inherits}. "
            "Changing it asks: for the organisation, or override for this model.\n\n"
        )
    if origin == "overridden":
        return f"Overridden for this model (not the answer in {resolved.own.inherits}).\n\n"
    return ""


def needs_choice(app: GpaiApp, item_id: str, edit: Edit) -> bool:
    """True when ``edit`` changes the provider's answer of an inherited item."""
    resolved = app.inheritance
    if resolved is None or resolved.organisation is None:
        return False
    if resolved.origin(item_id) != "inherited":
        return False
    if not is_addition(edit):
        return True
    shared = resolved.organisation.get_entry(item_id).evidence_refs
    return any(ref in shared for ref in edit.remove_evidence)


def ask(app: GpaiApp, item_id: str, edit: Edit) -> None:
    """Ask where an edit of an inherited item goes (once per item), then apply it."""
    remembered = app.inherited_choice.get(item_id)
    if remembered is not None:
        apply_choice(app, item_id, edit, remembered)
        return
    from gpai_tui.tui.screens.choice import Choice, ChoiceDialog

    resolved = app.inheritance
    assert resolved is not None and resolved.organisation_path is not None
    org = resolved.organisation_path.name
    dialog = ChoiceDialog(
        "Inherited answer",
        f"{item_id} is the provider's answer, inherited from {resolved.own.inherits}.\n"
        f"Change it for the organisation: {org} is saved now, for every model that "
        "inherits it.\nOverride for this model: this workbook answers it itself from now on.",
        [
            Choice("organisation", "Change for the organisation", "primary"),
            Choice("override", "Override for this model", "warning"),
            Choice("cancel", "Cancel"),
        ],
        focus="organisation",
    )

    def chosen(answer: str | None) -> None:
        if answer in ("organisation", "override"):
            app.inherited_choice[item_id] = answer
            apply_choice(app, item_id, edit, answer)
        else:
            app.document.generation += 1  # redraw what a widget may already show
            app.mirror()

    app.push_screen(dialog, chosen)


def apply_choice(app: GpaiApp, item_id: str, edit: Edit, choice: str) -> bool:
    """Apply ``edit`` to the organisation file, or as this model's override."""
    if app.read_only:
        app.notify("Read-only: nothing changed.", severity="warning")
        return False
    if choice == "organisation":
        return _to_organisation(app, item_id, edit)
    return _override(app, item_id, edit)


def _to_organisation(app: GpaiApp, item_id: str, edit: Edit) -> bool:
    resolved = app.inheritance
    assert resolved is not None and resolved.organisation_path is not None
    org_file = resolved.organisation_path
    try:
        changed = edit_organisation(
            org_file, item_id, edit, purpose="gpai open (organisation edit)", wait=0.0
        )
    except (UsageError, GpaiError, OSError) as exc:
        app.notify(str(exc), title="Not changed", severity="error")
        return False
    app.document.refresh()  # re-read the organisation: new figures
    app.mirror()
    if changed:
        app.notify(f"{item_id}: saved in {org_file.name} for every model that inherits it.")
    return True


def _override(app: GpaiApp, item_id: str, edit: Edit) -> bool:
    """Make the item this model's own (from the inherited answer) and apply ``edit``:
    one undoable change of the document."""
    from gpai_tui.document import ItemOverride

    return app.apply(ItemOverride(item_id, edit)) is not None
