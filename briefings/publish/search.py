"""The search index: Pagefind over the written HTML, before the site goes live.

Pagefind's command reads a folder of pages at once (adding pages one at a time through its
API costs about 100 ms each), and writes its bundle to `pagefind/` beside them. Which pages
it indexes, and under which filters, is decided by the templates' `data-pagefind-*` markup.

Pagefind holds everything it indexes in memory, about fifteen times the HTML it reads: the
1,000-finding benchmark's 230 MB of pages took 2.1 GB, and a national site's would not fit
a laptop. So the pages go to it in parts of at most `PART_BYTES` of HTML, one Pagefind
process after another (0.53 GB each at most on that benchmark): the first part's bundle is
`pagefind/`, each later one `pagefind/part-N/`, and `pagefind/parts.json` lists the later
ones, which `static/search.js` merges into the first (Pagefind's `mergeIndex`), so a search
reads every part as one index. A site under `PART_BYTES` is one part, indexed as before,
and `parts.json` lists none. Where there are parts, every page is filed under the hidden
filter `part` (see `in_part`).

Pagefind separates the text of block elements it knows (paragraphs, list items, table
cells, headings) but not of description lists or header cells, so its excerpts would run a
label into its value: "ForHealth, Education", "Reading timeabout 4 minutes". It reads a
copy of the pages in which each `<dt>` ends in a colon and each `<dd>` and `<th>` in a full
stop, the way Pagefind itself ends the blocks it knows; the published pages are unchanged.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

from ..problems import BuildError

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
PARTS = "parts.json"            # in the bundle: the folders of its later parts
PART_FILTER = "part"            # the hidden filter that says which part a page is in
PART_BYTES = 32_000_000         # of HTML for one Pagefind process: about 0.5 GB of its memory
ATTEMPTS = 2

# The end tags after whose text a reader pauses, and the mark that says so in the index.
_CLOSE = re.compile(r"</(dt|dd|th)\s*>", re.IGNORECASE)
_MARK = {"dt": ":", "dd": ".", "th": "."}
# Pagefind's own rule: a block whose text ends in one of these gets a full stop.
_ENDS_A_WORD = re.compile(r"[\w'\")$*]")
_ENTITY = re.compile(r"&#?\w+;$")
_BODY = re.compile(r"<[^>]*\sdata-pagefind-body[\s=>]")
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def index_site(stage: Path, part_bytes: int = PART_BYTES) -> int:
    """Index every HTML page under `stage`, in parts of at most `part_bytes` of HTML (a page
    larger than that is a part of its own); return the number of pages indexed."""
    from pagefind.service import get_executable  # only when a site is indexed

    program = get_executable()
    if program is None:
        raise BuildError("the search indexer, Pagefind, is not installed",
                         "install briefings again (`make site` does it), or set "
                         "`search: false` in briefings.yaml")
    bundle, pages, later = stage.resolve() / BUNDLE, 0, []
    shutil.rmtree(bundle, ignore_errors=True)
    for n, (part, more) in enumerate(parts(stage.resolve(), part_bytes), start=1):
        if n > 1:
            later.append(f"part-{n}/")
        with tempfile.TemporaryDirectory(prefix="briefings-search-") as copy:
            for relative, text in part:
                target = Path(copy, relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(in_part(text, n) if more or n > 1 else text, encoding="utf-8")
            part.clear()
            pages += _pagefind(program, Path(copy), (bundle / later[-1]) if n > 1 else bundle)
    (bundle / PARTS).write_text(json.dumps(later) + "\n", encoding="utf-8")
    return pages


def _pagefind(program: Path, pages: Path, output: Path) -> int:
    """Index the folder `pages` into `output` with Pagefind's command, which exits only once
    it has written everything; return the number of pages indexed. Pagefind has been seen,
    rarely and on a busy machine, to leave a file of its bundle empty (its entry file once),
    which would publish a search that cannot load: so the part is checked, and made again if
    it is not whole. Pagefind is run in the folder of pages, with none of the PAGEFIND_
    settings of the environment, so no configuration file or variable changes what it does."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    for _ in range(ATTEMPTS):
        shutil.rmtree(output, ignore_errors=True)
        done = subprocess.run([str(program), "--site", str(pages), "--output-path", str(output),
                               "--silent"], cwd=pages, env=env, capture_output=True, text=True)
        if done.returncode == 0 and complete(output):
            entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
            return sum(language["page_count"] for language in entry["languages"].values())
    raise BuildError("the search index could not be written completely; the previous site "
                     "is unchanged", "build again; if it happens again, free some disk "
                     "space or memory and build again")


def complete(part: Path) -> bool:
    """Pagefind's bundle (or one part of it) is whole: its entry file names each language's
    index, which is there, and every file it wrote has something in it."""
    try:
        entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        if not languages or not all((part / f"pagefind.{lang['hash']}.pf_meta").is_file()
                                    for lang in languages):
            return False
        return all(path.stat().st_size > 0 for path in part.rglob("*") if path.is_file())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def parts(site: Path, part_bytes: int) -> Iterator[tuple[list[tuple[Path, str]], bool]]:
    """The searchable pages as Pagefind should read them, in parts of at most `part_bytes`
    of HTML each (a larger page is a part of its own; one empty part if there are none),
    each with whether another part follows it."""
    part, held = [], 0
    for relative, text in searchable(site):
        text = separated(text)
        if part and held + len(text) > part_bytes:
            yield part, True
            part, held = [], 0
        part.append((relative, text))
        held += len(text)
    yield part, False


def in_part(page: str, n: int) -> str:
    """A page of a site indexed in parts, filed under the hidden filter `part` (its part's
    number), which static/search.js uses to keep a search to the parts that hold its words:
    where a part has no word beginning with a word searched for, Pagefind matches that word
    to the longest word it has that the searched word begins with ("appointment" to "a"),
    which one index of the whole site would not do."""
    mark = f'<template data-pagefind-filter="{PART_FILTER}:{n}"></template>'
    head = _HEAD_END.search(page)
    return page[:head.start()] + mark + page[head.start():] if head else mark + page


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
