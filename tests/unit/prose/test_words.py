"""Noun normalization used on both sides of `counts` matching."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.words import singular


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Neighbourhoods", "neighbourhood"), ("children", "child"), ("people", "people"), ("persons", "people"),
     ("person", "people"), ("civilians", "civilian"), ("cities", "city"), ("bus", "bus"), ("crisis", "crisis"),
     ("gas", "gas"), ("areas", "area"), ("troops", "troops"), ("Residents", "resident")],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Ll", "Lu"]), min_size=1, max_size=15))
def test_singular_is_idempotent_and_lower_case(word: str) -> None:
    once = singular(word)
    assert singular(once) == once
    assert once == once.lower()
