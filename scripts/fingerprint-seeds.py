"""Make the fingerprints of the seed documents that the content tests use without them.

    .venv/bin/python scripts/fingerprint-seeds.py      (needs ../shared/seeds, or
                                                         BRIEFINGS_SEEDS=folder)

Writes tests/data/seed-12grams.bin (a hash of every run of 12 words in the seeds) and
tests/data/seed-quotes.json (every quote in the default content that its seed holds).
Run it after changing a quote, or when the seeds change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefings.build import load  # noqa: E402
from briefings.project import Project  # noqa: E402
from tests import seeds  # noqa: E402


def main() -> None:
    if not seeds.present():
        sys.exit(f"no seed documents in {seeds.SEEDS}: set BRIEFINGS_SEEDS to their folder")
    seeds.DATA.mkdir(exist_ok=True)
    seeds.GRAMS.write_bytes(seeds.encode(seeds.gram_hashes_of_seeds()))
    corpus, _ = load(Project.at(REPO))
    texts = {num: seeds.letters(text) for num, text in seeds.seed_texts().items()}
    found = sorted({seeds.quote_key(seed, q.text) for f in corpus.findings for q in f.quotes
                    if (seed := seeds.SEED_OF_SOURCE.get(str(q.source)))
                    and seeds.letters(q.text) in texts[seed]})
    seeds.QUOTES.write_text(json.dumps({"found": found}, indent=0) + "\n")
    print(f"wrote {seeds.GRAMS.relative_to(REPO)} ({seeds.GRAMS.stat().st_size:,} bytes) and "
          f"{seeds.QUOTES.relative_to(REPO)} ({len(found)} quotes)")


if __name__ == "__main__":
    main()
