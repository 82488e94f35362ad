"""The main job's whole output, with every reporting option, is what tests/golden holds.

Restructuring code must not change a byte of what users see: the seeds and the
earthquake corpus run with ``-vv --claims-explain --claims-quantities
--claims-sensitivity`` and their output (normalized only for the machine: header
paths and plugins, durations) must equal the golden files. After an intended
change of output, regenerate them with ``python tests/golden/capture.py --write``
and review the diff.
"""

from __future__ import annotations

import difflib
import sys

import pytest
from helpers.paths import GOLDEN

sys.path.insert(0, str(GOLDEN))
import capture  # noqa: E402


@pytest.mark.parametrize("name", sorted(capture.RUNS))
def test_output_is_golden(name: str) -> None:
    expected = capture.path(name).read_text(encoding="utf-8")
    actual = capture.run(name)
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"tests/golden/{name}.txt", "this run", n=2))
    assert actual == expected, f"output differs from the golden file:\n{diff}"
