"""The prefilter and the plain-number path lose nothing: with and without them, extraction reads the same.

Every sentence of every test text and dev set is read both ways (``extract_sentence(s)`` and
``extract_sentence(s, shortcuts=False)``, the long way through quantulum3 and our whole grammar);
generated number-like strings are read both ways by Hypothesis.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_claims.prose import quantulum
from pytest_claims.prose.extraction import extract_sentence, may_hold_number
from pytest_claims.prose.numerals import NUMBER_WORDS
from pytest_claims.prose.sentences import split_sentences
from helpers.paths import PROJECT
from helpers.texts import devset_files, devset_texts, suite_texts

SUITE = suite_texts()


def _sentences(texts: list[str]) -> list[str]:
    return sorted({sentence.text for text in texts for sentence in split_sentences(text)})


def _differences(texts: list[str]) -> list[str]:
    return [sentence for sentence in _sentences(texts)
            if extract_sentence(sentence) != extract_sentence(sentence, shortcuts=False)]


@pytest.mark.parametrize("origin", sorted(SUITE))
def test_shortcuts_read_every_test_text_as_the_long_way_does(origin: str) -> None:
    assert _sentences(SUITE[origin])
    assert _differences(SUITE[origin]) == []


@pytest.mark.parametrize("path", devset_files(), ids=[f"{p.parent.name}/{p.name}" for p in devset_files()])
def test_shortcuts_read_every_dev_set_text_as_the_long_way_does(path: Path) -> None:
    assert _differences(devset_texts(path)) == []


def test_the_dev_sets_are_read_when_they_are_beside_the_project() -> None:
    if not devset_files():
        pytest.skip("the dev sets are not beside the project: the comparison above ran on none")
    assert {path.parent.name for path in devset_files()} == {"quantulum3", "recognizers-text"}


def test_every_sentence_with_a_quantity_passes_the_prefilter() -> None:
    texts = [text for texts in SUITE.values() for text in texts]
    texts += [text for path in devset_files() for text in devset_texts(path)]
    held = [sentence for sentence in _sentences(texts) if extract_sentence(sentence, shortcuts=False)]
    assert held and all(may_hold_number(sentence) for sentence in held)


def test_the_shortcuts_take_most_seed_sentences_past_quantulum3() -> None:
    sentences = _sentences(SUITE["seeds"])
    skipped = [s for s in sentences if not may_hold_number(s)]
    plain = [s for s in sentences if may_hold_number(s) and quantulum.plain_numbers(s) is not None]
    assert len(skipped) + len(plain) > len(sentences) / 2, (len(skipped), len(plain), len(sentences))


@pytest.mark.parametrize(("sentence", "holds"), [
    ("Reuters journalists counted the air strikes.", False),
    ("The talks ended without a deal.", False),
    ("It took an hour.", True),  # "an hour" is one hour to quantulum3
    ("They marched a mile.", True),
    ("Tom & Jerry", True),  # quantulum3 reads "&" as a number
    ("The result was negative.", True),
    ("Dozens fled.", True),
    ("A third of the city fell.", True),
    ("½ of them", True),
    ("It killed 5.", True),
])
def test_the_prefilter_lets_through_what_may_be_a_number(sentence: str, holds: bool) -> None:
    assert may_hold_number(sentence) is holds


@pytest.mark.parametrize(("sentence", "readings"), [
    ("The offensive has killed more than 341 people in east Aleppo.", [(35, 38, 341.0, False)]),
    ("Up to 10,500 Syrian citizens had fled.", [(6, 12, 10500.0, False)]),
    ("They hold about 85% of the area.", [(16, 19, 85.0, True)]),
    ("The UN General Assembly voted 122 to 13.", None),  # "to": a range or a score
    ("It rained 5 mm.", None),  # a unit
    ("He paid $5 for it.", None),  # a currency sign
    ("Some 5 bn people", None),  # "bn" is barn newton to quantulum3
    ("In 2016 103 people", None),  # "2016 103" is one number to quantulum3
    ("Two people and 5 cats", None),  # a number word
    ("A 5-year plan", None),
])
def test_plain_numbers_are_read_without_quantulum3(sentence: str,
                                                   readings: list[tuple[int, int, float, bool]] | None) -> None:
    found = quantulum.plain_numbers(sentence)
    assert (None if found is None else [(n.start, n.end, n.value, n.percent) for n in found]) == readings


def test_a_plain_sentence_never_reaches_quantulum3(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(quantulum, "parse", lambda sentence: asked.append(sentence) or [])
    read = extract_sentence.__wrapped__  # past the cache: each call reads its sentence again
    assert [q.surface for q in read("Rebel fire has killed 81 people, including 31 children, so far.")] == ["81", "31"]
    assert read("The talks ended without a deal.") == ()
    assert asked == []
    read("It rained 5 mm.")
    assert asked == ["It rained 5 mm."]


# --- generated number-like strings ------------------------------------------------------------

def _unit_words() -> list[str]:
    quantulum.parse("1 m")  # quantulum3's tables, loaded the way extraction loads them
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import load
    units = load.units(quantulum.LANGUAGE)
    return sorted({*units.surfaces, *units.symbols})


NUMBERS = st.one_of(st.integers(0, 10**7).map(str), st.integers(0, 10**7).map(lambda n: f"{n:,}"),
                    st.decimals(0, 1000, places=2).map(str), st.integers(0, 100).map(lambda n: f"{n}%"))
WORDS = ["a", "an", "A", "An", "and", "&", "per", "x", "to", "plus", "minus", "between", "from", "absolute", "the",
         "people", "Syrian", "in", "at", "U.S.", "more", "than", "about", "some", "of", "killed", "bn", "mln", "k",
         ",", ".", "(", ")", "'", '"', "$", "£", "%", "½", "-", "–", "/", ":", "e", "E", "^2"]
TOKENS = st.one_of(NUMBERS, st.sampled_from(WORDS), st.sampled_from(sorted(NUMBER_WORDS)),
                   st.sampled_from(_unit_words()))
GLUE = st.sampled_from([" ", " ", " ", "", "-", "  ", ", "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TOKENS, GLUE), max_size=8))
def test_shortcuts_read_number_like_strings_as_the_long_way_does(parts: list[tuple[str, str]]) -> None:
    sentence = "".join(token + glue for token, glue in parts).strip()
    assert extract_sentence(sentence) == extract_sentence(sentence, shortcuts=False)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_shortcuts_never_crash_and_agree_on_any_text(text: str) -> None:
    assert extract_sentence(text) == extract_sentence(text, shortcuts=False)


# --- start-up ---------------------------------------------------------------------------------

_FRESH_PROCESS = """
import sys
import pytest_claims.plugin
loaded = sorted(name for name in ("quantulum3", "inflect", "typeguard", "hypothesis") if name in sys.modules)
print("after the plugin:", loaded)
import typeguard
typechecked = typeguard.typechecked
from pytest_claims.prose.extraction import extract
print("quantities:", [q.surface for q in extract("It killed 5 people in an hour.")])
import inflect
print("instrumented:", "check_argument_types_internal" in inflect.engine.plural.__code__.co_names)
print("decorator restored:", typeguard.typechecked is typechecked)
"""


def test_loading_the_plugin_imports_no_extractor_and_extraction_skips_typeguard() -> None:
    run = subprocess.run([sys.executable, "-c", _FRESH_PROCESS], capture_output=True, text=True, cwd=PROJECT,
                         timeout=120, check=True)
    assert run.stdout.splitlines() == [
        "after the plugin: []",
        "quantities: ['5', 'an hour']",
        "instrumented: False",
        "decorator restored: True",
    ], run.stderr
