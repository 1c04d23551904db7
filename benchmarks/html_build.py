"""Benchmark: how fast the default site's HTML builds.

Run on demand (`make benchmark`), not in the test suite: it reports, it does not fail.
Measures, on the repository's own content:
  - load + check time, plan + render time (HTML only, no PDFs, no search index);
  - a whole `briefings build --no-pdf` cold, and a rebuild with nothing changed.
Page weights and search fetch sizes are in site_weight.py; PDF timings in pdf.py.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefings.build import load  # noqa: E402
from briefings.project import Project  # noqa: E402
from briefings.render.html import environment, labels, render_all  # noqa: E402
from briefings.render.plan import plan  # noqa: E402


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def cli(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefings.cli", *args], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    project = Project.at(REPO)
    corpus, _ = load(project)
    t_load = timed(lambda: load(project))

    def plan_and_render():
        words = labels(project.template_dirs, project.root)
        site = plan(corpus, words)
        return list(render_all(environment(project.template_dirs), site.pages(),
                               corpus.settings, site.site, words, project.root))

    t_render = timed(plan_and_render)
    pages = plan_and_render()
    out = Path(tempfile.mkdtemp()) / "site"
    t_cold = cli("build", "--project", str(REPO), "--out", str(out), "--no-pdf", "--quiet")
    t_warm = cli("build", "--project", str(REPO), "--out", str(out), "--no-pdf", "--quiet")

    print(f"pages: {len(pages)}   learning points: {len(corpus.learning_points)}")
    print(f"load + check (median of 5):   {t_load * 1000:8.0f} ms")
    print(f"plan + render HTML (median):  {t_render * 1000:8.0f} ms")
    print(f"briefings build --no-pdf, cold:            {t_cold:6.2f} s (with Python start-up)")
    print(f"briefings build --no-pdf, nothing changed: {t_warm:6.2f} s")
    shutil.rmtree(out.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
