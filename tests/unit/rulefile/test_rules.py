"""Rule files: decoding, line numbers, and one clear error for every mistake."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.paths import CASES as CASES_DIR

from pytest_claims.checks import Agreement, Bounds, Relation, Trend
from pytest_claims.language.selectors import Selector
from pytest_claims.records.errors import RuleError
from pytest_claims.rulefile.load import discover_rule_files, load_rule_file, load_rules

CASES = yaml.safe_load((CASES_DIR / "rule_errors.yaml").read_text(encoding="utf-8"))
FUZZ_SETTINGS = settings(max_examples=300, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture])

FULL_RULE = """\
# rules/trapped-population.yaml
name: trapped-population-decreases
description: >
  The number of people trapped in east Aleppo
  can only fall as the siege closes.
select:
  counts: [people, civilians, residents]
  near: [trapped, squeezed, "besieg*"]
  near_all: [offensive]
  not_near: [fled, killed]
  window: 12
  kind: count
  pattern: 'east(ern)? Aleppo'
  outlet: [Reuters, AFP]
  document: ["00*.txt"]
  source: [Observatory, "Russia's defence ministry"]
check: trend
direction: decreasing
"""


def write(tmp_path: Path, text: str, name: str = "rule.yaml", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def load_error(path: Path) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_rule_file(path)
    return caught.value


def marked_lines(excerpt: str) -> list[int]:
    return [int(number) for number in re.findall(r"^>\s+(\d+) \|", excerpt, re.MULTILINE)]


# ---------------------------------------------------------------- errors as data


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_broken_rule_file_gives_one_clear_error(tmp_path: Path, case: dict[str, Any]) -> None:
    path = write(tmp_path, case["text"], case.get("file", "rule.yaml"), case.get("encoding", "utf-8"))
    error = load_error(path)
    assert case["message"] in error.message
    assert error.path == str(path)
    assert error.line == case["line"]
    if case["text"].strip() and not case["text"].lstrip().startswith("#"):
        assert marked_lines(error.excerpt)[0] == case["line"], error.excerpt
    assert str(error).startswith(f"{path}:{case['line']}: ")


def test_every_error_case_has_a_unique_id() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))


def test_excerpt_quotes_the_line_before_and_marks_the_offending_one(tmp_path: Path) -> None:
    path = write(tmp_path, "name: trapped\nselect:\n  count: [people]\ncheck: trend\ndirection: decreasing\n")
    error = load_error(path)
    assert error.excerpt == "   2 | select:\n>  3 |   count: [people]"


def test_syntax_error_excerpt_has_a_caret_under_the_column(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "check: bounds\nmax: 10\n  min: 1\n"))
    assert error.excerpt.splitlines()[-2:] == [">  3 |   min: 1", "     |      ^"]  # under the colon


def test_error_on_a_multi_line_value_marks_all_of_it(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "check: bounds\nmax: 10\nselect:\n  near:\n    - trapped\n    - 7\n"))
    assert error.line == 4
    assert marked_lines(error.excerpt) == [4, 5, 6]


def test_missing_rules_directory_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="rules directory does not exist") as caught:
        discover_rule_files(tmp_path / "rules")
    assert caught.value.path == str(tmp_path / "rules")


def test_rules_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="is not a directory"):
        discover_rule_files(write(tmp_path, "check: bounds\nmax: 1\n"))


def test_unreadable_rule_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rule file"):
        load_rule_file(tmp_path / "missing.yaml")


def test_duplicate_rule_names_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "name: same\ncheck: bounds\nmax: 1\n", "a.yaml")
    second = write(tmp_path, "# again\nname: same\ncheck: bounds\nmax: 2\n", "b.yaml")
    with pytest.raises(RuleError, match=f"duplicate rule name 'same': also defined at {re.escape(str(first))}:1"
                       ) as caught:
        load_rules([first, second])
    assert (caught.value.path, caught.value.line) == (str(second), 2)


def test_default_names_collide_across_directories(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    write(tmp_path / "x", "check: bounds\nmax: 1\n", "cap.yaml")
    write(tmp_path / "y", "check: bounds\nmax: 2\n", "cap.yml")
    with pytest.raises(RuleError, match="duplicate rule name 'cap'"):
        load_rules(discover_rule_files(tmp_path))


def test_deeply_nested_yaml_is_a_rule_error(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "check: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert "invalid YAML" in error.message


def test_huge_integer_is_a_rule_error(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "check: bounds\nmax: " + "9" * 5000 + "\n"))
    assert error.message.startswith("invalid YAML value") or "too large" in error.message


def test_overflowing_number_is_refused(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "check: bounds\nmax: " + "9" * 400 + "\n"))
    assert error.message == f"'max': {'9' * 400} is too large"
    assert error.line == 2


# ---------------------------------------------------------------- decoding


def test_full_rule_decodes_every_field(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, FULL_RULE))
    assert rule.name == "trapped-population-decreases"
    assert rule.description == "The number of people trapped in east Aleppo can only fall as the siege closes."
    assert rule.check == Trend(direction="decreasing")
    assert rule.select == Selector(
        counts=("people", "civilians", "residents"), near=("trapped", "squeezed", "besieg*"),
        near_all=("offensive",), not_near=("fled", "killed"), window=12, kind=("count",),
        pattern="east(ern)? Aleppo", outlet=("Reuters", "AFP"), document=("00*.txt",),
        source=("Observatory", "Russia's defence ministry"))
    assert rule.path == str(tmp_path / "rule.yaml")


def test_rule_and_key_lines(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, FULL_RULE))
    assert rule.line == 2
    assert rule.line_of("name") == 2
    assert rule.line_of("select") == 6
    assert rule.line_of("select.pattern") == 13
    assert rule.line_of("select.source") == 16
    assert rule.line_of("direction") == 18
    assert rule.line_of("no-such-key") == 2


def test_rule_error_points_at_a_key_and_quotes_it(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, FULL_RULE))
    error = rule.error("something about near", "select.near")
    assert (error.path, error.line) == (rule.path, 8)
    assert marked_lines(error.excerpt) == [8]
    whole_select = rule.error("selects nothing", "select")
    assert marked_lines(whole_select.excerpt) == [6, 7, 8, 9, 10, 11]  # capped at six marked lines
    assert "(5 more lines)" in whole_select.excerpt


def test_name_defaults_to_the_file_stem(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, "check: bounds\nmax: 300\n", "casualty-cap.yaml"))
    assert rule.name == "casualty-cap"
    assert rule.description == ""
    assert rule.select == Selector()
    assert rule.check == Bounds(max=300.0)


def test_single_strings_are_one_word_lists(tmp_path: Path) -> None:
    text = "select:\n  counts: people\n  near: trapped\n  kind: share\ncheck: bounds\nmax: 1\n"
    [rule] = load_rule_file(write(tmp_path, text))
    assert rule.select.counts == ("people",)
    assert rule.select.near == ("trapped",)
    assert rule.select.kind == ("share",)


def test_yaml_1_1_booleans_stay_words(tmp_path: Path) -> None:
    text = "select:\n  not_near: [no, off, 'on']\n  near: yes\ncheck: bounds\nmax: 1\n"
    [rule] = load_rule_file(write(tmp_path, text))
    assert rule.select.not_near == ("no", "off", "on")
    assert rule.select.near == ("yes",)


def test_dates_stay_text(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, "name: 2016-12-08\ncheck: bounds\nmax: 1\n"))
    assert rule.name == "2016-12-08"


@pytest.mark.parametrize(("written", "value"), [
    ("40", 40.0), ('"100%"', 1.0), ("15%", 0.15), ('"1,000"', 1000.0), ("1_000", 1000.0),
    ("0.85", 0.85), ("-3", -3.0), ('"1.5 million"', 1.5e6), ("2 thousand", 2000.0), ("85 percent", 0.85),
    (".5", 0.5), ('"250,000"', 250000.0),
])
def test_numeric_parameters_accept_numbers_and_strings(tmp_path: Path, written: str, value: float) -> None:
    [rule] = load_rule_file(write(tmp_path, f"check: bounds\nmax: {written}\n"))
    assert rule.check.max == pytest.approx(value)


def test_parameter_defaults_come_from_the_check(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, "check: agreement\ntolerance: 15%\n"))
    assert rule.check == Agreement(within_days=0, tolerance=0.15)


def test_whole_number_parameters_accept_digit_strings(tmp_path: Path) -> None:
    [rule] = load_rule_file(write(tmp_path, 'check: agreement\nwithin_days: "3"\n'))
    assert rule.check.within_days == 3


def test_relation_sides_are_selectors(tmp_path: Path) -> None:
    text = ("name: children-among-people\nselect:\n  near: killed\ncheck: relation\n"
            "left:\n  counts: children\nop: '<='\nright:\n  counts: [people, civilians]\n  window: 5\n")
    [rule] = load_rule_file(write(tmp_path, text))
    assert rule.check == Relation(left=Selector(counts=("children",)), op="<=",
                                  right=Selector(counts=("people", "civilians"), window=5))
    assert rule.select == Selector(near=("killed",))
    assert rule.line_of("right.window") == 10


def test_a_list_of_rules_with_their_own_lines(tmp_path: Path) -> None:
    text = ("# two rules\n- name: cap\n  check: bounds\n  max: 300\n\n"
            "- name: falling\n  description: only falls\n  check: trend\n  direction: decreasing\n")
    rules = load_rule_file(write(tmp_path, text))
    assert [(rule.name, rule.line) for rule in rules] == [("cap", 2), ("falling", 6)]
    assert rules[1].line_of("direction") == 9


def test_anchors_and_merge_keys_share_a_selector(tmp_path: Path) -> None:
    text = ("- name: a\n  select: &people\n    counts: people\n    near: trapped\n  check: bounds\n  max: 1\n"
            "- name: b\n  select:\n    <<: *people\n    window: 3\n  check: bounds\n  max: 2\n")
    first, second = load_rule_file(write(tmp_path, text))
    assert first.select == Selector(counts=("people",), near=("trapped",))
    assert second.select == Selector(counts=("people",), near=("trapped",), window=3)
    assert second.line_of("select.window") == 10


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfcheck: bounds\nmax: 1\n")
    [rule] = load_rule_file(path)
    assert rule.line == 1


def test_discovery_is_recursive_sorted_and_yaml_only(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "sub/c.yaml", "notes.txt", "sub/deeper/d.YAML"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("check: bounds\nmax: 1\n", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path in discover_rule_files(tmp_path)]
    assert found == ["a.yml", "b.yaml", "sub/c.yaml", "sub/deeper/d.YAML"]


# ---------------------------------------------------------------- properties

YAMLISH = st.lists(st.sampled_from([
    "name", "check", "select", "near", "counts", "window", "pattern", "trend", "bounds", "relation",
    "left", "right", "op", "max", "min", "direction", "decreasing", ": ", ":", "\n", "  ", "- ", "[", "]",
    "{", "}", ",", "'", '"', "#", "&a", "*a", "!!", "!!python/name:os.system", "%", "---", "...", "|",
    ">", "?", "1", "1,000", "15%", "(a+)+", "\t", "\\", "<<", "null", "~", "é", "’", "\x00", "\x85",
]), max_size=40).map("".join)


@FUZZ_SETTINGS
@given(text=st.text(max_size=300) | YAMLISH)
def test_loader_raises_only_rule_errors_on_any_text(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, name="fuzz.yaml")
    try:
        rules = load_rule_file(path)
    except RuleError as error:
        assert error.path == str(path)
        assert error.message
    else:
        assert rules and all(rule.line >= 1 for rule in rules)


@FUZZ_SETTINGS
@given(data=st.binary(max_size=300))
def test_loader_raises_only_rule_errors_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_rule_file(path)
    except RuleError as error:
        assert error.path == str(path)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from(["name", "description", "select", "check", "direction", "min", "max", "left", "right",
                        "op", "within_days", "tolerance", "counts", "near", "window", "kind", "pattern"])
SELECT_VALUES = st.dictionaries(
    st.sampled_from(["counts", "near", "near_all", "not_near", "window", "kind", "pattern", "outlet",
                     "source", "document", "cuonts"]), JSONISH, max_size=4)


@FUZZ_SETTINGS
@given(mapping=st.dictionaries(KEYS, JSONISH | SELECT_VALUES | st.sampled_from(
    ["trend", "bounds", "relation", "agreement", "decreasing", "<=", "15%"]), max_size=6))
def test_loader_raises_only_rule_errors_on_rule_shaped_data(tmp_path: Path, mapping: dict[str, Any]) -> None:
    path = write(tmp_path, yaml.safe_dump(mapping, allow_unicode=True), name="shaped.yaml")
    try:
        load_rule_file(path)
    except RuleError as error:
        assert error.line is None or error.line >= 1


VALID_BODIES = {
    "bounds": [("max", "300")],
    "trend": [("direction", "decreasing")],
    "agreement": [("within_days", "2"), ("tolerance", "15%")],
    "relation": [("left", "{counts: child}"), ("op", "'<='"), ("right", "{counts: people}")],
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(sorted(VALID_BODIES)),
    leading=st.lists(st.sampled_from(["", "# comment", "   ", "#"]), max_size=4),
    order=st.randoms(use_true_random=False),
    name=st.text(alphabet=string.ascii_lowercase + "-", max_size=12).map(lambda n: f"rule-{n}"),
    as_list=st.booleans(),
    gap=st.integers(min_value=0, max_value=2),
)
def test_valid_rule_lines_point_at_its_keys(tmp_path: Path, kind: str, leading: list[str], order: Any,
                                            name: str, as_list: bool, gap: int) -> None:
    pairs = [("name", name), ("check", kind), ("select", "{near: trapped}"), *VALID_BODIES[kind]]
    order.shuffle(pairs)
    body: list[str] = []
    key_lines: dict[str, int] = {}
    for index, (key, value) in enumerate(pairs):
        indent = ("- " if index == 0 else "  ") if as_list else ""
        key_lines[key] = len(leading) + len(body) + 1
        body.append(f"{indent}{key}: {value}")
        body.extend([""] * (gap if index == 0 else 0))
    [rule] = load_rule_file(write(tmp_path, "\n".join([*leading, *body]) + "\n", name="valid.yaml"))
    first_key = pairs[0][0]
    assert rule.line == key_lines[first_key]
    assert rule.name == name
    for key, line in key_lines.items():
        assert rule.line_of(key) == line

