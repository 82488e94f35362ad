"""The baseline file and the sifting of verdicts: keys that survive edits, a stable diff-friendly file, and
the sifting checked against a brute-force reference (Hypothesis)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.claims import make_claim
from hypothesis import given
from hypothesis import strategies as st

from pytest_claims.records.errors import ClaimsError
from pytest_claims.records.model import Claim, Verdict, Violation
from pytest_claims.store.baseline import (
    VERSION,
    Baseline,
    RuleBaseline,
    document_key,
    entry_key,
    parse_baseline,
    read_baseline,
    render_baseline,
    write_baseline,
)
from pytest_claims.store.gate import Gate, changed_paths, gate

SENTENCE = "The army took 32 of 40 neighbourhoods, about 85% of the area, and 52 more."


def claim(number: str, document: str = "a.txt", moved: int = 0) -> Claim:
    return make_claim(SENTENCE, number, document=document, sentence_start=40 + moved)


def violation(*claims: Claim) -> Violation:
    return Violation(claims, "cannot all hold")


def verdict(*violations: Violation, rule: str = "r", unlisted: int = 0) -> Verdict:
    return Verdict(rule, "bounds", (), tuple(violations), unlisted=unlisted)


def test_the_key_is_documents_and_values_as_written_not_where_they_stand() -> None:
    here = violation(claim("52"), claim("85%", "b.txt"))
    moved = violation(claim("85%", "b.txt", moved=300), claim("52", moved=120))  # other lines, other order
    assert entry_key(here) == entry_key(moved) == (("a.txt", "52"), ("b.txt", "85%"))
    assert entry_key(violation(claim("32"))) != entry_key(violation(claim("52")))


@pytest.mark.parametrize(("name", "key"), [("export.jsonl:12", "export.jsonl"), ("cms.json#/articles/2", "cms.json"),
                                           ("notes.txt", "notes.txt"), ("a:3.txt", "a:3.txt")])
def test_a_records_place_in_its_export_is_not_part_of_the_key(name: str, key: str) -> None:
    assert document_key(replace(claim("52"), document=name)) == key


def test_the_file_is_sorted_versioned_one_entry_a_line_and_reads_back() -> None:
    baseline = Baseline.of([verdict(violation(claim("52")), violation(claim("32"), claim("52", "b.txt")),
                                    rule="z-rule"),
                            verdict(violation(claim("85%")), rule="a-rule", unlisted=3),
                            verdict(rule="passes")])
    text = render_baseline(baseline)
    data = json.loads(text)
    assert data["version"] == VERSION and list(data["rules"]) == ["a-rule", "z-rule"]
    assert data["rules"]["a-rule"]["contradictions"] == 4
    assert [entry["claims"][0]["value"] for entry in data["rules"]["z-rule"]["known"]] == ["32", "52"]
    entry_lines = [line for line in text.splitlines() if '"claims"' in line]
    assert len(entry_lines) == 3  # one line each: a diff shows the contradictions added or dropped
    assert parse_baseline(text, "b.json") == baseline
    assert render_baseline(parse_baseline(text, "b.json")) == text


@pytest.mark.parametrize(("text", "message"), [
    ("{", "invalid JSON"), ('{"version": 2, "rules": {}}', "not a baseline file of version 1"),
    ('{"version": 1}', 'no "rules" object'), ('{"version": 1, "rules": {"r": {"known": []}}}', "no \"contradictions\""),
])
def test_what_is_not_a_baseline_is_an_error_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(ClaimsError, match=message) as raised:
        parse_baseline(text, "known.json")
    assert raised.value.path == "known.json"


def test_a_missing_file_is_none_and_writing_replaces_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "known.json"
    assert read_baseline(path) is None
    baseline = Baseline.of([verdict(violation(claim("52")))])
    write_baseline(path, baseline)
    assert read_baseline(path) == baseline and [p.name for p in path.parent.iterdir()] == ["known.json"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ClaimsError, match="cannot write the baseline file"):
        write_baseline(tmp_path / "file" / "known.json", baseline)


def test_recording_passes_every_contradiction_as_known() -> None:
    sifted = gate(verdict(violation(claim("52")), unlisted=5), None, record=True)
    assert sifted.verdict.passed and sifted.known == 6


def test_beyond_the_listed_ones_the_total_decides() -> None:
    listed = (violation(claim("52")), violation(claim("32")))
    known = RuleBaseline.of(verdict(*listed, unlisted=10))
    assert gate(verdict(*listed, unlisted=10), known).verdict.passed
    grown = gate(verdict(*listed, unlisted=13), known)
    assert (grown.verdict.violations, grown.verdict.unlisted, grown.known) == ((), 3, 12)
    fewer = gate(verdict(*listed, unlisted=4), known)
    assert fewer.verdict.passed and fewer.stale == () and fewer.stale_unnamed == 0  # cannot tell which: none named
    all_listed = gate(verdict(*listed), known)
    assert all_listed.verdict.passed and all_listed.stale_unnamed == 10


def test_changed_documents_sift_after_the_baseline() -> None:
    archive, new = violation(claim("52", "old.txt")), violation(claim("32", "old.txt"), claim("52", "new.txt"))
    sifted = gate(verdict(archive, new, unlisted=2), None, changed={"/news/new.txt"})
    assert (sifted.verdict.violations, sifted.unchanged, sifted.verdict.unlisted) == ((new,), 1, 2)
    record = replace(claim("52", "export.jsonl:3"), path="/news/export.jsonl:3")
    assert gate(verdict(violation(record)), None, changed={"/news/export.jsonl"}).verdict.violations
    assert gate(verdict(violation(record)), None, changed={"/news"}).verdict.violations
    assert not gate(verdict(violation(record)), None, changed={"/news/export.json"}).verdict.violations


def test_changed_paths_must_exist_among_the_documents(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    assert changed_paths(["articles/a.txt"], ["articles"], tmp_path) == {str(tmp_path / "articles" / "a.txt")}
    with pytest.raises(ClaimsError, match="not among the documents of --claims"):
        changed_paths(["README.md"], ["articles"], tmp_path)
    with pytest.raises(ClaimsError, match="no such file"):
        changed_paths(["articles/b.txt"], ["articles"], tmp_path)


def test_the_gate_writes_this_runs_rules_and_keeps_the_others() -> None:
    old = Baseline({"deselected": RuleBaseline(((("a.txt", "1"),),), 1), "r": RuleBaseline(((("a.txt", "9"),),), 1)})
    run = Gate(old, record=True)
    assert run.keep(verdict(violation(claim("52")))).passed
    assert run.to_write() == Baseline({"deselected": old.rules["deselected"],
                                       "r": RuleBaseline(((("a.txt", "52"),),), 1)})


NUMBERS = st.sampled_from(["32", "40", "52", "85%"])
DOCUMENTS = st.sampled_from(["a.txt", "b.txt", "c.txt"])
VIOLATIONS = st.lists(st.lists(st.tuples(NUMBERS, DOCUMENTS), min_size=1, max_size=3), max_size=8)


@given(VIOLATIONS, VIOLATIONS, st.sets(DOCUMENTS))
def test_sifting_agrees_with_a_brute_force_multiset_difference(
        now: list[list[tuple[str, str]]], before: list[list[tuple[str, str]]], changed: set[str]) -> None:
    def make(written: list[list[tuple[str, str]]]) -> list[Violation]:
        return [violation(*(claim(number, document) for number, document in claims)) for claims in written]

    current, known = make(now), RuleBaseline.of(verdict(*make(before)))
    sifted = gate(verdict(*current), known, changed={f"/news/{document}" for document in changed})
    # reference: take each current contradiction in turn out of a plain list of known keys
    left = [entry_key(v) for v in make(before)]
    new = []
    for v in current:
        if entry_key(v) in left:
            left.remove(entry_key(v))
        else:
            new.append(v)
    reported = [v for v in new if any(c.document in changed for c in v.claims)]
    assert list(sifted.verdict.violations) == reported
    assert sifted.known == len(current) - len(new) and sifted.unchanged == len(new) - len(reported)
    assert sorted(sifted.stale) == sorted(left) and sifted.verdict.unlisted == 0
    assert sifted.verdict.passed == (not reported)
