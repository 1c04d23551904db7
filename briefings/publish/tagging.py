"""Mending the structure WeasyPrint writes, so every PDF is tagged as PDF/UA-1 asks.

WeasyPrint (70) tags its PDFs well, but leaves four faults no change to our HTML avoids:

1. Table header cells get structure `/ID`s (their cells point at them with `/Headers`), but
   the `/StructTreeRoot` has no `/IDTree`, which ISO 32000-1 (14.7.2) requires to find them.
   We add one.
2. Every box inside a link gets its own link annotation: a `<cite>` inside an `<a>`, or the
   `::after` leader and page number of a contents entry, lays a second (and third)
   annotation over the first, each its own tab stop, and one inside an element that is not a
   `/Link` (a `<cite>` is `/NonStruct`). We drop an annotation that lies within an
   annotation for the same target held by a `/Link` element around it (a `/Link` element
   left holding none becomes a `/Span`), and put any other annotation whose element is not
   a `/Link` into a `/Link` element of its own.
3. Each link annotation's `/Contents`, its description for a screen reader, is its target
   (`ref-smith-2020`, `part-1`, a file path). We write the words printer.py gathered from
   the HTML: the link's text, and for a link to a place inside a section (a reference in
   the references) that section's heading: "Smith et al., 2020, in References".

4. Form fields (with `pdf_forms`, the record-of-use form) are tagged as /Form elements
   holding their widgets, but each field's /TU, what a screen reader says for it, is its
   label's text with the spaces lost where the label wraps ("role, notname"), and a
   `readonly` field can still be typed over. We write the label's words printer.py took
   from the HTML, and set the read-only flag.

WeasyPrint already writes `/Lang`, `/MarkInfo`, `/DisplayDocTitle`, the title and the PDF/UA
identifier in its XMP, and embeds every font.

The PDF is read and written with pikepdf, streams copied as they are, with a deterministic
file id: the same PDF in gives the same bytes out, in a few milliseconds.
"""

from __future__ import annotations

import io
from typing import Mapping, NamedTuple, Optional, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree

# Per page, the (target, words) of each of its links, in WeasyPrint's order of annotations.
LinkWords = Sequence[Sequence[tuple[str, str]]]
READ_ONLY = 1  # bit 1 of a field's /Ff


class FieldWords(NamedTuple):
    """A form field as the HTML has it: its label's words, and whether it is read-only."""

    words: str
    readonly: bool = False
SLACK = 1.0  # points: an annotation this far outside another still lies within it


def mend(data: bytes, links: LinkWords,
         fields: Mapping[str, FieldWords] | None = None) -> bytes:
    """The PDF `data` with its structure mended (see above); `fields` by field name."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary):
            return data  # not tagged: nothing of ours to mend
        add_id_tree(pdf, tree)
        mend_links(pdf, tree, links)
        mend_fields(pdf, fields or {})
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


# ---- 1. the IDTree ------------------------------------------------------------------------

def add_id_tree(pdf: pikepdf.Pdf, tree: Dictionary) -> None:
    """Map every structure element's /ID to it, in an /IDTree (if any element has one)."""
    with_ids = [e for e in elements(tree) if "/ID" in e]
    if not with_ids:
        return
    ids = NameTree.new(pdf)
    for element in with_ids:
        ids[str(element.ID)] = element
    tree.IDTree = ids.obj


def elements(tree: Dictionary):
    """Every structure element under the root, each once (WeasyPrint's are all indirect)."""
    seen: set = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, Array) else [kids]):
            if isinstance(kid, Dictionary) and "/S" in kid and kid.objgen not in seen:
                seen.add(kid.objgen)
                yield kid
                stack.append(kid)


# ---- 4. form fields -------------------------------------------------------------------------

def mend_fields(pdf: pikepdf.Pdf, fields: Mapping[str, FieldWords]) -> None:
    form = pdf.Root.get("/AcroForm")
    if not isinstance(form, Dictionary):
        return
    for field in form.get("/Fields", ()):
        if not isinstance(field, Dictionary) or "/T" not in field:
            continue
        html = fields.get(str(field.T))
        if html is None:
            continue
        if html.words:
            field.TU = pikepdf.String(html.words)
        if html.readonly:
            field.Ff = int(field.get("/Ff", 0)) | READ_ONLY


# ---- 2 and 3. links -------------------------------------------------------------------------

def mend_links(pdf: pikepdf.Pdf, tree: Dictionary, links: LinkWords) -> None:
    if "/ParentTree" not in tree:
        return
    parents = NumberTree(tree.ParentTree)
    for number, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        ours = [a for a in annots if isinstance(a, Dictionary) and a.get("/Subtype") == Name.Link]
        words = _matched(ours, links[number] if number < len(links) else ())
        dropped: set = set()
        for annot, spoken in zip(ours, words):
            element = _parent(parents, annot)
            if element is None:
                annot.Contents = pikepdf.String(spoken)
                continue
            if _duplicate(annot, element):
                _drop(annot, element, parents)
                dropped.add(annot.objgen)
                continue
            if element.get("/S") != Name.Link:
                _wrap(pdf, annot, element, parents)
            annot.Contents = pikepdf.String(spoken)
        if dropped:
            page.obj.Annots = Array([a for a in annots if not (
                isinstance(a, Dictionary) and a.objgen in dropped)])


def _matched(annots: list, words: Sequence[tuple[str, str]]) -> list[str]:
    """The words of each annotation: printer.py's, in order, where their targets agree;
    otherwise (never seen: a WeasyPrint that orders them otherwise) the target's own."""
    if len(words) == len(annots) and all(target(a) == t for a, (t, _) in zip(annots, words)):
        return [w for _, w in words]
    return [fallback(a) for a in annots]


def target(annot: Dictionary) -> str:
    action = annot.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return str(action.URI)
    dest = annot.get("/Dest")
    return str(dest) if isinstance(dest, (pikepdf.String, Name)) else ""


def fallback(annot: Dictionary) -> str:
    action = annot.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return f"Link to {action.URI}"
    return "Link to another place in this document"


def _parent(parents: NumberTree, annot: Dictionary) -> Optional[Dictionary]:
    if "/StructParent" not in annot:
        return None
    try:
        element = parents[int(annot.StructParent)]
    except (KeyError, IndexError):
        return None
    return element if isinstance(element, Dictionary) else None


def _duplicate(annot: Dictionary, element: Dictionary) -> bool:
    """Whether a /Link element around `element` holds an annotation for the same target
    that `annot` lies within."""
    here = target(annot)
    node = element.get("/P")
    while isinstance(node, Dictionary) and node.get("/Type") != Name.StructTreeRoot:
        if node.get("/S") == Name.Link:
            for kid in _kids(node):
                other = _annotation(kid)
                if (other is not None and target(other) == here
                        and _within(annot.Rect, other.Rect)):
                    return True
        node = node.get("/P")
    return False


def _drop(annot: Dictionary, element: Dictionary, parents: NumberTree) -> None:
    kids = [k for k in _kids(element) if not _holds(k, annot)]
    element.K = Array(kids)
    del parents[int(annot.StructParent)]
    if element.get("/S") == Name.Link and not any(_annotation(k) is not None for k in kids):
        element.S = Name.Span  # what is left is text inside the link around it


def _wrap(pdf: pikepdf.Pdf, annot: Dictionary, element: Dictionary,
          parents: NumberTree) -> None:
    """Put the annotation held by `element` (not a /Link) into a /Link element of its own,
    in the same place among its kids."""
    link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=element,
                                        K=Array()))
    if "/Pg" in element:
        link.Pg = element.Pg
    kids = []
    for kid in _kids(element):
        if _holds(kid, annot):
            link.K.append(kid)
            kids.append(link)
        else:
            kids.append(kid)
    element.K = Array(kids)
    parents[int(annot.StructParent)] = link


def _kids(element: Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _annotation(kid) -> Optional[Dictionary]:
    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and "/Obj" in kid:
        return kid.Obj
    return None


def _holds(kid, annot: Dictionary) -> bool:
    other = _annotation(kid)
    return other is not None and other.objgen == annot.objgen


def _within(inner, outer) -> bool:
    a, b = _rect(inner), _rect(outer)
    return (a[0] >= b[0] - SLACK and a[1] >= b[1] - SLACK
            and a[2] <= b[2] + SLACK and a[3] <= b[3] + SLACK)


def _rect(r) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in r)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
