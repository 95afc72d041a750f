"""Tagged PDF (PDF/UA intent) alongside ReportLab's drawing, which does not tag by itself.

While a PDF is drawn, `Tagger` wraps what each part draws in marked content through the
canvas's public `addLiteral`: real content as `/P <</MCID 3>> BDC … EMC`, tied to a structure
element (heading, paragraph, list item, table cell, figure with its alternative text), and
page furniture (banners, footers, page numbers, rules, backgrounds) as `/Artifact`. It records,
page by page, which structure element owns each marked-content id. `finish` then adds what
ReportLab cannot write (the structure tree, its parent tree, `/MarkInfo`, `/Lang`,
`/DisplayDocTitle`, each page's `/StructParents` and `/Tabs`) with pikepdf, in memory, before
the caller's atomic write. All of it is linear in what is drawn: one record per marked piece.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from briefing.text.language import run_language

#: the document's language: briefings are written in English (Persian and Urdu runs say theirs)
DOCUMENT_LANG = "en"
_ATTRIBUTE = "briefing_tagger"  # where a canvas keeps its tagger (our own attribute)


@dataclass(eq=False)
class Element:
    """One structure element: its role (H1, P, LI, TD, Figure…), alternative text, language,
    and its children in reading order: elements, or (page index, MCID) of marked content.

    One element may own marked content on several pages (a paragraph split across pages)."""

    role: str
    alt: str | None = None
    lang: str | None = None
    title: str | None = None  # /T: a heading's text, so a reader (and a test) can list them
    actual: str | None = None  # /ActualText: the text in reading order, where it is drawn shaped
    kids: list[Element | tuple[int, int]] = field(default_factory=list)

    def add(self, role: str, **attrs: str | None) -> Element:
        child = Element(role, **attrs)
        self.kids.append(child)
        return child

    def pages_with_content(self) -> set[int]:
        return {k[0] for k in self.kids if isinstance(k, tuple)}


class Tagger:
    """Records the structure of one PDF while its canvas draws it (see the module docstring).

    Marked content never nests: what is drawn inside a tagged piece belongs to it, and what is
    drawn inside an artifact is part of the artifact."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.pages: dict[int, list[Element]] = {}  # page index -> owner of MCID 0, 1, …
        self.keyed: dict[object, Element] = {}  # elements of pieces drawn apart (`flowtags`)
        #: drawn (shaped, visual) form -> text as written, of the Persian and Urdu pieces of
        #: the paper's paragraphs, and one pattern finding them (`reading_order`)
        self.drawn_as: dict[str, str] = {}
        self._drawn_pattern: re.Pattern[str] | None = None
        self._depth = 0

    def reading_order(self, drawn: str) -> str | None:
        """`reading_order` of `drawn` with the pieces this PDF knows (compiled once)."""
        if self._drawn_pattern is None and self.drawn_as:
            self._drawn_pattern = known_pattern(self.drawn_as)
        return reading_order(drawn, self.drawn_as, self._drawn_pattern)

    @staticmethod
    def of(canvas: Canvas) -> Tagger | None:
        """The tagger drawing on `canvas`, if any (a canvas without one draws untagged)."""
        return getattr(canvas, _ATTRIBUTE, None)

    def attach(self, canvas: Canvas) -> Tagger:
        setattr(canvas, _ATTRIBUTE, self)
        return self

    @property
    def inside(self) -> bool:
        return self._depth > 0

    def begin(self, canvas: Canvas, element: Element) -> None:
        """Start real content belonging to `element` (inside another piece: to that one);
        every `begin` and `begin_artifact` is closed by one `end`."""
        self._depth += 1
        if self._depth > 1:
            return
        page = canvas.getPageNumber() - 1
        owners = self.pages.setdefault(page, [])
        mcid = len(owners)
        owners.append(element)
        element.kids.append((page, mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")

    def begin_artifact(self, canvas: Canvas, kind: str | None = None) -> None:
        """Start page furniture or decoration (`kind`: "Pagination", "Layout"…), which a
        screen reader skips; inside a tagged piece it is part of that piece."""
        self._depth += 1
        if self._depth > 1:
            return
        canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC")

    def end(self, canvas: Canvas) -> None:
        self._depth -= 1
        if self._depth == 0:
            canvas.addLiteral("EMC")

    @contextmanager
    def content(self, canvas: Canvas, element: Element) -> Iterator[None]:
        self.begin(canvas, element)
        try:
            yield
        finally:
            self.end(canvas)

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str | None = None) -> Iterator[None]:
        self.begin_artifact(canvas, kind)
        try:
            yield
        finally:
            self.end(canvas)


@contextmanager
def tagged(canvas: Canvas, element: Element | None) -> Iterator[None]:
    """`Tagger.content` on a canvas that may have no tagger (then: just draw)."""
    tagger = Tagger.of(canvas)
    if tagger is None or element is None:
        yield
        return
    with tagger.content(canvas, element):
        yield


@contextmanager
def artifact(canvas: Canvas, kind: str | None = None) -> Iterator[None]:
    """`Tagger.artifact` on a canvas that may have no tagger."""
    tagger = Tagger.of(canvas)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas, kind):
        yield


@contextmanager
def language_span(canvas: Canvas, text: str) -> Iterator[None]:
    """A line in another language than the document's (Persian, Urdu): `/Span <</Lang (fa-IR)
    /ActualText (…)>> BDC … EMC`. The PDF draws such text shaped and in visual order; the
    actual text gives a reader (and copy and paste) the letters in reading order."""
    tagger = Tagger.of(canvas)
    lang = run_language(text, DOCUMENT_LANG)
    if tagger is None or lang == DOCUMENT_LANG:
        yield
        return
    actual = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    canvas.addLiteral(f"/Span <</Lang ({lang}) /ActualText <{actual}>>> BDC")
    try:
        yield
    finally:
        canvas.addLiteral("EMC")


_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
#: a run drawn right to left: Arabic-script letters and what lies between them (no Latin)
_RTL_RUN = re.compile(f"[{_ARABIC}](?:[^A-Za-z{_ARABIC}]*[{_ARABIC}])*")
_NUMBER = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*")
_MIRROR = str.maketrans("()[]{}<>\u00ab\u00bb", ")(][}{><\u00bb\u00ab")


def reading_order(drawn: str, known: Mapping[str, str] | None = None,
                  pattern: re.Pattern[str] | None = None) -> str | None:
    """The text of a paragraph the paper draws shaped and in visual order (ReportLab draws
    what it is given, so Persian and Urdu are handed to it pre-shaped, right to left), in
    reading order: each piece `known` maps from its drawn form to its text as written
    (`pattern`: `known_pattern(known)`), any other Arabic-script run turned back (numbers in
    it stay left to right) and unshaped. None for text without Arabic script."""
    if not re.search(f"[{_ARABIC}]", drawn):
        return None
    known = known or {}

    def back(match: re.Match[str]) -> str:
        found = known.get(match.group(0))
        if found is not None:
            return found
        run = match.group(0)[::-1].translate(_MIRROR)
        return _NUMBER.sub(lambda n: n.group(0)[::-1], run)

    return unicodedata.normalize("NFKC", (pattern or _RTL_RUN).sub(back, drawn))


def known_pattern(known: Mapping[str, str]) -> re.Pattern[str]:
    """One pattern for the drawn forms in `known` (longest first) or any right-to-left run."""
    keys = sorted(known, key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, keys), _RTL_RUN.pattern]))


def element_language(text: str) -> str | None:
    """The /Lang of an element whose text is mostly Persian or Urdu; None for English."""
    lang = run_language(text, DOCUMENT_LANG)
    if lang == DOCUMENT_LANG:
        return None
    letters = sum(ch.isalpha() for ch in text)
    foreign = len(text) - len(text.encode("ascii", "ignore"))
    return lang if letters and foreign * 2 >= letters else None


def finish(data: bytes, tagger: Tagger, stream: BinaryIO, *, lang: str = DOCUMENT_LANG) -> None:
    """Write `data` (ReportLab's untagged PDF) to `stream` with the structure `tagger` recorded.

    Deterministic: the same drawing gives the same bytes (pikepdf's content-derived /ID)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = [page.obj for page in pdf.pages]
        struct_root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        owners: dict[int, list[pikepdf.Object | None]] = {
            page: [None] * len(mcids) for page, mcids in tagger.pages.items()}
        top = _build(pdf, tagger.root, struct_root, pages, owners)
        struct_root.K = top if top is not None else pikepdf.Array()
        nums = pikepdf.Array()
        for index, page in enumerate(pages):
            page.Tabs = pikepdf.Name.S
            if index in owners:
                page.StructParents = index
                nums.append(index)
                nums.append(pikepdf.Array([o if o is not None else pikepdf.Object.parse(b"null")
                                           for o in owners[index]]))
        struct_root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        struct_root.ParentTreeNextKey = len(pages)
        _describe_links(pdf, pages)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = str(pdf.docinfo.get("/Title", ""))  # PDF/UA wants it in XMP
        root = pdf.Root
        root.StructTreeRoot = struct_root
        root.MarkInfo = pikepdf.Dictionary(Marked=True)
        root.Lang = pikepdf.String(lang)
        prefs = root.get("/ViewerPreferences") or pikepdf.Dictionary()
        prefs.DisplayDocTitle = True
        root.ViewerPreferences = prefs
        # ReportLab's streams are compressed already: passed through, not decoded and redone
        pdf.save(stream, deterministic_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)


def _build(pdf: pikepdf.Pdf, element: Element, parent: pikepdf.Object,
           pages: list[pikepdf.Object],
           owners: dict[int, list[pikepdf.Object | None]]) -> pikepdf.Object | None:
    """The structure element of `element` under `parent`; None when nothing of it was drawn
    (an element without content has no place in the tree)."""
    node = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + element.role), P=parent))
    kids = pikepdf.Array()
    for kid in element.kids:
        if isinstance(kid, Element):
            child = _build(pdf, kid, node, pages, owners)
            if child is not None:
                kids.append(child)
        else:
            page, mcid = kid
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[page], MCID=mcid))
            owners[page][mcid] = node
    if not kids:
        return None
    node.K = kids
    if element.alt is not None:
        node.Alt = pikepdf.String(element.alt)
    if element.lang:
        node.Lang = pikepdf.String(element.lang)
    if element.title:
        node.T = pikepdf.String(element.title)
    if element.role == "TH":  # every header cell here heads its column
        node.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column)
    if element.actual:
        node.ActualText = pikepdf.String(element.actual)
    return node


def _describe_links(pdf: pikepdf.Pdf, pages: list[pikepdf.Object]) -> None:
    """Give each link a description a reader can announce (`/Contents`): the address it
    opens, or the page it goes to."""
    number = {page.objgen: index + 1 for index, page in enumerate(pages)}
    for page in pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link" or str(annot.get("/Contents", "")).strip():
                continue
            action, dest = annot.get("/A"), annot.get("/Dest")
            if action is not None and action.get("/URI") is not None:
                annot.Contents = pikepdf.String(f"Open {action.URI}")
            elif isinstance(dest, pikepdf.Array) and len(dest) and \
                    dest[0].objgen in number:
                annot.Contents = pikepdf.String(f"Go to page {number[dest[0].objgen]}")
