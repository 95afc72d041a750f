"""Reading untrusted YAML into a node tree with positions, refusing anything dangerous.

A briefing may come from someone else, so: safe loader only, size limits checked before the
file is read, then one cheap streaming pass over the parse events (depth, number of values,
length of lists, unsafe tags) before the node tree is built, and alias expansion measured
(with loops detected) after. Every failure becomes a `Problem` with a position where there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.errors import BriefingError, Problem
from briefing.model.fields import MAX_SECTIONS

try:  # libyaml is much faster; the pure-Python loader behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
"""Values (scalars, lists, mappings) in the file as written; building the tree is the slow part."""
MAX_EXPANDED = 100_000
"""Values once aliases are expanded: what the reader would have to walk."""
MAX_EXPANDED_CHARS = MAX_BYTES
"""Characters once aliases are expanded: no more text than a file of the size limit could hold,
since every output lays out and writes each copy (a 200,000-character text aliased into 2,000
sections is few values but 400 million characters)."""
MAX_LIST_ITEMS = 10_000
MAX_UNSAFE_TAGS = 20

STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_NON_SPECIFIC = frozenset({"!", "?"})


def read_source(path: Path) -> str:
    """Bytes from disk to text, with one clear message for each way that can fail."""
    name = str(path)
    try:
        if not path.exists():
            raise _one(name, "", "file not found: check the path")
        if path.is_dir():
            raise _one(name, "", "is a folder, not a briefing file: give the .yaml file inside it")
        if not path.is_file():
            raise _one(name, "", "is not a regular file (a device or a pipe?): give a .yaml file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _one(name, "", _too_big(size))
        with path.open("rb") as stream:  # read at most the limit, even if the file grows
            data = stream.read(MAX_BYTES + 1)
    except PermissionError:
        raise _one(name, "", "permission denied: check the file's permissions") from None
    except OSError as exc:
        raise _one(name, "", f"cannot read the file ({exc.strerror or exc})") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is fine) or a clear refusal: binary, UTF-16, Latin-1 and friends."""
    if len(data) > MAX_BYTES:
        raise _one(name, "", _too_big(len(data)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _one(name, "", "the file is UTF-16 text; save it as UTF-8 in your editor")
    if b"\x00" in data[:8192]:
        raise _one(name, "", "this is a binary file, not a YAML briefing (it contains NUL bytes): "
                   "give the .yaml file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefingError([Problem(
            name, line, col, "",
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}): "
            "save it as UTF-8 in your editor",
        )]) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def compose(text: str, name: str) -> yaml.Node | None:
    """Text to a node tree (positions kept), after the streaming checks."""
    if len(text) > MAX_BYTES:
        raise _one(name, "", _too_big(len(text)))
    text = text.removeprefix("\ufeff")
    surrogate = _SURROGATE.search(text)
    if surrogate:  # only text handed over in Python can hold one; no UTF-8 file can
        line, col = _position(text, surrogate.start())
        raise BriefingError([Problem(
            name, line, col, "",
            f"character U+{ord(surrogate.group()):04X} is a lone UTF-16 surrogate, which no "
            "UTF-8 file can hold: delete it, or replace it with the character it was part of",
        )])
    try:
        aliases = _prescan_any_libyaml(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise BriefingError([Problem(
            name, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
            _syntax_message(exc),
        )]) from None
    except yaml.reader.ReaderError as exc:
        index = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        line, col = _position(text, index)
        raise BriefingError([Problem(
            name, line, col, "",
            f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason}): "
            "delete it, or write it as an escape inside double quotes",
        )]) from None
    except yaml.YAMLError as exc:
        raise _one(name, "", f"YAML syntax error: {exc}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise _one(name, "", f"the YAML is nested too deeply (limit {MAX_DEPTH} levels)") from None
    if node is not None and aliases:  # without aliases the tree is as small as the stream
        _check_expansion(node, name)
    return node


@dataclass
class _Frame:
    """One open list or mapping during the streaming pass."""

    path: str
    is_map: bool
    count: int = 0
    key: str | None = None
    expecting_key: bool = True


def _prescan_any_libyaml(text: str, name: str) -> int:
    """`_prescan`, also where libyaml (0.2.6+) stops deep nesting itself at 1,000 levels.

    Its scanner runs ahead of the parser, so its own limit fires before ours and far from the
    spot that broke ours; re-reading the text up to its mark with the pure-Python parser finds
    the level-65 spot and reports it the same way on every libyaml version.
    """
    try:
        return _prescan(text, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if _Loader is yaml.SafeLoader or mark is None or "nesting depth" not in str(exc.problem):
            raise
        lines = text.split("\n", mark.line + 1)[: mark.line + 1]
        lines[-1] = lines[-1][: mark.column]
        _prescan("\n".join(lines), name, loader=yaml.SafeLoader)
        raise


def _prescan(text: str, name: str, loader: type | None = None) -> int:
    """Stream parse events and stop early on anything that would make building the tree costly.

    Nothing is built here, so a 10,000-deep nest or a 100,000-section file is refused after
    reading only as far as the limit (libyaml slows down quadratically on deep flow nesting,
    so stopping at the limit matters). Returns the number of aliases met.
    """
    stack: list[_Frame] = []
    nodes = aliases = 0
    unsafe: list[Problem] = []
    for event in yaml.parse(text, Loader=loader or _Loader):
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
            continue
        path = _node_path(stack, event, name)
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise _at(name, event, path, f"the file holds more than {MAX_NODES:,} values; "
                      "a briefing is far smaller: split it into several files")
        tag = event.tag
        if tag is not None and tag not in STANDARD_TAGS and tag not in _NON_SPECIFIC:
            unsafe.append(_problem(name, event, path, _tag_message(tag)))
            if len(unsafe) >= MAX_UNSAFE_TAGS:
                break
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _at(name, event, path, f"the YAML is nested more than {MAX_DEPTH} levels "
                          "deep; a briefing never needs that: check for runaway brackets")
            stack.append(_Frame(path, isinstance(event, yaml.MappingStartEvent)))
    if unsafe:
        raise BriefingError(unsafe)
    return aliases


def _node_path(stack: list[_Frame], event: yaml.NodeEvent, name: str) -> str:
    """The field path of the node `event` starts, updating its parent's bookkeeping."""
    if not stack:
        return ""
    parent = stack[-1]
    if parent.is_map:
        if parent.expecting_key:
            parent.expecting_key = False
            parent.key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
            return parent.path
        parent.expecting_key = True
        return f"{parent.path}.{parent.key}" if parent.path else str(parent.key)
    index = parent.count
    parent.count += 1
    limit, noun = (MAX_SECTIONS, "sections") if parent.path == "sections" else \
        (MAX_LIST_ITEMS, "entries")
    if parent.count > limit:
        raise _at(name, event, parent.path,
                  f"more than {limit:,} {noun} in one list; split the briefing into several "
                  "files")
    return f"{parent.path}[{index}]"


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse alias bombs and alias loops: size the tree as if every alias were copied out.

    Two sizes are measured, both as if copied: values (what the reader walks) and characters
    (what every output lays out and writes); each shared node is sized once, so this is linear
    in the tree as written.
    """
    sizes: dict[int, tuple[int, int]] = {}
    refs: dict[int, tuple[yaml.Node, int]] = {}  # node -> (node, parents in the tree as written)
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            values = 1 + sum(sizes[id(c)][0] for c in children)
            chars = len(node.value) if isinstance(node, yaml.ScalarNode) else \
                sum(sizes[id(c)][1] for c in children)
            sizes[key] = (values, chars)
            if values > MAX_EXPANDED:
                raise BriefingError([Problem(
                    name, node.start_mark.line + 1, node.start_mark.column + 1, "",
                    f"the document would expand to more than {MAX_EXPANDED:,} values "
                    "(YAML aliases repeated inside each other): remove the '*' aliases",
                )])
            if chars > MAX_EXPANDED_CHARS:
                raise BriefingError([_text_bomb(name, root, node, sizes, refs)])
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise BriefingError([Problem(
                name, node.start_mark.line + 1, node.start_mark.column + 1, "",
                "this list or mapping contains an alias ('*name') to itself, an endless "
                "loop: remove that alias",
            )])
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            refs[id(child)] = (child, refs.get(id(child), (child, 0))[1] + 1)
            if id(child) in on_path:
                raise BriefingError([Problem(
                    name, child.start_mark.line + 1, child.start_mark.column + 1, "",
                    "this list or mapping contains an alias ('*name') to itself, an endless "
                    "loop: remove that alias",
                )])
            if id(child) not in sizes:
                stack.append((child, False))


def _text_bomb(name: str, root: yaml.Node, node: yaml.Node, sizes: dict[int, tuple[int, int]],
               refs: dict[int, tuple[yaml.Node, int]]) -> Problem:
    """The problem for a list or mapping whose aliased copies hold too much text: located at
    it, naming the line of the value whose repeats weigh most (its anchor '&name')."""
    shared = [(n, count) for n, count in refs.values() if count > 1 and id(n) in sizes]
    biggest, count = max(shared, key=lambda pair: sizes[id(pair[0])][1] * pair[1])
    return Problem(
        name, node.start_mark.line + 1, node.start_mark.column + 1, _path_to(root, node),
        f"with its YAML aliases copied out this would hold more than {MAX_EXPANDED_CHARS:,} "
        f"characters of text (the value on line {biggest.start_mark.line + 1}, "
        f"{sizes[id(biggest)][1]:,} characters, is used {count:,} times): write each text "
        "once instead of repeating it with '*' aliases, or split the briefing into several files",
    )


def _path_to(root: yaml.Node, target: yaml.Node) -> str:
    """The field path at which `target` first appears in the tree as written ('' if none)."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    visited: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((c, f"{path}[{i}]") for i, c in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                stack.append((v, f"{path}.{key}" if path else str(key)))
    return ""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    context = str(exc.context or "")
    hint = ""
    if "\\t" in problem or "tab" in problem:
        hint = ": indent with spaces, not tabs"
    elif "escape" in problem:
        hint = ": inside double quotes a backslash starts an escape; write \\\\ for a " \
               "backslash, or use single quotes"
    elif "found unexpected end of stream" in problem or "quoted scalar" in context:
        hint = ": a quote is not closed"
    elif "could not find expected ':'" in problem:
        hint = ": a key is missing its ':' or a quote is not closed"
    elif "found character that cannot start any token" in problem:
        hint = ": quote the value if it starts with a special character, and indent with " \
               "spaces, not tabs"
    elif "found character" in problem:
        hint = ": quote the value if it contains special characters"
    elif "mapping values are not allowed" in problem:
        hint = ": put the value in quotes if it contains ': ', or fix the indentation"
    elif "expected <block end>" in problem:
        hint = ": check the indentation of this line against the lines above"
    elif "undefined alias" in problem:
        hint = ": every '*name' needs an '&name' earlier in the file; add it or remove the alias"
    elif "duplicate anchor" in context and exc.context_mark is not None:
        return (f"YAML syntax error: the anchor is defined twice (first on line "
                f"{exc.context_mark.line + 1}): give each '&name' its own name")
    elif "expected '-' indicator" in problem:
        hint = ": check the indentation; the entries of one list start with '-' in one column"
    elif "incompatible YAML document" in problem:
        hint = ": remove the '%YAML' line at the top (briefings are YAML 1.1)"
    elif "another document" in problem:
        hint = ": a briefing is one YAML document; remove the second '---' and what follows"
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        hint = ": close the bracket, or add the missing comma between entries"
    context = f" ({exc.context})" if exc.context else ""
    return f"YAML syntax error: {problem}{context}{hint}"


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return (f"the tag {shown!r} is not allowed in a briefing file (it could run code or build "
            "objects); remove it and write a plain value")


def _position(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _problem(name: str, event: yaml.Event, path: str, message: str) -> Problem:
    mark = event.start_mark
    if len(path) > 80:  # a runaway nest: the start of the path says where it is
        path = path[:60] + "...(" + str(path.count("[") + path.count(".")) + " levels)"
    return Problem(name, mark.line + 1, mark.column + 1, path, message)


def _at(name: str, event: yaml.Event, path: str, message: str) -> BriefingError:
    return BriefingError([_problem(name, event, path, message)])


def _too_big(size: int) -> str:
    return (f"the file is {size / 1e6:.1f} MB; briefing files are limited to "
            f"{MAX_BYTES // (1024 * 1024)} MB: split it, or keep images as separate files")


def _one(name: str, path: str, message: str) -> BriefingError:
    return BriefingError([Problem(name, None, None, path, message)])
