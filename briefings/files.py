"""Which of a project's files may be read: nothing outside the project, ever.

Content, assets and templates are read only if they are ordinary files whose real place
(links followed) is inside the project folder, or inside the default theme. Anything else —
a link leading out of the project, a link to nothing, a folder named like a file, a named
pipe that would hang the build — is refused with a reason a person can act on.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator, Optional


def refusal(path: Path, roots: Iterable[Path]) -> Optional[tuple[str, str]]:
    """(why, what to do) if `path` may not be read, else None. `roots`: the folders a file
    may really be in (the project, and for templates the default theme)."""
    if path.is_symlink() and not path.exists():
        return ("this is a link to a file that does not exist",
                "remove the link, or point it at a file inside the project")
    if not inside(path, roots):
        return ("this is a link to a file outside the project; it was not read",
                "copy the file into the project instead of linking to it")
    if path.is_dir():
        return ("this is a folder, not a file", "a folder's name should not end in .yaml")
    if not path.is_file():
        return ("this is not an ordinary file", "keep only ordinary files here")
    return None


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether `path`, links followed, really is in one of `roots`."""
    real = path.resolve()
    return any(real.is_relative_to(_real(root)) for root in roots)


@functools.lru_cache(maxsize=64)
def _real(root: Path) -> Path:
    """Where a root folder really is (asked for every file read, so found once)."""
    return Path(root).resolve()


def tree(folder: Path) -> Iterator[Path]:
    """Every entry under `folder`, without following links into other folders (a link is
    itself an entry, to be judged by `refusal`)."""
    if not folder.is_dir():
        return
    for where, dirs, files in os.walk(folder, followlinks=False):
        here = Path(where)
        for name in sorted(files) + sorted(d for d in dirs if (here / d).is_symlink()):
            yield here / name
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())


def judged(folder: Path, roots: Iterable[Path]) -> Iterator[tuple[Path, Optional[tuple]]]:
    """Every entry under `folder` (as `tree` gives them) with its `refusal`, None where it
    may be read. The walk follows no link, so an ordinary file met in it is as far inside
    the project as `folder` is: only `folder`, and entries that are not ordinary files, get
    the full look (one resolve in all, not one per file)."""
    folder_inside = None
    for path in tree(folder):
        try:
            ordinary = stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            ordinary = False
        if ordinary and folder_inside is None:
            folder_inside = inside(folder, roots)
        yield path, None if ordinary and folder_inside else refusal(path, roots)


def entries(folder: Path, folders: bool = False) -> Iterator[os.DirEntry]:
    """Every entry under `folder` that is not a folder (a link is one, and is not followed),
    and the folders too if `folders`, in no particular order. A site has tens of thousands
    of files, so this walks it with os.scandir, whose entries know their type and size
    without another system call. Each folder is listed whole before its entries are given,
    so the caller may change it."""
    waiting = [str(folder)]
    while waiting:
        with os.scandir(waiting.pop()) as listing:
            found = list(listing)
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                waiting.append(entry.path)
                if folders:
                    yield entry
            else:
                yield entry
