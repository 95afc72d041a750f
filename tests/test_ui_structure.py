"""The desktop application's structure: no import cycles in `ui`, typed chart change events,
no model writes from the chart editor's getters, and a window made of one-job flow modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ui

UI = Path(ui.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(UI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, is_package: bool) -> set[str]:
    """Every `ui` module `path` imports, at any depth (inside functions and TYPE_CHECKING
    blocks too: a cycle hidden in a function is still a cycle)."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found.update(c for c in candidates if c == "ui" or c.startswith("ui."))
    return found


def ui_import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in UI.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = _imports(path, name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of module names, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_ui_modules_import_each_other_without_cycles():
    """commands -> controller -> outline_model -> commands was one: commands now depend on the
    `ui.events.EditHost` protocol, not on the controller."""
    graph = ui_import_graph()
    assert "ui.commands" in graph and "ui.controller" not in graph["ui.commands"]
    cycle = find_cycle({k: v - {"ui"} for k, v in graph.items()})
    assert cycle is None, " -> ".join(cycle)


def test_flows_do_not_import_the_window():
    """Each flow is a piece of the window, never a user of it (which would be a cycle)."""
    graph = ui_import_graph()
    flows = [name for name in graph if name.startswith("ui.flows.")]
    assert {"ui.flows.files", "ui.flows.recovery", "ui.flows.export_flow", "ui.flows.printing",
            "ui.flows.help"} <= set(flows)
    assert not [f for f in flows if "ui.mainwindow" in graph[f]]


def test_no_ui_module_is_a_long_mixture():
    """The window and the chart editor were 980 and 670 lines of five jobs each."""
    long = {str(p.relative_to(UI.parent)): n for p in UI.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 550}
    assert not long


def test_chart_changes_are_typed_events(qtbot):
    from briefing.model import document as m
    from briefing.model import edit
    from ui.commands import SetChartCell
    from ui.controller import DocumentController
    from ui.events import CellEdited

    ctrl = DocumentController()
    ctrl.doc.sections.append(section := edit.new_section(ctrl.doc, "chart"))
    seen = []
    ctrl.chartEdited.connect(lambda s, change: seen.append(change))
    ctrl.push(SetChartCell(ctrl, section, 1, 1, m.Value(5)))
    assert seen == [CellEdited(row=1, column=1)]
    ctrl.undo.undo()
    assert seen[-1] == CellEdited(1, 1)


def test_the_chart_grid_reads_the_chart_without_writing_it(qtbot):
    """A getter that made a missing chart on read changed the document without an undo step;
    a chart section without a chart is a bug and says so."""
    from briefing.model import document as m
    from ui.chart.grid_model import ChartGridModel
    from ui.controller import DocumentController

    ctrl = DocumentController()
    section = m.Section(id="c", kind="chart", title="Chart")
    ctrl.doc.sections.append(section)
    model = ChartGridModel(ctrl, section)
    with pytest.raises(ValueError, match="without a chart"):
        _ = model.chart
    assert section.chart is None
