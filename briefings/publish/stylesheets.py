"""The stylesheets a page links, parsed once for all the PDFs of a build (printer.py).

WeasyPrint parses every stylesheet a page links, and loads every font they declare, for
each document it lays out: about a quarter of the time of a sector briefing and half of a
handout's. The pages of one kind link the same files, so each worker parses them once and
lays out every later page with those parsed sheets and the fonts they loaded.

It changes nothing in the PDF (the default site's 174 PDFs are byte for byte the same).
The sheets apply in the order the page links them. WeasyPrint counts sheets given this way
as the reader's, not the page's, but they are the page's only styles (its
Content-Security-Policy refuses `<style>` and style attributes), so they cascade as they
would have. A page that links its styles any other way is left to WeasyPrint as it is.
Parsed sheets are used again only while every file read for them (the stylesheets and
their fonts) has the same hash, and only by a page allowed to read those files; the files
still count as read for the PDF cache.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import urljoin

import weasyprint
from weasyprint.text.fonts import FontConfiguration

# How base.html and the theme's other templates link a stylesheet, to the letter.
LINK = re.compile(r'<link rel="stylesheet" href="([^"<>]+)"(?: media="(print|all|screen)")?>')
ANY_LINK = re.compile(r"<link\b[^>]*stylesheet", re.I)
KEPT = 16                        # sets of parsed sheets a process keeps


@dataclass
class Parsed:
    sheets: list[weasyprint.CSS]
    fonts: FontConfiguration
    read: dict[Path, str]        # every file read to parse them, with its hash


_parsed: dict[tuple, Parsed] = {}


def linked(source: str, base_url: str, fetcher) -> Optional[tuple[str, Parsed]]:
    """The page's HTML without its stylesheet links, and those sheets parsed (once per
    process), for a page that links its styles only as the theme does; else None."""
    links = LINK.findall(source)
    if "<style" in source.lower() or len(ANY_LINK.findall(source)) != len(links):
        return None
    urls = tuple(urljoin(base_url, href) for href, media in links
                 if media != "screen")   # WeasyPrint lays out for print
    key = (urls, tuple(fetcher.roots))
    parsed = _parsed.get(key)
    if parsed is None or not unchanged(parsed.read):
        reader = type(fetcher)(fetcher.roots)   # to know what parsing them reads
        fonts = FontConfiguration()
        sheets = [weasyprint.CSS(url=url, url_fetcher=reader, font_config=fonts,
                                 media_type="print") for url in urls]
        parsed = _parsed[key] = Parsed(sheets, fonts, reader.read)
        while len(_parsed) > KEPT:
            del _parsed[next(iter(_parsed))]
    fetcher.read.update(parsed.read)
    return LINK.sub("", source), parsed


def unchanged(read: dict[Path, str]) -> bool:
    try:
        return all(hashlib.sha256(path.read_bytes()).hexdigest() == digest
                   for path, digest in read.items())
    except OSError:
        return False
