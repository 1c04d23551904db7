"""What the content tests need from the seed documents, with or without the documents.

The seeds (`../shared/seeds/`, or the folder `$BRIEFINGS_SEEDS` names) are the source
documents the default content is written from. Where they are present, the tests read them.
Where they are not (a fresh clone), the tests use fingerprints kept in `tests/data/`: a hash
of every run of 12 words in the seeds, and a note of every quote already found in its seed.
`scripts/fingerprint-seeds.py` makes the fingerprints from the documents; the tests fail,
saying so, when the fingerprints are out of date or a quote has never been checked.
"""

from __future__ import annotations

import array
import hashlib
import json
import os
import re
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("BRIEFINGS_SEEDS", REPO.parent / "shared" / "seeds"))
DATA = Path(__file__).parent / "data"
GRAMS, QUOTES = DATA / "seed-12grams.bin", DATA / "seed-quotes.json"
N = 12  # a run of this many words in common is copying

# Which seed document each source that is one of them is.
SEED_OF_SOURCE = {"dickens-2022-continuities": "000", "rose-barnes-2008": "001",
                  "rip-2022-health-briefing": "002", "sidebotham-2010": "003",
                  "dickens-2022-lcspr": "004"}


def present() -> bool:
    return SEEDS.is_dir() and any(SEEDS.glob("*.txt"))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def letters(text: str) -> str:
    """Letters only, so OCR's run-together words and odd punctuation still match (and OCR's
    habit of reading a capital I as a lower-case l)."""
    return re.sub(r"[^a-z]", "", text.lower()).replace("l", "i")


def gram_hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=5).digest(), "big")


def grams(text: str) -> list[str]:
    w = words(text)
    return [" ".join(w[i:i + N]) for i in range(len(w) - N + 1)]


def seed_texts() -> dict[str, str]:
    return {path.name[:3]: path.read_text(errors="replace") for path in sorted(SEEDS.glob("*.txt"))}


def gram_hashes_of_seeds() -> set[int]:
    return {gram_hash(g) for text in seed_texts().values() for g in grams(text)}


def encode(hashes: set[int]) -> bytes:
    """The hashes, sorted, as the gaps between them (each well under 2**32 for 40-bit
    hashes of a few hundred thousand runs), compressed."""
    values = sorted(hashes)
    deltas = [b - a for a, b in zip([0] + values, values)]
    return zlib.compress(array.array("I", deltas).tobytes(), 9)  # gaps fit in 32 bits


def decode(data: bytes) -> set[int]:
    deltas = array.array("I")
    deltas.frombytes(zlib.decompress(data))
    total, out = 0, set()
    for d in deltas:
        total += d
        out.add(total)
    return out


def seed_gram_hashes() -> set[int]:
    """Every run of 12 words in the seeds, hashed: from the documents, or the fingerprint."""
    if present():
        return gram_hashes_of_seeds()
    if not GRAMS.is_file():
        raise AssertionError(f"neither the seed documents ({SEEDS}) nor their fingerprint "
                             f"({GRAMS}) are here: run scripts/fingerprint-seeds.py where the "
                             "seeds are, or set BRIEFINGS_SEEDS to their folder")
    return decode(GRAMS.read_bytes())


def quote_key(seed: str, text: str) -> str:
    return hashlib.sha256(f"{seed}\0{letters(text)}".encode()).hexdigest()[:20]


def checked_quotes() -> set[str]:
    """Keys of the quotes found in their seed when the fingerprints were made."""
    return set(json.loads(QUOTES.read_text())["found"]) if QUOTES.is_file() else set()
