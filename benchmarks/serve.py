"""How long a save takes to show while serving: `briefings serve` on the repository's own
content (copied to a temporary folder), a finding's title edited, and the time until the
served page has the new title. Reports the median of 5 saves, and the first build."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="briefings-bench-serve-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        for name in ("briefings.yaml", "content", "assets"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "briefings.cli", "serve", "--port", "0",
                                   "--project", str(root)], stdout=subprocess.PIPE,
                                  stderr=sys.stderr, text=True)
        try:
            address = server.stdout.readline().split(" at ", 1)[1].split(" ", 1)[0]
            first = time.perf_counter() - started
            finding = root / "content/findings/recognising-neglect.yaml"
            page = address + "findings/recognising-neglect/index.html"
            times = []
            for n in range(5):
                text = finding.read_text()
                title = next(line for line in text.splitlines() if line.startswith("title:"))
                new = f"title: Recognising neglect, save {n}"
                finding.write_text(text.replace(title, new, 1))
                saved = time.perf_counter()
                while f"Recognising neglect, save {n}" not in urllib.request.urlopen(page).read().decode():
                    time.sleep(0.02)
                times.append(time.perf_counter() - saved)
        finally:
            server.terminate()
            server.wait()
    print(f"briefings serve, default content: first build served in {first:.2f}s")
    print(f"a save shown in the page: median {statistics.median(times):.2f}s "
          f"(min {min(times):.2f}s, max {max(times):.2f}s, 5 saves, no PDFs)")


if __name__ == "__main__":
    main()
