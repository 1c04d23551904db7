"""A PDF structure checker: the parts of ISO 32000-1 (tagged PDF) and PDF/UA-1 that a machine
can decide, read with pikepdf from the file alone.

`problems(path)` lists what is wrong with one PDF, each in words a person can act on; an
empty list means it passed every check below:

- the catalog: `/MarkInfo /Marked true`, a `/Lang`, a `/StructTreeRoot` with a
  `/ParentTree`, and the PDF/UA identifier (`pdfuaid:part` 1) in the XMP metadata;
- the title: `/Title` in the document information or `dc:title` in the XMP, shown by
  viewers (`/ViewerPreferences /DisplayDocTitle true`);
- structure ids: when any element has an `/ID`, an `/IDTree` maps every id to its element;
- figures: every `/Figure` has alternate text (`/Alt`, or `/ActualText`);
- tables: every `/TH` has a `/Scope`, or its table's cells name their headers with
  `/Headers`; every `/Headers` entry is the id of a `/TH` (found through the `/IDTree`);
- headings: the first is `/H1` and no level is skipped on the way down;
- links: every link annotation has a `/StructParent` that resolves to a `/Link` element
  holding it, is not a duplicate of another annotation for the same target (one inside
  the other), and its `/Contents` is words a screen reader can say, not an id (`ref-x`),
  an anchor (`#x`), a file path or its destination's name; pages with annotations
  have `/Tabs /S` (tab in structure order);
- form fields: every widget annotation has a `/StructParent` that resolves to a `/Form`
  element holding it, and its field has a `/TU` (the words a screen reader says for it)
  that is words, not the field's name or an id;
- fonts: every font used (on pages, in forms and patterns, in Type 3 glyphs) is embedded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree

HEADING = re.compile(r"/H([1-6])")
# An id, anchor, file name or relative path: one lower-case token, no spaces, not a web
# address, e.g. ref-rip-2022-health-briefing, #part-1, ../a/index.html, who-this-is-for
TOKEN = re.compile(r"(?!\w+://)[a-z0-9._/#-]+")
LIMIT = 50  # problems of one kind reported per PDF, so one fault does not drown the rest


def problems(path: Path) -> list[str]:
    """Everything wrong with the structure of the PDF at `path` (empty when it is clean)."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as exc:
        return [f"cannot be read as a PDF: {exc}"]
    with pdf:
        return _Checker(pdf).run()


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.root = pdf.Root
        self.found: list[str] = []
        self.counts: dict[str, int] = {}
        self.elements: list[Dictionary] = []   # every structure element, in tree order
        self.role_map: dict[str, str] = {}

    def say(self, kind: str, message: str) -> None:
        n = self.counts.get(kind, 0) + 1
        self.counts[kind] = n
        if n <= LIMIT:
            self.found.append(message)
        elif n == LIMIT + 1:
            self.found.append(f"... and more like that ({kind})")

    def run(self) -> list[str]:
        self.catalog()
        self.title()
        tree = self.root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary):
            self.say("tree", "has no /StructTreeRoot: it is not a tagged PDF, so a screen "
                     "reader has no reading order, headings, tables or alt text")
        else:
            self.role_map = {str(k): str(v) for k, v in tree.get("/RoleMap", {}).items()}
            self.elements = list(_elements(tree))
            self.ids(tree)
            self.figures()
            self.tables()
            self.headings()
            self.links(tree)
            self.widgets(tree)
        self.fonts()
        self.ua_identifier()
        return self.found

    # ---- the catalog and metadata -----------------------------------------------------------

    def catalog(self) -> None:
        mark = self.root.get("/MarkInfo")
        if not (isinstance(mark, Dictionary) and mark.get("/Marked") is True):
            self.say("marked", "the catalog has no /MarkInfo /Marked true: readers will not "
                     "treat the PDF as tagged")
        lang = self.root.get("/Lang")
        if lang is None or not str(lang).strip():
            self.say("lang", "the catalog has no /Lang: a screen reader cannot tell which "
                     "language to read it in (set <html lang>)")

    def title(self) -> None:
        info = self.pdf.trailer.get("/Info")
        title = str(info.get("/Title", "")).strip() if isinstance(info, Dictionary) else ""
        if not title:
            title = self.xmp("dc:title")
        if not title:
            self.say("title", "has no document title (/Title in the document information or "
                     "dc:title in the XMP metadata): set the page's <title>")
        prefs = self.root.get("/ViewerPreferences")
        if not (isinstance(prefs, Dictionary) and prefs.get("/DisplayDocTitle") is True):
            self.say("title", "the catalog has no /ViewerPreferences /DisplayDocTitle true: "
                     "viewers will show the file name instead of the title")

    def xmp(self, key: str) -> str:
        try:
            meta = self.pdf.open_metadata()
        except Exception:  # noqa: BLE001 - unreadable XMP is reported as missing values
            return ""
        try:
            return str(meta.get(key, "") or "").strip()
        except Exception:  # noqa: BLE001
            return ""

    def ua_identifier(self) -> None:
        part = self.xmp("pdfuaid:part")
        if part != "1":
            self.say("ua", "the XMP metadata has no PDF/UA identifier (pdfuaid:part 1)"
                     if not part else f"the XMP metadata claims PDF/UA part {part!r}, not 1")
        elif self.found:
            self.say("ua", "claims PDF/UA-1 (pdfuaid:part 1) but fails the checks above")

    # ---- structure --------------------------------------------------------------------------

    def role(self, element: Dictionary) -> str:
        """An element's standard structure type, through the /RoleMap."""
        tag = str(element.get("/S", ""))
        seen = set()
        while tag in self.role_map and tag not in seen:
            seen.add(tag)
            tag = self.role_map[tag]
        return tag

    def ids(self, tree: Dictionary) -> None:
        with_ids = [e for e in self.elements if "/ID" in e]
        if not with_ids:
            return
        if "/IDTree" not in tree:
            self.say("idtree", f"{len(with_ids)} structure elements have an /ID (e.g. "
                     f"{_s(with_ids[0].ID)!r}, used by table cells' /Headers) but the "
                     f"/StructTreeRoot has no /IDTree mapping ids to elements")
            return
        idtree = NameTree(tree.IDTree)
        for element in with_ids:
            key = _s(element.ID)
            target = _get(idtree, key)
            if target is None:
                self.say("idtree", f"the /IDTree has no entry for the id {key!r}")
            elif not _same(target, element):
                self.say("idtree", f"the /IDTree entry {key!r} is not the element with "
                         f"that id")
        for key, target in idtree.items():
            if not isinstance(target, Dictionary) or "/S" not in target:
                self.say("idtree", f"the /IDTree entry {_s(key)!r} is not a structure element")

    def figures(self) -> None:
        for element in self.elements:
            if self.role(element) != "/Figure":
                continue
            alt = element.get("/Alt", element.get("/ActualText"))
            if alt is None or not _s(alt).strip():
                self.say("alt", f"a /Figure{_page_of(self.pdf, element)} has no /Alt text: "
                         "give the image alt text (or mark a decorative one as an artifact)")

    def tables(self) -> None:
        idtree = None
        tree = self.root.StructTreeRoot
        if "/IDTree" in tree:
            idtree = NameTree(tree.IDTree)
        for table in (e for e in self.elements if self.role(e) == "/Table"):
            cells = [e for e in _elements(table) if self.role(e) in ("/TH", "/TD")]
            uses_headers = any("/Headers" in _attributes(c) for c in cells)
            for cell in cells:
                attrs = _attributes(cell)
                if self.role(cell) == "/TH" and "/Scope" not in attrs and not uses_headers:
                    self.say("th", f"a table header cell (/TH){_page_of(self.pdf, cell)} has "
                             "no /Scope, and its table's cells give no /Headers")
                for ref in attrs.get("/Headers", ()) if idtree is not None else ():
                    key = _s(ref)
                    target = _get(idtree, key)
                    if target is None:
                        self.say("headers", f"a table cell{_page_of(self.pdf, cell)} names "
                                 f"the header {key!r}, which no /IDTree entry resolves")
                    elif self.role(target) != "/TH":
                        self.say("headers", f"a table cell names the header {key!r}, which "
                                 f"is a {self.role(target)}, not a /TH")

    def headings(self) -> None:
        previous = 0
        for element in self.elements:
            match = HEADING.fullmatch(self.role(element))
            if not match:
                continue
            level = int(match.group(1))
            if previous == 0 and level != 1:
                self.say("headings", f"the first heading is /H{level}, not /H1")
            elif level > previous + 1 and previous:
                self.say("headings", f"a heading skips from /H{previous} to /H{level}"
                         f"{_page_of(self.pdf, element)}")
            previous = level

    def links(self, tree: Dictionary) -> None:
        parents = NumberTree(tree.ParentTree) if "/ParentTree" in tree else None
        if parents is None:
            self.say("links", "the /StructTreeRoot has no /ParentTree: marked content and "
                     "annotations cannot be traced to their structure elements")
        for number, page in enumerate(self.pdf.pages, start=1):
            annots = [a for a in page.obj.get("/Annots", ()) if isinstance(a, Dictionary)]
            if annots and page.obj.get("/Tabs") != Name.S:
                self.say("tabs", f"page {number} has annotations but no /Tabs /S: the tab "
                         "order will not follow the structure")
            links = [a for a in annots if a.get("/Subtype") == Name.Link]
            placed: dict[str, list] = {}  # target: rectangles of the links to it so far
            for link in links:
                target, rect = _target(link), _rect(link.Rect)
                where = f"the link to {target!r} on page {number}"
                self.link_parent(link, where, parents)
                self.link_contents(link, where)
                if any(_inside(rect, r) or _inside(r, rect) for r in placed.get(target, ())):
                    self.say("duplicate", f"{where} is a duplicate of another annotation "
                             "for the same target over the same place: a keyboard user "
                             "meets it twice")
                placed.setdefault(target, []).append(rect)

    def link_parent(self, link: Dictionary, where: str, parents) -> None:
        if "/StructParent" not in link:
            self.say("link-parent", f"{where} has no /StructParent: it is not in the "
                     "structure tree")
            return
        parent = _get(parents, int(link.StructParent)) if parents is not None else None
        if not isinstance(parent, Dictionary):
            self.say("link-parent", f"{where} has a /StructParent the /ParentTree does "
                     "not resolve")
            return
        if self.role(parent) != "/Link":
            self.say("link-parent", f"{where} belongs to a {self.role(parent)} structure "
                     "element, not a /Link")
            return
        kids = parent.get("/K")
        kids = kids if isinstance(kids, Array) else [kids]
        if not any(isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR
                   and "/Obj" in k and _same(k.Obj, link) for k in kids):
            self.say("link-parent", f"{where}: its /Link element does not hold it (no /OBJR)")

    def link_contents(self, link: Dictionary, where: str) -> None:
        contents = _s(link.get("/Contents", "")).strip()
        dest = link.get("/Dest")
        if not contents:
            self.say("contents", f"{where} has no /Contents: a screen reader has nothing "
                     "to say for it")
        elif (isinstance(dest, pikepdf.String) and contents == _s(dest)) or id_like(contents):
            self.say("contents", f"{where} has the /Contents {contents!r}, an id, not "
                     "words a screen reader can say: use the link's text")

    def widgets(self, tree: Dictionary) -> None:
        parents = NumberTree(tree.ParentTree) if "/ParentTree" in tree else None
        for number, page in enumerate(self.pdf.pages, start=1):
            for widget in page.obj.get("/Annots", ()):
                if not (isinstance(widget, Dictionary) and widget.get("/Subtype") == Name.Widget):
                    continue
                name = _field_name(widget)
                where = f"the form field {name!r} on page {number}"
                parent = (_get(parents, int(widget.StructParent))
                          if parents is not None and "/StructParent" in widget else None)
                if not isinstance(parent, Dictionary):
                    self.say("widget-parent", f"{where} is not in the structure tree (no "
                             "/StructParent the /ParentTree resolves)")
                elif self.role(parent) != "/Form":
                    self.say("widget-parent", f"{where} belongs to a {self.role(parent)} "
                             "structure element, not a /Form")
                elif not any(isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR
                             and "/Obj" in k and _same(k.Obj, widget)
                             for k in (parent.K if isinstance(parent.get("/K"), Array)
                                       else [parent.get("/K")])):
                    self.say("widget-parent", f"{where}: its /Form element does not hold it "
                             "(no /OBJR)")
                tooltip = _field_value(widget, "/TU").strip()
                if not tooltip:
                    self.say("tooltip", f"{where} has no /TU: a screen reader cannot say "
                             "what to fill in (give the field a <label>)")
                elif tooltip == name or id_like(tooltip):
                    self.say("tooltip", f"{where} has the /TU {tooltip!r}, its name, not "
                             "words: give the field a <label>")

    # ---- fonts ------------------------------------------------------------------------------

    def fonts(self) -> None:
        seen: set = set()
        missing: set[str] = set()
        for page in self.pdf.pages:
            self._fonts_in(page.obj.get("/Resources"), seen, missing)
            for annot in page.obj.get("/Annots", ()):
                appearance = annot.get("/AP") if isinstance(annot, Dictionary) else None
                if isinstance(appearance, Dictionary):
                    for stream in appearance.values():
                        if isinstance(stream, pikepdf.Stream):
                            self._fonts_in(stream.get("/Resources"), seen, missing)
        for name in sorted(missing):
            self.say("fonts", f"the font {name} is not embedded: embed it (no "
                     "FontFile, FontFile2 or FontFile3)")

    def _fonts_in(self, resources, seen: set, missing: set[str]) -> None:
        if not isinstance(resources, Dictionary) or _key(resources) in seen:
            return
        seen.add(_key(resources))
        for font in (resources.get("/Font") or {}).values():
            if not isinstance(font, Dictionary) or _key(font) in seen:
                continue
            seen.add(_key(font))
            subtype = font.get("/Subtype")
            if subtype == Name.Type3:  # glyphs drawn by content streams in the PDF itself
                self._fonts_in(font.get("/Resources"), seen, missing)
                continue
            fonts = list(font.DescendantFonts) if subtype == Name.Type0 else [font]
            for f in fonts:
                descriptor = f.get("/FontDescriptor")
                if not (isinstance(descriptor, Dictionary) and any(
                        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))):
                    missing.add(str(f.get("/BaseFont", font.get("/BaseFont", "(unnamed)"))))
        for xobject in (resources.get("/XObject") or {}).values():
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == Name.Form:
                self._fonts_in(xobject.get("/Resources"), seen, missing)
        for pattern in (resources.get("/Pattern") or {}).values():
            if isinstance(pattern, pikepdf.Stream):
                self._fonts_in(pattern.get("/Resources"), seen, missing)


def id_like(text: str) -> bool:
    """Whether `text` is an id, anchor or path rather than words: `#x`, or one lower-case
    token with a digit, a / _ # or two hyphens (a word like "self-neglect" is words)."""
    if text.startswith("#"):
        return True
    return bool(TOKEN.fullmatch(text)) and (
        bool(re.search(r"[0-9/_#]", text)) or text.count("-") >= 2 or text.endswith(".html"))


# ---- reading the tree -------------------------------------------------------------------------

def _elements(node) -> Iterator[Dictionary]:
    """Every structure element below `node` (not `node` itself), depth first in order."""
    seen = set()
    stack = [node]
    first = True
    while stack:
        item = stack.pop()
        if not isinstance(item, Dictionary):
            continue
        key = _key(item)
        if key in seen:
            continue
        seen.add(key)
        if item.get("/Type") in (Name.OBJR, Name.MCR):
            continue
        if not first and "/S" in item:
            yield item
        first = False
        kids = item.get("/K")
        if kids is None:
            continue
        kids = list(kids) if isinstance(kids, Array) else [kids]
        stack.extend(reversed(kids))


def _attributes(element: Dictionary) -> dict:
    """An element's attributes (`/A`: one dictionary or an array of them) merged."""
    merged: dict = {}
    attrs = element.get("/A")
    for a in (attrs if isinstance(attrs, Array) else [attrs]):
        if isinstance(a, Dictionary):
            for k, v in a.items():
                merged[str(k)] = v
    return merged


def _get(tree, key):
    try:
        return tree[key]
    except (KeyError, IndexError, TypeError):
        return None


def _key(obj) -> tuple:
    return obj.objgen if obj.is_indirect else ("direct", id(obj))


def _same(a, b) -> bool:
    return a.is_indirect and b.is_indirect and a.objgen == b.objgen


def _s(value) -> str:
    if isinstance(value, pikepdf.String):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _field_value(field: Dictionary, key: str) -> str:
    """A field entry, from the widget or the field it belongs to (a radio button's group)."""
    node, seen = field, set()
    while isinstance(node, Dictionary) and _key(node) not in seen:
        seen.add(_key(node))
        if key in node:
            return _s(node[key])
        node = node.get("/Parent")
    return ""


def _field_name(widget: Dictionary) -> str:
    return _field_value(widget, "/T") or "(unnamed)"


def _target(link: Dictionary) -> str:
    action = link.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return _s(action.URI)
    dest = link.get("/Dest")
    return _s(dest) if isinstance(dest, (pikepdf.String, Name)) else "(a place in the PDF)"


def _inside(a, b, slack: float = 1.0) -> bool:
    """Whether rectangle `a` lies within `b` (both as `_rect` gives them)."""
    return (a[0] >= b[0] - slack and a[1] >= b[1] - slack and a[2] <= b[2] + slack
            and a[3] <= b[3] + slack)


def _rect(r) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in r)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _page_of(pdf: pikepdf.Pdf, element: Dictionary) -> str:
    page: Optional[Dictionary] = element.get("/Pg")
    if not isinstance(page, Dictionary):
        return ""
    for number, p in enumerate(pdf.pages, start=1):
        if _same(p.obj, page):
            return f" on page {number}"
    return ""
