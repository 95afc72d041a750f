"""The previous edition of a briefing: `--since OLD` given by hand, else the file's `since:`.

The document key follows the images' folder rule (`images.local_file`): a path relative to the
briefing, inside its folder. The previous edition is read like any briefing, so a file that does
not load is told with its own located errors (`OLD.yaml:12:3: error: ...`); its pictures are not
read (they are never drawn) and its own `since:` is not followed (one edition back, no chains).
"""

from __future__ import annotations

from pathlib import Path

from briefing.errors import BriefingError, Problem
from briefing.format.images import EDITION, local_file
from briefing.format.reader import load_file
from briefing.model import document as m


def previous_path(doc: m.Document, base_dir: Path | None, given: Path | None = None,
                  name: str = "briefing") -> Path | None:
    """The previous edition's file: `given` (the command line wins), else `since:` resolved
    from `base_dir`; None when there is neither. A `since:` that breaks the folder rule raises
    `BriefingError` naming the key in `name` (the validator says the same, with its line)."""
    if given is not None:
        return given
    if not doc.since or not doc.since.strip():
        return None
    found = local_file(base_dir or Path.cwd(), doc.since, EDITION)
    if isinstance(found, str):
        raise BriefingError([Problem(name, None, None, "since", found)])
    return found


def load_previous(doc: m.Document, base_dir: Path | None, given: Path | None = None,
                  name: str = "briefing") -> tuple[Path, m.Document] | None:
    """The previous edition's file and model, or None when the briefing names none; raises
    `BriefingError` with the old file's own located errors when it does not load."""
    path = previous_path(doc, base_dir, given, name)
    if path is None:
        return None
    return path, load_file(path, check_files=False)
