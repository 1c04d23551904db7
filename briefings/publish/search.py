"""The search index: Pagefind over the HTML as it is written, before the site goes live.

Pagefind's command reads a folder of pages at once (adding pages one at a time through its
API costs about 100 ms each), and writes its bundle to `pagefind/` beside them. Which pages
it indexes, and under which filters, is decided by the templates' `data-pagefind-*` markup.

Pagefind holds everything it indexes in memory, about fifteen times the HTML it reads: the
1,000-finding benchmark's 230 MB of pages took 2.1 GB, and a national site's would not fit
a laptop. So the pages go to it in parts of at most `PART_BYTES` of HTML, one Pagefind
process after another (0.40 GB each at most at 5,000 findings), each indexing its part on
the other core while the build renders the next pages (`Index`). The first part's bundle
is `pagefind/`, each later one `pagefind/part-N/`, and `pagefind/parts.json` lists the
later ones, which `static/search.js` merges into the first (Pagefind's `mergeIndex`), so a
search reads every part as one index. A site under `PART_BYTES` is one part, indexed as before,
and `parts.json` lists none. Where there are parts, every page is filed under the hidden
filter `part` (see `in_part`).

Pagefind separates the text of block elements it knows (paragraphs, list items, table
cells, headings) but not of description lists or header cells, so its excerpts would run a
label into its value: "ForHealth, Education", "Reading timeabout 4 minutes". It reads a
copy of the pages in which each `<dt>` ends in a colon and each `<dd>` and `<th>` in a full
stop, the way Pagefind itself ends the blocks it knows; the published pages are unchanged.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import stat
import subprocess
import zlib
from pathlib import Path
from typing import Optional

from .. import files
from ..problems import BuildError
from .output import scratch

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
PARTS = "parts.json"            # in the bundle: the folders of its later parts
PART_FILTER = "part"            # the hidden filter that says which part a page is in
PART_BYTES = 24_000_000         # of HTML for one Pagefind process: about 0.4 GB of its memory
CUT_EVERY = 16                  # once a part holds 3/4 of PART_BYTES, it ends before about
                                # one page in this many (`_ends_before`)
KEYS = ".briefings-search.json"  # in the site: what each part of its index was made from
ATTEMPTS = 2

# The end tags after whose text a reader pauses, and the mark that says so in the index.
_CLOSE = re.compile(r"</(dt|dd|th)\s*>", re.IGNORECASE)
_MARK = {"dt": ":", "dd": ".", "th": "."}
# Pagefind's own rule: a block whose text ends in one of these gets a full stop.
_ENDS_A_WORD = re.compile(r"[\w'\")$*]")
_ENTITY = re.compile(r"&#?\w+;$")
_BODY = re.compile(r"<[^>]*\sdata-pagefind-body[\s=>]")
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def index_site(stage: Path, part_bytes: Optional[int] = None,
               previous: Optional[Path] = None) -> int:
    """Index every HTML page under `stage` (see `Index`); return the number indexed."""
    with Index(stage, part_bytes, previous) as index:
        return index.finish()


class Index:
    """The search index of a site, made while the site is written. The build gives it each
    page as it is written (`add`); each time a part's worth of pages is held, a Pagefind
    process indexes that part while the build goes on rendering (one process at a time, so
    Pagefind's memory is one part's). `finish` indexes what is left, and every HTML file of
    the site it was not given, read from the site as it is then (pages whose HTML changes
    after they are written, such as a page that says how many pages its PDF has; HTML among
    the static files): so the index is that of the finished site. Used as a context
    manager, so a build that fails stops the Pagefind process and leaves no copy behind.

    Where any page marks its searchable part (`data-pagefind-body`), Pagefind indexes only
    such pages, so only they are given to it (a listing or a handout repeats what its
    records' pages say); otherwise, every page.

    A part made of exactly the pages a part of the `previous` site (the one published) was
    made of, by the same Pagefind, is not indexed again: its bundle is taken from that site.
    The site keeps the digest of each part's pages and the number of files its bundle
    holds (`KEYS`; not their bytes, which differ between two builds of the same pages as
    Pagefind orders its filters differently, and the same content builds the same site),
    and a part ends where its pages say (`_ends_before`), not only where it is full, so
    after an edit the parts the edit did not touch hold the same pages as before."""

    def __init__(self, stage: Path, part_bytes: Optional[int] = None,
                 previous: Optional[Path] = None):
        from pagefind.service import get_executable  # only when a site is indexed

        program = get_executable()
        if program is None:
            raise BuildError("the search indexer, Pagefind, is not installed",
                             "install briefings again (`make site` does it), or set "
                             "`search: false` in briefings.yaml")
        self.program, self.stage = program, stage.resolve()
        self.part_bytes = part_bytes or PART_BYTES
        self.bundle = self.stage / BUNDLE
        self.seen: set[str] = set()      # the pages given, as paths under the site
        self.unmarked: list[str] = []    # of those, the ones that mark no searchable part
        self.marked = False
        self.part: list[tuple[str, str]] = []   # the pages held for the next part
        self.held = 0                    # their length
        self.started = 0                 # the parts started
        self.pages = 0                   # the pages indexed in the parts done
        self.running: Optional[tuple[subprocess.Popen, Path, Path]] = None
        self.reused = 0                  # the parts taken from the previous site
        self.keys: dict[str, dict] = {}  # part number -> what it was made from, what it holds
        self.previous = previous.resolve() if previous else None
        self.before = _keys(self.previous) if self.previous else {}
        st = os.stat(program)
        self.maker = f"{program}\0{st.st_size}\0{st.st_mtime_ns}"
        shutil.rmtree(self.bundle, ignore_errors=True)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *failed) -> None:
        if self.running:  # the build failed: stop the part being indexed
            process, copy, _ = self.running
            self.running = None
            _stop(process, copy)

    def add(self, relative: str, text: str) -> None:
        """A page as it is published (`relative`: its path under the site)."""
        self.seen.add(relative)
        if _BODY.search(text):
            self.marked = True
            self._hold(relative, text)
        else:
            self.unmarked.append(relative)

    def finish(self) -> int:
        """Index what is left, wait for every part and write the list of the later parts;
        return the number of pages indexed."""
        start = len(str(self.stage)) + 1
        rest = sorted(entry.path[start:] for entry in files.entries(self.stage)
                      if entry.name.endswith(".html"))
        for relative in rest:
            if relative not in self.seen and not relative.startswith(BUNDLE + os.sep):
                self.add(relative, self._read(relative))
        if not self.marked:
            for relative in self.unmarked:
                self._hold(relative, self._read(relative))
        self._start(more=False)
        self._wait()
        later = [f"part-{n}/" for n in range(2, self.started + 1)]
        (self.bundle / PARTS).write_text(json.dumps(later) + "\n", encoding="utf-8")
        (self.stage / KEYS).write_text(json.dumps(self.keys, indent=0) + "\n", encoding="utf-8")
        return self.pages

    def _read(self, relative: str) -> str:
        return (self.stage / relative).read_text(encoding="utf-8")

    def _hold(self, relative: str, text: str) -> None:
        text = separated(text)
        if self.part and (self.held + len(text) > self.part_bytes or
                          self.held >= self.part_bytes * 3 // 4 and _ends_before(relative)):
            self._start(more=True)
        self.part.append((relative, text))
        self.held += len(text)

    def _start(self, more: bool) -> None:
        """Copy the pages held to a folder of their own and start their part's Pagefind,
        once the last part's is done; or, if the previous site's part of this number was
        made from the same pages, take its bundle. The first part's bundle is `pagefind/`,
        the others' `pagefind/part-N/`; a site of one part has no `part` filter."""
        self.started += 1
        n = self.started
        pages = [(relative, in_part(text, n) if more or n > 1 else text)
                 for relative, text in self.part]
        self.part, self.held = [], 0
        key = self._key(pages)
        self.keys[str(n)] = {"pages": key}
        output = self.bundle / f"part-{n}" if n > 1 else self.bundle
        was = self.before.get(str(n))
        if isinstance(was, dict) and was.get("pages") == key and \
                self._reuse(n, output, was.get("bundle")):
            return
        copy = scratch(self.stage, "search")
        try:
            for relative, text in pages:
                target = copy / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            del pages    # the part's text is not held while the last part is indexed
            self._wait()
        except BaseException:
            shutil.rmtree(copy, ignore_errors=True)
            raise
        self.running = (self._pagefind(copy, output), copy, output)

    def _key(self, pages: list[tuple[str, str]]) -> str:
        """The digest of a part's pages, as Pagefind would read them, and of the Pagefind."""
        digest = hashlib.sha256(self.maker.encode())
        for relative, text in pages:
            data = text.encode()
            digest.update(f"\0{relative}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()

    def _reuse(self, n: int, output: Path, held: object) -> bool:
        """Take part `n`'s bundle from the previous site, if it is there and whole: as many
        files as it `held` when it was made (a bundle damaged by hand is made again), each
        a hard link, so it costs no disk. False if it cannot be."""
        old = self.previous / BUNDLE / f"part-{n}" if n > 1 else self.previous / BUNDLE
        try:
            found = _bundle_files(old, first=n == 1)
            if found is None or len(found) != held or not complete(old):
                return False
            entry = json.loads((old / ENTRY).read_text(encoding="utf-8"))
            pages = sum(language["page_count"] for language in entry["languages"].values())
            for name in found:
                (output / name).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(old / name, output / name)
                except OSError:
                    shutil.copyfile(old / name, output / name)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False   # Pagefind makes it (and first empties the folder)
        self.pages += pages
        self.reused += 1
        self.keys[str(n)]["bundle"] = held
        return True

    def _pagefind(self, pages: Path, output: Path) -> subprocess.Popen:
        """Pagefind's command over the folder `pages`, writing into `output`; it exits only
        once it has written everything. It runs in the folder of pages, with none of the
        PAGEFIND_ settings of the environment, so no configuration file or variable changes
        what it does; and in a session of its own, so Ctrl-C reaches the build alone, which
        stops it (see `__exit__`) rather than making the part again."""
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
        shutil.rmtree(output, ignore_errors=True)
        return subprocess.Popen([str(self.program), "--site", str(pages), "--output-path",
                                 str(output), "--silent"], cwd=pages, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    def _wait(self) -> None:
        """Wait for the part being indexed, and count its pages. Pagefind has been seen,
        rarely and on a busy machine, to leave a file of its bundle empty (its entry file
        once), which would publish a search that cannot load: so the part is checked, and
        made again if it is not whole."""
        if not self.running:
            return
        process, copy, output = self.running
        self.running = None
        try:
            for attempt in range(ATTEMPTS):
                if attempt:
                    process = self._pagefind(copy, output)
                if process.wait() == 0 and complete(output):
                    entry = json.loads((output / ENTRY).read_text(encoding="utf-8"))
                    self.pages += sum(language["page_count"]
                                      for language in entry["languages"].values())
                    first = output == self.bundle
                    part = "1" if first else output.name.removeprefix("part-")
                    self.keys[part]["bundle"] = len(_bundle_files(output, first) or ())
                    return
            raise BuildError("the search index could not be written completely; the previous "
                             "site is unchanged", "build again; if it happens again, free "
                             "some disk space or memory and build again")
        finally:
            _stop(process, copy)


def _ends_before(relative: str) -> bool:
    """Whether a part that is nearly full ends before this page: decided by the page's
    address alone, so the same pages end the same parts, whatever the length of the pages
    before them (an edit moves no part's end but where a part is full)."""
    return zlib.crc32(relative.encode()) % CUT_EVERY == 0


def _keys(site: Path) -> dict[str, str]:
    """What each part of a site's index was made from (`KEYS`); {} if it does not say, or
    if the file is not an ordinary file of the site (a link is never followed)."""
    try:
        if not stat.S_ISREG(os.lstat(site / KEYS).st_mode):
            return {}
        keys = json.loads((site / KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}


def _bundle_files(bundle: Path, first: bool) -> Optional[list[str]]:
    """The files of a part's bundle, as paths inside it; `first`: not the later parts'
    folders or their list (the first part's bundle holds them). None if the bundle, or
    anything in it, is not an ordinary file or folder of the site (a link is never
    followed out of it)."""
    if bundle.resolve() != bundle:
        return None
    found = []
    for entry in files.entries(bundle, folders=True):
        name = entry.path[len(str(bundle)) + 1:]
        if first and (name.startswith("part-") or name == PARTS):
            continue
        if entry.is_symlink() or not (entry.is_file() or entry.is_dir()):
            return None
        if entry.is_file():
            found.append(name)
    return found


def _stop(process: subprocess.Popen, copy: Path) -> None:
    """Stop a part's Pagefind if it is still running (a build interrupted), and remove the
    copy of the pages it read."""
    if process.poll() is None:
        process.kill()
        process.wait()
    shutil.rmtree(copy, ignore_errors=True)


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



def in_part(page: str, n: int) -> str:
    """A page of a site indexed in parts, filed under the hidden filter `part` (its part's
    number), which static/search.js uses to keep a search to the parts that hold its words:
    where a part has no word beginning with a word searched for, Pagefind matches that word
    to the longest word it has that the searched word begins with ("appointment" to "a"),
    which one index of the whole site would not do."""
    mark = f'<template data-pagefind-filter="{PART_FILTER}:{n}"></template>'
    head = _HEAD_END.search(page)
    return page[:head.start()] + mark + page[head.start():] if head else mark + page



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
