"""Whole sessions (pytester) on input that once passed in silence: text that is not UTF-8, documents of
invisible characters, digit groups split by typographic spaces and marks, folders the walk skipped, divisions
by zero and the combination cap. Each ends as a clear error naming the file, or as the right verdict."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.claims import make_claim
from helpers.sessions import run
from pytest_claims.checks.expression import Expression, DivisorCanBeZero
from pytest_claims.language.selectors import Selector

TRAPPED_RULE = """\
name: trapped-at-most
select: {counts: [people], near: [trapped]}
check: bounds
max: 200000
"""
TRAPPED = "About 250,000 people are trapped in the east, the UN said.\n"


def _project(pytester: pytest.Pytester, rules: dict[str, str]) -> Path:
    """An empty ``docs/`` folder and ``rules/`` holding ``rules`` (file name -> YAML)."""
    (pytester.path / "docs").mkdir()
    (pytester.path / "rules").mkdir()
    for name, text in rules.items():
        (pytester.path / "rules" / name).write_text(text, encoding="utf-8")
    return pytester.path / "docs"


def _claims(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, Any]]:
    result = run(pytester, "--claims", "docs/", "--claims-rules", "rules/", "--claims-report-json", "report.json",
                 *args)
    return result, json.loads((pytester.path / "report.json").read_text(encoding="utf-8"))


def _values_by_document(report: dict[str, Any]) -> dict[str, list[float]]:
    values: dict[str, list[float]] = {}
    for claim in report["claims"]:
        values.setdefault(claim["name"], []).append(claim["value"])
    return values


# ---------------------------------------------------------------- text that is not UTF-8


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-32", "utf-8-sig"])
def test_text_saved_as_utf16_is_read_and_checked(pytester: pytest.Pytester, codec: str) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    (docs / "a.txt").write_bytes(TRAPPED.encode(codec))  # utf-16 and utf-32 write a byte order mark
    result, report = _claims(pytester)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()  # 250,000 > 200,000: checked
    result.assert_outcomes(failed=1)
    assert _values_by_document(report) == {"a.txt": [250000.0]}


BINARIES = {
    "report.txt": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                   "docs/report.txt: not a text file: it is a PDF file; save the article as UTF-8 text "
                   "(.txt, .md or .html)"),
    "photo.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                 "docs/photo.md: not a text file: it is a PNG image; save the article as UTF-8 text "
                 "(.txt, .md or .html)"),
    "story.txt": (b"Title\n" + "About 250,000 people".encode("utf-16-le") + b"\x00\x00\x00\n",
                  "docs/story.txt:2: not a text file: it holds NUL bytes (the first at line 2), as binary files "
                  "and text saved as UTF-16 do; save it as UTF-8 text"),
    "data.html": (bytes(range(1, 32)) * 4,
                  "docs/data.html:1: not a text file: 104 of its 124 characters are control characters "
                  "(the first, '\\x01', at line 1); save it as UTF-8 text"),
    "broken.txt": ("About 250,000 people\n".encode("utf-16") + b"!",
                   "docs/broken.txt: not valid UTF-16: truncated data at byte 43 after the byte order mark; "
                   "save it as UTF-8 text"),
}


def test_binary_files_with_a_text_suffix_are_errors_naming_them(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    (docs / "good.txt").write_text(TRAPPED, encoding="utf-8")
    for name, (data, _) in BINARIES.items():
        (docs / name).write_bytes(data)
    result, report = _claims(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()  # documents went unread
    result.assert_outcomes(failed=1, errors=len(BINARIES))  # the good document is still checked
    output = result.stdout.str()
    for _, message in BINARIES.values():
        assert message in output, message
    assert _values_by_document(report) == {"good.txt": [250000.0]}


# ---------------------------------------------------------------- invisible documents

INVISIBLE = "\u200b\u200d\u2060\n\u200e \u00a0\u2066\u2069\ufeff\n"
INVISIBLE_MESSAGE = ("empty document: it holds only invisible characters (zero-width spaces or joiners, "
                     "direction marks) and white space")


def test_a_document_of_invisible_characters_is_empty(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    (docs / "good.txt").write_text(TRAPPED, encoding="utf-8")
    (docs / "marks.txt").write_text(INVISIBLE, encoding="utf-8")
    (docs / "marks.html").write_text(INVISIBLE, encoding="utf-8")
    (docs / "marks.md").write_text("---\ntitle: Marks\n---\n" + INVISIBLE, encoding="utf-8")
    (docs / "plain.txt").write_text(" \n\t\n", encoding="utf-8")
    (docs / "export.jsonl").write_text(json.dumps({"title": "Marks", "text": INVISIBLE}) + "\n"
                                       + json.dumps({"title": "Good", "text": TRAPPED}) + "\n", encoding="utf-8")
    result, report = _claims(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.assert_outcomes(failed=1, errors=5)
    result.stdout.fnmatch_lines_random([f"docs/marks.txt: {INVISIBLE_MESSAGE}",
                                        f"docs/marks.html: {INVISIBLE_MESSAGE}",
                                        "docs/marks.md: empty document: nothing after the front matter",
                                        "docs/plain.txt: empty document",
                                        "docs/export.jsonl:1: empty article: field 'text' holds no text"])
    assert _values_by_document(report) == {"good.txt": [250000.0], "export.jsonl:2": [250000.0]}


# ---------------------------------------------------------------- digit groups

GAPS = {"no-break space": "\u00a0", "thin space": "\u2009", "narrow no-break space": "\u202f",
        "figure space": "\u2007", "zero-width joiner": "\u200d", "zero-width space": "\u200b",
        "left-to-right mark": "\u200e", "right-to-left mark": "\u200f", "left-to-right isolate": "\u2066",
        "right-to-left isolate": "\u2067", "first strong isolate": "\u2068", "pop directional isolate": "\u2069",
        "word joiner": "\u2060", "mark, then thin space": "\u200e\u2009", "no-break space, then mark": "\u00a0\u200e",
        "joiners around a narrow no-break space": "\u200d\u202f\u200d", "isolate pair": "\u2066\u2069",
        "comma, then joiner": ",\u200d"}
AROUND = {"nothing": ("", ""), "direction marks": ("\u200e", "\u200f"), "an isolate": ("\u2067", "\u2069"),
          "joiners": ("\u200d", "\u200d"), "no-break spaces": ("\u00a0", "\u00a0")}
SENTENCES = (("Officials said {a}250{s}000{b} people are trapped.", 250000),
             ("{a}250{s}000{b} people are trapped in the east.", 250000),
             ("The UN said it needs ${a}12{s}600{s}000{b} for aid.", 12600000),
             ("Officials said {a}2{s}500{s}000{b} people live in the city.", 2500000),
             ("The number of people trapped was {a}250{s}000{b}.", 250000))


def _label(number: int) -> str:
    """``number`` written in letters, a label that holds no number: 0 -> "a", 27 -> "ab"."""
    return "".join(chr(ord("a") + int(digit, 26)) for digit in _base26(number))


def _base26(number: int) -> str:
    digits = "0123456789abcdefghijklmnop"
    return digits[number] if number < 26 else _base26(number // 26) + digits[number % 26]


def _cases() -> list[tuple[str, float]]:
    """(sentence, the one number it holds), for every gap between digit groups and every mark around them."""
    return [(f"Case {_label(number)}: " + sentence.format(a=a, b=b, s=gap), value)
            for number, (sentence, value, gap, (a, b)) in enumerate(
                (sentence, value, gap, around) for sentence, value in SENTENCES
                for gap in GAPS.values() for around in AROUND.values())]


def test_digit_groups_split_by_spaces_and_marks_are_one_number_in_every_format(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    cases = _cases()
    sentences = [sentence for sentence, _ in cases]
    (docs / "groups.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    (docs / "groups.md").write_text("---\ntitle: Groups\n---\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    (docs / "groups.html").write_text(
        "<html><head><title>Groups</title></head><body><article><h1>Aleppo</h1>\n"
        + "".join(f"<p>{sentence}</p>\n" for sentence in sentences) + "</article></body></html>", encoding="utf-8")
    (docs / "groups.jsonl").write_text("".join(json.dumps({"id": index, "title": "Groups", "text": sentence}) + "\n"
                                               for index, sentence in enumerate(sentences)), encoding="utf-8")
    result, report = _claims(pytester, "-q")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    found: dict[tuple[str, str], list[float]] = {}
    for claim in report["claims"]:
        case = claim["sentence"].split(":")[0]
        found.setdefault((claim["name"].split(":")[0], case), []).append(claim["value"])
    wrong = {(document, sentence): found.get((document, sentence.split(":")[0]))
             for document in ("groups.txt", "groups.md", "groups.html", "groups.jsonl")
             for sentence, value in cases if found.get((document, sentence.split(":")[0])) != [value]}
    assert wrong == {}
    assert len(report["claims"]) == 4 * len(cases)


def test_typographic_spaces_written_as_entities_in_a_page_join_digit_groups(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    entities = ["&nbsp;", "&#160;", "&#xA0;", "&thinsp;", "&#8201;", "&#8239;", "&#x202F;", "&numsp;"]
    (docs / "page.html").write_text(
        "<html><body><article><h1>Aleppo</h1>\n"
        + "".join(f"<p>Case {_label(n)}: the UN said it needs ${n + 1}{entity}600{entity}000 for aid.</p>\n"
                  for n, entity in enumerate(entities)) + "</article></body></html>", encoding="utf-8")
    result, report = _claims(pytester)
    result.assert_outcomes(errors=1)  # the rule selects nothing: no page counts people
    assert sorted(_values_by_document(report)["page.html"]) == [(n + 1) * 1_000_000 + 600_000
                                                                for n in range(len(entities))]


# ---------------------------------------------------------------- the folder walk


def test_symlinked_folders_are_followed_once_and_loops_end(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    elsewhere = pytester.path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    (elsewhere / "linked.txt").write_text("About 260,000 people are trapped, the UN said.\n", encoding="utf-8")
    (docs / "own.txt").write_text(TRAPPED, encoding="utf-8")
    (docs / "linked").symlink_to(elsewhere.parent, target_is_directory=True)
    (elsewhere / "back-to-docs").symlink_to(docs, target_is_directory=True)  # a loop through the link
    (docs / "itself").symlink_to(docs, target_is_directory=True)  # a loop onto the folder itself
    (docs / "twice").symlink_to(elsewhere, target_is_directory=True)  # a second way to one folder
    (docs / "ping").symlink_to(docs / "pong")  # links that point at each other: no folder at all
    (docs / "pong").symlink_to(docs / "ping")
    result, report = _claims(pytester)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert _values_by_document(report) == {"own.txt": [250000.0], "linked.txt": [260000.0]}
    result.stdout.fnmatch_lines(["2 documents, *", "2 files skipped (not documents): docs/ping, docs/pong"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder, whatever its mode")
def test_an_unreadable_folder_is_an_error_naming_it(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"trapped.yaml": TRAPPED_RULE})
    (docs / "own.txt").write_text(TRAPPED, encoding="utf-8")
    locked = docs / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("About 900,000 people are trapped.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        result, report = _claims(pytester)
    finally:
        locked.chmod(0o755)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(["docs/locked: cannot read the folder: Permission denied; its documents are not "
                                 "checked: make it readable (chmod) or leave it out of the paths given"])
    assert _values_by_document(report) == {"own.txt": [250000.0]}


# ---------------------------------------------------------------- expressions

RATIO_RULE = """\
name: wounded-per-killed
select: {{kind: count}}
check: expression
claims:
  wounded: {{near: [wounded]}}
  killed: {{near: [killed]}}
expression: wounded / killed > 1000
together: {together}
"""
TOLLS = ("Air strikes killed 0 people and wounded 219 people in Aleppo, the Observatory said.\n\n"
         "Shelling killed 12 people and wounded 30 people in Idlib, medics said.\n")


@pytest.mark.parametrize("together", ["sentence", "document"])
def test_a_divisor_that_can_be_zero_is_the_rules_error(pytester: pytest.Pytester, together: str) -> None:
    docs = _project(pytester, {"ratio.yaml": RATIO_RULE.format(together=together)})
    (docs / "tolls.txt").write_text(TOLLS, encoding="utf-8")
    result, _ = _claims(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.assert_outcomes(errors=1)
    others = "" if together == "sentence" else " (and 2 other combinations of claims)"
    result.stdout.fnmatch_lines([
        "rules/ratio.yaml:3: expression 'wounded / killed > 1000' cannot be judged: the divisor 'killed' in "
        f"'wounded / killed > 1000' can be 0 for killed = \"0\" 0 at tolls.txt:1{others}, and a division by 0 has "
        "no value; select claims that cannot be 0 (the named claims' selectors), or compare without dividing "
        "(for 'a / b > 2' write 'a > 2 * b' when b is never negative)"])


@settings(max_examples=200, deadline=None)
@given(a_values=st.lists(st.sampled_from([0.0, 1.0, 3.0]), min_size=1, max_size=3),
       b_values=st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]), min_size=1, max_size=4),
       together=st.sampled_from(["document", "day"]))
def test_the_check_refuses_to_judge_exactly_when_some_divisor_is_zero(
        a_values: list[float], b_values: list[float], together: str) -> None:
    """Against brute force: some pair of claims makes ``b - 1`` zero exactly when a ``b`` claim is 1."""
    claims = {name: [make_claim(f"Sentence {name} {index}: {value:g} people.", f"{value:g}", value=value,
                                sentence_start=100 * index + (0 if name == "a" else 50))
                     for index, value in enumerate(values)]
              for name, values in (("a", a_values), ("b", b_values))}
    check = Expression(claims={"a": Selector(), "b": Selector()}, expression="a / (b - 1) < 2", together=together)
    if any(b == 1.0 for b in b_values):
        with pytest.raises(DivisorCanBeZero, match=r"the divisor 'b - 1' in 'a / \(b - 1\) < 2' can be 0 for b = \"1\" 1 at a.txt:3"):
            check.evaluate(claims)
    else:
        result = check.evaluate(claims)
        failing = {(a, b) for a in a_values for b in b_values if not a / (b - 1) < 2}
        assert {(v.claims[0].quantity.value, v.claims[1].quantity.value) for v in result.violations} == failing


def test_without_a_zero_the_same_rule_judges_and_fails(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"ratio.yaml": RATIO_RULE.format(together="sentence")})
    (docs / "tolls.txt").write_text(TOLLS.replace("killed 0 people", "killed 3 people"), encoding="utf-8")
    result, _ = _claims(pytester)
    result.assert_outcomes(failed=1)  # 219 / 3 and 30 / 12 are both far below 1000


def test_a_divisor_written_as_zero_is_an_error_in_the_rule_file(pytester: pytest.Pytester) -> None:
    rule = RATIO_RULE.format(together="sentence").replace("wounded / killed > 1000", "wounded / (killed - killed) > 1 "
                                                          "and killed / (2 - 2) > 1")
    docs = _project(pytester, {"ratio.yaml": rule})
    (docs / "tolls.txt").write_text(TOLLS, encoding="utf-8")
    result, _ = _claims(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.stdout.fnmatch_lines([
        "rules/ratio.yaml:7: 'expression': division by 0: '(2 - 2)' is always 0, and a division by 0 has no value: "
        "divide by a number other than 0"])


CAP_RULE = """\
name: wounded-differs
select: {kind: count}
check: expression
claims:
  wounded: {near: [wounded]}
  killed: {near: [killed]}
expression: wounded != killed + 900
together: document
"""


def test_the_combination_cap_is_an_error_at_default_verbosity(pytester: pytest.Pytester) -> None:
    docs = _project(pytester, {"cap.yaml": CAP_RULE})
    days = 160  # each name selects both numbers of a sentence and its neighbours': past the 100,000 allowed
    # the contradiction (wounded == killed + 900) lies in the last sentence, past any combination cap
    lines = [f"On day {day} shelling killed {100 + day} people and wounded {5000 + day} people." for day in range(days)]
    lines[-1] = "On the last day shelling killed 100 people and wounded 1,000 people."
    (docs / "days.txt").write_text("Days\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result, _ = _claims(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "rules/cap.yaml:3: expression 'wounded != killed + 900' would compare *,* combinations of claims of one "
        "document one by one, more than the 100,000 allowed: 'wounded != killed + 900' compares with '!=', so the "
        "combinations cannot be judged by their most extreme claims; narrow the rule's select or the named claims' "
        "selectors, or compare the claims of one sentence (together: sentence)"])
