"""Prose fields: one Markdown configuration for checks and pages, and links judged on
markdown-it's tokens however they are written."""

from __future__ import annotations

import pytest

from briefings.content import prose


def refused(text: str) -> list[tuple[str, str, str]]:
    """(what, url, the text from where it is said to be written)."""
    return [(r.what, r.url, text[r.offset:r.offset + 12]) for r in prose.refused(text)]


@pytest.mark.parametrize("text, expected", [
    ("See [this](javascript:alert(1)).", [("link", "javascript:alert(1)", "[this](javas")]),
    ("![a chart](https://example.org/c.png)", [("remote image", "https://example.org/c.png",
                                                 "![a chart](h")]),
    ("![a [nested] alt](https://example.org/c.png)",
     [("remote image", "https://example.org/c.png", "![a [nested]")]),
    ("![chart][c]\n\n[c]: https://example.org/c.png\n",
     [("remote image", "https://example.org/c.png", "[c]: https:/")]),
    ("[text][r]\n\n[r]: javascript:alert(1)\n", [("link", "javascript:alert(1)", "[r]: javascr")]),
    ("Mail <javascript:alert(1)> now", [("link", "javascript:alert(1)", "<javascript:")]),
    ("[x](//evil.example/)", [("link", "//evil.example/", "[x](//evil.e")]),
    ("[x](JaVaScRiPt:alert(1))", [("link", "JaVaScRiPt:alert(1)", "[x](JaVaScRi")]),
    ("[x](data:text/html,hi)", [("link", "data:text/html,hi", "[x](data:tex")]),
    ("[x](&#106;avascript:alert(1))", [("link", "javascript:alert(1)", "[x](&#106;av")]),
    ("[x](java&#x09;script:alert(1))", [("link", "java%09script:alert(1)", "[x](java&#x0")]),
    ("![x](//cdn.example/x.png)", [("remote image", "//cdn.example/x.png", "![x](//cdn.e")]),
])
def test_unsafe_links_and_remote_images_are_found_where_they_are_written(text, expected):
    assert refused(text) == expected


@pytest.mark.parametrize("text", [
    "[a](https://example.org) [b](http://example.org) [c](mailto:a@example.org)",
    "[page](../findings/neglect/index.html) [anchor](#refs) ![local](assets/chart.png)",
    "<https://example.org/autolink>",
    "Inline `[x](javascript:alert(1))` code is only text.",
])
def test_safe_links_and_local_images_pass(text):
    assert refused(text) == []


def test_a_refused_link_is_disarmed_in_the_html_too():
    html = prose.render("[x](javascript:alert(1)) ![i][r]\n\n[r]: https://e.example/i.png",
                        False, lambda items, space: "")
    assert "javascript" not in html and "e.example" not in html
    assert '<a href="">x</a>' in html


def test_citations_are_tokens_rendered_by_the_page():
    html = prose.render("As found [@smith-2020, p. 4].", True,
                        lambda items, space: f"<cite>{items}{space}</cite>")
    assert html == "As found<cite>[('smith-2020', 'p. 4')]True</cite>."
