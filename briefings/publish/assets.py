"""Static files every site needs: the theme's CSS and scripts, the font, the project's assets.

The font is shipped twice. The PDFs embed the whole TrueType files (print.css), so any
character a review quotes prints. Web pages load small WOFF2 copies holding only the Latin
letters, punctuation and symbols a briefing uses (site.css): about 15 KB a face instead of
about 290 KB. A character outside them is drawn from the reader's own sans-serif font. The
copies are part of the theme (templates/static/fonts/), made by `web_fonts()`:

    .venv/bin/python -m briefings.publish.assets     # after upgrading the font package
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import font_source_sans_pro

from .output import copy_tree

FONT_DIR = Path(font_source_sans_pro.__file__).parent / "files"
FONT_FILES = ["SourceSansPro-Regular.ttf", "SourceSansPro-It.ttf", "SourceSansPro-Semibold.ttf",
              "SourceSansPro-Bold.ttf"]
THEME_FONTS = Path(__file__).resolve().parent.parent.parent / "templates" / "static" / "fonts"

# What the web copies keep: Latin with its accents (Welsh ŵ and ŷ among them), general
# punctuation (dashes, curly quotes, ellipsis), the pound and euro signs and the few symbols
# the theme draws (arrows, ticks, comparison signs).
WEB_CHARACTERS = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2000, 0x2070), 0x20AC,
                  0x2122, *range(0x2190, 0x2194), 0x2212, 0x2264, 0x2265, 0x25CF, 0x2713]
WEB_FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "lnum", "tnum"]


def font_paths() -> list[Path]:
    """The font files embedded in PDFs: the whole family, every character it has."""
    return [FONT_DIR / name for name in FONT_FILES]


def web_font(path: Path) -> bytes:
    """The web copy of one font file (see the module's docstring), as WOFF2."""
    from fontTools import subset
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = WEB_FEATURES
    options.hinting = False
    font = subset.load_font(str(path), options, dontLoadGlyphNames=True)
    font.recalcTimestamp = False  # the same font gives the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=WEB_CHARACTERS)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def web_fonts(folder: Path = THEME_FONTS) -> None:
    """Write the web copies of every face into the theme."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in font_paths():
        (folder / path.with_suffix(".woff2").name).write_bytes(web_font(path))


def copy_assets(stage: Path, static_dirs: list[Path], project_assets: Path) -> None:
    for folder in static_dirs:  # the theme's static/, its web fonts among them
        copy_tree(folder, stage / "static")
    fonts = stage / "static" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for path in font_paths():
        shutil.copyfile(path, fonts / path.name)
    shutil.copyfile(FONT_DIR / "LICENSE.txt", fonts / "LICENSE.txt")
    copy_tree(project_assets, stage / "assets")


if __name__ == "__main__":
    web_fonts()
