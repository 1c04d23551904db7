"""Run every benchmark on the repository's own content and print their reports.

    make benchmark      (or: .venv/bin/python benchmarks/run.py)

Benchmarks report figures; they never fail a build. See each script's docstring.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("startup.py", "html_build.py", "serve.py", "site_weight.py", "pdf.py"):
    print(f"\n== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
