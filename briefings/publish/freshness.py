"""Skip a build whose inputs have not changed since the last one that succeeded.

This is the first thing a build does, before it reads any content, so a build with nothing
to do costs only a read of the project's files and a look at the site's. The fingerprint
covers everything that can change the output: briefings.yaml, content/, assets/, the
project's templates/, the default theme and the engine's own code, the build options, and
the date (overdue-review notices depend on it). A note of the output folder's entries (each
file's and folder's path, size and modification time) guards against a site edited or
damaged by hand. The warnings
that build gave are kept with the note, so a build that does nothing repeats them.

A file that may not be read (a link out of the project, anything that is not an ordinary
file) is never opened here: there is then no fingerprint, and the build's own reading of
the content says what is wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Optional

import briefings

from .. import files
from ..problems import Pos, Problem
from ..project import THEME, Project

ENGINE = Path(briefings.__file__).parent


def _inputs(project: Project) -> Iterable[tuple[Path, Optional[tuple]]]:
    """Each file a build reads, with its refusal (None if it may be read: see files)."""
    mine = [project.root]
    if project.settings_file.exists() or project.settings_file.is_symlink():
        yield project.settings_file, files.refusal(project.settings_file, mine)
    for folder in (project.content, project.assets, *project.own_templates):
        yield from files.judged(folder, mine)
    for folder in (THEME, ENGINE):
        for path, refused in files.judged(folder, [folder]):
            if "__pycache__" not in path.parts:
                yield path, refused


def fingerprint(project: Project, options: dict) -> Optional[str]:
    """A digest of every input and option, or None if some input may not be read."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for path, refused in _inputs(project):
        if refused:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(str(path).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _site_entries(out: Path) -> list[str]:
    """Every entry of the site, folders and links among them (links are not followed), as
    paths relative to it, the site itself first (".")."""
    start = len(str(out)) + 1
    return ["."] + [entry.path[start:] for entry in files.entries(out, folders=True)]


def _site_state(out: Path, entries: list[str]) -> Optional[str]:
    """A digest of the size and date of each of the site's `entries`, or None if one is
    gone. A file added to a folder, removed from it or renamed changes the folder's date,
    and a file written changes its own, so this sees any change to the site without listing
    its folders again: listing the 84,000 folders of a 5,000-finding site took a second."""
    said = []
    try:
        root = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:  # each looked up from the site's folder, not from / (a fifth faster)
        for entry in entries:
            st = os.lstat(entry, dir_fd=root)
            said.append(f"{st.st_size}\0{st.st_mtime_ns}\n")
    except OSError:
        return None
    finally:
        os.close(root)
    return hashlib.sha256("".join(said).encode()).hexdigest()


def _note(cache: Path, out: Path) -> Path:
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return cache / f"last-build-{key}.json"


def last_warnings(cache: Path, out: Path, print_: Optional[str]) -> Optional[list[Problem]]:
    """The warnings of the last build if `out` was built from exactly these inputs and has
    not been touched since; None if the site must be built."""
    note = _note(cache, out)
    if print_ is None or not out.is_dir() or not note.is_file():
        return None
    try:
        saved = json.loads(note.read_text(encoding="utf-8"))
        if saved.get("inputs") != print_ or \
                saved.get("site") != _site_state(out, saved["entries"]):
            return None
        return [Problem(Pos(*w["pos"]), w["message"], w["hint"], warning=True)
                for w in saved.get("warnings", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def remember(cache: Path, out: Path, print_: Optional[str], warnings: list[Problem]) -> None:
    """Note what the site was built from, and its warnings. Best effort: the site is already
    published, and without the note the next build simply does the work again."""
    if print_ is None:
        return
    note = _note(cache, out)
    tmp = note.with_suffix(f".{os.getpid()}.tmp")
    said = [{"pos": list(w.pos), "message": w.message, "hint": w.hint} for w in warnings]
    try:
        cache.mkdir(parents=True, exist_ok=True)
        entries = _site_entries(out)
        tmp.write_text(json.dumps({"inputs": print_, "site": _site_state(out, entries),
                                   "entries": entries, "warnings": said}),
                       encoding="utf-8")
        tmp.replace(note)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
