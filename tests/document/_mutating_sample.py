# A sample the one-edit-path test must flag (three problems); never imported.
app.workbook.model.name = "x"  # type: ignore[name-defined]  # noqa: F821
apply_edit(wb, "CR-1.3", edit)  # type: ignore[name-defined]  # noqa: F821
entry.owner = "y"  # type: ignore[name-defined]  # noqa: F821
