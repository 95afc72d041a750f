"""The fast paths give the same files as the plain ones (speed itself is measured by
benchmarks/run.py, never asserted here)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest

from briefing.export import forked
from briefing.model import document as m


def _many_charts(n: int = 8) -> m.Document:
    sections = []
    for k in range(n):
        kind = m.CHART_TYPES[k % 5]
        chart = m.Chart(type=kind, unit="people", categories=["North", "South", "East"],
                        series=[m.Series("Killed", [m.Value(k + 1), m.Value(None),
                                                    m.Value(9, qualifier="at least")]),
                                m.Series("Injured", [m.Value(2 * k), m.Value(4), m.Value(1)])])
        sections.append(m.Section(kind="chart", title=f"Chart {k + 1}", id=f"c{k}",
                                  chart=chart))
    sections.append(m.Section(kind="text", title="After", id="t", text="- A point."))
    return m.Document(title="Many charts", as_of=dt.date(2024, 1, 19), sections=sections)


EXPORT = textwrap.dedent("""
    import hashlib, json, sys
    from pathlib import Path
    from briefing import load_text
    from briefing.export import forked
    from briefing.export.job import default_job, run_export
    out = Path(sys.argv[1])
    run_export(load_text(sys.stdin.read()), default_job("doc", out))
    print(json.dumps({
        "files": {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in sorted(out.iterdir())},
        "forked": forked.fork_safe(),
        "matplotlib": [k for k in sys.modules if k.split(".")[0] == "matplotlib"][:3],
    }))
""")


def _export(text: str, out, parallel: str, extra_code: str = "") -> dict:
    env = dict(os.environ, BRIEFING_PARALLEL=parallel)
    res = subprocess.run([sys.executable, "-c", extra_code + EXPORT, str(out)], input=text,
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_a_deck_written_by_a_forked_child_is_the_same_file_as_written_in_turn(tmp_path):
    from briefing import dumps

    text = dumps(_many_charts())
    alone = _export(text, tmp_path / "alone", "0")
    beside = _export(text, tmp_path / "beside", "1")
    assert not alone["forked"]
    if not beside["forked"]:
        pytest.skip("one processor: the deck is never written beside the PDFs here")
    assert beside["files"] == alone["files"]
    assert sorted(alone["files"]) == ["doc-handout.pdf", "doc.pdf", "doc.pptx"]


def test_an_export_with_charts_never_imports_matplotlib(tmp_path):
    from briefing import dumps

    result = _export(dumps(_many_charts(3)), tmp_path, "0")
    assert result["matplotlib"] == []


def test_when_the_child_fails_the_deck_is_written_here_and_its_error_reported(tmp_path):
    """The child's failure is not lost: this process writes the deck again and raises."""
    from briefing import dumps

    sabotage = textwrap.dedent("""
        import os
        import briefing.render.pptx.deck as pe
        from briefing.errors import ExportError
        parent = os.getpid()
        real = pe.write_pptx
        def write_pptx(*a, **k):
            if os.getpid() != parent:  # only in the forked child
                raise ExportError("child broke")
            return real(*a, **k)
        pe.write_pptx = write_pptx
    """)
    result = _export(dumps(_many_charts(2)), tmp_path / "a", "1", sabotage)
    if not result["forked"]:
        pytest.skip("one processor: the deck is never written beside the PDFs here")
    plain = _export(dumps(_many_charts(2)), tmp_path / "b", "0")
    assert result["files"] == plain["files"]


def test_a_failing_child_says_so_and_a_finished_one_too():
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    children: list[forked.Child] = []
    forked.start(lambda: None, children.append)
    forked.start(lambda: 1 / 0, children.append)
    ok, bad = children
    assert ok.wait() is True
    assert bad.wait() is False


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.delenv(forked.ENV, raising=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forked.fork_safe() is False
    finally:
        stop.set()
        thread.join()


def test_the_environment_can_turn_forking_off(monkeypatch):
    monkeypatch.setenv(forked.ENV, "0")
    assert forked.fork_safe() is False


INTERRUPTED = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from briefing import load_text
    from briefing.export import forked
    from briefing.export.job import default_job, run_export
    real = forked.Child.__init__
    def interrupted(self, pid):  # Ctrl-C arrives right after the fork
        real(self, pid)
        os.kill(os.getpid(), signal.SIGINT)
    forked.Child.__init__ = interrupted
    try:
        run_export(load_text(sys.stdin.read()), default_job("doc", Path(sys.argv[1])))
    except KeyboardInterrupt:
        children = []
        try:
            while True:
                children.append(os.wait())
        except ChildProcessError:
            pass
        print("interrupted", len(children))
""")


def test_ctrl_c_right_after_the_fork_stops_the_child_and_leaves_no_file(tmp_path):
    """Given an export whose deck a child writes, when Ctrl-C arrives as the child starts,
    then the child is stopped and reaped by the export itself and nothing is left behind."""
    from briefing import dumps

    env = dict(os.environ, BRIEFING_PARALLEL="1")
    res = subprocess.run([sys.executable, "-c", INTERRUPTED, str(tmp_path)],
                         input=dumps(_many_charts(2)), capture_output=True, text=True, env=env)
    if "interrupted" not in res.stdout and res.returncode == 0:
        pytest.skip("one processor: no child is forked here")
    assert res.stdout.strip() == "interrupted 0", res.stderr  # already reaped by run_export
    assert list(tmp_path.iterdir()) == []  # no deck, no hidden temporary
