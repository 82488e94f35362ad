"""Benchmark: writing and reading a claims table of a million claims, beside two baselines.

    python bench/claims_table.py [--claims N] [--per-document K] [--keep PATH]

The claims are the seeds' real claims copied into N claims over N/K
synthetic documents: each copy gets its own path, dates, values and
sentence (the seed sentence's words shuffled per document, so the text does
not compress better than prose would). The same claims then go through

* the claims table (``write_table`` / ``read_table``: Parquet, zstd, row groups of 50,000),
* the extraction cache's JSON payload, one per document (``encode_claims`` / ``decode_claims``),
* pickle of the whole list (fast, but unsafe to read from a file one did not write),

and the table prints seconds to write and to read, the file size, and each
baseline's time as a ratio to the table's, all measured in this run. Reading
checks that the claims come back equal. Always exits 0: this is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import pickle
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tabulate import tabulate  # noqa: E402

from pytest_claims.prose.claims import corpus_claims  # noqa: E402
from pytest_claims.prose.documents import load_corpus  # noqa: E402
from pytest_claims.records.model import Claim, Document, DocumentInfo, Quantity  # noqa: E402
from pytest_claims.store.codec import decode_claims, encode_claims  # noqa: E402
from pytest_claims.store.table import read_table, write_table  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OUTLETS = ("Reuters", "The Guardian", "AP", "BBC", "Al Jazeera", "AFP", None)


def synthetic(total: int, per_document: int) -> tuple[list[Claim], list[DocumentInfo]]:
    """``total`` claims over ``total / per_document`` documents, copied from the seeds' claims."""
    corpus = load_corpus([SEEDS])
    seeds = corpus_claims(corpus.documents)
    rng = random.Random(10)
    claims: list[Claim] = []
    documents: list[DocumentInfo] = []
    number = 0
    while len(claims) < total:
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=number % 4000)
        path = f"/archive/{day.year}/{day.month:02}/story-{number:07}.txt"
        outlet = OUTLETS[number % len(OUTLETS)]
        info = DocumentInfo(path, path.rsplit("/", 1)[1], f"Story {number}", outlet, day, "claims-meta.yaml:1")
        documents.append(info)
        shuffled: dict[str, str] = {}
        for index in range(min(per_document, total - len(claims))):
            seed = seeds[(number * per_document + index) % len(seeds)]
            if seed.sentence not in shuffled:
                words = seed.sentence.split()
                rng.shuffle(words)
                shuffled[seed.sentence] = " ".join(words)
            claims.append(_copy(seed, info, shuffled[seed.sentence], index, rng))
        number += 1
    return claims, documents


def _copy(seed: Claim, info: DocumentInfo, sentence: str, index: int, rng: random.Random) -> Claim:
    scale = rng.uniform(0.5, 2.0)
    q = seed.quantity
    quantity: Quantity = replace(q, value=q.value * scale, low=None if q.low is None else q.low * scale,
                                 high=None if q.high is None else q.high * scale)
    return replace(seed, quantity=quantity, document=info.name, path=info.path, date=info.date,
                   date_source=info.date_source, outlet=info.outlet, sentence=sentence,
                   sentence_start=seed.sentence_start + index, line=index + 1, as_of=info.date,
                   as_of_source="document date")


def timed(action: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def by_document(claims: list[Claim]) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.path, []).append(claim)
    return grouped


def decode_all(payloads: dict[str, str], infos: dict[str, DocumentInfo]) -> list[Claim]:
    """The claims of every cache payload, documents in the order encoded."""
    return [claim for path, payload in payloads.items()
            for claim in decode_claims(payload, Document(path, infos[path].name, ""))]


def measure_table(claims: list[Claim], documents: list[DocumentInfo], path: Path) -> tuple[float, float, int]:
    write_s, _ = timed(lambda: write_table(path, claims, documents, extractor="bench"))
    read_s, result = timed(lambda: read_table(path))
    assert isinstance(result, tuple) and result[0] == tuple(claims), "the table gave back other claims"
    return write_s, read_s, path.stat().st_size


def measure_cache_payloads(claims: list[Claim], documents: list[DocumentInfo]) -> tuple[float, float, int]:
    grouped = by_document(claims)
    infos = {info.path: info for info in documents}
    encode_s, payloads = timed(lambda: {path: encode_claims(group) for path, group in grouped.items()})
    assert isinstance(payloads, dict)
    decode_s, decoded = timed(lambda: decode_all(payloads, infos))
    assert decoded == claims, "the cache payloads gave back other claims"
    return encode_s, decode_s, sum(len(payload.encode("utf-8")) for payload in payloads.values())


def measure_pickle(claims: list[Claim], path: Path) -> tuple[float, float, int]:
    dump_s, _ = timed(lambda: path.write_bytes(pickle.dumps(claims, protocol=pickle.HIGHEST_PROTOCOL)))
    load_s, loaded = timed(lambda: pickle.loads(path.read_bytes()))
    assert loaded == claims, "pickle gave back other claims"
    return dump_s, load_s, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--per-document", type=int, default=15, help="claims per synthetic document")
    parser.add_argument("--keep", type=Path, help="also keep the table written at this path")
    args = parser.parse_args()

    claims, documents = synthetic(args.claims, args.per_document)
    with tempfile.TemporaryDirectory() as folder:
        table = measure_table(claims, documents, args.keep or Path(folder) / "claims.parquet")
        rows = [("claims table (Parquet)", table), ("cache JSON payloads", measure_cache_payloads(claims, documents)),
                ("pickle", measure_pickle(claims, Path(folder) / "claims.pickle"))]

    per_million = 1_000_000 / len(claims)
    print(f"{len(claims):,} claims in {len(documents):,} documents; figures per million claims\n")
    print(tabulate([[name, f"{write * per_million:.1f}", f"{read * per_million:.1f}",
                     f"{size * per_million / 1e6:.0f}", f"{write / table[0]:.2f}x", f"{read / table[1]:.2f}x"]
                    for name, (write, read, size) in rows],
                   headers=["format", "write s", "read s", "size MB", "write / table", "read / table"],
                   tablefmt="github"))


if __name__ == "__main__":
    main()
