"""The look a template gives an export, asked for before any export runs.

An export with a template draws every output in the template's colours and main font
(`briefing.render.pptx.template.template_look`); a caller that shows the outputs before they
are written (the desktop app's previews) asks here for that same look, from the same clean
package, so what it shows is laid out and painted as the export will be.
"""

from __future__ import annotations

from pathlib import Path

from briefing.render.pptx.clean import CleanTemplate, clean_template
from briefing.render.pptx.template import TemplateLook, open_presentation, template_look


def clean_look(clean: CleanTemplate, requested_theme: str | None = None) -> TemplateLook:
    """The look of an already cleaned template (`clean_template`): what `run_export` and
    `export_look` both read."""
    return template_look(open_presentation(clean), requested_theme, clean.path.name)


def export_look(template: Path, requested_theme: str | None = None) -> TemplateLook:
    """The look an export with `template` draws every output in: its theme, main font and
    warnings, exactly as `run_export` finds them (`requested_theme`: the briefing's own theme,
    which a template overrides, with a warning). ExportError, in the export's words, when the
    template is refused."""
    return clean_look(clean_template(Path(template)), requested_theme)
