"""Coverage-guided fuzzing of extraction and rule loading with atheris (libFuzzer), too slow for CI.

    pip install atheris
    python bench/fuzz_atheris.py -atheris_runs=20000            # a fixed number of inputs
    python bench/fuzz_atheris.py -max_total_time=600 corpus/    # ten minutes, keeping what it learns

Each input is one of: text given to ``pytest_claims.extract`` (spans must
index it, intervals be non-empty with finite or open ends), a whole ``.txt``
document read and extracted, or a rule file loaded by the real loader
(``rulefile/load.py``: loaded rules or a ``RuleError`` naming the file). Any
other exception is a crash: libFuzzer stops, prints the traceback and writes
the input to ``crash-<hash>`` to replay with ``python bench/fuzz_atheris.py
crash-<hash>``. The Hypothesis tests in ``tests/fuzz/`` run in CI; this is
the longer, coverage-guided campaign (docs/development.md, "Fuzzing").
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["pytest_claims"]):
    from pytest_claims import extract
    from pytest_claims.prose.claims import document_claims
    from pytest_claims.prose.documents import iter_documents
    from pytest_claims.records.errors import ClaimsError, DocumentError
    from pytest_claims.rulefile.load import load_rule_file

_FOLDER = Path(tempfile.mkdtemp(prefix="claims-fuzz-"))
_TARGETS = ("text", "document", "rule file")


def _check_text(text: str) -> None:
    for quantity in extract(text):
        start, end = quantity.span
        assert 0 <= start < end <= len(text) and text[start:end] == quantity.surface, quantity
        for bound in (quantity.low, quantity.high):
            assert bound is None or math.isfinite(bound), quantity
        if quantity.low is not None and quantity.high is not None:
            assert quantity.low < quantity.high or (quantity.low == quantity.high and quantity.low_inclusive
                                                    and quantity.high_inclusive), quantity


def _check_document(data: bytes) -> None:
    path = _FOLDER / "story.txt"
    path.write_bytes(data)
    for loaded in iter_documents([path]):
        if not isinstance(loaded, DocumentError):
            for claim in document_claims(loaded):
                start, end = claim.quantity.span
                assert loaded.text[start:end] == claim.quantity.surface, claim


def _check_rule_file(data: bytes) -> None:
    path = _FOLDER / "rule.yaml"
    path.write_bytes(data)
    try:
        load_rule_file(path)
    except ClaimsError as error:
        assert error.path == str(path), error


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    target = _TARGETS[provider.ConsumeIntInRange(0, len(_TARGETS) - 1)]
    rest = provider.ConsumeBytes(provider.remaining_bytes())
    if target == "text":
        _check_text(rest.decode("utf-8", "replace"))
    elif target == "document":
        _check_document(rest)
    else:
        _check_rule_file(rest)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
