"""Selectors: which claims a rule is about, and why a claim was left out."""

from __future__ import annotations

import pytest
from helpers.claims import make_claim

from pytest_claims.records.model import COUNT, SHARE
from pytest_claims.language.selectors import Selector
from pytest_claims.prose.sentences import sentence_tokens

TRAPPED = "An estimated 250,000 people remain trapped in eastern Aleppo as the offensive goes on."


def trapped(**overrides: object) -> object:
    return make_claim(TRAPPED, "250,000", **overrides)  # type: ignore[arg-type]


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize("counts", [["people"], ["People"], ["civilians", "people"], ["peop*"]])
def test_counts_matches_the_counted_noun(counts: list[str]) -> None:
    assert Selector(counts=tuple(counts)).matches(trapped())


def test_counts_compares_singular_forms_on_both_sides() -> None:
    claim = make_claim("Some 10,500 civilians fled.", "10,500", counts="civilian")
    assert Selector(counts=("Civilians",)).matches(claim)
    assert Selector(counts=("civilian",)).matches(claim)


def test_counts_survives_singular_mangling_an_already_singular_noun() -> None:
    # singular("bus") is "bu": the selector's "buses" -> "bus" must still meet a claim counting "bus"
    claim = make_claim("Nine buses left.", "Nine", value=9, counts="bus")
    assert Selector(counts=("buses",)).matches(claim)
    assert Selector(counts=("bus",)).matches(claim)


def test_counts_rejects_another_noun_with_reason() -> None:
    claim = make_claim("Rebels lost 32 districts.", "32", counts="district")
    selector = Selector(counts=("people", "civilians"))
    assert not selector.matches(claim)
    assert selector.reject_reason(claim) == "counts 'district', not one of: people, civilians"


@pytest.mark.parametrize("counts", [("people",), ("*",), ("p*",)])
def test_counts_never_matches_a_claim_that_counts_nothing(counts: tuple[str, ...]) -> None:
    claim = trapped(counts=None)
    selector = Selector(counts=counts)
    assert not selector.matches(claim)
    assert "counts nothing" in (selector.reject_reason(claim) or "")


# ---------------------------------------------------------------- near words


def test_near_matches_a_word_anywhere_in_the_sentence_by_default() -> None:
    assert Selector(near=("offensive",)).matches(trapped())


def test_near_rejects_when_no_word_is_there() -> None:
    selector = Selector(near=("besieged", "squeezed"), window=12)
    assert selector.reject_reason(trapped()) == "no word of [besieged, squeezed] within 12 words"
    assert Selector(near=("besieged",)).reject_reason(trapped()) == "no word of [besieged] in the sentence"


def test_near_is_case_insensitive() -> None:
    assert Selector(near=("TRAPPED",)).matches(make_claim("250 people Trapped.", "250"))


def test_near_matches_whole_tokens_only() -> None:
    assert not Selector(near=("trap",)).matches(trapped())
    assert not Selector(near=("rapped",)).matches(trapped())


def test_trailing_star_is_a_prefix_wildcard() -> None:
    claim = make_claim("Some 250,000 people are besieged.", "250,000")
    assert Selector(near=("besieg*",)).matches(claim)
    assert not Selector(near=("siege*",)).matches(claim)


def test_phrase_matches_consecutive_tokens() -> None:
    assert Selector(near=("eastern Aleppo",)).matches(trapped())
    assert Selector(near=("eastern   aleppo",)).matches(trapped())
    assert not Selector(near=("trapped Aleppo",)).matches(trapped())


def test_phrase_wildcard_applies_to_its_last_word() -> None:
    assert Selector(near=("remain trap*",)).matches(trapped())
    assert not Selector(near=("remain trip*",)).matches(trapped())


@pytest.mark.parametrize(("text", "word"), [
    ("About 250 people in Aleppo’s east.", "Aleppo's"),
    ("About 250 people in Aleppo's east.", "Aleppo’s"),
    ("About 250 people in Aleppo’s east.", "aleppo’s"),
])
def test_curly_and_straight_apostrophes_are_equal(text: str, word: str) -> None:
    assert Selector(near=(word,)).matches(make_claim(text, "250"))


# Tokens: Some 250 000 people were trapped and then many more fled the city
# ("250,000" is two tokens, both the quantity's): "people" is 1 away, "trapped" 3, "fled" 8.
WINDOW_SENTENCE = "Some 250,000 people were trapped and then many more fled the city."


@pytest.mark.parametrize(("word", "distance"), [("trapped", 3), ("then", 5), ("fled", 8)])
def test_window_edge_is_inclusive(word: str, distance: int) -> None:
    claim = make_claim(WINDOW_SENTENCE, "250,000")
    assert Selector(near=(word,), window=distance).matches(claim)
    assert not Selector(near=(word,), window=distance - 1).matches(claim)


@pytest.mark.parametrize("word", ["Some", "people"])
def test_adjacent_words_on_either_side_are_within_a_window_of_one(word: str) -> None:
    assert Selector(near=(word,), window=1).matches(make_claim(WINDOW_SENTENCE, "250,000"))


def test_window_excludes_a_word_one_token_beyond() -> None:
    claim = make_claim(WINDOW_SENTENCE, "250,000")
    selector = Selector(near=("trapped",), window=2)
    assert not selector.matches(claim)
    assert selector.reject_reason(claim) == "no word of [trapped] within 2 words"


def test_window_counts_a_phrase_from_its_nearest_token() -> None:
    claim = make_claim("Forces trapped by the siege hold 300 fighters.", "300")
    # "by the siege": "siege" is 2 tokens before 300 ("hold" between)
    assert Selector(near=("by the siege",), window=2).matches(claim)
    assert not Selector(near=("by the siege",), window=1).matches(claim)


def test_the_nearest_occurrence_counts() -> None:
    claim = make_claim("Trapped, they said, in the city: 300 people are trapped.", "300")
    assert Selector(near=("trapped",), window=3).matches(claim)


def test_the_quantity_own_tokens_are_not_near_words() -> None:
    claim = make_claim("They killed more than 341 people.", "more than 341")
    assert not Selector(near=("than",)).matches(claim)
    assert not Selector(near=("341",)).matches(claim)
    assert Selector(near=("killed",), window=1).matches(claim)


def test_near_all_needs_every_word() -> None:
    assert Selector(near_all=("trapped", "offensive")).matches(trapped())
    selector = Selector(near_all=("trapped", "siege"), window=12)
    assert selector.reject_reason(trapped()) == "'siege' is not within 12 words"


def test_not_near_rejects_when_a_word_is_near() -> None:
    claim = make_claim(WINDOW_SENTENCE, "250,000")
    assert Selector(not_near=("fled",), window=7).matches(claim)
    selector = Selector(not_near=("fled",), window=8)
    assert selector.reject_reason(claim) == "'fled' is near (8 words away)"


def test_not_near_phrase_and_wildcard() -> None:
    claim = make_claim(WINDOW_SENTENCE, "250,000")
    assert not Selector(not_near=("the city",)).matches(claim)
    assert not Selector(not_near=("fle*",)).matches(claim)
    assert Selector(not_near=("fled town",)).matches(claim)


def test_precomputed_tokens_give_the_same_answer() -> None:
    claim = make_claim(WINDOW_SENTENCE, "250,000")
    tokens = sentence_tokens(claim.sentence, claim.sentence_start)
    selector = Selector(near=("trapped",), window=3)
    assert selector.matches(claim, tokens) is selector.matches(claim) is True


def test_second_occurrence_of_a_number_measures_from_its_own_span() -> None:
    sentence = "Of 300 fighters, 300 people fled."
    first = make_claim(sentence, "300", occurrence=1)
    second = make_claim(sentence, "300", occurrence=2)
    selector = Selector(near=("fled",), window=2)
    assert selector.matches(second)
    assert not selector.matches(first)


# ---------------------------------------------------------------- kind, pattern, outlet, document


def test_kind_matches_and_explains() -> None:
    share = make_claim("Rebels lost 85% of the area.", "85%", kind=SHARE, counts="area")
    assert Selector(kind=(SHARE,)).matches(share)
    assert Selector(kind=("Share",)).matches(share)
    assert Selector(kind=(COUNT,)).reject_reason(share) == "kind is share, not count"
    assert Selector(kind=(COUNT, "measure")).reject_reason(share) == "kind is share, not one of: count, measure"


def test_pattern_searches_the_sentence_case_insensitively() -> None:
    assert Selector(pattern="EAST(ERN)? aleppo").matches(trapped())
    selector = Selector(pattern="west(ern)? Aleppo")
    assert selector.reject_reason(trapped()) == "pattern 'west(ern)? Aleppo' did not match the sentence"


def test_outlet_is_compared_case_insensitively() -> None:
    assert Selector(outlet=("reuters", "AFP")).matches(trapped(outlet="Reuters"))
    assert Selector(outlet=("AFP",)).reject_reason(trapped(outlet="AP")) == "outlet is 'AP', not AFP"


def test_outlet_never_matches_a_document_without_one() -> None:
    assert "has no outlet" in (Selector(outlet=("Reuters",)).reject_reason(trapped(outlet=None)) or "")


def test_document_globs() -> None:
    assert Selector(document=("00*.txt", "x.txt")).matches(trapped(document="003_ab.txt"))
    selector = Selector(document=("00*.txt",))
    assert selector.reject_reason(trapped(document="104.txt")) == "document '104.txt' matches none of: 00*.txt"


# ---------------------------------------------------------------- source

SOHR = "Syrian Observatory for Human Rights"


def said_by(source: str | None, source_text: str = "") -> object:
    return trapped(source=source, source_text=source_text)


@pytest.mark.parametrize("words", [["Observatory"], ["observatory"], ["Human Rights"], ["Observ*"],
                                   ["UN", "Observatory"], ["Syrian Observatory for Human Rights"]])
def test_source_matches_words_of_the_normalized_source(words: list[str]) -> None:
    assert Selector(source=tuple(words)).matches(said_by(SOHR))


@pytest.mark.parametrize("words", [["Observ"], ["Rights Human"], ["Reuters"], ["Observatory for Rights"]])
def test_source_matches_whole_words_in_order_only(words: list[str]) -> None:
    assert not Selector(source=tuple(words)).matches(said_by(SOHR))


def test_source_word_is_not_a_substring_of_another_word() -> None:
    assert Selector(source=("UN",)).matches(said_by("UN human rights office"))
    assert not Selector(source=("UN",)).matches(said_by("unknown group"))


def test_source_ignores_possessives_and_apostrophe_style_on_both_sides() -> None:
    claim = said_by("Russia's defence ministry")
    assert Selector(source=("Russia defence ministry",)).matches(claim)
    assert Selector(source=("Russia’s defence ministry",)).matches(claim)
    assert not Selector(source=("Russian defence ministry",)).matches(claim)


def test_source_also_matches_the_source_as_written_with_its_appositive() -> None:
    claim = said_by("Rami Abdulrahman", "Rami Abdulrahman, the observatory’s director")
    assert Selector(source=("Observatory",)).matches(claim)
    assert Selector(source=("Abdulrahman",)).matches(claim)


def test_source_rejects_with_reasons() -> None:
    assert Selector(source=("UN",)).reject_reason(said_by(SOHR)) == f"source is '{SOHR}', not UN"
    assert (Selector(source=("UN", "WHO")).reject_reason(said_by(None))
            == "the sentence names no source, not one of: UN, WHO")


def test_source_is_a_condition_of_its_own_for_diagnosis() -> None:
    selector = Selector(counts=("people",), source=("Observatory",))
    assert [c.describe() for c in selector.conditions()] == ["counts [people]", "source [Observatory]"]
    assert selector.describe() == "counts [people], source [Observatory]"


def test_source_without_letters_is_refused() -> None:
    with pytest.raises(ValueError, match="has no words"):
        Selector(source=("--",))


# ---------------------------------------------------------------- composition


def test_empty_selector_matches_every_claim() -> None:
    assert Selector().matches(trapped())
    assert Selector().describe() == "any claim"


def test_all_conditions_must_hold() -> None:
    selector = Selector(counts=("people",), near=("trapped",), kind=(COUNT,), pattern="Aleppo")
    assert selector.matches(trapped())
    assert not selector.matches(trapped(counts="fighter"))


def test_merge_is_and_and_each_side_keeps_its_window() -> None:
    claim = make_claim(WINDOW_SENTENCE, "250,000")
    base = Selector(near=("trapped",), window=3)
    side = Selector(near=("fled",))  # whole sentence
    merged = base.merge(side)
    assert merged.matches(claim)
    assert not base.merge(Selector(near=("fled",), window=2)).matches(claim)
    assert not Selector(near=("trapped",), window=2).merge(side).matches(claim)
    assert merged.describe() == "near [trapped], window 3, near [fled]"


def test_merge_with_an_empty_selector_is_the_other() -> None:
    side = Selector(counts=("people",))
    assert Selector().merge(side) == side
    assert side.merge(Selector()) == side


def test_conditions_split_a_selector_for_diagnosis() -> None:
    selector = Selector(counts=("people",), near=("trapped",), window=4).merge(Selector(kind=(COUNT,)))
    assert [c.describe() for c in selector.conditions()] == [
        "counts [people]", "near [trapped], window 4", "kind [count]"]


def test_words_are_stored_lower_case_with_straight_apostrophes() -> None:
    selector = Selector(counts=("People",), near=("Aleppo’s  East",), not_near=("FLED",))
    assert selector.counts == ("people",)
    assert selector.near == ("aleppo's east",)
    assert selector.not_near == ("fled",)


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": ("counts",)}, "unknown kind 'counts'"),
    ({"window": 0}, "window must be"),
    ({"window": True}, "window must be"),
    ({"near": ("!!!",)}, "has no words"),
    ({"near": ("be*sieged",)}, "only allowed at the end"),
    ({"pattern": "(a"}, "invalid pattern"),
])
def test_invalid_selector_fields_raise_value_error(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Selector(**fields)  # type: ignore[arg-type]
