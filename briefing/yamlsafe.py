"""Reading untrusted YAML into a node tree with positions, refusing anything dangerous.

A briefing may come from someone else, so: safe loader only, size and depth limits checked
before the expensive work, alias expansion measured, and every failure turned into a `Problem`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import BriefingError, Problem

try:  # libyaml is much faster; the pure-Python loader behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000

STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def read_source(path: Path) -> str:
    """Bytes from disk to text, with one clear message for each way that can fail."""
    name = str(path)
    try:
        if not path.exists():
            raise _one(name, "", "file not found: check the path")
        if path.is_dir():
            raise _one(name, "", "is a folder, not a briefing file: give the .yaml file inside it")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _one(
                name, "", f"file is {size / 1e6:.1f} MB; briefing files are limited to "
                f"{MAX_BYTES // (1024 * 1024)} MB: split it or remove embedded data"
            )
        data = path.read_bytes()
    except PermissionError:
        raise _one(name, "", "permission denied: check the file's permissions") from None
    except OSError as exc:
        raise _one(name, "", f"cannot read the file ({exc.strerror or exc})") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise _one(name, "", f"input is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _one(name, "", "this is a binary file, not a YAML briefing (it contains NUL bytes)")
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


def compose(text: str, name: str) -> yaml.Node | None:
    """Text to a node tree (positions kept), after the depth and expansion checks."""
    try:
        _check_depth(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _syntax_message(exc)
        raise BriefingError([Problem(
            name, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "", message,
        )]) from None
    except yaml.YAMLError as exc:
        raise _one(name, "", f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise _one(name, "", f"the YAML is nested too deeply (limit {MAX_DEPTH} levels)") from None
    if node is not None:
        _check_expansion(node, name)
    return node


def _check_depth(text: str, name: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise BriefingError([Problem(
                    name, mark.line + 1, mark.column + 1, "",
                    f"the YAML is nested more than {MAX_DEPTH} levels deep; "
                    "a briefing never needs that: check for runaway brackets",
                )])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse alias bombs: count the nodes the document would have once aliases are expanded."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_NODES:
                raise BriefingError([Problem(
                    name, node.start_mark.line + 1, node.start_mark.column + 1, "",
                    f"the document would expand to more than {MAX_NODES:,} values "
                    "(YAML aliases repeated inside each other): remove the '*' aliases",
                )])
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    hint = ""
    if "\\t" in problem or "tab" in problem:
        hint = ": indent with spaces, not tabs"
    elif "could not find expected ':'" in problem:
        hint = ": a key is missing its ':' or a quote is not closed"
    elif "found character" in problem:
        hint = ": quote the value if it contains special characters"
    elif "mapping values are not allowed" in problem:
        hint = ": put the value in quotes if it contains ': ', or fix the indentation"
    elif "found unexpected end of stream" in problem or "while scanning a quoted" in str(exc.context):
        hint = ": a quote is not closed"
    elif "expected <block end>" in problem:
        hint = ": check the indentation of this line against the lines above"
    context = f" ({exc.context})" if exc.context else ""
    return f"YAML syntax error: {problem}{context}{hint}"


def _one(name: str, path: str, message: str) -> BriefingError:
    return BriefingError([Problem(name, None, None, path, message)])
