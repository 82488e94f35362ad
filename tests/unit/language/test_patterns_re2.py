"""Selector patterns on RE2: hostile patterns finish, harmless ones are accepted, Python's meaning is kept,
and what RE2 cannot run is a rule error saying what to write instead."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from bisect import bisect_right

import pytest
from helpers.sessions import copy_project, run
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.language.patterns import _class_ranges, compile_pattern

#: the issue's patterns that hang Python's re (exponential or polynomial backtracking), with 100 KB sentences
#: and the verdict Python would give if it finished
HOSTILE = [
    (r"(a|aa)*$", "'a' * 100_000 + '!'", True),  # matches the empty text at the end
    (r"(a|aa)*b", "'a' * 100_000 + '!'", False),
    (r"\D*\d+x", "'a' * 50_000 + '1' * 50_000", False),
    (r"(.{0,20}){5}x", "'a' * 100_000", False),
    (r".{0,20}.{0,20}.{0,20}.{0,20}x", "'a' * 100_000", False),
    (r"(a+)+b", "'a' * 100_000", False),
    (r"\s*,?\s*x", "' ' * 100_000", False),
    (r"killed.*.*.*people", "'killed ' * 15_000", False),
    (r"(\w+\s?)+$", "'word ' * 20_000 + '!'", False),
]


def test_hostile_patterns_finish_on_100kb_sentences_with_the_right_verdict() -> None:
    # A subprocess with a hard limit: a backtracking engine would hang here for hours. How the time grows
    # with the input is measured in bench/hostile_input.py, not timed here.
    script = ("import json, sys\n"
              "from pytest_claims.language.patterns import compile_pattern\n"
              "cases = json.loads(sys.argv[1])\n"
              "print(json.dumps([compile_pattern(p).search(eval(text)) for p, text in cases]))\n")
    cases = [[pattern, text] for pattern, text, _ in HOSTILE]
    done = subprocess.run([sys.executable, "-c", script, json.dumps(cases)], capture_output=True, text=True,
                          timeout=60, check=True)
    assert json.loads(done.stdout) == [verdict for _, _, verdict in HOSTILE]


@pytest.mark.parametrize(("pattern", "text", "matches"), [
    (r"\s*,?\s*", "anything", True),
    (r"killed\s*,?\s*81", "killed , 81 people", True),
    (r"(\d+,)*\d+", "1,000,000", True),
    (r".*.*x", "aax", True),
    (r"(a+)+b", "aab", True),
    (r"(a*)*b", "c", False),
    (r"\w+.*said", "the observatory said", True),
    (r"\d+\d*", "no digits", False),
    (r"[а-я]+[а-я]*x", "сирияx", True),
    (r"x(?:a|.*)\w+", "xay", True),
])
def test_patterns_the_old_guard_refused_are_accepted_and_match_as_in_python(pattern: str, text: str,
                                                                          matches: bool) -> None:
    assert compile_pattern(pattern).search(text) is matches
    assert bool(re.search(pattern, text, re.IGNORECASE)) is matches


@pytest.mark.parametrize(("pattern", "text", "matches"), [
    ("KILLED", "were killed", True),  # case-insensitive, as before
    ("(?-i:Aleppo)", "east aleppo", False),
    ("(?-i:Aleppo)", "east Aleppo", True),
    (r"\d+", "٣٠٠ قتيل", True),  # \d is any decimal digit, as in Python
    (r"\w+é", "café", True),
    (r"^\w+$", "café", True),
    (r"250\s000", "250\u00a0000", True),  # \s includes the no-break space
    (r"250\S000", "250\u202f000", False),
    (r"a$", "xa", True),  # a sentence is trimmed: Python's $ before a final newline never comes up
    (r"a$", "a b", False),
    (r"a\Z", "a\nb", False),
    (r"a\Z", "xa", True),
    (r"^east", "north-east", False),
    (r"(?m)^east", "north\neast", True),
    (r"a.b", "a\nb", False),
    (r"(?s)a.b", "a\nb", True),
    (r"(?x) killed \s+ 81  # a comment", "killed 81", True),
    (r"[^\W\d]+", "123", False),  # a word character that is not a digit
    (r"[^\W\d]+", "12é", True),
    (r"(?a)\w", "é", False),
    (r"(?P<toll>\d+) killed", "81 killed", True),
    (r"[\s\S]", "", False),
    (r"[^\s\S]", "x", False),
    (r"\bkilled\b", "they killed 81", True),
    (r"\bkilled\b", "unkilled", False),
    (r"killed??", "kille", True),
    (r"a{2,}", "a", False),
    (r"a{,2}b", "aab", True),
])
def test_patterns_mean_what_they_mean_in_python(pattern: str, text: str, matches: bool) -> None:
    assert compile_pattern(pattern).search(text) is matches
    assert bool(re.search(pattern, text, re.IGNORECASE)) is matches


def test_word_boundaries_count_ascii_word_characters_only_as_docs_rules_md_says() -> None:
    assert re.search(r"\bcafé\b", "café au lait", re.IGNORECASE)  # Python: "é" is a word character
    assert not compile_pattern(r"\bcafé\b").search("café au lait")  # RE2: it is not, so no boundary after it
    assert compile_pattern(r"(?:^|\W)café(?:\W|$)").search("café au lait")  # what docs/rules.md says to write
    assert compile_pattern(r"\bkilled\b").search("Rémi killed 3")


def test_a_lone_surrogate_in_a_sentence_is_matched_around_not_a_crash() -> None:
    assert compile_pattern("killed").search("killed \ud800 people")
    assert not compile_pattern("people$").search("killed \ud800 peopl")


@pytest.mark.parametrize("category", ["digit", "space", "word"])
def test_unicode_classes_hold_the_code_points_pythons_re_matches(category: str) -> None:
    python = re.compile({"digit": r"\d", "space": r"\s", "word": r"\w"}[category])
    ranges = _class_ranges(category, False)
    starts = [low for low, _ in ranges]

    def held(code: int) -> bool:
        at = bisect_right(starts, code) - 1
        return at >= 0 and code <= ranges[at][1]

    differing = [code for code in range(sys.maxunicode + 1) if held(code) != bool(python.match(chr(code)))]
    assert differing == []




@pytest.mark.parametrize(("pattern", "message"), [
    ("(?<!west )aleppo", ("pattern '(?<!west )aleppo' has a lookaround ((?=, (?!, (?<= or (?<!): lookarounds are "
                         "not supported (patterns run on RE2, which guarantees linear time); match the text around "
                         "instead, or use not_near for words that must not be near the number")),
    ("killed(?= people)", "pattern 'killed(?= people)' has a lookaround"),
    ("killed(?! people)", "pattern 'killed(?! people)' has a lookaround"),
    ("(?<=east )aleppo", "pattern '(?<=east )aleppo' has a lookaround"),
    (r"(\w+) \1", (r"pattern '(\w+) \1' has a backreference (\1 or (?P=name)): backreferences are not supported "
                  "(patterns run on RE2, which guarantees linear time); write the repeated text out")),
    ("(?P<x>a)(?P=x)", "pattern '(?P<x>a)(?P=x)' has a backreference"),
    ("(a)?(?(1)b|c)", ("pattern '(a)?(?(1)b|c)' has a conditional group ((?(1)...|...)): conditional groups are "
                      "not supported (patterns run on RE2, which guarantees linear time); write the alternatives "
                      "out with |")),
    ("a{1001}", ("pattern 'a{1001}' repeats 1001 times in one place: counts over 1000 are not supported "
                "(patterns run on RE2, which guarantees linear time); use a smaller count, or * or +")),
    ("a{2,5000}", "pattern 'a{2,5000}' repeats 5000 times in one place"),
    ("(a{100}){20}", ("pattern '(a{100}){20}' repeats more than 1000 times in one place (counts nested in each "
                     "other multiply: (a{100}){20} is 2000): counts over 1000 are not supported (patterns run on "
                     "RE2, which guarantees linear time); use smaller counts, or * or +")),
])
def test_what_re2_cannot_run_is_refused_saying_what_to_write(pattern: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        compile_pattern(pattern)
    assert str(refused.value).startswith(message)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Python 3.10's re has no possessive quantifiers")
@pytest.mark.parametrize(("pattern", "message"), [
    (r"killed\s*+people", (r"pattern 'killed\s*+people' has a possessive quantifier (*+, ++, ?+ or {m,n}+): "
                          "possessive quantifiers are not supported (patterns run on RE2, which guarantees linear "
                          "time); write the plain quantifier (* for *+): RE2 never backtracks, so needs no such hint")),
    ("a{1,3}+", "pattern 'a{1,3}+' has a possessive quantifier"),
    ("(?>east|eastern) Aleppo", ("pattern '(?>east|eastern) Aleppo' has an atomic group ((?>...)): atomic groups "
                                "are not supported (patterns run on RE2, which guarantees linear time); write a "
                                "plain group ((?:...) for (?>...)): RE2 never backtracks, so needs no such hint")),
])
def test_possessive_quantifiers_and_atomic_groups_are_refused(pattern: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        compile_pattern(pattern)
    assert str(refused.value).startswith(message)


# ---------------------------------------------------------------- RE2 against Python's re, brute force

def _quantified(atom: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    quantifier = st.sampled_from(["", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}", "{2,}", "*?", "+?", "??"])
    return st.tuples(atom, quantifier).map("".join)


def _patterns(atoms: list[str], positions: list[str]) -> st.SearchStrategy[str]:
    """Random patterns from a grammar with nothing RE2 refuses: atoms, quantifiers, groups, alternation."""
    leaf = _quantified(st.sampled_from(atoms)) | st.sampled_from(positions)
    tree = st.recursive(
        st.lists(leaf, min_size=1, max_size=3).map("".join),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map("|".join),
            _quantified(inner.map(lambda body: f"(?:{body})")),
            _quantified(inner.map(lambda body: f"({body})")),
            st.lists(inner, min_size=2, max_size=3).map("".join),
        ),
        max_leaves=8,
    )
    return st.tuples(st.sampled_from(["", "", "^"]), tree, st.sampled_from(["", "", "$", r"\Z"])).map("".join)


def sentences(alphabet: str) -> st.SearchStrategy[str]:
    """Short texts trimmed like sentences (so never a final newline, where Python's $ also holds)."""
    return st.text(alphabet, min_size=1, max_size=10).map(str.strip).filter(bool)


ASCII_ATOMS = ["a", "b", "A", "1", " ", ",", ".", "[ab]", "[^a]", "[a-c1]", r"\d", r"\w", r"\s", r"\D", r"\W",
               r"\S", r"\.", "-"]
#: no \b or \B: RE2's word boundary counts ASCII word characters only (docs/rules.md says so)
UNICODE_ATOMS = ["a", "é", "É", "٣", "k", "[à-ÿ]", "[^é]", r"\d", r"\w", r"\s", r"\W", r"\S", "[\\w-]", ".", " "]


@settings(max_examples=400, deadline=None)
@given(pattern=_patterns(ASCII_ATOMS, [r"\b", r"\B", "$", "^"]),
       # not empty: Python before 3.14 finds no \B in the empty text, RE2 does; a sentence is never empty
       texts=st.lists(sentences("aAbB1 ,.-\n"), min_size=1, max_size=8))
def test_re2_agrees_with_pythons_re_on_ascii_text(pattern: str, texts: list[str]) -> None:
    compiled = compile_pattern(pattern)
    for text in texts:
        assert compiled.search(text) == bool(re.search(pattern, text, re.IGNORECASE)), (compiled.translated, text)


@settings(max_examples=400, deadline=None)
@given(pattern=_patterns(UNICODE_ATOMS, ["$", "^"]),
       texts=st.lists(sentences("aéÉ٣1kK \u00a0\u2009-\n"), min_size=1, max_size=8))
def test_re2_agrees_with_pythons_re_on_unicode_text(pattern: str, texts: list[str]) -> None:
    compiled = compile_pattern(pattern)
    for text in texts:
        assert compiled.search(text) == bool(re.search(pattern, text, re.IGNORECASE)), (compiled.translated, text)


# ---------------------------------------------------------------- a real run of rule files

GOOD_RULE = """\
name: re2-toll
select:
  counts: [people]
  pattern: 'killed\\s*,?\\s*81\\s*,?\\s*people'
check: bounds
max: 50
"""
BAD_RULE = """\
name: re2-lookbehind
select:
  pattern: '(?<!west )aleppo'
check: bounds
max: 50
"""


def test_a_run_refuses_lookarounds_at_file_and_line_and_runs_a_once_refused_pattern(
        pytester: pytest.Pytester) -> None:
    project = copy_project(pytester)
    (project.path / "rules" / "re2-good.yaml").write_text(GOOD_RULE, encoding="utf-8")
    (project.path / "rules" / "re2-bad.yaml").write_text(BAD_RULE, encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "re2")
    out = result.stdout.str()
    assert "Traceback" not in out
    result.assert_outcomes(failed=1, errors=1)  # the toll of 81 is above 50: the pattern selected it
    assert ("rules/re2-bad.yaml:3: 'select.pattern': pattern '(?<!west )aleppo' has a lookaround ((?=, (?!, (?<= "
            "or (?<!): lookarounds are not supported (patterns run on RE2, which guarantees linear time); match "
            "the text around instead, or use not_near for words that must not be near the number") in out
    assert "81" in out
