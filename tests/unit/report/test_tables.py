"""The failure report is a pure rendering of a verdict: exact text checks."""

from __future__ import annotations

import dataclasses
from datetime import date

from helpers.claims import make_claim

from pytest_claims.records.model import SHARE, Verdict, Violation
from pytest_claims.report.tables import (date_label, interval_label, render_contradiction, render_selected,
                                         shorten_quote, source_label)

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


# ---------------------------------------------------------------- as-of dates and sources

NOV_27, NOV_28 = date(2016, 11, 27), date(2016, 11, 28)
ON_SUNDAY = make_claim("On Sunday 250,000 people were trapped, the UN said.", "250,000", document="a.txt",
                       day=NOV_28, source="UN", as_of=NOV_27, as_of_source="'On Sunday'")
TODAY = make_claim("Some 300,000 people are trapped, the UN said.", "300,000", document="b.txt", day=NOV_28,
                   source="UN")


def test_table_shows_the_as_of_date_with_its_phrase_and_who_said_it() -> None:
    verdict = Verdict(rule="trapped", check="trend", selected=(TODAY, ON_SUNDAY),
                      violations=(Violation((ON_SUNDAY, TODAY), "decreasing: 300,000 is not below 250,000"),))
    assert render_contradiction(verdict).splitlines() == [
        "rule 'trapped' (trend): 1 contradiction among 2 selected claims",
        "",
        "    date (source)                                   document           said by    as written    "
        "interval    quote",
        "--  ----------------------------------------------  -----------------  ---------  ------------  "
        "----------  -------------------------------------------------------",
        "#1  2016-11-27 ('On Sunday', published 2016-11-28)  a.txt:3 (Reuters)  UN         250,000       "
        "250,000     On Sunday **250,000** people were trapped, the UN said.",
        "#2  2016-11-28 (test)                               b.txt:3 (Reuters)  UN         300,000       "
        "300,000     Some **300,000** people are trapped, the UN said.",
        "",
        "#1 vs #2: decreasing: 300,000 is not below 250,000",
    ]


def test_claims_are_ordered_by_when_they_hold_not_when_published() -> None:
    verdict = Verdict(rule="r", check="trend", selected=(TODAY, ON_SUNDAY))
    rows = [line for line in render_selected(verdict).splitlines() if line.startswith("#")]
    assert rows[0].startswith("#1  2016-11-27 ('On Sunday'") and rows[1].startswith("#2  2016-11-28 (test)")


def test_date_label_variants() -> None:
    assert date_label(TODAY) == "2016-11-28 (test)"
    assert date_label(ON_SUNDAY) == "2016-11-27 ('On Sunday', published 2016-11-28)"
    same_day = make_claim("On Monday 5 fled.", "5", day=NOV_28, as_of=NOV_28, as_of_source="'On Monday'")
    assert date_label(same_day) == "2016-11-28 (test)"  # the same day as published: nothing to explain
    undated = make_claim("On November 13, 2016 some 40 fled.", "40", day=None, as_of=date(2016, 11, 13),
                         as_of_source="'November 13, 2016'")
    assert date_label(undated) == "2016-11-13 ('November 13, 2016')"
    assert date_label(make_claim("Some 40 fled.", "40", day=None)) == "no date"


def test_source_label_is_blank_without_a_source_and_cut_when_long() -> None:
    assert source_label(make_claim("Some 40 fled.", "40")) == ""
    long = make_claim("Some 40 fled.", "40", source="Russian defence ministry official Sergei Rudskoi")
    assert source_label(long, width=20) == "Russian defence min…"
    assert source_label(long) == "Russian defence ministry official Sergei Rudskoi"[:39] + "…"


def test_shares_are_shown_in_percent_whether_written_as_percent_or_as_a_fraction() -> None:
    percent = make_claim("About 85% of the area was retaken.", "85%", kind=SHARE, counts="area")
    about = dataclasses.replace(percent, quantity=dataclasses.replace(percent.quantity, low=80.75, high=89.25))
    third = make_claim("Rebels lost more than a third of the area.", "a third", kind=SHARE, value=1 / 3)
    more_than_third = dataclasses.replace(third, quantity=dataclasses.replace(
        third.quantity, high=float("inf"), low_inclusive=False, high_inclusive=False))
    assert interval_label(about) == "[80.75%, 89.25%]"
    assert interval_label(third) == "33.3333%"
    assert interval_label(more_than_third) == "(33.3333%, ∞)"
    assert interval_label(EARLY) == "250,000"
