"""The search index: Pagefind over the written HTML, in one call, before the site goes live.

Pagefind reads every page at once (adding pages one at a time through its API costs about
100 ms each), and writes its bundle to `pagefind/` beside them. Which pages it indexes, and
under which filters, is decided by the templates' `data-pagefind-*` markup.

Pagefind separates the text of block elements it knows (paragraphs, list items, table
cells, headings) but not of description lists or header cells, so its excerpts would run a
label into its value: "ForHealth, Education", "Reading timeabout 4 minutes". It reads a
copy of the pages in which each `<dt>` ends in a colon and each `<dd>` and `<th>` in a full
stop, the way Pagefind itself ends the blocks it knows; the published pages are unchanged.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from ..problems import BuildError

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
ATTEMPTS = 2

# The end tags after whose text a reader pauses, and the mark that says so in the index.
_CLOSE = re.compile(r"</(dt|dd|th)\s*>", re.IGNORECASE)
_MARK = {"dt": ":", "dd": ".", "th": "."}
# Pagefind's own rule: a block whose text ends in one of these gets a full stop.
_ENDS_A_WORD = re.compile(r"[\w'\")$*]")
_ENTITY = re.compile(r"&#?\w+;$")
_BODY = re.compile(r"<[^>]*\sdata-pagefind-body[\s=>]")


def index_site(stage: Path) -> int:
    """Index every HTML page under `stage`; return the number of pages indexed.

    Pagefind's service has been seen, rarely and on a busy machine, to leave a file of the
    bundle empty (its entry file once), which would publish a search that cannot load. So
    the bundle is checked, and made again if it is incomplete."""
    for _ in range(ATTEMPTS):
        shutil.rmtree(stage / BUNDLE, ignore_errors=True)
        pages = _run(_index(stage.resolve()))
        if complete(stage / BUNDLE):
            return pages
    raise BuildError("the search index could not be written completely; the previous site "
                     "is unchanged", "build again; if it happens again, free some disk "
                     "space or memory and build again")


def _run(job):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job)
    # Called from inside an event loop (a notebook, Playwright's sync API): use a thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, job).result()


def complete(bundle: Path) -> bool:
    """Every file Pagefind wrote has something in it, and its entry file names each
    language's index, which is there."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        if not languages or not all((bundle / f"pagefind.{lang['hash']}.pf_meta").is_file()
                                    for lang in languages):
            return False
        return all(path.stat().st_size > 0 for path in bundle.rglob("*") if path.is_file())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


async def _index(site: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex  # only when a site is indexed

    with tempfile.TemporaryDirectory(prefix="briefings-search-") as copy:
        for relative, text in searchable(site):
            target = Path(copy, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(separated(text), encoding="utf-8")
        config = IndexConfig(output_path=str(site / BUNDLE))
        async with PagefindIndex(config=config) as index:
            result = await index.add_directory(copy)
            return int(result["page_count"])


def searchable(site: Path) -> Iterator[tuple[Path, str]]:
    """The pages Pagefind indexes, with their HTML, one at a time (a national site has tens
    of thousands: held at once, they took gigabytes). Where any page marks its searchable
    part (`data-pagefind-body`), Pagefind indexes only such pages, so only they are given
    to it (a listing or a handout repeats what its records' pages say); otherwise, every
    page."""
    unmarked, marked = [], False
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.parts[0] == BUNDLE:
            continue
        text = page.read_text(encoding="utf-8")
        if _BODY.search(text):
            marked = True
            yield relative, text
        else:
            unmarked.append(relative)
    if not marked:
        for relative in unmarked:
            yield relative, (site / relative).read_text(encoding="utf-8")


def separated(source: str) -> str:
    """A page as Pagefind should read it: a colon at the end of each `<dt>`'s text, a full
    stop at the end of each `<dd>`'s and `<th>`'s (unless the text already ends in
    punctuation), and a space, inside the element, so an ignored element stays ignored."""
    def close(match: re.Match) -> str:
        last = _last_character(source, match.start())
        mark = _MARK[match.group(1).lower()] if _ENDS_A_WORD.match(last) else ""
        return f"{mark} {match.group(0)}"
    return _CLOSE.sub(close, source)


def _last_character(source: str, end: int) -> str:
    """The last character of text before `end`, past whitespace and tags ("" if none)."""
    i = end
    while i > 0:
        c = source[i - 1]
        if c.isspace():
            i -= 1
        elif c == ">":
            i = source.rfind("<", 0, i - 1)
            if i < 0:
                return ""
        else:
            entity = _ENTITY.search(source, max(0, i - 12), i) if c == ";" else None
            return html.unescape(entity.group(0))[-1:] if entity else c
    return ""
