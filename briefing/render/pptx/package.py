"""Package hygiene for the PPTX: document properties and a reproducible zip.

python-pptx stamps zip entries with the current time, and the chart workbooks XlsxWriter embeds
carry their own creation time; a template can carry its author's name and company. Here the
properties come from the briefing only, every timestamp derives from its as-of date, and the zip
is rewritten entry by entry, so the same briefing always gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.parts.slide import NotesSlidePart, SlidePart

from briefing.model.document import Document

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Briefing Desk</Application><Slides>{slides}</Slides>"
    "<PresentationFormat>Widescreen</PresentationFormat></Properties>"
)
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


#: the moments a zip entry can carry (MS-DOS time: years 1980 to 2107, even seconds)
ZIP_EARLIEST = dt.datetime(1980, 1, 1)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)
#: python-pptx refuses longer title, subject and author properties (the core properties' limit)
CORE_TEXT_LIMIT = 255


def fixed_time(doc: Document) -> dt.datetime:
    """Midnight UTC of the as-of date (or its own time): never the moment of export.

    Clamped to what a zip entry can store (1980 to 2107): the deck's entries and its document
    properties carry this one moment, while the slides show the as-of date as written."""
    a = doc.as_of
    if isinstance(a, dt.datetime):
        offset = a.utcoffset() or dt.timedelta(0)
        try:
            stamp = a.replace(tzinfo=None, microsecond=0) - offset
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the last datetime in UTC
            stamp = dt.datetime.max if offset < dt.timedelta(0) else dt.datetime.min
    else:
        stamp = dt.datetime(a.year, a.month, a.day)
    return min(max(stamp.replace(microsecond=0), ZIP_EARLIEST), ZIP_LATEST)


def core_text(text: str | None) -> str:
    """`text` as a core property: cut to the limit with an ellipsis (the slides keep it all)."""
    text = text or ""
    if len(text) <= CORE_TEXT_LIMIT:
        return text
    return text[:CORE_TEXT_LIMIT - 1].rstrip() + "\u2026"


class PartnameCounter:
    """A drop-in for python-pptx's `Package.next_partname` that does not rescan the package.

    The stock method walks every part of the package on each call (for each chart, its
    workbook and each notes page), which makes a deck with many charts quadratic: 200 chart
    slides took 19 s, half of it here. Names come out the same: the lowest free number.
    """

    def __init__(self, package) -> None:
        self._taken = {str(p.partname) for p in package.iter_parts()}
        self._next: dict[str, int] = {}

    def __call__(self, tmpl: str):
        from pptx.opc.packuri import PackURI

        n = self._next.get(tmpl, 1)
        while tmpl % n in self._taken:
            n += 1
        self._next[tmpl] = n + 1
        self._taken.add(tmpl % n)
        return PackURI(tmpl % n)


class RelationshipIndex:
    """A drop-in for python-pptx's `_Relationships.get_or_add` that does not rescan.

    The stock method regroups every relationship of the part by type on each call, and the
    presentation part relates to every slide: adding slides was quadratic (a 860-slide deck
    spent 4 s there). The rId returned is the same: an existing relationship of that type to
    that part if there is one (the first), else the next free rId.
    """

    def __init__(self, rels) -> None:
        self._rels = rels
        self._index: dict[tuple[str, int], str] = {}
        for r_id, rel in rels.items():
            if not rel.is_external:
                self._index.setdefault((rel.reltype, id(rel.target_part)), r_id)

    def __call__(self, reltype: str, target_part) -> str:
        key = (reltype, id(target_part))
        r_id = self._index.get(key)
        if r_id is not None:
            rel = self._rels._rels.get(r_id)
            if rel is not None and not rel.is_external and rel.reltype == reltype \
                    and rel.target_part is target_part:
                return r_id
        r_id = self._rels._add_relationship(reltype, target_part)
        self._index[key] = r_id
        return r_id


class FinishedSlidePart(SlidePart):
    """A slide part that can be turned into its bytes once the slide is drawn.

    python-pptx keeps every slide as a parsed XML tree until the deck is saved: a table run
    over 280 slides held half a gigabyte of trees. `finish` serializes the slide exactly as
    saving would and lets the tree go; the saved deck is the same bytes."""

    _finished: bytes | None = None

    def finish(self) -> None:
        """The slide is complete: keep its XML as bytes, drop the tree (and python-pptx's
        cached `Slide`, which holds the shape tree). The slide is not to be touched after."""
        self._finished = serialize_part_xml(self._element)
        self.__dict__.pop("slide", None)
        self._element = None

    @property
    def blob(self) -> bytes:
        return self._finished if self._finished is not None else super().blob


def set_notes(slide, text: str) -> None:
    """The slide's speaker notes.

    python-pptx builds every notes slide by cloning the notes master's placeholders, a fifth of
    a long deck's time; the clone comes out the same each time, so the presentation's first
    one is kept and copied for the others (same parts, relationships and bytes)."""
    slide_part = slide.part
    package = slide_part.package
    template = getattr(package, "_briefing_notes_template", None)
    if template is None or not isinstance(slide_part, SlidePart):
        notes_slide = slide.notes_slide
        package._briefing_notes_template = copy.deepcopy(notes_slide.element)
    else:
        part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, package, copy.deepcopy(template))
        part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        notes_slide = slide.notes_slide
    notes_slide.notes_text_frame.text = text


def speed_up_partnames(prs) -> None:
    """Install PartnameCounter on this presentation's package and RelationshipIndex on its
    presentation part (this instance only)."""
    package = prs.part.package
    package.next_partname = PartnameCounter(package)
    rels = prs.part.rels
    rels.get_or_add = RelationshipIndex(rels)


def set_core_properties(prs, doc: Document) -> None:
    """Title, subject and author from the briefing; every other property emptied."""
    cp = prs.core_properties
    when = fixed_time(doc)
    cp.title = core_text(doc.title)
    cp.subject = core_text(doc.subtitle)
    cp.author = core_text(doc.author)
    cp.last_modified_by = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.content_status = ""
    cp.identifier = ""
    cp.language = ""
    cp.version = ""
    cp.revision = 1
    cp.created = when
    cp.modified = when
    for el in list(cp._element):
        if el.tag.endswith("}lastPrinted"):  # never printed; a template's date is not ours
            cp._element.remove(el)


def set_app_properties(prs, slide_count: int) -> None:
    """Replace docProps/app.xml: a template's copy names its company and its own slides."""
    for part in prs.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part.blob = APP_XML.format(slides=slide_count).encode("utf-8")


def drop_thumbnail(prs) -> None:
    """A template's thumbnail pictures the template's own first slide, not this deck."""
    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.drop_rel(r_id)


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same package with fixed entry timestamps and attributes (order kept: the content
    types entry stays first), embedded workbooks normalized the same way."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                blob = normalize_zip(blob, when)
            elif info.filename.endswith("core.xml"):
                blob = _W3CDTF.sub(rb"\g<1>" + iso + rb"\g<2>", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, blob, compresslevel=6)
    return out.getvalue()
