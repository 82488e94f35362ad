"""One process of the concurrency test (test_concurrency.py), run with ``runpy.run_path`` in a spawned process.

Its globals come from the test: CACHE_PATH, RESULT_PATH, WORKER, ROUNDS, GROUPS, GROUP_SIZE, BARRIER,
FINGERPRINT and EXTRACTED (seed documents with their claims). Every round it writes one group of rows in one
transaction, all carrying the same generation, then reads groups back: a group read in one query must show one
generation (no reader sees half a transaction), every payload must be whole, and the seed claims must decode
equal to the extraction. What it saw goes to RESULT_PATH as JSON."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

from pytest_claims.store import cache as cache_module
from pytest_claims.store import keys
from pytest_claims.store.cache import ClaimCache

settings: dict[str, Any] = globals()
# the test's fingerprint, not one from the sources as they are now: another edit of them must not make this
# process empty the file of the test's rows (a new fingerprint does; tested in test_cache.py)
keys.extraction_fingerprint = cache_module.extraction_fingerprint = lambda: settings["FINGERPRINT"]
worker: int = settings["WORKER"]
chooser = random.Random(worker)
errors: list[str] = []
reads = full_groups = 0


def group_keys(group: int) -> list[str]:
    return [f"{group:08x}{index:056x}" for index in range(settings["GROUP_SIZE"])]


def payload(group: int, generation: int, index: int) -> str:
    # sizes vary by generation, so a torn row could not pass for a whole one
    return json.dumps([group, generation, index, "x" * (500 + 97 * (generation % 41))])


settings["BARRIER"].wait()  # every process opens the fresh file at once
with ClaimCache.open(Path(settings["CACHE_PATH"])) as cache:
    for round_number in range(settings["ROUNDS"]):
        group = chooser.randrange(settings["GROUPS"])
        generation = worker * 100_000 + round_number
        cache.put_many((key, payload(group, generation, index)) for index, key in enumerate(group_keys(group)))
        for _ in range(3):
            looked_at = chooser.randrange(settings["GROUPS"])
            found = cache.get_many(group_keys(looked_at))
            reads += 1
            if not found:
                continue
            if len(found) != settings["GROUP_SIZE"]:
                errors.append(f"group {looked_at}: {len(found)} of {settings['GROUP_SIZE']} rows")
                continue
            full_groups += 1
            generations = {json.loads(text)[1] for text in found.values()}
            if len(generations) != 1:
                errors.append(f"group {looked_at} mixes generations {sorted(generations)}")
            for index, key in enumerate(group_keys(looked_at)):
                if found[key] != payload(looked_at, json.loads(found[key])[1], index):
                    errors.append(f"group {looked_at} row {index} is not a payload as written")
        moved = [(dataclasses.replace(document, path=f"/worker{worker}/{document.name}"), claims)
                 for document, claims in settings["EXTRACTED"]]
        if round_number % 4 == worker % 4:
            cache.store_many(moved)
        loaded = cache.load_many([document for document, _ in moved])
        for (document, claims), found_claims in zip(moved, loaded):
            expected = [dataclasses.replace(claim, path=document.path) for claim in claims]
            if found_claims is not None and found_claims != expected:
                errors.append(f"claims of {document.name} differ from the extraction")
    warnings = list(cache.warnings)

Path(settings["RESULT_PATH"]).write_text(json.dumps({"errors": errors, "warnings": warnings, "reads": reads,
                                                     "full_groups": full_groups}), encoding="utf-8")
