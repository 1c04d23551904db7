"""How heavy the website is: page weights (HTML + CSS) and what one search fetches.

    .venv/bin/python benchmarks/site_weight.py [PROJECT] [--query WORD ...]

Builds PROJECT (default: this repository's own content) into a temporary folder, then prints
the heaviest page of each kind, every page over the 100 KB budget, what a first view of the
home page and of a sector briefing fetches on a phone (fonts included), and, for each query, the
bytes a first search fetches in Chromium: the Pagefind engine (fetched once, then cached) and
the query's own index chunks, filters and result fragments. JavaScript is counted both as
served by a plain server and gzipped, as any real static host serves it; Pagefind's own index
files are compressed already.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefings.build import build  # noqa: E402
from briefings.project import Project  # noqa: E402
from tests.sites import CHROMIUM, CHROMIUM_ARGS, html_pages, serve  # noqa: E402

BUDGET = 100_000
ENGINE = ("pagefind/pagefind.js", "pagefind/wasm.", "static/search.js")


def page_weights(site: Path) -> None:
    css = (site / "static/site.css").stat().st_size
    heaviest: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
    over = []
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        kind = rel.split("/")[0] if "/" in rel else rel
        kind += "/*" if rel.count("/") > 1 else ""
        weight = page.stat().st_size + css
        heaviest[kind] = max(heaviest[kind], (weight, rel))
        if weight > BUDGET:
            over.append((weight, rel))
    print(f"Page weight, HTML + CSS ({css:,} bytes of CSS), heaviest of each kind:")
    for kind, (weight, rel) in sorted(heaviest.items()):
        print(f"  {weight:>9,}  {rel}")
    print(f"Pages over {BUDGET:,} bytes: {len(over)}")
    for weight, rel in sorted(over, reverse=True):
        print(f"  {weight:>9,}  {rel}")


FIRST_VIEWS = ("index.html", "briefings/health/index.html", "findings/index.html")


def first_views(site: Path) -> None:
    """Every byte a phone fetches to show a page the first time (nothing cached)."""
    from playwright.sync_api import sync_playwright
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print("First view on a phone (390 px, nothing cached), every file fetched:")
        for url in FIRST_VIEWS:
            if not (site / url).is_file():
                continue
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()))
                    if r.ok else None)
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            fonts = sum(n for u, n in sizes.items() if "/fonts/" in u)
            print(f"  {sum(sizes.values()):>9,} bytes in {len(sizes)} files "
                  f"({fonts:,} of them fonts)  {url}")
            context.close()
        browser.close()


def search_weight(site: Path, queries: list[str]) -> None:
    from playwright.sync_api import expect, sync_playwright
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            page = browser.new_page()          # a fresh page: nothing cached
            bodies: dict[str, bytes] = {}
            page.on("response", lambda r: bodies.__setitem__(r.url, r.body())
                    if r.ok and ("/pagefind/" in r.url or r.url.endswith("search.js")) else None)
            page.goto(f"{base}search/index.html?q={query}")
            # Waited for from outside the page: its policy forbids evaluating a string.
            expect(page.locator("#search-status")).to_contain_text("result")
            page.wait_for_load_state("networkidle")
            status = page.inner_text("#search-status")
            sizes = {"engine": [0, 0], "query": [0, 0]}
            for u, body in bodies.items():
                part = "engine" if any(e in u for e in ENGINE) else "query"
                sizes[part][0] += len(body)
                sizes[part][1] += min(len(body), len(gzip.compress(body, 9)))
            total = [sizes["engine"][i] + sizes["query"][i] for i in (0, 1)]
            print(f"Search {query!r} ({status}) fetched {len(bodies)} files:")
            for part, (raw, gz) in sizes.items():
                print(f"  {part:<7} {raw:>9,} bytes, {gz:>9,} gzipped")
            print(f"  total   {total[0]:>9,} bytes, {total[1]:>9,} gzipped")
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", nargs="?", default=str(Path(__file__).parent.parent))
    parser.add_argument("--query", action="append", help="a search to measure (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = build(Project.at(args.project, site))
        print(f"Built {result.pages} pages from {args.project}")
        page_weights(site)
        first_views(site)
        search_weight(site, args.query or ["neglect", "curiosity", "fathers"])


if __name__ == "__main__":
    main()
