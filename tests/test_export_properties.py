"""Property test: any valid generated briefing exports to every output without error or overflow.

Given a document drawn from the same strategy as the round-trip properties (every section kind,
qualified and unknown values, markings, any printable text), when it is exported to the deck,
the slides PDF, the handout and the briefing paper, then nothing raises, the deck reopens, every
shape lies inside its slide and no text box holds more text than it can show.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from pptx import Presentation
from pypdf import PdfReader
from test_pptx_support import overflowing_text_boxes
from test_roundtrip_properties import documents

from briefing import load_text
from briefing.export.job import ExportJob, run_export
from briefing.format.writer import dumps
from briefing.layout import layout_document

# Exports draw real charts (about a second each), so this runs few examples by default;
# BRIEFING_EXAMPLES=1000 (as for the round-trip properties) makes it a soak.
EXAMPLES = max(6, int(os.environ.get("BRIEFING_EXAMPLES", "100")) // 12)


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_any_valid_document_exports_everywhere_without_overflow(doc):
    for section in doc.sections:  # images need real files; the edge-case tests cover them
        if section.kind == "image":
            section.kind, section.image, section.text = "text", None, section.title
    doc = load_text(dumps(doc))  # only what a user can actually have on disk
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                        report=out / "r.pdf", per_page=4)
        run_export(doc, job)
        prs = Presentation(str(job.pptx))
        pages = layout_document(doc).pages
        assert len(prs.slides) == len(pages)
        assert overflowing_text_boxes(prs) == []
        for n, slide in enumerate(prs.slides, start=1):
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0, (n, shape.name)
                assert shape.left + shape.width <= prs.slide_width + 1, (n, shape.name)
                assert shape.top + shape.height <= prs.slide_height + 1, (n, shape.name)
        assert len(PdfReader(str(job.pdf)).pages) == len(pages)
        assert len(PdfReader(str(job.handout)).pages) == -(-len(pages) // 4)
        assert len(PdfReader(str(job.report)).pages) >= 1
