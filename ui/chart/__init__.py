"""The chart editor's parts: the grid model over the `Chart`, its spreadsheet-like view and
the live preview; `ui.editors.chart` assembles them."""
