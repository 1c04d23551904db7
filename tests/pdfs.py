"""Reading tagged PDFs back as a screen reader does: the structure tree, and the text each
structure element marks (through its marked-content ids)."""

from __future__ import annotations

from pypdf import PdfReader


def struct_elements(node, seen=None):
    """Every structure element under `node`, in the tree's (reading) order."""
    seen = seen if seen is not None else set()
    node = node.get_object()
    if id(node) in seen:
        return
    seen.add(id(node))
    if hasattr(node, "get") and node.get("/S"):
        yield node
    kids = node.get("/K") if hasattr(node, "get") else None
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get"):
            yield from struct_elements(kid, seen)


def marked_text(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence, by (page object number, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for page in reader.pages:
        number = page.indirect_reference.idnum
        stack: list = []

        def before(op, args, cm, tm):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stack.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t, cm, tm, font, size):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                texts[(number, mcid)] = texts.get((number, mcid), "") + t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def element_text(element, texts: dict, page=None) -> str:
    """The text a structure element marks, its children's included."""
    page = element.get("/Pg", page)
    kids = element.get("/K")
    out = []
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, int) and page is not None:
            out.append(texts.get((page.idnum, kid), ""))
        elif hasattr(kid, "get") and kid.get("/Type") == "/MCR":
            out.append(texts.get((kid["/Pg"].idnum, kid["/MCID"]), ""))
        elif hasattr(kid, "get"):
            out.append(element_text(kid, texts, page))
    return " ".join(" ".join(out).split())


def headings(reader: PdfReader) -> list[tuple[str, str]]:
    """(tag, text) of every heading in reading order; a heading WeasyPrint tags in two
    pieces (a block inside it) counts once."""
    texts = marked_text(reader)
    found: list[tuple[str, str]] = []
    for e in struct_elements(reader.trailer["/Root"]["/StructTreeRoot"]):
        tag = str(e["/S"])[1:]
        if tag in ("H1", "H2", "H3", "H4", "H5", "H6"):
            text = element_text(e, texts)
            if found and found[-1][0] == tag and text.lower() in found[-1][1].lower():
                continue
            found.append((tag, text))
    return found
