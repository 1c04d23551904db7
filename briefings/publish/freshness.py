"""Skip a build whose inputs have not changed since the last one that succeeded.

The fingerprint covers everything that can change the output: briefings.yaml, content/,
assets/, the project's templates/, the default theme and the engine's own code, the build
options, and the date (overdue-review notices depend on it). A note of the output folder's
files (path, size, modification time) guards against a site edited or damaged by hand.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import briefings

ENGINE = Path(briefings.__file__).parent


def _files(folder: Path):
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def fingerprint(inputs: list[Path], options: dict) -> str:
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for root in [*inputs, ENGINE]:
        paths = [root] if root.is_file() else list(_files(root))
        for path in paths:
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _site_state(out: Path) -> str:
    digest = hashlib.sha256()
    for path in _files(out):
        st = path.stat()
        digest.update(f"{path.relative_to(out)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _note(cache: Path, out: Path) -> Path:
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return cache / f"last-build-{key}.json"


def up_to_date(cache: Path, out: Path, print_: str) -> bool:
    """True if `out` was built from exactly these inputs and has not been touched since."""
    note = _note(cache, out)
    if not out.is_dir() or not note.is_file():
        return False
    try:
        saved = json.loads(note.read_text())
    except (OSError, ValueError):
        return False
    return saved.get("inputs") == print_ and saved.get("site") == _site_state(out)


def remember(cache: Path, out: Path, print_: str) -> None:
    """Note what the site was built from. Best effort: the site is already published, and
    without the note the next build simply does the work again."""
    note = _note(cache, out)
    tmp = note.with_suffix(f".{os.getpid()}.tmp")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"inputs": print_, "site": _site_state(out)}))
        tmp.replace(note)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
