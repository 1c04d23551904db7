"""The output folder: claimed, locked, built beside, then swapped into place in one step.

A build replaces its output folder whole, so it only ever replaces a folder that is empty or
that it made itself: every site it writes carries a small marker file (`MARK`), and any
other folder, or one that is, holds or lies inside the project's own files, is refused
before anything is written.

A failed build deletes its staging folder and leaves the published site exactly as it was.
A successful one puts back the published copy of every file it made unchanged (so only the
files that changed get a new date), then exchanges the two folders atomically (Linux
`renameat2(RENAME_EXCHANGE)`), so a reader never sees a half-written site; elsewhere it
falls back to two quick renames.
One build at a time writes to an output folder (a lock file beside it), and a build that
was killed leaves staging folders the next one removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

from .. import files
from ..problems import BuildError

MARK = ".briefings-site"
MARK_TEXT = ("This folder is a website built by briefings. Each build replaces the whole "
             "folder, so keep no files of your own in it.\n")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def shown(path: Path) -> str:
    """A path as the user knows it: relative to the current folder where it is inside it."""
    try:
        return str(path.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)


def claim(out: Path, keep: Mapping[str, Path]) -> None:
    """Refuse an output folder the build must not replace (BuildError, status 2).

    `keep` names the folders a site may never replace, hold or sit inside, e.g.
    {"the project folder": root, "content/": ...}; the project folder itself may hold the
    site (site/ is in it by default), but may not be it or lie inside it.
    """
    out = out.resolve()
    where = shown(out)
    for name, folder in keep.items():
        folder = folder.resolve()
        inside = folder in out.parents and name != "the project folder"
        if out == folder or out in folder.parents or inside:
            relation = ("is" if out == folder else "holds" if out in folder.parents
                        else "is inside")
            raise BuildError(f"will not build into {where}: it {relation} {name}, and a build "
                             "replaces its output folder whole", "choose another folder with "
                             "--out, e.g. --out site", status=2)
    if out.exists() and not out.is_dir():
        raise BuildError(f"will not build into {where}: it is a file, not a folder",
                         "choose another folder with --out", status=2)
    if out.is_dir() and not (out / MARK).is_file():
        try:
            theirs = sorted(p.name for p in out.iterdir())
        except OSError as exc:
            raise failure(exc, out) from None
        if theirs:
            listed = ", ".join(theirs[:3]) + (f" and {len(theirs) - 3} more"
                                              if len(theirs) > 3 else "")
            raise BuildError(
                f"will not build into {where}: it holds files briefings did not make "
                f"({listed}), and a build replaces the whole folder",
                "give --out a new or empty folder; if this is a site an earlier version of "
                "briefings built, delete it and build again", status=2)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock on `out` for a whole build; refuse if another build holds it.

    The lock is a file beside `out`, removed when the build ends. A build that opened it
    just before it was removed finds it is not the file at that path any more, and retries.
    """
    lock = out.parent / f".{out.name}.lock"
    while True:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise failure(exc, out) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BuildError(f"another build is writing {shown(out)} right now",
                             "wait for it to finish, then build again") from None
        try:
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        remove_stale(out)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)  # closing releases the lock


def remove_stale(out: Path) -> None:
    """Remove staging folders and old sites left by a build that was killed (we hold the
    lock, so no build is using them). Only folders carrying our marker, or empty, go."""
    for path in out.parent.glob(f".{out.name}.building-*"):
        if path.is_dir() and not path.is_symlink() and (
                (path / MARK).is_file() or not any(path.iterdir())):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder to build in; on success, it becomes `out`.

    A failure to write (a full disk, a read-only folder) is a BuildError; whatever happens,
    the staging folder is removed and the old site is left as it was.
    """
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    except OSError as exc:
        raise failure(exc, out) from None
    try:
        (stage / MARK).write_text(MARK_TEXT, encoding="utf-8")
        yield stage
        stage.chmod(0o755)
        keep_unchanged(stage, out)
        publish(stage, out)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise failure(exc, out) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def scratch(stage: Path, purpose: str) -> Path:
    """A new folder beside the staging folder `stage` for a step of the build to work in
    (the search index's copy of the pages): on the site's own disk, not in the system's
    temporary folder, which may be small or slow (on one machine a file cost thirty times
    as much there). It is named and marked as a staging folder is, so if the build is
    killed the next one removes it; its step removes it otherwise."""
    folder = Path(tempfile.mkdtemp(prefix=f"{stage.name}-{purpose}-", dir=stage.parent))
    (folder / MARK).write_text(MARK_TEXT, encoding="utf-8")
    return folder


def keep_unchanged(stage: Path, out: Path) -> None:
    """Put back the published copy of each file the new build made byte for byte the same
    (a hard link to it), so only the files that really changed are new: they alone get a new
    date, an upload by date (rsync, a web host's deploy) sends only them, and readers'
    browsers keep the rest cached. Only the site's own ordinary files are looked at (no
    link is followed); where a link cannot be made, the new copy stays."""
    if not (out / MARK).is_file():
        return
    out_start, start = len(str(out)), len(str(stage))
    published = {entry.path[out_start:]: entry for entry in files.entries(out)
                 if entry.is_file(follow_symlinks=False)}
    for entry in files.entries(stage):
        was = published.get(entry.path[start:])
        try:
            if was is None or not entry.is_file(follow_symlinks=False):
                continue
            old, new = was.stat(follow_symlinks=False), entry.stat(follow_symlinks=False)
            if (old.st_ino, old.st_dev) == (new.st_ino, new.st_dev):
                continue   # already the published file (a search part taken from the site)
            if old.st_size != new.st_size or not same_bytes(was.path, entry.path):
                continue
            kept = f"{entry.path[:-len(entry.name)]}.{entry.name}.kept"
            os.link(was.path, kept)
            os.replace(kept, entry.path)
        except OSError:
            continue


def same_bytes(a: str | Path, b: str | Path) -> bool:
    with open(a, "rb") as one, open(b, "rb") as two:
        while True:
            chunk = one.read(1 << 16)
            if chunk != two.read(1 << 16):
                return False
            if not chunk:
                return True


def failure(exc: OSError, out: Path) -> BuildError:
    """A write that failed, as one line saying what to do; the old site is untouched."""
    reason = exc.strerror or str(exc)
    hints = {errno.ENOSPC: "free some disk space, then build again",
             errno.EDQUOT: "free some disk space, then build again",
             errno.EROFS: "the disk is read-only: choose another folder with --out",
             errno.EACCES: "you may not write there: choose another folder with --out",
             errno.EPERM: "you may not write there: choose another folder with --out"}
    return BuildError(f"could not write the site {shown(out)}: {reason}; the previous site "
                      "is unchanged", hints.get(exc.errno, "check the folder and the disk"))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False if the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def publish(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        return
    if _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # stage now holds the old site
        return
    old = out.with_name(f".{out.name}.building-old-{os.getpid()}")
    out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def write(stage: Path, rel: str, data: str | bytes) -> Path:
    path = stage / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def copy_tree(src: Path, dest: Path) -> None:
    """Copy a folder of static files, later folders overriding earlier ones."""
    if src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True)
