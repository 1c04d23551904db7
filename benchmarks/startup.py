"""How long the command takes to start: `briefings --version` and `briefings check`.

WeasyPrint and Pagefind are imported only when a build needs them, so neither command pays
for them. Reports the median wall and CPU seconds of 5 runs of each, as a user runs them (a
new Python process each time), on the repository's own content for `check`.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefings.cli", *args], check=True,
                   capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, cpu


def main() -> None:
    for label, args in (("briefings --version", ["--version"]),
                        ("briefings check (default content)", ["check", "-p", str(REPO)])):
        runs = [run(*args) for _ in range(5)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"{label:36} {wall:6.2f} s wall  {cpu:6.2f} s CPU  (median of 5)")


if __name__ == "__main__":
    main()
