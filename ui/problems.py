"""Which sections have problems: the live document run through the format's validator.

The GUI checks the model it edits with the same rules, and the same messages, as opening a
file (`briefing.format.validate`), without writing YAML. While a file is open, a problem in a
part that is still as the file has it carries the file's line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BriefingError
from briefing.export.coverage import check_document
from briefing.format.advice import advise
from briefing.format.reader import read_text
from briefing.format.validate import Location, validate
from briefing.format.yamlsafe import read_source
from briefing.layout.markup_advice import markup_advice
from briefing.model import document as m

_SECTION_PATH = re.compile(r"^sections\[(\d+)\]\.?(.*)$")
_TOP_KEY = re.compile(r"^[^.\[]*")


@dataclass
class Problems:
    by_section: dict[int, list[str]] = field(default_factory=dict)  # row -> messages
    document: list[str] = field(default_factory=list)  # not tied to one section
    #: what will not print or read as written (text no font here has, a picture without alt
    #: text): not a problem, the file opens and exports
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.document) + sum(len(v) for v in self.by_section.values())


def check_snapshot(document: bytes, base_dir: Path | None, path: Path | None = None) -> Problems:
    """`find_problems` of a `ui.snapshot` (in the check worker process)."""
    from .snapshot import restore

    return find_problems(restore(document), base_dir, path)


def find_problems(doc: m.Document, base_dir: Path | None, path: Path | None = None) -> Problems:
    """The problems of `doc`; `path`, the file it was opened from or saved to, lends its line
    numbers to the parts that have not changed since."""
    result = Problems()
    for problem in validate(doc, locations=file_locations(doc, path), base_dir=base_dir):
        where = f" (line {problem.line})" if problem.line is not None else ""
        match = _SECTION_PATH.match(problem.path)
        if match:
            inner = match.group(2)
            text = f"{inner}: {problem.message}" if inner else problem.message
            result.by_section.setdefault(int(match.group(1)), []).append(text + where)
        else:
            result.document.append((f"{problem.path}: {problem.message}" if problem.path
                                    else problem.message) + where)
    advice = [(a.path, a.message) for a in advise(doc) + markup_advice(doc)]
    for where, message in advice + check_document(doc):
        match = _SECTION_PATH.match(where)
        if match and int(match.group(1)) < len(doc.sections):
            row = int(match.group(1))
            result.warnings.append(f"{section_name(doc.sections[row], row)}: "
                                   f"{match.group(2) or 'section'}: {message}")
        else:
            result.warnings.append(f"{where}: {message}")
    return result


def file_locations(doc: m.Document, path: Path | None) -> dict[str, Location]:
    """Where the file at `path` writes each part of `doc` that is still equal to the file's:
    a section by its position, a document field by its key."""
    saved = _read(path)
    if saved is None:
        return {}
    file_doc, locations = saved
    same_sections = {i for i, (a, b) in enumerate(zip(doc.sections, file_doc.sections,
                                                      strict=False)) if a == b}
    same_keys: dict[str, bool] = {}
    kept: dict[str, Location] = {}
    for key, loc in locations.items():
        match = _SECTION_PATH.match(key)
        if match:
            if int(match.group(1)) in same_sections:
                kept[key] = loc
            continue
        top = _TOP_KEY.match(key).group()  # type: ignore[union-attr]
        if top not in same_keys:
            same_keys[top] = top != "" and getattr(doc, top, None) == getattr(file_doc, top, None)
        if same_keys[top]:
            kept[key] = loc
    return kept


_cache: dict[Path, tuple[tuple[int, int], tuple[m.Document, dict[str, Location]] | None]] = {}


def _read(path: Path | None) -> tuple[m.Document, dict[str, Location]] | None:
    """The model and locations of the file at `path`, read again only when it changed."""
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        read = read_text(read_source(path), str(path))
        value = (read.doc, read.locations) if read.doc is not None else None
    except BriefingError:
        value = None
    _cache.clear()  # one open file at a time
    _cache[path] = (stamp, value)
    return value


def section_name(section: m.Section, row: int) -> str:
    """How a problem names its section: the title, or for an untitled one its place and kind
    ("Section 4 (chart)", "Section 5 (key figures)"), never an empty string before the colon."""
    return section.title.strip() or f"Section {row + 1} ({section.kind.replace('_', ' ')})"


def problem_lines(doc: m.Document, problems: Problems) -> list[str]:
    """Every problem as one line, the document's first, then each section's in order."""
    lines = list(problems.document)
    for row, messages in sorted(problems.by_section.items()):
        name = section_name(doc.sections[row], row) if row < len(doc.sections) \
            else f"Section {row + 1}"
        lines += [f"{name}: {message}" for message in messages]
    return lines
