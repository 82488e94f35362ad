"""Which claim is nearest another (``checks.claimsets.nearness``), and the checks that pair by it.

Nearest is: in the same clause first, then the fewest words between the two
numbers, then the one that starts first. It is checked against a plain
reading of the text between the spans (:mod:`helpers.nearness`) on generated
sentences, and on real prose through extraction for ``relation`` and
``ratio`` (which pairs a share with the nearest count of its sentence).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Optional, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.claims import make_claim
from helpers.nearness import plain_nearest

from pytest_claims.checks import Ratio, Relation
from pytest_claims.checks.claimsets import nearest_claim, nearness, same_clause, words_between
from pytest_claims.checks.ratio import share_owners
from pytest_claims.language.selectors import Selector
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.records.model import Claim, Document
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.selfcheck.outcomes import OK
from pytest_claims.selfcheck.sensitivity import analyse_rule

# ---------------------------------------------------------------- real sentences


def claims_of(text: str, day: date = date(2016, 11, 28), name: str = "a.txt") -> list[Claim]:
    document = Document(path=f"/news/{name}", name=name, text=text, outlet="Reuters", date=day, date_source="test")
    return corpus_claims([document])


def written(claim: Optional[Claim]) -> Optional[str]:
    return None if claim is None else claim.quantity.written


def the(claims: Sequence[Claim], surface: str) -> Claim:
    [found] = [claim for claim in claims if claim.quantity.written == surface]
    return found


def test_the_same_clause_wins_over_fewer_words() -> None:
    claims = claims_of("Among the 219 people killed on Sunday were 31 children; 12 adults died later.")
    children = the(claims, "31")
    assert written(nearest_claim(children, claims)) == "219"
    assert nearness(children, the(claims, "219").quantity.span) == (False, 5, the(claims, "219").quantity.span[0])
    assert nearness(children, the(claims, "12").quantity.span)[:2] == (True, 1)


def test_words_not_characters_decide_within_a_clause() -> None:
    # 45 is 15 characters from 12, through one word; 7 is 6 characters away, through two
    claims = claims_of("He saw 7 of a 12 unaccompanied 45 children.")
    twelve = the(claims, "12")
    assert [words_between(twelve.sentence, twelve.sentence_start, twelve.quantity.span, the(claims, n).quantity.span)
            for n in ("7", "45")] == [2, 1]
    assert written(nearest_claim(twelve, claims)) == "45"


def test_ties_go_to_the_claim_that_starts_first() -> None:
    claims = claims_of("There were 12 boys and 31 girls and 19 teachers.")
    assert written(nearest_claim(the(claims, "31"), claims)) == "12"


@pytest.mark.parametrize(("text", "apart"), [
    ("In the towns, 61 of 75 (81%) voted.", False),  # parentheses split nothing
    ("Of 1,204 people 300 fled.", False),  # a number's own comma is inside its span
    ("Of 1,204 people, 300 fled.", True),
    ("Of 1,204 people; 300 fled.", True),
    ("Of 1,204 people: 300 fled.", True),
    ("Of 1,204 people - 300 fled.", True),
    ("Of 1,204 people \u2013 300 fled.", True),
    ("Of 1,204 people \u2014 300 fled.", True),
    ("Of 1,204 people\u2014300 fled.", True),
])
def test_clause_marks(text: str, apart: bool) -> None:
    first, second = claims_of(text)[-2:]
    assert same_clause(first.sentence, first.sentence_start, first.quantity.span, second.quantity.span) != apart


def test_marks_of_a_number_between_them_or_an_unspaced_dash_split_no_clause() -> None:
    """Spans given by hand (document offsets, the sentence at 100): the numbers between are no claims."""
    sentence = "Of 61 voters 1,204 were 75 more"
    assert same_clause(sentence, 100, (103, 105), (124, 126))
    assert not same_clause(sentence.replace("1,204", "1, 204"), 100, (103, 105), (125, 127))
    assert same_clause("Of 61 on 10:30 runs-75", 100, (103, 105), (120, 122))
    assert not same_clause("Of 61 on 10: 30 runs-75", 100, (103, 105), (121, 123))
    assert same_clause("From 61 in 2015\u20132016 to 75", 100, (105, 107), (124, 126))


def test_claims_of_other_sentences_are_never_nearest() -> None:
    claims = claims_of("Some 12 people fled. Then 31 children died.")
    assert nearest_claim(the(claims, "31"), claims) is None


# ---------------------------------------------------------------- against the plain reading

#: pieces of a generated sentence, joined by blanks; {n} marks where a claim's number stands
PIECES = ("a", "the", "people", ",", ";", ":", "-", "\u2013", "\u2014", "(", ")", "x\u2014y", "2015\u20132016",
          "10:30", "1,204", "{n}", "({n})", "{n},", "{n};")
NUMBERS = ("12", "1,204", "81%", "61")


@st.composite
def sentences(draw: st.DrawFn) -> tuple[Claim, list[Claim]]:
    """A left claim and candidates, all numbers of one generated sentence (and one of another sentence)."""
    offset = 40
    text, spans = "", []
    for piece in draw(st.lists(st.sampled_from(PIECES), min_size=2, max_size=14)):
        text += " " if text else ""
        if "{n}" in piece:
            number = draw(st.sampled_from(NUMBERS))
            start = len(text) + piece.index("{n}")
            spans.append((start, start + len(number)))
            piece = piece.replace("{n}", number)
        text += piece
    spans += [(len(text) + 1, len(text) + 3)]
    text += " 99"
    claims = []
    for start, end in spans:
        claim = make_claim(text, text[start:end], sentence_start=offset)
        claims.append(dataclasses.replace(claim, quantity=dataclasses.replace(
            claim.quantity, span=(offset + start, offset + end))))
    elsewhere = dataclasses.replace(claims[0], sentence_start=offset + 1000)
    left = claims[draw(st.integers(0, len(claims) - 1))]
    return left, claims + [elsewhere]


@settings(max_examples=400, deadline=None)
@given(sentences())
def test_nearest_is_the_plain_reading_of_the_text_between(case: tuple[Claim, list[Claim]]) -> None:
    left, candidates = case
    found, expected = nearest_claim(left, candidates), plain_nearest(left, candidates)
    assert (found and found.key) == (expected and expected.key), left.sentence


# ---------------------------------------------------------------- relation on real prose


def test_relation_pairs_within_the_clause() -> None:
    claims = claims_of("Among the 219 people killed on Sunday were 31 children; 12 adults died later.")
    check = Relation(Selector(counts=("child",)), "<=", Selector(counts=("people", "adult")))
    groups = {"left": [the(claims, "31")], "right": [the(claims, "219"), the(claims, "12")]}
    result = check.evaluate(groups)
    assert (result.violations, result.comparisons) == ((), 1)  # 31 <= 219; by characters it was 31 <= 12


# ---------------------------------------------------------------- ratio on real prose

TOWNS = "In the towns, 61 of 75 (81%) and 140 of 200 (70%) voted."
COUNTS_AND_SHARES = Ratio(count=Selector(kind=("count",)), share=Selector(kind=("share",)), tolerance=0.01)


def ratio_groups(check: Ratio, claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    return {name: [claim for claim in claims if selector is not None and selector.matches(claim)]
            for name, selector in check.group_selectors().items() if isinstance(selector, Selector)}


def test_each_share_belongs_to_the_count_written_beside_it() -> None:
    claims = claims_of(TOWNS)
    groups = ratio_groups(COUNTS_AND_SHARES, claims)
    owners = share_owners(groups["count"], groups["share"], claims)
    assert [(written(share), written(owner)) for share, owner in zip(groups["share"], owners)] == \
        [("81%", "61"), ("70%", "140")]  # "61 of 75" reaches through 75: the tie goes to 61, which starts first
    result = COUNTS_AND_SHARES.evaluate(groups)
    assert (result.violations, result.comparisons, result.unlisted) == ((), 2, 0)
    assert result.notes == ('2 counts without a total (write "32 of 40" or give \'total\')',)


def test_every_count_with_every_share_would_have_contradicted() -> None:
    """What the pairing fixes: each count against the other's share too."""
    claims = claims_of(TOWNS)
    apart = [dataclasses.replace(claim, path=f"/news/{i}.txt") for i, claim in enumerate(claims)]
    result = COUNTS_AND_SHARES.evaluate(ratio_groups(COUNTS_AND_SHARES, apart))
    assert [v.constraint for v in result.violations] == [
        '"61" of 75 is 81.3333% but "70%" is 70%: they differ by 11.3333 points > 1 points',
        '"140" of 200 is 70% but "81%" is 81%: they differ by 11 points > 1 points']
    assert result.comparisons == 4


def test_a_share_beside_its_count_that_disagrees_fails() -> None:
    result = COUNTS_AND_SHARES.evaluate(ratio_groups(COUNTS_AND_SHARES, claims_of(
        "In the towns, 61 of 75 (70%) and 140 of 200 (70%) voted.")))
    assert [v.constraint for v in result.violations] == [
        '"61" of 75 is 81.3333% but "70%" is 70%: they differ by 11.3333 points > 1 points']
    assert [[c.quantity.written for c in v.claims] for v in result.violations] == [["61", "70%"]]
    assert result.comparisons == 2


def test_a_share_beside_no_count_is_compared_with_every_count_of_its_dates() -> None:
    claims = claims_of(TOWNS) + claims_of("Turnout was 90%.", name="b.txt") + \
        claims_of("Turnout was 90%.", day=date(2016, 12, 28), name="c.txt")
    result = COUNTS_AND_SHARES.evaluate(ratio_groups(COUNTS_AND_SHARES, claims))
    assert [[c.quantity.written for c in v.claims] for v in result.violations] == [["61", "90%"], ["140", "90%"]]
    assert result.comparisons == 4  # each count with its own share and the free share of its day


def test_a_share_beside_a_count_without_a_total_is_not_compared_and_says_so() -> None:
    claims = claims_of("Rebels hold 60 neighbourhoods, about 15% of the area.") + \
        claims_of("The army retook 32 of 40 neighbourhoods.", name="b.txt")
    check = Ratio(count=Selector(counts=("neighbourhood",)), share=Selector(kind=("share",)))
    result = check.evaluate(ratio_groups(check, claims))
    assert (result.violations, result.comparisons) == ((), 0)
    assert "1 share written beside a count without a total not compared" in result.notes


def test_sensitivity_holds_with_each_count_taking_its_own_share(tmp_path: Path) -> None:
    """Satisfying values give each count its own share (81% and 70% at once): the check must hold on them."""
    rule_file = tmp_path / "towns.yaml"
    rule_file.write_text("name: towns\ncheck: ratio\ncount: {kind: count}\nshare: {kind: share}\n",
                         encoding="utf-8")
    [rule] = load_rule_file(rule_file)
    claims = claims_of(TOWNS) + claims_of("In the villages, 30 of 40 (75%) voted.", name="b.txt")
    assert analyse_rule(rule, claims, max_examples=100).status == OK


def test_satisfying_values_give_counts_with_their_own_shares_their_own_share() -> None:
    from hypothesis import find

    from pytest_claims.selfcheck.sensitivity import _space  # the space analyse_rule searches

    claims = claims_of(TOWNS)
    check = Ratio(count=Selector(kind=("count",)), share=Selector(kind=("share",)))
    space = _space(check, ratio_groups(check, claims))
    strategy = check.satisfying(space)
    assert not isinstance(strategy, str)
    share_at = [space.claims.index(the(claims, share)) for share in ("81%", "70%")]
    differing = find(strategy, lambda values: values[share_at[0]] != values[share_at[1]])
    assert differing[share_at[0]] != differing[share_at[1]] and all(isinstance(v, Fraction) for v in differing)
