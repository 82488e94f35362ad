from __future__ import annotations

import pytest
from helpers.sessions import copy_project


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A copy of the project's seeds and rules in a fresh directory."""
    return copy_project(pytester)
