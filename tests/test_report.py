"""The failure report is a pure rendering of a verdict: exact text checks."""

from __future__ import annotations

from datetime import date

from pytest_claims.model import Verdict, Violation
from pytest_claims.report import render_contradiction, shorten_quote

from claim_factory import make_claim

EARLY = make_claim("An estimated 250,000 people are trapped.", "250,000", document="a.txt", day=date(2016, 11, 28))
LATE = make_claim("About 300,000 people are trapped.", "300,000", document="b.txt", day=date(2016, 12, 9))
BYSTANDER = make_claim("Some 90 people fled.", "90", document="c.txt", day=date(2016, 12, 1))


def test_contradiction_lists_only_involved_claims_in_date_order_with_marked_quotes() -> None:
    verdict = Verdict(rule="trapped", check="trend", selected=(LATE, BYSTANDER, EARLY),
                      violations=(Violation((LATE, EARLY), "decreasing: 300,000 is not below 250,000"),))
    text = render_contradiction(verdict, "Trapped people only decrease.")
    lines = text.splitlines()
    assert lines[0] == "rule 'trapped' (trend): 1 contradiction among 3 selected claims"
    assert lines[1] == "  Trapped people only decrease."
    rows = [line for line in lines if line.startswith("#")]
    assert rows[0].startswith("#1  2016-11-28 (test)  a.txt:3 (Reuters)")
    assert "An estimated **250,000** people are trapped." in rows[0]
    assert rows[1].startswith("#2  2016-12-09 (test)  b.txt:3 (Reuters)")
    assert lines[-1] == "#2 vs #1: decreasing: 300,000 is not below 250,000"
    assert "c.txt" not in text and "Some 90" not in text


def test_long_quote_is_cut_around_the_marked_number() -> None:
    sentence = "Word " * 40 + "then 1,234 people fled " + "and more words " * 20
    claim = make_claim(sentence, "1,234")
    quote = shorten_quote(claim, width=60)
    assert len(quote) <= 62 and quote.startswith("…") and quote.endswith("…")
    assert "**1,234**" in quote
