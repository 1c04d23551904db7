"""`briefings new`: a starter project that builds at once, wired to the JSON Schemas of its
files (`schemas/`, `.vscode/settings.json`) so an editor flags a mistake while it is typed.

The starter (`briefings/starter/`) is a small project with one clearly marked fictional
example review, two findings, their learning points, a seven-minute briefing and a sector
briefing. `--example national` copies the repository's own showcase instead (shipped in the
package as `briefings/national/`), with the starter's settings and logo. Nothing is ever
deleted or overwritten: a folder that is not empty is refused, and with `force` only the
files that are not there yet are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .problems import BuildError
from .schema import write_schemas

HERE = Path(__file__).parent
STARTER = HERE / "starter"
EXAMPLES = ("starter", "national")
PLACEHOLDER = "{partnership}"  # the partnership's name in the starter's files
NATIONAL_TITLE = "Learning from serious case reviews 2017-19"


def national_content() -> Path:
    """The national showcase's content: in the installed package, or the top-level content/
    folder of a source checkout."""
    installed = HERE / "national"
    return installed if installed.is_dir() else HERE.parent / "content"


@dataclass
class Made:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there, left as they were


def new(folder: Path, partnership: str, example: str = "starter", force: bool = False) -> Made:
    """Write a new project into `folder`."""
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder} is a file, not a folder", "give a new folder's name",
                         status=2)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise BuildError(f"{folder} is not empty", "give a new or empty folder, or add --force "
                         "to add the project's files beside what is there (nothing is "
                         "overwritten or deleted)", status=2)
    files = dict(starter_files(partnership))
    if example == "national":
        files = {rel: text for rel, text in files.items() if not rel.startswith("content/")}
        files["briefings.yaml"] = files["briefings.yaml"].replace(
            "title: Learning from our reviews", f"title: {NATIONAL_TITLE}")
        source = national_content()
        for path in sorted(source.rglob("*.yaml")):
            files["content/" + path.relative_to(source).as_posix()] = path.read_bytes()
    made = Made()
    try:
        for rel, data in files.items():
            target = folder / rel
            if target.exists():
                made.kept.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
            made.written.append(target)
    except OSError as exc:
        raise BuildError(f"could not write the project in {folder}: {exc.strerror}",
                         "check the folder and the disk") from None
    # Editors that read JSON Schema (VS Code's YAML extension) check each file as it is typed.
    if not (folder / "schemas").exists():
        made.written += write_schemas(folder, folder / "schemas")
    return made


def starter_files(partnership: str):
    """(path in the project, text) of each starter file, the partnership's name filled in."""
    name = partnership.replace('"', "'")
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(STARTER).as_posix()
            if path.suffix in (".yaml", ".md"):
                yield rel, path.read_text(encoding="utf-8").replace(PLACEHOLDER, name)
            else:
                yield rel, path.read_bytes()
