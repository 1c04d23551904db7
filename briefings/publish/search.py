"""The search index: Pagefind over the written HTML, in one call, before the site goes live.

Pagefind reads every page in the staging folder at once (adding pages one at a time through
its API costs about 100 ms each), and writes its bundle to `pagefind/` beside them. Which pages
it indexes, and under which filters, is decided by the templates' `data-pagefind-*` markup.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

BUNDLE = "pagefind"


def index_site(stage: Path) -> int:
    """Index every HTML page under `stage`; return the number of pages indexed."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_index(stage.resolve()))
    # Called from inside an event loop (a notebook, Playwright's sync API): use a thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _index(stage.resolve())).result()


async def _index(site: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex  # only when a site is indexed

    config = IndexConfig(output_path=str(site / BUNDLE))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site))
        return int(result["page_count"])
