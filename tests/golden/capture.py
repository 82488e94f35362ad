"""The whole output of the main job with every reporting option, normalized, for golden tests.

``python tests/golden/capture.py --write`` rewrites the ``*.txt`` files beside this
script; ``tests/sessions/test_golden_output.py`` fails when a run prints anything else.
Only what depends on the machine is normalized: the session header's platform,
plugin and path lines, absolute paths of the project, and durations.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
OPTIONS = ("-vv", "--claims-explain", "--claims-quantities", "--claims-sensitivity")
#: golden file stem -> the run's arguments, from the project folder
RUNS = {
    "seeds": ("--claims", "seeds/"),
    "earthquake": ("--claims=tests/corpora/earthquake/docs", "--claims-rules=tests/corpora/earthquake/rules"),
}
_MACHINE_LINES = re.compile(r"^(?:platform |cachedir: |rootdir: |configfile: |plugins: |hypothesis profile |"
                            r"testpaths: |created: |\d+ workers? \[)")
#: the closing line, "==== 43 passed in 5.90s ====": its padding follows the duration's width
_DURATION = re.compile(r"^=+ (.*) in \d+(?:\.\d+)?s(?: \(\d+:\d\d:\d\d\))? =+$", re.MULTILINE)


def run(name: str) -> str:
    """The normalized output of the golden run ``name``."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("PYTEST_", "HYPOTHESIS"))}
    environment.update(COLUMNS="120", CI="true", PYTHONHASHSEED="0")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *RUNS[name], *OPTIONS],
        cwd=PROJECT, env=environment, capture_output=True, text=True, check=False)
    return normalize(completed.stdout + completed.stderr)


def normalize(output: str) -> str:
    lines = [line for line in output.splitlines() if not _MACHINE_LINES.match(line)]
    text = "\n".join(lines) + "\n"
    text = text.replace(str(PROJECT) + os.sep, "").replace(str(PROJECT), ".")
    return _DURATION.sub(r"== \1 in N s ==", text)


def path(name: str) -> Path:
    return GOLDEN / f"{name}.txt"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/golden/capture.py --write")
    for name in RUNS:
        path(name).write_text(run(name), encoding="utf-8")
        print(f"wrote {path(name)}")
