"""A corporate template, reduced to the data a deck needs before python-pptx ever opens it.

A template comes from a stranger. Of its package only what the deck draws on is kept: the
presentation, its slide masters and layouts, themes, notes and handout masters, their pictures
(raster and EMF/WMF), embedded fonts and tags, and the properties parts the export rewrites.
Everything else is left behind and named in a warning: macro projects and macro-enabled types,
ribbon customisations, ActiveX controls, embedded objects, external links and linked pictures
(beacons, UNC paths that hand over Windows credentials), SVG pictures (scripts, links; their
PNG fallback stays), custom properties, DOCTYPE declarations and entity references. The template's
own slides go too, quietly, as the export always did. Every kept XML part is parsed without DTDs,
entities or network and written back without a DOCTYPE; references to what was removed are
taken out of it, so the deck is whole. Sizes are checked from the zip's headers first
(`safezip`); parts nothing refers to are never read, and refused when big.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from briefing.errors import ExportError
from briefing.render.pptx.safezip import MB, TEMPLATE_LIMITS, SafeZip, ZipLimits, size_text

#: the one parser for a template's XML: no DTD, no entity, no network, no huge trees
XML_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             dtd_validation=False, huge_tree=False)
#: a part that nothing in the template refers to is never read; over this size, the
#: template is refused (a real one has no such part: it is a payload, or a bomb)
UNREFERENCED_LIMIT = 1 * MB
#: an XML part costs lxml about ten times its size; a real master or theme is under 1 MB
XML_LIMIT = 10 * MB
#: relationships in the whole template (a real one has a few hundred)
MAX_RELATIONSHIPS = 10_000

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAIN_TYPES = {CT.PML_PRESENTATION_MAIN, CT.PML_PRES_MACRO_MAIN, CT.PML_TEMPLATE_MAIN,
               CT.PML_SLIDESHOW_MAIN,
               "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
               "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml"}
_IMAGE_TYPES = {CT.PNG, CT.JPEG, CT.GIF, CT.BMP, CT.TIFF, CT.X_EMF, CT.X_WMF, "image/jpg",
                "image/emf", "image/wmf", "image/x-png"}
_FONT_TYPES = {CT.X_FONTDATA, CT.X_FONT_TTF,
               "application/vnd.openxmlformats-officedocument.obfuscatedFont"}
#: relationship type -> the content types its target may have to be kept
KEEP: dict[str, set[str]] = {
    RT.OFFICE_DOCUMENT: _MAIN_TYPES,
    RT.CORE_PROPERTIES: {CT.OPC_CORE_PROPERTIES},
    RT.EXTENDED_PROPERTIES: {CT.OFC_EXTENDED_PROPERTIES},
    RT.SLIDE_MASTER: {CT.PML_SLIDE_MASTER},
    RT.SLIDE_LAYOUT: {CT.PML_SLIDE_LAYOUT},
    RT.THEME: {CT.OFC_THEME},
    RT.NOTES_MASTER: {CT.PML_NOTES_MASTER},
    RT.HANDOUT_MASTER: {CT.PML_HANDOUT_MASTER},
    RT.PRES_PROPS: {CT.PML_PRES_PROPS},
    RT.VIEW_PROPS: {CT.PML_VIEW_PROPS},
    RT.TABLE_STYLES: {CT.PML_TABLE_STYLES},
    RT.TAGS: {CT.PML_TAGS},
    RT.IMAGE: _IMAGE_TYPES,
    RT.FONT: _FONT_TYPES,
}
#: removed without a word (the last segment of the relationship type): the export has always
#: left out the template's slides (and what hangs off them) and its thumbnail, which pictures
#: a slide; printer settings, comment authors and revision data are no part of a deck
QUIET = {"slide", "thumbnail", "printerSettings", "commentAuthors", "revisionInfo",
         "changesInfo"}
#: words for what is removed, by the last segment of the relationship type
WORDS = {
    "vbaProject": "a VBA macro project",
    "extensibility": "a ribbon customisation, which can call macros",
    "custom-properties": "custom document properties",
    "control": "an ActiveX control",
    "activeXControlBinary": "ActiveX control data",
    "oleObject": "an embedded object (OLE)",
    "package": "an embedded document",
    "hyperlink": "a link",
    "image": "a linked picture",
    "video": "a video",
    "audio": "a sound",
    "media": "a media file",
    "origin": "a digital signature",
}
#: elements that carry shapes: one that refers to something removed goes as a whole
_SHAPES = {"sp", "pic", "graphicFrame", "cxnSp", "grpSp", "contentPart"}
#: elements that are only a link or a sound: they go alone
_LINKS = {"hlinkClick", "hlinkHover", "hlinkMouseOver", "snd"}
_XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ACTIONS = ("ppaction://macro", "ppaction://program", "ppaction://ole")


@dataclass(frozen=True)
class Removed:
    """One thing left out of the template, in words, and where it was."""

    what: str
    where: str

    def __str__(self) -> str:
        return f"{self.what} ({self.where})"


@dataclass(frozen=True)
class CleanTemplate:
    """The template as a package holding only data (`data`), and what was left out of it."""

    path: Path
    data: bytes
    removed: tuple[Removed, ...]

    def warning(self, shown: int = 8) -> str | None:
        """One line naming what was removed (None: nothing was)."""
        if not self.removed:
            return None
        items = [str(r) for r in self.removed]
        more = f"; and {len(items) - shown} more" if len(items) > shown else ""
        return ("removed from the template (a template is used as data only): "
                + "; ".join(items[:shown]) + more)


@dataclass(frozen=True)
class _Rel:
    r_id: str
    reltype: str
    target: str
    external: bool


def clean_template(path: Path, limits: ZipLimits = TEMPLATE_LIMITS) -> CleanTemplate:
    """The template at `path` as a clean package in memory; ExportError when it is refused."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"template not found: {path} (give the path of a .pptx file)")
    with SafeZip(path, path.name, limits) as z:
        return _Cleaner(z, path).run()


class _Cleaner:
    def __init__(self, z: SafeZip, path: Path) -> None:
        self.z, self.path = z, path
        self.removed: list[Removed] = []
        self.relationships = 0
        self._lower = {name.lower(): name for name in z.infos}

    def fail(self, what: str) -> ExportError:
        return ExportError(f"template {self.path.name} {what}; save it again from PowerPoint "
                           "as a .pptx and retry")

    # -- reading ---------------------------------------------------------------------------
    def parse(self, name: str) -> etree._Element:
        """A part's XML with any DOCTYPE, entity reference or processing instruction taken
        out (each named), parsed by XML_PARSER."""
        if self.z.size(name) > XML_LIMIT:
            raise self.fail(f"holds {name} of {size_text(self.z.size(name))} of XML; a "
                            f"template's XML parts may be at most {size_text(XML_LIMIT)}")
        try:
            tree = etree.parse(io.BytesIO(self.z.read(name)), XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise self.fail(f"has a damaged part {name} (not well-formed XML: {exc})") from exc
        root = tree.getroot()
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            self.removed.append(Removed("a DOCTYPE declaration", name))
        entities = list(root.iter(etree.Entity))
        if entities:
            names = sorted({f"&{e.name};" for e in entities})
            self.removed.append(Removed("entity references " + ", ".join(names[:5]), name))
        instructions = [*root.itersiblings(etree.PI, preceding=True),
                        *root.itersiblings(etree.PI), *root.iter(etree.PI)]
        if instructions:
            self.removed.append(Removed("a processing instruction", name))
        for node in entities + [pi for pi in instructions if pi.getparent() is not None]:
            _remove_keeping_tail(node)
        return root

    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        if "[Content_Types].xml" not in self.z.infos:
            raise self.fail("is not a PowerPoint package (no [Content_Types].xml)")
        root = self.parse("[Content_Types].xml")
        defaults, overrides = {}, {}
        for el in root:
            if el.tag == f"{{{_CT_NS}}}Default":
                defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
            elif el.tag == f"{{{_CT_NS}}}Override":
                overrides[(el.get("PartName") or "").lower()] = el.get("ContentType") or ""
        return defaults, overrides

    def content_type(self, name: str) -> str:
        override = self.overrides.get("/" + name.lower())
        if override is not None:
            return override
        return self.defaults.get(posixpath.splitext(name)[1][1:].lower(), "")

    def member(self, base: str, target: str) -> str | None:
        """The zip member a relationship's target names, or None."""
        target = unquote(target.replace("\\", "/"))
        joined = target[1:] if target.startswith("/") else posixpath.join(base, target)
        name = posixpath.normpath(joined)
        if name.startswith("../") or name in (".", ".."):
            return None
        if name in self.z.infos:
            return name
        return self._lower.get(name.lower())

    def rels(self, name: str) -> list[_Rel]:
        """The relationships of part `name` ('' for the package), as written."""
        rels_name = _rels_name(name)
        if rels_name not in self.z.infos:
            return []
        out = []
        for el in self.parse(rels_name):
            if el.tag != f"{{{_PKG_RELS}}}Relationship":
                continue
            out.append(_Rel(el.get("Id") or "", el.get("Type") or "", el.get("Target") or "",
                            (el.get("TargetMode") or "").lower() == "external"))
        if len({rel.r_id for rel in out}) != len(out):
            raise self.fail(f"has a damaged part {rels_name} (two relationships with one id)")
        self.relationships += len(out)
        if self.relationships > MAX_RELATIONSHIPS:
            raise self.fail(f"has more than {MAX_RELATIONSHIPS:,} relationships between its "
                            "parts")
        return out

    # -- the walk --------------------------------------------------------------------------
    def run(self) -> CleanTemplate:
        self.defaults, self.overrides = self.content_types()
        kept: dict[str, str] = {}  # member -> content type
        kept_rels: dict[str, list[tuple[_Rel, str]]] = {}
        dropped: dict[str, set[str]] = {}  # part -> rIds removed from it
        referenced: set[str] = set()
        todo = [""]
        while todo:
            source = todo.pop()
            base = posixpath.dirname(source)
            keep_here: list[tuple[_Rel, str]] = []
            for rel in self.rels(source):
                target = None if rel.external else self.member(base, rel.target)
                if target is not None:
                    referenced.add(target)
                reason = self.judge(source, rel, target)
                if reason is None:
                    keep_here.append((rel, target))
                    if target not in kept:
                        kept[target] = self.content_type(target)
                        todo.append(target)
                else:
                    dropped.setdefault(source, set()).add(rel.r_id)
                    if reason:
                        self.removed.append(reason)
            kept_rels[source] = keep_here
        self.mark_unreferenced(self.reachable(referenced - set(kept), set(kept)) | referenced)
        if not any(ct in _MAIN_TYPES for ct in kept.values()):
            raise self.fail("is not a PowerPoint presentation (it has no presentation part)")
        return CleanTemplate(self.path, self.write(kept, kept_rels, dropped),
                             tuple(self.removed))

    def judge(self, source: str, rel: _Rel, target: str | None) -> Removed | None | str:
        """None to keep the relationship, else what to say of its removal ('' for nothing)."""
        segment = rel.reltype.rstrip("/").rsplit("/", 1)[-1]
        where_from = source or "the package"
        if rel.external:
            what = WORDS.get(segment, f"an external {segment}")
            if rel.target.startswith(("\\\\", "//", "file:")):
                what += " to a network path or file"
            return Removed(what, f"{rel.target[:200]} in {where_from}")
        if target is None:
            return Removed(f"a relationship ({segment}) to a part the template does not have",
                           f"{rel.target[:200]} in {where_from}")
        if segment in QUIET:
            return ""
        content_type = self.content_type(target)
        if rel.reltype in KEEP and content_type in KEEP[rel.reltype]:
            if "macroEnabled" in content_type:
                self.removed.append(Removed("the macro-enabled document type", target))
            return None
        if rel.reltype == RT.IMAGE:
            return Removed(f"a picture of type {content_type or 'unknown'}", target)
        if rel.reltype in KEEP:
            return Removed(f"a {segment} part of type {content_type or 'unknown'}", target)
        return Removed(WORDS.get(segment, f"a {segment} part"), target)

    def reachable(self, starts: set[str], kept: set[str]) -> set[str]:
        """Every part below the removed ones (a sample slide's pictures, charts, workbooks):
        referred to, so not hidden, though never read. Only relationships are read, and
        those of kept parts only once (by the walk)."""
        seen, todo = set(starts) | kept, list(starts)
        while todo:
            source = todo.pop()
            for rel in self.rels(source):
                target = None if rel.external else \
                    self.member(posixpath.dirname(source), rel.target)
                if target is not None and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def mark_unreferenced(self, referenced: set[str]) -> None:
        """Parts nothing refers to are never read nor copied; named, and refused when big."""
        plumbing = {"[Content_Types].xml", _rels_name("")} | {_rels_name(p) for p in referenced}
        for name, info in self.z.infos.items():
            if name in referenced or name in plumbing or name.endswith("/"):
                continue
            if info.file_size > UNREFERENCED_LIMIT:
                raise self.fail(f"holds {name} ({size_text(info.file_size)}) which nothing in "
                                "it refers to; a template must not carry hidden content")
            content_type = self.content_type(name).lower()
            hidden = "a macro project" if "vba" in content_type or "macro" in content_type \
                else "a part"
            self.removed.append(Removed(f"{hidden} nothing refers to", name))

    # -- writing ---------------------------------------------------------------------------
    def write(self, kept: dict[str, str], kept_rels: dict[str, list[tuple[_Rel, str]]],
              dropped: dict[str, set[str]]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:  # in memory, read once
            dst.writestr("[Content_Types].xml", _content_types_xml(kept))
            for source, rels in kept_rels.items():
                if rels:
                    dst.writestr(_rels_name(source), _rels_xml(rels))
            for name, content_type in kept.items():
                if _is_xml(content_type):
                    root = self.parse(name)
                    self.drop_references(name, root, dropped.get(name, set()))
                    blob = _xml_bytes(root)
                else:
                    blob = self.z.read(name)
                dst.writestr(name, blob)
        return out.getvalue()

    def drop_references(self, name: str, root: etree._Element, gone: set[str]) -> None:
        """Take out of the XML what refers to a removed relationship, and macro actions."""
        for el in list(root.iter()):
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if local in _LINKS and (el.get("action") or "").startswith(_ACTIONS):
                self.removed.append(Removed(f"a macro or program action "
                                            f"{el.get('action')[:80]}", name))
                _remove(el)
                continue
            for attr, value in list(el.attrib.items()):
                if not attr.startswith(_R) or value not in gone:
                    continue
                if local == "blip":  # a fill or picture keeps its embedded image, if any
                    del el.attrib[attr]
                    if el.get(f"{_R}embed") is None and el.get(f"{_R}link") is None:
                        _remove(_ancestor(el, {"pic"}))
                elif local in _LINKS:
                    _remove(el)
                else:  # an extension is optional (an SVG's PNG fallback stays); a shape is not
                    holder = _ancestor(el, _SHAPES | {"ext"})
                    _remove(el if holder is None else holder)
                break


def _xml_bytes(root: etree._Element) -> bytes:
    """The element as a part, with Office's own declaration and never a DOCTYPE."""
    return _XML_HEAD + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def _rels_name(part: str) -> str:
    """The member holding a part's relationships ('' is the package)."""
    folder, leaf = posixpath.split(part)
    return posixpath.join(folder, "_rels", leaf + ".rels")


def _is_xml(content_type: str) -> bool:
    return content_type.endswith("+xml") or content_type.endswith("/xml")


def _ancestor(el: etree._Element, names: set[str]) -> etree._Element | None:
    """The nearest ancestor with one of these local names ('ext': an extension list's entry)."""
    for parent in el.iterancestors():
        name = etree.QName(parent).localname if isinstance(parent.tag, str) else ""
        if name in names and (name != "ext" or parent.getparent().tag.endswith("}extLst")):
            return parent
    return None


def _remove(el: etree._Element | None) -> None:
    if el is not None and el.getparent() is not None:
        el.getparent().remove(el)


def _remove_keeping_tail(node: etree._Element) -> None:
    """Remove an entity or instruction node, keeping the text that followed it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _content_types_xml(kept: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
    for ext, ct in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                    ("xml", "application/xml")):
        etree.SubElement(root, f"{{{_CT_NS}}}Default", Extension=ext, ContentType=ct)
    for name, content_type in kept.items():
        if content_type in _MAIN_TYPES:
            content_type = CT.PML_PRESENTATION_MAIN  # macro-enabled, template, show: plain
        etree.SubElement(root, f"{{{_CT_NS}}}Override", PartName="/" + name,
                         ContentType=content_type)
    return _xml_bytes(root)


def _rels_xml(rels: list[tuple[_Rel, str]]) -> bytes:
    root = etree.Element(f"{{{_PKG_RELS}}}Relationships", nsmap={None: _PKG_RELS})
    for rel, target in rels:
        etree.SubElement(root, f"{{{_PKG_RELS}}}Relationship", Id=rel.r_id, Type=rel.reltype,
                         Target="/" + target)
    return _xml_bytes(root)
