"""The citation syntax of prose fields: `[@source-id]`, `[@id, p. 12]`, `[@a; @b, p. 3]`.

One parser, used by the checks (to find unknown sources) and by the Markdown renderer.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

CITATION = re.compile(r"\[(@[^\[\]]+)\]")
ITEM = re.compile(r"^\s*@([A-Za-z0-9][A-Za-z0-9_-]*)\s*(?:,\s*(.*?))?\s*$")


class Cite(NamedTuple):
    source: str
    locator: str  # "p. 12", or "" for none
    offset: int   # where in the text the citation starts


def parse_group(inner: str) -> list[tuple[str, str]] | None:
    """`@a, p. 3; @b` -> [("a", "p. 3"), ("b", "")], or None if it is not a citation."""
    items = []
    for part in inner.split(";"):
        m = ITEM.match(part)
        if not m:
            return None
        items.append((m.group(1), m.group(2) or ""))
    return items


def citations(text: str) -> Iterator[Cite]:
    for m in CITATION.finditer(text):
        for source, locator in parse_group(m.group(1)) or ():
            yield Cite(source, locator, m.start())
