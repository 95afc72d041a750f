"""Typography every output shares: where lines may break, what is drawn, how text is measured.

Given text with dates, citations, Persian words with a zero-width non-joiner or pasted direction
marks, when any output lays it out and draws it, then a date or a citation group is never split
over two lines, no citation starts a line, nothing is drawn for a default-ignorable character,
and Persian is measured as wide as the PDFs draw it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from pypdf import PdfReader

from briefing.model import document as m
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pdf.slides import write_slides_pdf
from briefing.text import metrics as tm
from briefing.text.breaks import NBSP, keep_together
from briefing.text.fonts import font_runs, string_width
from briefing.text.ignorable import drop_ignorable, is_ignorable
from briefing.text.shaping import shape, visual

ZWNJ, ZWJ, LRM, RLM, SHY = "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad"


# --- no line break inside a date or a citation group, nor before a citation -----------------

@pytest.mark.parametrize("date", ["18 Jan", "10 November 2020", "27 September 2020",
                                  "January 18, 2024", "November 2020", "5 Sept. 2021"])
def test_a_date_is_never_split_over_two_lines(date):
    text = f"Artillery fire was reported along the line of contact on {date} by both sides"
    for width in range(int(tm.measure(date, 12.0)) + 1, 420, 3):  # wherever the date fits
        lines = tm.wrap_text(text, float(width), 12.0)
        assert any(date.replace(" ", NBSP) in line for line in lines), (width, lines)


def test_a_citation_group_stays_together_and_with_the_word_before_it():
    text = "Drone strikes hit Stepanakert [1] [2] [11]"
    for width in range(int(tm.measure("Stepanakert [1] [2] [11]", 12.0)) + 1, 300, 2):
        lines = tm.wrap_text(text, float(width), 12.0)
        assert not any(line.startswith("[") for line in lines), (width, lines)
        assert any(f"Stepanakert{NBSP}[1]{NBSP}[2]{NBSP}[11]" in line for line in lines), \
            (width, lines)


def test_a_citation_in_a_run_of_its_own_still_follows_its_word():
    # the layout puts a judgment's markers in a muted run of their own: " [3]"
    runs = [m_run("The ceasefire will not hold beyond the winter"), m_run(" [3]")]
    for width in range(60, 330, 2):
        lines = tm.wrap(runs, float(width), 14.0)
        assert not lines[-1].text.startswith("["), width


def test_the_rules_change_only_spaces_one_for_one():
    text = "On 18 January 2024 [1] [2, 3] a 12 days May it"
    kept = keep_together(text)
    assert len(kept) == len(text)
    assert kept.replace(NBSP, " ") == text
    assert kept == f"On 18{NBSP}January{NBSP}2024{NBSP}[1]{NBSP}[2,{NBSP}3] a 12 days May it"


def test_ordinary_numbers_and_words_keep_their_break_opportunities():
    assert keep_together("It may 2024 rockets, 100 Jan") == "It may 2024 rockets, 100 Jan"


def _doc_with(text: str, **kw) -> m.Document:
    section = m.empty_section("text", "Dates", "d")
    section.text = text
    return m.Document(title="Typography", as_of=dt.date(2020, 11, 10), sections=[section], **kw)


def test_the_deck_writes_protected_spaces_as_no_break_spaces():
    from briefing.render.pptx.deck import write_pptx

    doc = _doc_with("The ceasefire of 10 November 2020 was signed in Moscow.")
    out = io.BytesIO()
    write_pptx(doc, out)
    slides = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("ppt/slides/slide")]
    xml = "".join(zipfile.ZipFile(out).read(n).decode() for n in slides)
    assert f"10{NBSP}November{NBSP}2020" in xml


@pytest.mark.parametrize("writer", [write_slides_pdf, write_report_pdf])
def test_a_date_is_drawn_on_one_line_in_every_pdf(writer):
    # a line of words ending so that a plain greedy breaker would split "10 / November 2020"
    words = " ".join(["word"] * 40)
    text = " ".join(f"{words[:k]} on 10 November 2020 [1]" for k in range(0, 160, 9))
    out = io.BytesIO()
    writer(_doc_with(text), out)
    drawn = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    lines = [line.strip() for line in drawn.splitlines()]
    assert not any(line.endswith(" 10") or line.endswith(" on 10") for line in lines)
    assert not any(line.startswith("November") or line.startswith("2020") for line in lines)


def m_run(text: str):
    from briefing.layout.geometry import Run

    return Run(text)


# --- default-ignorable characters ---------------------------------------------------------

@pytest.mark.parametrize("char", [ZWNJ, ZWJ, LRM, RLM, SHY, "\u2060", "\ufeff"])
def test_default_ignorable_characters_are_known_as_such(char):
    assert is_ignorable(char)
    assert not is_ignorable("a") and not is_ignorable(" ") and not is_ignorable("\u0645")


@pytest.mark.parametrize("text", ["می\u200cشود", "Zahedan\u200e", "co\u00adoperation",
                                  "\u200fسراوان", "a\u200db"])
def test_no_glyph_is_drawn_for_an_ignorable_character(text):
    drawn = "".join(piece for piece, _font in font_runs(text))
    assert not any(is_ignorable(c) for c in drawn)
    assert tm.measure(text, 12) == pytest.approx(string_width(text, 12))
    assert tm.measure(text, 12) == pytest.approx(tm.measure(drop_ignorable(text), 12)) or \
        "\u0645" in text  # Persian: the joiner changes the forms, so the width


def test_the_zwnj_keeps_its_effect_in_persian_shaping():
    # "می‌شود": yeh ends its word part (final form), sheen starts a new one (initial form)
    shaped = shape("می\u200cشود")
    assert "\ufbfd" in shaped  # FARSI YEH FINAL FORM
    assert "\ufeb7" in shaped  # SHEEN INITIAL FORM
    joined = shape("میشود")
    assert "\ufbfd" not in joined and "\ufeb7" not in joined


def test_the_zwj_joins_a_letter_to_what_follows():
    assert shape("\u0647\u200d")[0] == "\ufeeb"  # HEH INITIAL FORM, joined to the joiner


@pytest.mark.parametrize("writer", [write_slides_pdf, write_report_pdf])
def test_no_pdf_draws_a_zwnj_or_a_mark(writer):
    out = io.BytesIO()
    writer(_doc_with("- گفته می\u200cشود در سراوان\u200f\n- co\u00adoperation"), out)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert "operation" in text
    assert not any(c in text for c in (ZWNJ, ZWJ, LRM, RLM, SHY))


# --- Persian and Urdu are measured as drawn ------------------------------------------------

@pytest.mark.parametrize("text", ["سیستان و بلوچستان", "بلوچستان، پاکستان", "می\u200cشود",
                                  "Saravan (سراوان) was hit"])
def test_arabic_script_is_measured_after_shaping_as_the_pdfs_draw_it(text):
    assert tm.measure(text, 14) == pytest.approx(string_width(text, 14))
    # the bare letters (isolated forms) are much wider than the joined word
    assert tm.measure(text, 14) < sum(tm.measure(c, 14) for c in text) or " " in text


def test_shaping_is_visual_order_independent_of_measuring():
    assert string_width(visual("سراوان"), 12) == pytest.approx(tm.measure("سراوان", 12))


# --- a long section continues at a sentence or paragraph boundary -------------------------

def _sentences(n: int, start: int = 0) -> str:
    return " ".join(f"Sentence {k} tells of rockets and cluster munitions falling on the town "
                    f"of Ganja overnight." for k in range(start, start + n))


def _pages(paragraphs: list[str], width: float = 600, height: float = 300):
    from briefing.layout.geometry import Paragraph, Run
    from briefing.layout.text import paginate

    paras = [Paragraph(runs=[Run(t)], size=18, space_before=9) for t in paragraphs]
    return paginate(paras, width, lambda _k: height)


def test_a_page_ends_where_a_sentence_ends_when_one_fits():
    pages = _pages([_sentences(12)])
    assert len(pages) > 1
    for page in pages[:-1]:
        assert page[-1].text.rstrip().endswith("overnight."), page[-1].text[-60:]


def test_a_page_ends_with_its_last_whole_paragraph_rather_than_mid_sentence():
    # one long sentence, no full stop in the lines that fit: it starts the next page
    long_sentence = " ".join(["rockets and cluster munitions"] * 40)
    pages = _pages([_sentences(6), long_sentence])
    assert pages[0][-1].text == _sentences(6)
    assert pages[1][0].text.startswith("rockets")


def test_split_text_loses_nothing_and_keeps_its_order():
    text = [_sentences(9), _sentences(4, 9), _sentences(15, 13)]
    pages = _pages(text)
    joined = " ".join(q.text for page in pages for q in page)
    assert "".join(joined.split()) == "".join(" ".join(text).split())


def test_a_page_is_not_left_half_empty_for_a_sentence_boundary():
    # the only sentence end is in the first line: better split mid-sentence than waste the page
    text = "Ganja was hit. " + " ".join(["rockets and cluster munitions"] * 60)
    pages = _pages([text])
    cw = 600 - 8
    lines = [len(tm.paragraph_lines(q, cw)) for q in pages[0]]
    assert sum(lines) * 18 * 1.2 >= (300 - 8) * 0.5


# --- markup is rendered wherever text is shown -------------------------------------------

def _marked_up_doc() -> m.Document:
    judg = m.empty_section("judgments", "Judgments", "j")
    judg.items = [m.JudgmentItem(text="Tehran will **not** escalate _this winter_", confidence="high")]
    judg.caveat = "Figures are **unverified**"
    tl = m.empty_section("timeline", "Events", "t")
    tl.events = [m.Event(date=dt.date(2020, 9, 27), text=f"Event {k} with **heavy** shelling")
                 for k in range(8)]  # more than fit an axis: a dated table
    axis = m.empty_section("timeline", "Few events", "a")
    axis.events = [m.Event(date=dt.date(2020, 9, 27), text="The **offensive** begins")]
    table = m.empty_section("table", "Table", "tb")
    table.table = m.Table(columns=["Side", "Claim"],
                          rows=[m.TableRow(["Armenia", "**2,425** killed, _official_"])])
    return m.Document(title="Markup", as_of=dt.date(2020, 11, 10),
                      sections=[judg, tl, axis, table])


def _deck_runs(doc: m.Document) -> list[tuple[str, bool, bool]]:
    from pptx import Presentation

    from briefing.render.pptx.deck import write_pptx

    out = io.BytesIO()
    write_pptx(doc, out)
    found = []
    for slide in Presentation(out).slides:
        for sh in slide.shapes:
            frames = [sh.text_frame] if sh.has_text_frame else []
            if sh.has_table:
                frames += [c.text_frame for row in sh.table.rows for c in row.cells]
            for tf in frames:
                for p in tf.paragraphs:
                    for r in p.runs:
                        found.append((r.text, bool(r.font.bold), bool(r.font.italic)))
    return found


def test_markup_is_rendered_in_judgments_timelines_tables_and_caveats_of_the_deck():
    runs = _deck_runs(_marked_up_doc())
    text = "".join(t for t, _b, _i in runs)
    assert "**" not in text and "_this" not in text and "_official" not in text
    bold = {t.strip() for t, b, _i in runs if b}
    italic = {t.strip() for t, _b, i in runs if i}
    assert {"not", "unverified", "heavy", "offensive", "2,425"} <= bold
    assert {"this winter", "official"} <= italic


@pytest.mark.parametrize("writer", [write_slides_pdf, write_report_pdf])
def test_markup_is_not_printed_literally_in_the_pdfs(writer):
    out = io.BytesIO()
    writer(_marked_up_doc(), out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "**" not in text and "_this" not in text and "_official" not in text
    assert "heavy" in text and "official" in text
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Bold" in f for f in fonts) and any("Italic" in f for f in fonts)


def test_a_table_cell_is_measured_with_its_markup_parsed():
    from briefing.layout.tables import cell_lines

    lines = cell_lines("**bold** and _italic_", 400, 12)
    assert [line.text for line in lines] == ["bold and italic"]


# --- one wording in every output; nothing too small to read -------------------------------

NK = __import__("pathlib").Path(__file__).parent / "data" / "nagorno-karabakh-typography.yaml"


def _nk() -> m.Document:
    from briefing.format.reader import load_file

    return load_file(NK)


def test_a_source_is_worded_the_same_way_on_the_slide_and_in_the_paper():
    from briefing.layout import source_text

    doc = _nk()
    slide = [source_text(s) for s in doc.sources]
    assert slide[0] == ("Armenian Ministry of Defence statements. Unknown. "
                        "https://example.org/mod-am. Grade C3.")
    assert slide[1] == ("Azerbaijani Ministry of Defence statements. Government of Azerbaijan, "
                        "4 October 2020. Grade C3.")
    out = io.BytesIO()
    write_report_pdf(doc, out)
    paper = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    paper = " ".join(paper.replace(NBSP, " ").split())
    assert "Graded" not in paper and "unknown." not in paper
    assert slide[0] in paper and slide[1] in paper


def test_an_event_names_its_place_then_its_actor_in_every_output():
    from briefing.layout import layout_document

    doc = _nk()
    deck_text = " ".join(str(row) for page in layout_document(doc).pages
                         for e in page.elements if hasattr(e, "rows") for row in e.rows)
    assert "Ganja; Armenia" in deck_text
    out = io.BytesIO()
    write_report_pdf(doc, out)
    paper = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert paper.index("Ganja\nArmenia") >= 0
    assert "Where / who" in paper


@pytest.mark.parametrize("which", ["example", "nk"])
def test_no_text_on_a_slide_is_smaller_than_12_pt(which):
    from briefing.format.reader import load_file
    from briefing.layout import ChartFrame, TableFrame, TextBlock, layout_document
    from briefing.resources import example_path

    doc = load_file(example_path()) if which == "example" else _nk()
    sizes = []
    for page in layout_document(doc).pages:
        for e in page.elements:  # footers and banners included
            if isinstance(e, TextBlock):
                sizes += [p.size for p in e.paragraphs if p.text.strip()]
            elif isinstance(e, (TableFrame, ChartFrame)):
                sizes.append(e.font_size)
    assert sizes and min(sizes) >= 12.0


def test_judgments_in_the_paper_are_as_large_as_its_body_text():
    from briefing.render.pdf.paper import ReportRenderer

    styles = ReportRenderer(_nk()).styles
    assert styles["judgment"].fontSize >= styles["body"].fontSize


def test_the_papers_date_column_holds_the_longest_date_on_one_line():
    out = io.BytesIO()
    write_report_pdf(_nk(), out)
    paper = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert "27 September 2020" in paper.replace(NBSP, " ")


def test_a_timeline_tables_columns_are_headed_alike_on_the_slides_and_in_the_paper():
    from briefing.layout import TableFrame, layout_document

    doc = _nk()
    tables = [e for page in layout_document(doc).pages for e in page.elements
              if isinstance(e, TableFrame) and e.columns[:1] == ["Date"]]
    assert tables and all(t.columns == ["Date", "Where / who", "Event"] for t in tables)
    out = io.BytesIO()
    write_report_pdf(doc, out)
    paper = " ".join(" ".join(p.extract_text().split())
                     for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert "Date Where / who Event Sources" in paper and "What happened" not in paper
