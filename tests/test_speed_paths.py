"""The fast paths give the same files as the plain ones (speed itself is measured by
benchmarks/run.py, never asserted here)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap

import pytest

from briefing import model as m

SCRIPT = textwrap.dedent("""
    import hashlib, io, json, os, sys
    from briefing import load_text
    from briefing.pdf_report import write_report_pdf
    from briefing.pdf_slides import write_handout_pdf, write_slides_pdf
    doc = load_text(sys.stdin.read())
    out = {}
    for name, write in (("slides", write_slides_pdf), ("handout", write_handout_pdf),
                        ("paper", write_report_pdf)):
        buf = io.BytesIO()
        write(doc, buf)
        out[name] = hashlib.sha256(buf.getvalue()).hexdigest()
    from briefing import pdf_chartjobs
    out["workers"] = pdf_chartjobs._workers(100)
    print(json.dumps(out))
""")


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


def _export(text: str, workers: str) -> dict:
    env = dict(os.environ, BRIEFING_CHART_WORKERS=workers)
    res = subprocess.run([sys.executable, "-c", SCRIPT], input=text, capture_output=True,
                         text=True, env=env, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_charts_drawn_by_worker_processes_give_the_same_pdfs_as_drawn_one_by_one():
    from briefing import dumps

    text = dumps(_many_charts())
    alone = _export(text, "0")
    helped = _export(text, "2")
    assert alone["workers"] == 0
    if helped["workers"] == 0:  # a one-processor machine: nothing to compare
        pytest.skip("one processor: charts are never drawn by workers here")
    assert {k: helped[k] for k in ("slides", "handout", "paper")} == \
        {k: alone[k] for k in ("slides", "handout", "paper")}


def test_a_deck_without_charts_exports_without_importing_matplotlib(tmp_path):
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from briefing import load_text
        from briefing.export import default_job, run_export
        doc = load_text(sys.stdin.read())
        run_export(doc, default_job("plain", Path(sys.argv[1])))
        print([k for k in sys.modules if k == "matplotlib" or k.startswith("matplotlib.")][:3])
    """)
    from briefing import dumps

    doc = _many_charts()
    doc.sections = [s for s in doc.sections if s.kind != "chart"]
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path)], input=dumps(doc),
                         capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain-handout.pdf", "plain.pdf",
                                                          "plain.pptx"]


EXPORT = textwrap.dedent("""
    import hashlib, json, sys
    from pathlib import Path
    from briefing import load_text
    from briefing.export import default_job, run_export
    out = Path(sys.argv[1])
    run_export(load_text(sys.stdin.read()), default_job("doc", out))
    print(json.dumps({p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in sorted(out.iterdir())}))
""")


def test_an_export_whose_charts_a_worker_draws_writes_the_same_files(tmp_path):
    """run_export lets a worker process draw the charts while it writes the deck."""
    from briefing import dumps

    doc = _many_charts(2)
    results = []
    for workers in ("0", "1"):
        out = tmp_path / workers
        out.mkdir()
        env = dict(os.environ, BRIEFING_CHART_WORKERS=workers)
        res = subprocess.run([sys.executable, "-c", EXPORT, str(out)], input=dumps(doc),
                             capture_output=True, text=True, env=env, check=True)
        results.append(json.loads(res.stdout.strip().splitlines()[-1]))
    assert results[0] == results[1]
    assert sorted(results[0]) == ["doc-handout.pdf", "doc.pdf", "doc.pptx"]
