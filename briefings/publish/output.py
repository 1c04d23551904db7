"""Build into a staging folder beside the output, then swap it into place in one step.

A failed build deletes its staging folder and leaves the published site exactly as it was.
A successful one exchanges the two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`),
so a reader never sees a half-written site; elsewhere it falls back to two quick renames.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False if the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder to build in; on success, it becomes `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    stage.chmod(0o755)
    publish(stage, out)


def publish(stage: Path, out: Path) -> None:
    if not out.exists():
        stage.rename(out)
        return
    if _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # stage now holds the old site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
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
