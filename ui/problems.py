"""Which sections have problems: the saved form of the document run through the file validator.

The GUI checks what would be written, with the same reader that opening the file uses, so a
warning mark in the outline means exactly "this would be refused when opened again".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing import model as m
from briefing.errors import BriefingError
from briefing.reader import load_text
from briefing.writer import dumps

_SECTION_PATH = re.compile(r"^sections\[(\d+)\]\.?(.*)$")


@dataclass
class Problems:
    by_section: dict[int, list[str]] = field(default_factory=dict)  # row -> messages
    document: list[str] = field(default_factory=list)  # not tied to one section

    @property
    def count(self) -> int:
        return len(self.document) + sum(len(v) for v in self.by_section.values())


def check_snapshot(document: bytes, base_dir: Path | None) -> Problems:
    """`find_problems` of a `ui.snapshot` (in the check worker process)."""
    from .snapshot import restore

    return find_problems(restore(document), base_dir)


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
