"""Make the theme's web fonts: small WOFF2 copies of Source Sans Pro for screens.

    .venv/bin/python scripts/web-fonts.py      (after upgrading font-source-sans-pro)

The font is shipped twice (briefings/publish/assets.py copies both into every site). The
PDFs embed the whole TrueType files (print.css), so any character a review quotes prints.
Web pages load these copies (site.css), which hold only the Latin letters, punctuation and
symbols a briefing uses: about 15 KB a face instead of about 290 KB. A character outside
them is drawn from the reader's own sans-serif font. The copies are part of the theme, in
templates/static/fonts/; the same font gives the same bytes (no timestamp).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefings.project import THEME  # noqa: E402
from briefings.publish.assets import font_paths  # noqa: E402

# What the web copies keep: Latin with its accents (Welsh ŵ and ŷ among them), general
# punctuation (dashes, curly quotes, ellipsis), the pound and euro signs and the few symbols
# the theme draws (arrows, ticks, comparison signs).
WEB_CHARACTERS = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2000, 0x2070), 0x20AC,
                  0x2122, *range(0x2190, 0x2194), 0x2212, 0x2264, 0x2265, 0x25CF, 0x2713]
WEB_FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "lnum", "tnum"]
THEME_FONTS = THEME / "static" / "fonts"


def web_font(path: Path) -> bytes:
    """The web copy of one font file, as WOFF2."""
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


if __name__ == "__main__":
    web_fonts()
