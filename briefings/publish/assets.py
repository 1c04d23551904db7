"""Static files every site needs: the theme's CSS and scripts, the font, the project's assets."""

from __future__ import annotations

import shutil
from pathlib import Path

import font_source_sans_pro

from .output import copy_tree

FONT_DIR = Path(font_source_sans_pro.__file__).parent / "files"
FONT_FILES = ["SourceSansPro-Regular.ttf", "SourceSansPro-It.ttf", "SourceSansPro-Semibold.ttf",
              "SourceSansPro-Bold.ttf"]


def font_paths() -> list[Path]:
    """The font files used on the web and embedded in PDFs: one family for both."""
    return [FONT_DIR / name for name in FONT_FILES]


def copy_assets(stage: Path, static_dirs: list[Path], project_assets: Path) -> None:
    for folder in static_dirs:
        copy_tree(folder, stage / "static")
    fonts = stage / "static" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for path in font_paths():
        shutil.copyfile(path, fonts / path.name)
    shutil.copyfile(FONT_DIR / "LICENSE.txt", fonts / "LICENSE.txt")
    copy_tree(project_assets, stage / "assets")
