"""Static files every site needs: the theme's CSS and scripts, the font, the project's assets.

The font is shipped twice. The PDFs embed the whole TrueType files (print.css), copied here
from the font package. Web pages load small WOFF2 copies that are part of the theme
(templates/static/fonts/, made by scripts/web-fonts.py), so they come with its static/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import font_source_sans_pro

from .output import copy_tree

FONT_DIR = Path(font_source_sans_pro.__file__).parent / "files"
FONT_FILES = ["SourceSansPro-Regular.ttf", "SourceSansPro-It.ttf", "SourceSansPro-Semibold.ttf",
              "SourceSansPro-Bold.ttf"]


def font_paths() -> list[Path]:
    """The font files embedded in PDFs: the whole family, every character it has."""
    return [FONT_DIR / name for name in FONT_FILES]


def copy_assets(stage: Path, static_dirs: list[Path], project_assets: Path) -> None:
    for folder in static_dirs:  # the theme's static/, its web fonts among them
        copy_tree(folder, stage / "static")
    fonts = stage / "static" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for path in font_paths():
        shutil.copyfile(path, fonts / path.name)
    shutil.copyfile(FONT_DIR / "LICENSE.txt", fonts / "LICENSE.txt")
    copy_tree(project_assets, stage / "assets")

