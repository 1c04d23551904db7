"""Lighthouse's mobile performance score for each kind of page, as a public body's audit runs it.

    .venv/bin/python benchmarks/lighthouse.py [PROJECT] [--runs N]

Builds PROJECT (default: this repository's own content, HTML only) into a temporary folder,
serves it on 127.0.0.1 and runs Lighthouse (from the npm registry, fetched by npx on first
use into npm's cache; not a dependency of the project) in the system Chromium, with its
default mobile emulation: a mid-range phone on a slow 4G connection. It prints, for one
page of each kind, the median over N runs (default 3) of the performance score and of its
main measures: first and largest contentful paint, total blocking time, layout shift.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefings.build import build  # noqa: E402
from briefings.project import Project  # noqa: E402
from tests.sites import CHROMIUM, serve  # noqa: E402

LIGHTHOUSE = "lighthouse@13.5.0"
PAGES = {  # one page of each kind in the default content
    "home": "index.html",
    "sector briefing": "briefings/health/index.html",
    "seven-minute briefing": "seven-minute/children-not-brought/index.html",
    "sector page": "sectors/health/index.html",
    "finding": "findings/assessment-and-planning/index.html",
    "learning points index": "learning-points/index.html",
    "case study": "cases/billy/index.html",
    "search": "search/index.html?q=neglect",
}
MEASURES = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
            "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS"}


def audit(address: str, folder: Path) -> dict:
    report = folder / "report.json"
    subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, address, "--only-categories=performance",
         "--output=json", f"--output-path={report}", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text())
    out = {"score": data["categories"]["performance"]["score"] * 100}
    for key, short in MEASURES.items():
        out[short] = data["audits"][key]["numericValue"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", nargs="?", default=str(Path(__file__).parent.parent))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefings-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        build(Project.at(args.project, site), pdf=False)
        print(f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile, performance; medians of "
              f"{args.runs} runs (ms, but CLS):")
        print(f"  {'score':>5} {'FCP':>6} {'LCP':>6} {'TBT':>5} {'CLS':>5}  page")
        with serve(site) as base:
            for name, url in PAGES.items():
                if not (site / url.split("?")[0]).is_file():
                    continue
                runs = [audit(base + url, Path(tmp)) for _ in range(args.runs)]
                m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                print(f"  {m['score']:>5.0f} {m['FCP']:>6.0f} {m['LCP']:>6.0f} "
                      f"{m['TBT']:>5.0f} {m['CLS']:>5.3f}  {name} ({url})", flush=True)


if __name__ == "__main__":
    main()
