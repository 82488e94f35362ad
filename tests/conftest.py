from __future__ import annotations

import pytest
from helpers.sessions import copy_project


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A copy of the project's seeds and rules in a fresh directory."""
    return copy_project(pytester)


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's own runs print no workflow commands, even when the suite itself runs under GitHub Actions
    (tests of the annotations set the variables they need)."""
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
