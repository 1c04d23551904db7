"""A project of N findings for the scale benchmarks: the repository's own project, its
findings replicated under new ids until there are N.

    .venv/bin/python benchmarks/generate.py N DEST

DEST gets a copy of briefings.yaml, content/ and assets/ (the repository's templates/ is the
default theme, which every project uses anyway, so it is not copied), then the default
findings again, in turn, as `<id>-copy-<k>` with their learning points renamed
`<point id>-copy-<k>` and " (copy <k>)" after their title; everything else in a copy (its
sectors, themes, sources, overlays, quotes) is the original's. Nothing refers to a copy, so
every reference in the project stays valid; the briefings, seven-minute briefings, sessions
and cases are the default content's. The same N always makes the same bytes. N counts every
finding, so it may not be less than the number of default findings (19).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefings.project import Project  # noqa: E402

PROJECT_FILES = ("briefings.yaml", "content", "assets")
POINT_ID = re.compile(r"^  - id: (\S+)$")


def default_findings() -> list[Path]:
    return sorted((REPO / "content/findings").glob("*.yaml"))


def copy_project(dest: Path) -> None:
    """The repository's project files, and its own templates if it had any."""
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, dest / name)
    for own in Project.at(REPO).own_templates:
        shutil.copytree(own, dest / own.name)


def copied_finding(text: str, k: int) -> str:
    """A finding's YAML as copy k: new ids for it and its learning points, a new title."""
    lines, in_points = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("id: "):
            line = f"{line.rstrip()}-copy-{k}\n"
        elif line.startswith("title: "):
            title = yaml.safe_load(line)["title"]
            line = f"title: {json.dumps(f'{title} (copy {k})', ensure_ascii=False)}\n"
        elif not line.startswith((" ", "\n", "#")):
            in_points = line.startswith("learning_points:")
        elif in_points and POINT_ID.match(line.rstrip("\n")):
            line = f"{line.rstrip()}-copy-{k}\n"
        lines.append(line)
    return "".join(lines)


def make_project(n_findings: int, dest: Path) -> Path:
    """Write a project of `n_findings` findings into `dest` (which must not exist yet)."""
    originals = default_findings()
    if n_findings < len(originals):
        raise ValueError(f"N must be at least {len(originals)}, the default findings")
    dest = Path(dest)
    copy_project(dest)
    findings = dest / "content/findings"
    for i in range(n_findings - len(originals)):
        original, k = originals[i % len(originals)], i // len(originals) + 1
        copy = copied_finding(original.read_text(encoding="utf-8"), k)
        (findings / f"{original.stem}-copy-{k}.yaml").write_text(copy, encoding="utf-8")
    return dest


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit(f"usage: {sys.argv[0]} N DEST   (N findings, at least "
                 f"{len(default_findings())}; DEST a new folder)")
    try:
        dest = make_project(int(sys.argv[1]), Path(sys.argv[2]))
    except (ValueError, FileExistsError) as exc:
        sys.exit(f"{sys.argv[0]}: {exc}")
    print(f"{dest}: {int(sys.argv[1])} findings")


if __name__ == "__main__":
    main()
