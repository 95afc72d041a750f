"""Package hygiene for the PPTX: document properties and a reproducible zip.

python-pptx stamps zip entries with the current time, and the chart workbooks XlsxWriter embeds
carry their own creation time; a template can carry its author's name and company. Here the
properties come from the briefing only, every timestamp derives from its as-of date, and the zip
is rewritten entry by entry, so the same briefing always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from .model import Document

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Briefing Desk</Application><Slides>{slides}</Slides>"
    "<PresentationFormat>Widescreen</PresentationFormat></Properties>"
)
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def fixed_time(doc: Document) -> dt.datetime:
    """Midnight UTC of the as-of date (or its own time): never the moment of export."""
    a = doc.as_of
    if isinstance(a, dt.datetime):
        if a.tzinfo is not None:
            a = a.astimezone(dt.UTC).replace(tzinfo=None)
        stamp = a.replace(microsecond=0)
    else:
        stamp = dt.datetime(a.year, a.month, a.day)
    return max(stamp, dt.datetime(1980, 1, 1))  # zip cannot store earlier dates


def set_core_properties(prs, doc: Document) -> None:
    """Title, subject and author from the briefing; every other property emptied."""
    cp = prs.core_properties
    when = fixed_time(doc)
    cp.title = doc.title
    cp.subject = doc.subtitle or ""
    cp.author = doc.author or ""
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
