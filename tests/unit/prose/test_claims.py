"""Claims: what each extracted number counts, and where it sits in its document."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from pytest_claims.prose.claims import document_claims
from pytest_claims.records.model import Document
from helpers.paths import CASES

CASES = yaml.safe_load((CASES / "counted_nouns.yaml").read_text(encoding="utf-8"))


def make_document(text: str, name: str = "doc.txt") -> Document:
    return Document(path=f"/tmp/{name}", name=name, text=text, date=date(2016, 11, 28),
                    date_source="test", outlet="Test Wire")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_counted_noun(case: dict[str, Any]) -> None:
    claims = {c.quantity.surface: c for c in document_claims(make_document(case["text"]))}
    assert case["surface"] in claims, sorted(claims)
    assert claims[case["surface"]].counts == case["counts"]


def test_claim_carries_document_line_sentence_and_marked_quote() -> None:
    text = "Headline\n\nFirst paragraph has no number.\n\nThe war has killed more than 300,000 people. Next."
    [claim] = document_claims(make_document(text))
    assert claim.line == 5
    assert claim.sentence == "The war has killed more than 300,000 people."
    assert claim.quote() == "The war has killed **more than 300,000** people."
    assert claim.date == date(2016, 11, 28) and claim.outlet == "Test Wire" and claim.document == "doc.txt"


def test_shares_compare_on_one_scale() -> None:
    text = "Troops hold about 85% of the area. Rebels hold less than a quarter of the territory."
    percent, fraction = document_claims(make_document(text))
    assert percent.interval.low == pytest.approx(0.8075) and percent.interval.high == pytest.approx(0.8925)
    assert fraction.interval.high == pytest.approx(0.25) and not fraction.interval.high_inclusive
    assert not percent.interval.intersects(fraction.interval)
