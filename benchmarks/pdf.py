"""How long PDFs take: one sector briefing, all PDFs from cold with 1 and 2 processes, the
same PDFs made by WeasyPrint alone side by side, and a rebuild with nothing changed (which
should render nothing).

    .venv/bin/python benchmarks/pdf.py                 # the repository's own content
    .venv/bin/python benchmarks/pdf.py -p my-project   # another project

The project is copied to a temporary folder first, so its own site/ and cache are untouched.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import weasyprint  # noqa: E402
from pypdf import PdfReader  # noqa: E402  (a test dependency: `make .venv/.installed`)

import briefings.publish  # noqa: E402
from briefings.build import build  # noqa: E402
from briefings.project import Project  # noqa: E402
from briefings.publish.pdf import Job  # noqa: E402
from briefings.publish.printer import OPTIONS, render_job  # noqa: E402


def cpu() -> float:
    """CPU seconds used so far by this process and its finished workers."""
    me, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed(fn):
    """Wall-clock and CPU seconds of fn(). On a shared machine wall time depends on what
    else runs; CPU time does not, so both are reported."""
    started, cpu_started = time.perf_counter(), cpu()
    result = fn()
    return (time.perf_counter() - started, cpu() - cpu_started), result


PDF_STEP: list[tuple[float, float]] = []  # (wall, CPU) seconds of each build's PDF step
PAGES: list[str] = []       # the pages whose PDFs the last build's PDF step made


def _timed_write_pdfs(stage, pages, *args, _write_pdfs=briefings.publish.write_pdfs,
                      **kwargs):
    pages = list(pages)
    PAGES[:] = [url for url, _ in pages]
    started, cpu_started = time.perf_counter(), cpu()
    try:
        return _write_pdfs(stage, pages, *args, **kwargs)
    finally:
        PDF_STEP.append((time.perf_counter() - started, cpu() - cpu_started))


def weasyprint_alone(site: Path, pages: list[str]) -> None:
    """Each page's PDF made by WeasyPrint alone, from the HTML as published, with the same
    options (tagged PDF/UA, form fields) and nothing of ours: no cache, no layout checks, no
    parsed stylesheets kept, no mending of the tags."""
    for url in pages:
        weasyprint.HTML(filename=str(site / url)).write_pdf(**OPTIONS)


briefings.publish.write_pdfs = _timed_write_pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-p", "--project", default=".", help="project folder (default: .)")
    args = parser.parse_args()
    source = Path(args.project).resolve()
    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(source, root, ignore=shutil.ignore_patterns(
            "site", ".briefings-cache", ".venv", ".git", "tests", "*.egg-info"))
        project = Project.at(root)
        rows = []

        html_only, _ = timed(lambda: build(project, pdf=False))
        rows.append(("HTML only (no PDFs)", html_only, "-"))

        for workers in (1, 2):
            shutil.rmtree(project.cache, ignore_errors=True)
            seconds, result = timed(lambda: build(project, workers=workers))
            rows.append((f"all PDFs, cold, {workers} process{'es' if workers > 1 else ''}",
                         seconds, f"{result.pdfs_rendered} rendered "
                                  f"(PDF step {PDF_STEP[-1][0]:.2f}s wall, "
                                  f"{PDF_STEP[-1][1]:.2f}s CPU)"))

        # The same PDFs by WeasyPrint alone, in this process: against the 1-process PDF step.
        step_cpu = PDF_STEP[0][1]
        seconds, _ = timed(lambda: weasyprint_alone(project.out, PAGES))
        rows.append(("WeasyPrint alone, the same pages, 1 process", seconds,
                     f"{len(PAGES)} PDFs; the PDF step took {step_cpu / seconds[1]:.2f} "
                     "times its CPU"))

        seconds, result = timed(lambda: build(project))
        rows.append(("rebuild, nothing changed", seconds,
                     "up to date: nothing rendered" if result.up_to_date else
                     f"{result.pdfs_rendered} rendered, {result.pdfs_cached} cached"))
        # A change that touches no PDF: every page is written again, every PDF from the cache.
        seconds, result = timed(lambda: build(Project.at(root, project.out.with_name("other"))))
        rows.append(("rebuild into another folder (pages only)", seconds,
                     f"{result.pdfs_rendered} rendered, {result.pdfs_cached} cached"))

        # One sector briefing on its own, in this process, from the site just built.
        page = next(iter(sorted((project.out / "briefings").glob("*/index.html"))), None)
        if page is not None:
            url = page.relative_to(project.out).as_posix()
            job = Job(url, url.replace("index.html", "bench.pdf"), project.out,
                      (project.out.resolve(), root.resolve()), None)
            seconds, _ = timed(lambda: render_job(job))
            pages = len(PdfReader(project.out / job.pdf).pages)
            rows.insert(1, (f"one sector briefing ({url.split('/')[1]}, {pages} pages)",
                            seconds, "1 rendered"))

    load = os.getloadavg()[0]
    print(f"PDF benchmark: {source.name or source}, {os.cpu_count()} CPUs, "
          f"load average {load:.1f} at the end")
    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}  {'wall s':>7}  {'CPU s':>7}  result")
    for name, (wall, cpu_s), note in rows:
        print(f"{name.ljust(width)}  {wall:7.2f}  {cpu_s:7.2f}  {note}")


if __name__ == "__main__":
    main()
