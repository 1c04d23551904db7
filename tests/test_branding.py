"""A partnership's own look: colours checked for contrast, and templates overridden by name."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .sites import FIXTURES, build_fixture, page_text


def briefings(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefings.cli", *args],
                          capture_output=True, text=True)


def with_colours(tmp_path: Path, primary: str, accent: str = '"#a4361d"') -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "partnership", root)
    settings = root / "briefings.yaml"
    text = settings.read_text()
    text = text.replace('primary: "#5b2a86"', f"primary: {primary}")
    text = text.replace('accent: "#a4361d"', f"accent: {accent}")
    settings.write_text(text)
    return root


def test_a_colour_too_light_for_white_text_is_an_error_with_line_and_column(tmp_path):
    root = with_colours(tmp_path, '"#ffcc00"')
    result = briefings("build", "--project", str(root))
    assert result.returncode == 1
    assert "briefings.yaml:10:12: colours.primary #ffcc00 is too light: white text on it has " \
           "a contrast of 1.51:1, and WCAG AA needs 4.5:1" in result.stderr
    assert "use a darker shade, e.g. #" in result.stderr
    assert not (root / "site").exists()


def test_a_colour_that_is_not_hex_is_an_error(tmp_path):
    root = with_colours(tmp_path, '"#5b2a86"', accent="dark red")
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1
    assert "briefings.yaml:11:11: colours.accent 'dark red' is not a hex colour" in result.stderr


def test_the_suggested_darker_shade_passes(tmp_path):
    root = with_colours(tmp_path, '"#ffcc00"')
    hint = briefings("check", "--project", str(root)).stderr.split("e.g. ")[1][:7]
    root = with_colours(tmp_path / "again", f'"{hint}"')
    assert briefings("check", "--project", str(root)).returncode == 0


def test_a_projects_own_template_overrides_the_default_of_the_same_name(tmp_path):
    site = build_fixture("template_override", tmp_path)
    glossary = page_text(site / "glossary/index.html")
    assert "Words we use in Override Partnership" in glossary
    assert "Rapid review" in glossary
    assert "Skip to main content" in glossary              # still the default base.html
    assert "Words we use" not in page_text(site / "findings/index.html")
    assert "Findings" in page_text(site / "findings/index.html")


def test_the_brand_stylesheet_holds_each_colour_rebuilt_from_its_digits(tmp_path):
    """Colours reach no page: they are rebuilt into static/brand.css, which every page links."""
    root = with_colours(tmp_path, '"#5B2A86"', accent='"#a31"')
    result = briefings("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert (site / "static/brand.css").read_text() == \
        ":root { --primary: #5b2a86; --accent: #aa3311; }\n"
    home = (site / "index.html").read_text()
    assert '<link rel="stylesheet" href="static/brand.css">' in home
    assert "#5B2A86" not in home and "#a31" not in home
