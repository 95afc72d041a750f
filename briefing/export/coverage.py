"""Warnings for text no font can draw, located in the briefing file: no silent boxes.

A character that neither a shipped face nor a font of this machine has (`briefing.text.fallback`)
prints as an empty box in the PDFs. `validate` and `export` say so, once per field, with the
file, line and column, the field and the characters, so the author can install a font or
change the text; the export still runs. The check reads the file's own YAML (positions kept),
so an alias is looked at once, where its anchor is; a file whose every character the shipped
faces draw is not parsed again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

import yaml

from briefing.format.yamlsafe import compose, read_source
from briefing.model.document import Document
from briefing.text.fallback import missing

#: fields that are never drawn (file names, identifiers of the format)
_NOT_DRAWN = frozenset({"path", "format", "theme"})
_SHOWN = 8  # characters named in one warning; the rest are counted


@dataclass(frozen=True)
class Notice:
    """A warning: the export goes on, but something will not look as written."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: warning: {self.path}: {self.message}"


def check_file(path: Path) -> list[Notice]:
    """The warnings for a briefing file that has been read without errors."""
    return check_text(read_source(path), str(path))


def advice_notices(doc: Document, path: Path) -> list[Notice]:
    """`format.advice` and `layout.markup_advice` for a briefing read without errors (`doc`),
    located in its file (the file is read again for its positions only when there is advice
    to give)."""
    from briefing.format.advice import advise
    from briefing.format.reader import read_text
    from briefing.layout.markup_advice import markup_advice

    advice = advise(doc) + markup_advice(doc)
    if not advice:
        return []
    locations = read_text(read_source(path), str(path)).locations
    notices = []
    for a in advice:
        loc = locations.get(a.path) or locations.get(a.written)
        line, column = (loc.line, loc.column) if loc is not None else (1, 1)
        notices.append(Notice(str(path), line, column, a.path, a.message))
    return notices


def check_text(text: str, name: str) -> list[Notice]:
    if not missing(text):
        return []
    root = compose(text, name)
    lines = text.removeprefix("\ufeff").splitlines()
    notices: list[Notice] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                field = str(key.value)
                if field not in _NOT_DRAWN:
                    stack.append((value, f"{where}.{field}" if where else field))
        elif isinstance(node, yaml.SequenceNode):
            for k in range(len(node.value) - 1, -1, -1):
                stack.append((node.value[k], f"{where}[{k}]"))
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            chars = missing(node.value)
            if chars:
                line, column = _position(node, chars[0], lines)
                notices.append(Notice(name, line, column, where, _message(chars)))
    return sorted(notices, key=lambda n: (n.line, n.column, n.path))


def check_document(doc: Document) -> list[tuple[str, str]]:
    """(field path, message) for each text of `doc`, as edited in the desktop app, that no font
    here can draw: the same warnings as `check_text`, without a file to locate them in. The whole
    document's text is tested at once first, so a briefing the shipped faces cover costs one
    pass over its strings."""
    texts = list(_strings(doc, ""))
    if not missing("".join(text for _where, text in texts)):
        return []
    return [(where, _message(chars)) for where, text in texts if (chars := missing(text))]


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string of a model object with its path ("sections[2].chart.categories[0]"),
    leaving out the fields that are never drawn."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, (list, tuple)):
        for k, item in enumerate(value):
            yield from _strings(item, f"{where}[{k}]")
    elif is_dataclass(value) and not isinstance(value, type):
        for spec in fields(value):
            if spec.name not in _NOT_DRAWN:
                yield from _strings(getattr(value, spec.name),
                                    f"{where}.{spec.name}" if where else spec.name)


def _position(node: yaml.ScalarNode, char: str, lines: list[str]) -> tuple[int, int]:
    """Where `char` first is: its own line in a literal block (`|`), else the value's start."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if node.style == "|":
        line += 1 + node.value[:node.value.index(char)].count("\n")
        if line <= len(lines) and char in lines[line - 1]:
            column = lines[line - 1].index(char) + 1
    elif line <= len(lines) and char in lines[line - 1][column - 1:]:
        column = lines[line - 1].index(char, column - 1) + 1
    return line, column


def _message(chars: str) -> str:
    named = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})"
                      for c in chars[:_SHOWN])
    more = f" and {len(chars) - _SHOWN} more" if len(chars) > _SHOWN else ""
    one = len(chars) == 1
    return (f"no font here can draw {len(chars)} character{'' if one else 's'}: {named}{more}; "
            f"{'it prints' if one else 'they print'} as an empty box in the PDFs: install a "
            f"font that has {'it' if one else 'them'} (for Chinese, Japanese or Korean, Noto "
            f"Sans CJK; a colour emoji font cannot be embedded), or write "
            f"{'it' if one else 'them'} another way")
