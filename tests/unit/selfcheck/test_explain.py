"""Explaining a rule's selection on real extraction: the seeds with the bundled rules, and tiny documents."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from helpers.paths import RULES, SEEDS

from pytest_claims.engine.evaluate import group_selectors, select_groups
from pytest_claims.language.selectors import Selector
from pytest_claims.prose.claims import corpus_claims
from pytest_claims.prose.documents import load_corpus
from pytest_claims.records.model import Claim, reading_order
from pytest_claims.report.selfchecks import render_explanation
from pytest_claims.report.tables import render_quantities
from pytest_claims.rulefile.load import load_rule_file
from pytest_claims.rulefile.rule import Rule
from pytest_claims.selfcheck.explain import explain_rule, explain_selector
from pytest_claims.selfcheck.outcomes import GroupExplanation, RuleExplanation

RULE_FILES = sorted(RULES.glob("*.yaml"))
TRAPPED_NOT_NEAR = "not_near [killed, died, dead, bodies, fled, fleeing, flee]"

FLOOD = (
    "Floods hit the valley on Monday.\n"
    "\n"
    "About 5,000 people were trapped in the old town, while 12 bridges and 40 roads were cut off.\n"
    "\n"
    "Rescuers said 300 boats had arrived and about 85% of the bridges were damaged.\n"
)


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    corpus = load_corpus([SEEDS])
    assert corpus.problems == ()
    return corpus_claims(corpus.documents)


@pytest.fixture
def flood_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "claims-meta.yaml").write_text("flood.txt:\n  date: 2016-12-01\n  outlet: Valley Times\n",
                                             encoding="utf-8")
    return folder


@pytest.fixture
def flood_claims(flood_dir: Path) -> list[Claim]:
    corpus = load_corpus([flood_dir])
    assert corpus.problems == ()
    return corpus_claims(corpus.documents)


def rule_named(path: Path) -> Rule:
    (rule,) = load_rule_file(path)
    return rule


def write_rule(tmp_path: Path, text: str) -> Rule:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    return rule_named(path)


def where(claim: Claim) -> tuple[str, int, str]:
    return (claim.document, claim.line, claim.quantity.surface)


def rejected_rows(group: GroupExplanation) -> list[tuple[str, int, str, str, str]]:
    return [where(r.claim) + (r.condition, r.reason) for r in group.rejected]


# ---------------------------------------------------------------- seeds and bundled rules


@pytest.mark.parametrize("path", RULE_FILES, ids=[path.stem for path in RULE_FILES])
def test_selected_claims_are_what_the_engine_selects(path: Path, seed_claims: list[Claim]) -> None:
    rule = rule_named(path)
    explanation = explain_rule(rule, seed_claims)
    groups = select_groups(rule, seed_claims)
    assert [group.group for group in explanation.groups] == list(groups)
    for group in explanation.groups:
        assert list(group.selected) == sorted(groups[group.group], key=reading_order)
        assert group.selector == group_selectors(rule)[group.group].describe()


@pytest.mark.parametrize("path", RULE_FILES, ids=[path.stem for path in RULE_FILES])
def test_every_rejection_fails_only_the_condition_it_names(path: Path, seed_claims: list[Claim]) -> None:
    rule = rule_named(path)
    for group in explain_rule(rule, seed_claims).groups:
        conditions = group_selectors(rule)[group.group].conditions()
        assert [r.claim for r in group.rejected] == sorted(
            (r.claim for r in group.rejected), key=lambda claim: (claim.document, claim.quantity.span))
        for rejection in group.rejected:
            failed = {c.describe(): c.reject_reason(rejection.claim) for c in conditions
                      if not c.matches(rejection.claim)}
            assert failed == {rejection.condition: rejection.reason}


def test_trapped_rule_selects_the_three_estimates_and_names_what_excluded_its_near_misses(
        seed_claims: list[Claim]) -> None:
    explanation = explain_rule(rule_named(RULES / "trapped-population.yaml"), seed_claims)
    assert (explanation.rule, explanation.path, explanation.line) == (
        "trapped-population-decreases", str(RULES / "trapped-population.yaml"), 2)  # line 1: the schema modeline
    (group,) = explanation.groups
    assert group.group == "claims"
    assert [where(c) for c in group.selected] == [
        ("000_871778a9916d0caa.txt", 38, "An estimated 250,000"),
        ("001_f87b00e1af172c13.txt", 8, "Around 275,000"),
        ("002_076498367e560eef.txt", 53, "about 100,000"),
    ]
    near = "near [trapped, squeezed, besieged, under siege]"
    assert rejected_rows(group) == [
        # by document and position (the table shows no dates)
        ("000_871778a9916d0caa.txt", 18, "as many as 2,000", near,
         "no word of [trapped, squeezed, besieged, under siege] in the sentence"),
        ("000_871778a9916d0caa.txt", 26, "219", TRAPPED_NOT_NEAR, "'killed' is near (4 words away)"),
        ("001_f87b00e1af172c13.txt", 3, "hundreds", TRAPPED_NOT_NEAR, "'fleeing' is near (3 words away)"),
    ]


# Without its near words, the trapped rule still leaves out people who fled.
FLED = [
    ("000_871778a9916d0caa.txt", 20, "6,000 to 10,000", "'fled' is near (3 words away)"),
    ("001_f87b00e1af172c13.txt", 6, "500", "'fled' is near (3 words away)"),
    ("003_19b301b2dd25a677.txt", 10, "Thousands", "'fled' is near (7 words away)"),
    ("004_259458f940a545b5.txt", 62, "Tens of thousands", "'fled' is near (6 words away)"),
]


@pytest.mark.parametrize("document, line, written, reason", FLED, ids=[row[2] for row in FLED])
def test_a_number_beside_fled_is_rejected_by_not_near(document: str, line: int, written: str, reason: str,
                                                      seed_claims: list[Claim]) -> None:
    trapped = rule_named(RULES / "trapped-population.yaml").select
    group = explain_selector("claims", replace(trapped, near=()), seed_claims)
    assert (document, line, written, TRAPPED_NOT_NEAR, reason) in rejected_rows(group)
    assert (document, line, written) not in [where(c) for c in group.selected]


def test_relation_rule_is_explained_per_side(seed_claims: list[Claim]) -> None:
    explanation = explain_rule(rule_named(RULES / "children-killed.yaml"), seed_claims)
    left, right = explanation.groups
    assert (left.group, right.group) == ("left", "right")
    assert left.selector == "near [killed, died, dead], kind [count], counts [children]"
    assert [where(c) for c in left.selected] == [
        ("001_f87b00e1af172c13.txt", 6, "27"),
        ("004_259458f940a545b5.txt", 58, "44"),
        ("004_259458f940a545b5.txt", 60, "31"),
    ]
    assert ("004_259458f940a545b5.txt", 60, "81", "counts [children]",
            "counts 'people', not children") in rejected_rows(left)
    assert ("004_259458f940a545b5.txt", 60, "31", "counts [people, civilians, persons]",
            "counts 'child', not one of: people, civilians, persons") in rejected_rows(right)
    assert ("002_076498367e560eef.txt", 53, "about 100,000", "near [killed, died, dead]",
            "no word of [killed, died, dead] in the sentence") in rejected_rows(right)
    text = render_explanation(explanation)
    assert "\ngroup 'left': near [killed, died, dead], kind [count], counts [children]\n" in text
    assert "\ngroup 'right': near [killed, died, dead], kind [count], counts [people, civilians, persons]\n" in text
    assert "selected 3 claims:" in text and "selected 9 claims:" in text


def test_empty_selector_selects_every_claim_and_rejects_nothing(seed_claims: list[Claim]) -> None:
    group = explain_selector("claims", Selector(), seed_claims)
    assert group.selector == "any claim"
    assert list(group.selected) == sorted(seed_claims, key=reading_order)
    assert group.rejected == ()


def test_rendered_seed_explanation_has_heading_conditions_and_marked_quotes(seed_claims: list[Claim]) -> None:
    path = RULES / "trapped-population.yaml"
    lines = render_explanation(explain_rule(rule_named(path), seed_claims)).splitlines()
    assert lines[0] == f"rule 'trapped-population-decreases' ({path}:2)"  # line 1: the schema modeline
    assert lines[2] == ("counts [people, civilians, residents], near [trapped, squeezed, besieged, under siege], "
                        f"{TRAPPED_NOT_NEAR}, kind [count]")  # one group "claims": no group name
    assert lines[3] == "selected 3 claims:"
    assert lines[4].split() == ["date", "(source)", "document:line", "said", "by", "as", "written", "counts",
                                "quote"]
    assert lines[6].startswith("2016-11-28 (claims-meta.yaml:15)  000_871778a9916d0caa.txt:38")
    assert "**An estimated 250,000** people have been trapped" in lines[6]
    assert lines[9] == "rejected 3 nearby claims:"
    assert lines[10].split() == ["document:line", "as", "written", "counts", "excluded", "by", "why", "quote"]
    assert "'fleeing' is near (3 words away)" in lines[14] and "sending **hundreds** of civilians" in lines[14]
    assert len(lines) == 15


# ---------------------------------------------------------------- tiny documents


def test_single_condition_lists_only_rejects_sharing_a_sentence_with_a_selected_claim(
        flood_claims: list[Claim]) -> None:
    group = explain_selector("claims", Selector(near=("trapped",), window=3), flood_claims)
    assert [where(c) for c in group.selected] == [("flood.txt", 3, "About 5,000")]
    # 300 boats and 85% of the bridges are rejected too, but in another sentence: not nearby
    assert rejected_rows(group) == [
        ("flood.txt", 3, "12", "near [trapped], window 3", "no word of [trapped] within 3 words"),
        ("flood.txt", 3, "40", "near [trapped], window 3", "no word of [trapped] within 3 words"),
    ]


@pytest.mark.parametrize("selector, selected, rejected", [
    (Selector(kind=("share",)), ["about 85%"], ["300"]),
    (Selector(counts=("bridges",)), ["12", "about 85%"], ["About 5,000", "40", "300"]),
    (Selector(counts=("tanks",)), [], []),  # nothing selected: no sentence to be near
    (Selector(), ["About 5,000", "12", "40", "300", "about 85%"], []),
], ids=["kind", "counts", "nothing", "empty"])
def test_single_condition_and_empty_selectors(selector: Selector, selected: list[str], rejected: list[str],
                                              flood_claims: list[Claim]) -> None:
    group = explain_selector("claims", selector, flood_claims)
    assert [c.quantity.surface for c in group.selected] == selected
    assert [r.claim.quantity.surface for r in group.rejected] == rejected


def test_multi_condition_near_misses_show_even_when_nothing_is_selected(tmp_path: Path,
                                                                        flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, "name: stranded\ndescription: d\nselect:\n  counts: [people]\n"
                                "  near: [stranded]\ncheck: bounds\nmin: 0\nmax: 10000\n")
    text = render_explanation(explain_rule(rule, flood_claims))
    assert text.splitlines() == [
        f"rule 'stranded' ({tmp_path / 'rule.yaml'}:1)",
        "",
        "counts [people], near [stranded]",
        "selected no claims",
        "rejected 1 nearby claim:",
        "document:line    as written    counts    excluded by      why                                    quote",
        "---------------  ------------  --------  ---------------  -------------------------------------  "
        "------------------------------------------------------------------------------------------------",
        "flood.txt:3      About 5,000   people    near [stranded]  no word of [stranded] in the sentence  "
        "**About 5,000** people were trapped in the old town, while 12 bridges and 40 roads were cut off.",
    ]


def test_render_of_a_selector_matching_nothing_says_so_plainly(flood_claims: list[Claim]) -> None:
    group = explain_selector("claims", Selector(counts=("tanks",)), flood_claims)
    text = render_explanation(RuleExplanation("tanks", "rules/tanks.yaml", 4, (group,)))
    assert text.splitlines() == [
        "rule 'tanks' (rules/tanks.yaml:4)",
        "",
        "counts [tanks]",
        "selected no claims",
        "no nearby claims rejected",
    ]


def test_a_condition_in_select_and_in_a_group_counts_once(tmp_path: Path, flood_claims: list[Claim]) -> None:
    rule = write_rule(tmp_path, "name: bridges-within-people\ndescription: d\nselect:\n  kind: count\n"
                                "check: relation\nleft:\n  kind: count\n  counts: [bridges]\nop: '<='\n"
                                "right:\n  counts: [people]\n")
    left, right = explain_rule(rule, flood_claims).groups
    assert left.selector == "kind [count], counts [bridges], kind [count]"  # select first, then the group
    assert [c.quantity.surface for c in left.selected] == ["12"]
    # 85% of the bridges fails "kind [count]" (written twice): still one condition, so a near miss
    assert rejected_rows(left) == [
        ("flood.txt", 3, "About 5,000", "counts [bridges]", "counts 'people', not bridges"),
        ("flood.txt", 3, "40", "counts [bridges]", "counts 'road', not bridges"),
        ("flood.txt", 5, "300", "counts [bridges]", "counts 'boat', not bridges"),
        ("flood.txt", 5, "about 85%", "kind [count]", "kind is share, not count"),
    ]
    assert [c.quantity.surface for c in right.selected] == ["About 5,000"]


def test_selected_table_shows_date_source_and_marked_number(flood_claims: list[Claim]) -> None:
    group = explain_selector("claims", Selector(counts=("boats",)), flood_claims)
    lines = render_explanation(RuleExplanation("boats", "r.yaml", 1, (group,))).splitlines()
    assert lines[3:7] == [
        "selected 1 claim:",
        "date (source)                    document:line    said by    as written    counts    quote",
        "-------------------------------  ---------------  ---------  ------------  --------  "
        "----------------------------------------------------------------------------------",
        "2016-12-01 (claims-meta.yaml:2)  flood.txt:5      Rescuers   300           boat      "
        "Rescuers said **300** boats had arrived and about 85% of the bridges were damaged.",
    ]
    assert lines[7:] == [
        "rejected 1 nearby claim:",
        "document:line    as written    counts    excluded by     why                         quote",
        "---------------  ------------  --------  --------------  --------------------------  "
        "----------------------------------------------------------------------------------",
        "flood.txt:5      about 85%     bridge    counts [boats]  counts 'bridge', not boats  "
        "Rescuers said 300 boats had arrived and **about 85%** of the bridges were damaged.",
    ]


# ---------------------------------------------------------------- quantity dump


def test_quantities_table_of_a_tiny_document(flood_claims: list[Claim]) -> None:
    lines = render_quantities(flood_claims).splitlines()
    assert lines[0].split() == ["document:line", "as", "of", "(source)", "as", "written", "interval", "kind",
                                "counts", "said", "by", "quote"]
    rows = [line.split("  ") for line in lines[2:-1]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert [row[:6] for row in cells] == [
        ["flood.txt:3", "2016-12-01 (claims-meta.yaml:2)", "About 5,000", "[4,500, 5,500]", "count", "people"],
        ["flood.txt:3", "2016-12-01 (claims-meta.yaml:2)", "12", "12", "count", "bridge"],
        ["flood.txt:3", "2016-12-01 (claims-meta.yaml:2)", "40", "40", "count", "road"],
        ["flood.txt:5", "2016-12-01 (claims-meta.yaml:2)", "300", "300", "count", "boat"],
        ["flood.txt:5", "2016-12-01 (claims-meta.yaml:2)", "about 85%", "[80.75%, 89.25%]", "share",
         "bridge"],
    ]
    assert cells[4][6:] == ["Rescuers", "Rescuers said 300 boats had arrived and **about 85%** of the bridges "
                                        "were damaged."]
    assert lines[-1] == "5 quantities in 1 document"


def test_quantities_of_the_seeds_one_row_per_claim_then_the_total(seed_claims: list[Claim]) -> None:
    lines = render_quantities(seed_claims).splitlines()
    assert set(lines[1]) == {"-", " "}
    rows = lines[2:-1]
    assert len(rows) == len(seed_claims)
    assert sum("**" in row for row in rows) == len(seed_claims)
    assert lines[-1] == f"{len(seed_claims)} quantities in 5 documents"
    # reading order: by as-of date, so "on Saturday" in a November 28 report comes first
    assert rows[0].startswith("003_19b301b2dd25a677.txt:36  2016-11-26 ('on Saturday', published")
    assert rows[-1].startswith("002_076498367e560eef.txt:83  2016-12-09")  # the latest report, last number


@pytest.mark.parametrize("count, total", [(0, "0 quantities in 0 documents"), (1, "1 quantity in 1 document"),
                                          (2, "2 quantities in 1 document")])
def test_quantities_total_line(count: int, total: str, flood_claims: list[Claim]) -> None:
    assert render_quantities(flood_claims[:count]).splitlines()[-1] == total
