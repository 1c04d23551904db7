"""The size of an image the content names (the partnership's logo), so a page can say it in
the <img> tag: the browser then keeps the image's room while it loads, and nothing on the
page moves when it arrives.

Read only after the build's checks found the file among the project's assets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
_NUMBER = rb"\s*=\s*[\"']\s*([0-9.]+)\s*(?:px)?\s*[\"']"


def image_size(path: Path) -> Optional[tuple[int, int]]:
    """(width, height) in CSS pixels, or None if the file does not say (the page then
    simply leaves the size to the browser)."""
    try:
        if path.suffix.lower() == ".svg":
            return svg_size(path.read_bytes()[:8192])
    except (OSError, ValueError, OverflowError):
        return None
    from PIL import Image  # only for a logo that is not an SVG
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None  # not an image it can read, or one that claims an absurd size


def svg_size(head: bytes) -> Optional[tuple[int, int]]:
    """From the <svg> tag: its width and height in pixels, else its viewBox."""
    tag = _SVG_TAG.search(head)
    if not tag:
        return None
    attrs = tag.group(0)
    width = re.search(rb"\swidth" + _NUMBER, attrs)
    height = re.search(rb"\sheight" + _NUMBER, attrs)
    if width and height:
        w, h = float(width.group(1)), float(height.group(1))
    else:
        box = re.search(rb"\sviewBox\s*=\s*[\"']\s*([-0-9.eE,\s]+)[\"']", attrs)
        if not box:
            return None
        numbers = re.split(rb"[\s,]+", box.group(1).strip())
        if len(numbers) != 4:
            return None
        w, h = float(numbers[2]), float(numbers[3])
    if w <= 0 or h <= 0:
        return None
    return max(1, round(w)), max(1, round(h))
