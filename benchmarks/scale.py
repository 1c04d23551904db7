"""How a build grows with the content: `briefings build --no-pdf` on generated projects of N
findings (benchmarks/generate.py: the default findings replicated under new ids).

    .venv/bin/python benchmarks/scale.py              # N = 100 and 1000
    .venv/bin/python benchmarks/scale.py 100 300 1000

For each N, in a temporary folder: a cold build with search off (`search: false` written into
the copy's briefings.yaml, as the command line has no switch for it), a cold build with
search, then into that site a rebuild with nothing changed and a rebuild after one finding's
summary is edited. Each is a new `python -m briefings.cli build` process, measured from
outside: wall seconds, CPU seconds of it and all its children (getrusage RUSAGE_CHILDREN),
and the peak of the summed resident memory of its process tree, sampled every 0.2 s (with
psutil if it is installed, else from /proc). Then the site: HTML pages and files, and, for a
rebuild, how many files were written again (inode or mtime changed) and how many really
changed (sha256 differs; a file added or removed counts in both), and how many of those are
HTML pages. Also the largest page and how many pages are over 100 KB. A 1000-finding run
takes some 3 minutes and peaks under 1 GB (Pagefind indexes the site in parts, so its
memory is one part's); one cold build of 5,000 findings took 4 to 5 minutes and 1.5 GB.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generate import make_project  # noqa: E402

try:
    import psutil
except ImportError:
    psutil = None

SAMPLE_SECONDS = 0.2
BUDGET = 100_000
EDITED = "content/findings/recognising-neglect.yaml"


# ---- one command, measured from outside ------------------------------------------------

def _children_from_proc() -> dict[int, list[int]]:
    """Every process's children, from the parent pid in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    return children


def _rss_from_proc(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:  # gone, or a zombie
            return 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:  # gone, or a zombie
                pass
        return total
    children, tree, total = _children_from_proc(), [pid], 0
    while tree:
        current = tree.pop()
        total += _rss_from_proc(current)
        tree += children.get(current, [])
    return total


@dataclass
class Run:
    wall: float
    cpu: float
    peak_rss: int


def measured(args: list[str]) -> Run:
    """Run a command to its end: wall and CPU seconds, and its tree's peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(process.pid))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{err.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu, peak[0])


def build(root: Path, out: Path) -> Run:
    return measured([sys.executable, "-m", "briefings.cli", "build", "--project", str(root),
                     "--out", str(out), "--no-pdf", "--quiet"])


# ---- the site before and after ----------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    inode: int
    mtime_ns: int
    sha256: str
    size: int


def snapshot(site: Path) -> dict[str, Entry]:
    entries = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            st = path.stat()
            entries[path.relative_to(site).as_posix()] = Entry(
                st.st_ino, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest(),
                st.st_size)
    return entries


def rewritten(before: dict[str, Entry], after: dict[str, Entry]) -> int:
    """Files written again: a new inode or mtime, or added or removed."""
    return sum(1 for rel in before.keys() | after.keys()
               if rel not in before or rel not in after
               or (before[rel].inode, before[rel].mtime_ns)
               != (after[rel].inode, after[rel].mtime_ns))


def changed(before: dict[str, Entry], after: dict[str, Entry]) -> int:
    """Files whose content differs: another sha256, or added or removed."""
    return sum(1 for rel in before.keys() | after.keys()
               if rel not in before or rel not in after
               or before[rel].sha256 != after[rel].sha256)


def pages(site: dict[str, Entry]) -> dict[str, Entry]:
    return {rel: e for rel, e in site.items() if rel.endswith(".html")}


# ---- the steps ------------------------------------------------------------------------

def search_off(root: Path) -> str:
    """Turn search off in the project's briefings.yaml; return the text to restore."""
    settings = root / "briefings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.rstrip("\n") + "\nsearch: false\n", encoding="utf-8")
    return text


def edit_summary(path: Path) -> None:
    """Put a few words at the start of a finding's summary (inline or a block scalar)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    if lines[at].rstrip() in ("summary:", "summary: >-", "summary: >", "summary: |"):
        at += 1
        indent = len(lines[at]) - len(lines[at].lstrip())
    else:
        indent = len("summary: ")
    lines[at] = lines[at][:indent] + "Edited for the benchmark. " + lines[at][indent:]
    path.write_text("".join(lines), encoding="utf-8")


def row(step: str, run: Run, site: dict[str, Entry], before: dict[str, Entry] | None = None):
    html = pages(site)
    if before is None:
        return (step, run.wall, run.cpu, run.peak_rss, len(html), len(site), None, None, None)
    return (step, run.wall, run.cpu, run.peak_rss, len(html), len(site),
            rewritten(before, site), changed(before, site), changed(pages(before), html))


def measure(n: int) -> tuple[list[tuple], dict[str, Entry]]:
    with tempfile.TemporaryDirectory(prefix="briefings-bench-scale-") as tmp:
        root = make_project(n, Path(tmp) / "project")
        cache, rows = root / ".briefings-cache", []

        settings = search_off(root)
        run = build(root, Path(tmp) / "site-no-search")
        rows.append(row("cold, search off", run, snapshot(Path(tmp) / "site-no-search")))
        (root / "briefings.yaml").write_text(settings, encoding="utf-8")

        shutil.rmtree(cache, ignore_errors=True)
        site = Path(tmp) / "site"
        run = build(root, site)
        cold = snapshot(site)
        rows.append(row("cold, search on", run, cold))

        run = build(root, site)
        unchanged = snapshot(site)
        rows.append(row("rebuild, nothing changed", run, unchanged, cold))

        edit_summary(root / EDITED)
        run = build(root, site)
        rows.append(row("rebuild, one summary edited", run, snapshot(site), unchanged))
    return rows, pages(cold)


def table(results: list[tuple[int, list[tuple], dict[str, Entry]]]) -> None:
    head = ("findings", "step", "wall s", "CPU s", "peak MB", "pages", "files",
            "rewritten", "changed", "of pages")
    print("  ".join([f"{head[0]:>8}", f"{head[1]:<28}", *(f"{h:>9}" for h in head[2:])]))
    for n, rows, _ in results:
        for step, wall, cpu, rss, n_pages, n_files, *counts in rows:
            print("  ".join([f"{n:>8}", f"{step:<28}", f"{wall:>9.2f}", f"{cpu:>9.2f}",
                             f"{rss / 2**20:>9.0f}", f"{n_pages:>9}", f"{n_files:>9}",
                             *(f"{'-' if c is None else c:>9}" for c in counts)]))
    print("rewritten: files written again (inode or mtime changed); changed: their content\n"
          "differs (sha256); of pages: the changed HTML pages; a file added or removed counts\n"
          "in all three.")
    print()
    for n, _, html in results:
        largest = max(html.items(), key=lambda item: item[1].size)
        over = sum(1 for e in html.values() if e.size > BUDGET)
        print(f"{n} findings: largest page {largest[0]} ({largest[1].size:,} bytes); "
              f"{over} of {len(html)} pages over {BUDGET // 1000} KB")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    results = []
    for n in sizes:
        print(f"building {n} findings...", file=sys.stderr, flush=True)
        results.append((n, *measure(n)))
    print(f"briefings build --no-pdf on generated projects; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at the end; memory "
          f"{'from psutil' if psutil else 'from /proc VmRSS'}, sampled every "
          f"{SAMPLE_SECONDS} s, summed over the process tree")
    table(results)


if __name__ == "__main__":
    main()
