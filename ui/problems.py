"""Which sections have problems: the saved form of the document run through the file validator.

The GUI checks what would be written, with the same reader that opening the file uses, so a
warning mark in the outline means exactly "this would be refused when opened again".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import BriefingError
from briefing.format.reader import load_text
from briefing.format.writer import dumps
from briefing.model import document as m

_SECTION_PATH = re.compile(r"^sections\[(\d+)\]\.?(.*)$")


@dataclass
class Problems:
    by_section: dict[int, list[str]] = field(default_factory=dict)  # row -> messages
    document: list[str] = field(default_factory=list)  # not tied to one section

    @property
    def count(self) -> int:
        return len(self.document) + sum(len(v) for v in self.by_section.values())


def find_problems(doc: m.Document, base_dir: Path | None) -> Problems:
    result = Problems()
    try:
        load_text(dumps(doc), "briefing", base_dir=base_dir)
    except BriefingError as exc:
        for problem in exc.problems:
            match = _SECTION_PATH.match(problem.path)
            if match:
                where = match.group(2)
                text = f"{where}: {problem.message}" if where else problem.message
                result.by_section.setdefault(int(match.group(1)), []).append(text)
            else:
                result.document.append(f"{problem.path}: {problem.message}" if problem.path
                                       else problem.message)
    return result


def section_name(section: m.Section, row: int) -> str:
    """How a problem names its section: the title, or for an untitled one its place and kind
    ("Section 4 (chart)"), never an empty string before the colon."""
    return section.title.strip() or f"Section {row + 1} ({section.kind})"


def problem_lines(doc: m.Document, problems: Problems) -> list[str]:
    """Every problem as one line, the document's first, then each section's in order."""
    lines = list(problems.document)
    for row, messages in sorted(problems.by_section.items()):
        name = section_name(doc.sections[row], row) if row < len(doc.sections) \
            else f"Section {row + 1}"
        lines += [f"{name}: {message}" for message in messages]
    return lines
