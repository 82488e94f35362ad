"""The fuzz tests' Hypothesis profile and marker.

Every test in this folder takes its settings from one ``fuzz:<target>``
profile (``@settings.get_profile("fuzz:text")``), whose examples are set in
:data:`BUDGETS`, the one place that says how many inputs each target tries: under
CI (``CI`` set) the examples are derandomized, so a CI run tries the same
inputs every time and a failure reproduces, and no example database is kept;
on a developer's machine each run tries new inputs and remembers failing ones.
``CLAIMS_FUZZ_SCALE=10`` multiplies every test's examples (a longer local
campaign); ``-m fuzz`` runs only these tests, ``-m "not fuzz"`` leaves them out.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

#: multiplies each test's max_examples (a number of times more inputs, for a longer campaign)
FUZZ_SCALE = float(os.environ.get("CLAIMS_FUZZ_SCALE", "1"))

#: examples per test of each target (the CI run's count; docs/development.md "Fuzzing" adds them up)
BUDGETS = {
    "text": 250,  # one sentence or a few through extract
    "document": 40,  # a whole document file through the reader and extraction
    "rule-file": 250,  # one rule file through the loader
    "rule-run": 3,  # a whole pytest run of a random rule file against the seeds
    "export": 120,  # a CMS export (.json, .jsonl) through its reader
    "page": 60,  # an HTML page through the reader
    "cache": 40,  # a damaged cache file, then a warm run
    "cache-race": 3,  # two processes writing one cache at once
}

settings.register_profile(
    "fuzz",
    # extraction of a long line takes longer than Hypothesis's default deadline, on a loaded CI machine too
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None if os.environ.get("CI") else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture],
    print_blob=True,
)


for target, count in BUDGETS.items():
    settings.register_profile(f"fuzz:{target}", settings.get_profile("fuzz"),
                              max_examples=max(1, round(count * FUZZ_SCALE)))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: a fuzz test (tests/fuzz/): random and adversarial inputs")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here + os.sep):
            item.add_marker(pytest.mark.fuzz)
