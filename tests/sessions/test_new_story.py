"""pytest-claims on a second story: the February 2023 Turkey-Syria earthquake.

The corpus (tests/corpora/earthquake/docs) is five short wire-style reports,
2023-02-06 to 2023-02-13, and the rules (tests/corpora/earthquake/rules) were
written from the README alone. These tests run whole pytest sessions with
pytester and check that:

* the clean corpus passes every rule and every rule example;
* each rule selects exactly the claims it was written for (and, for rules
  with named parts, each part gets the right claims);
* editing one number in one document into a contradiction makes that rule
  fail (or, for the warning rule, warn), with the edited number in the
  report.
"""

import re
import shutil

import pytest
from helpers.sessions import run
from helpers.paths import EARTHQUAKE

CORPUS = EARTHQUAKE

D1 = "01_quake_strikes.txt"
D2 = "02_toll_passes_5000.txt"
D3 = "03_toll_climbs_past_11000.txt"
D4 = "04_afad_toll_8574.txt"
D5 = "05_week_after.txt"

RULES = [
    "afad-toll-agrees-same-day",
    "antakya-buildings-add-up",
    "antakya-collapsed-ratio",
    "children-within-dead",
    "combined-toll-is-sum",
    "provinces-within-eleven",
    "rescued-tally-rises",
    "syria-ministry-toll-never-falls",
    "toll-per-agency-never-falls",
]


def run_claims(pytester, *extra):
    """Copy the corpus into the pytester folder and check it in a subprocess."""
    return run(pytester, "--claims", "earthquake/docs", "--claims-rules", "earthquake/rules", *extra)


@pytest.fixture
def corpus(pytester):
    shutil.copytree(CORPUS, pytester.path / "earthquake")
    return pytester.path / "earthquake"


def outcomes_by_test(stdout):
    """{test id after '::': 'PASSED'|'FAILED'|'ERROR'} from a -v run."""
    found = {}
    for line in stdout:
        m = re.search(r"::(.+?) (PASSED|FAILED|ERROR)(?= |$)", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


ROW = re.compile(r"(\d\d_[a-z0-9_]+\.txt:\d+)\b.*?\*\*(.+?)\*\*")


def rows(lines):
    """(document:line, number as written) of each table row in lines."""
    out = []
    for line in lines:
        m = ROW.search(line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def vv_selection(stdout, rule):
    """The claims -vv lists under "rule '<rule>' selected N claims:"."""
    lines = list(stdout)
    head = re.compile(rf"^rule '{re.escape(rule)}' selected (\d+) claims?:$")
    for i, line in enumerate(lines):
        m = head.match(line)
        if m:
            block = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                block.append(row)
            return int(m.group(1)), rows(block)
    raise AssertionError(f"-vv lists no selection for rule {rule!r}")


def explain_groups(stdout, rule):
    """{group name (None for a one-selector rule): claims it selected} from --claims-explain."""
    lines = list(stdout)
    start = next(
        (i for i, line in enumerate(lines)
         if re.match(rf"^rule '{re.escape(rule)}' \(.*\.yaml:\d+\)$", line)),
        None,
    )
    assert start is not None, f"--claims-explain has no section for rule {rule!r}"
    groups, group, taking = {}, None, False
    for line in lines[start + 1:]:
        if re.match(r"^rule '.*' \(.*\.yaml:\d+\)$", line) or line.startswith("====="):
            break
        m = re.match(r"^group '(.+?)': ", line)
        if m:
            group, taking = m.group(1), False
            continue
        if re.match(r"^selected (\d+) claims?:$", line) or line == "selected no claims":
            groups.setdefault(group, [])
            taking = True
            continue
        if line.startswith("rejected "):
            taking = False
            continue
        if taking:
            groups[group].extend(rows([line]))
    return groups


# --- the clean corpus ------------------------------------------------------


def test_clean_corpus_passes_every_rule_and_example(pytester, corpus):
    result = run_claims(pytester, "-v")
    assert result.ret == 0, result.stdout.str()
    # 9 rules, each with one passing and one failing example
    result.assert_outcomes(passed=27)
    outcomes = outcomes_by_test(result.stdout.lines)
    assert {name: outcomes.get(name) for name in RULES} == {name: "PASSED" for name in RULES}
    assert sum(1 for name in outcomes if "[" in name) == 18
    result.stdout.fnmatch_lines([
        "5 documents, 91 quantities, 0 unreadable documents; "
        "9 rules evaluated, 0 with contradictions",
    ])
    # the warning rule stays quiet on the clean corpus
    assert not any(line.startswith("warning:") for line in result.stdout.lines)
    # every document's date comes from claims-meta.yaml
    result.stdout.fnmatch_lines([
        f"  {D1}: 2023-02-06 (from claims-meta.yaml:2), Global Wire",
        f"  {D2}: 2023-02-07 (from claims-meta.yaml:6), Eastern Mediterranean Press",
        f"  {D3}: 2023-02-08 (from claims-meta.yaml:10), Levant News Agency",
        f"  {D4}: 2023-02-08 (from claims-meta.yaml:14), Daily Dispatch",
        f"  {D5}: 2023-02-13 (from claims-meta.yaml:18), World Report",
    ])


def test_no_rule_is_vacuous_unsound_or_unsatisfiable(pytester, corpus):
    result = run_claims(pytester, "-v", "--claims-sensitivity", "--claims-no-examples")
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=18)
    outcomes = outcomes_by_test(result.stdout.lines)
    assert {name: outcomes.get(f"{name}[sensitivity]") for name in RULES} == {
        name: "PASSED" for name in RULES
    }


# --- what each rule selects -------------------------------------------------

# For each rule: every claim it selects on the clean corpus (as -vv lists
# them) and, for rules with named parts, which part each claim lands in (as
# --claims-explain lists them). Distractors in the corpus (magnitudes 7.8 and
# 7.5, "4:17 a.m.", ages, "1939", "about 33,000 people" killed in 1939, aid
# money, "9,733 people were injured", "113 people" under arrest warrant,
# "thousands" of UNICEF's children where a whole toll is expected ...) must
# not appear where they do not belong.
SELECTIONS = {
    "provinces-within-eleven": (
        [(f"{D1}:6", "10"), (f"{D2}:7", "10"), (f"{D2}:7", "11"), (f"{D4}:5", "11"),
         (f"{D5}:10", "11")],
        None,
    ),
    "toll-per-agency-never-falls": (
        [(f"{D1}:6", "1,541"), (f"{D1}:8", "430"), (f"{D1}:9", "at least 380"),
         (f"{D2}:4", "3,549"), (f"{D2}:5", "812"), (f"{D2}:5", "1,020"),
         (f"{D3}:4", "8,574"), (f"{D3}:5", "1,262"), (f"{D3}:6", "at least 1,400"),
         (f"{D4}:3", "8,574"), (f"{D5}:4", "31,643"), (f"{D5}:5", "1,414")],
        None,
    ),
    "syria-ministry-toll-never-falls": (
        [(f"{D1}:8", "430"), (f"{D2}:5", "812"), (f"{D3}:5", "1,262"), (f"{D5}:5", "1,414")],
        None,
    ),
    "afad-toll-agrees-same-day": (
        [(f"{D1}:6", "1,541"), (f"{D2}:4", "3,549"), (f"{D3}:4", "8,574"),
         (f"{D4}:3", "8,574"), (f"{D5}:4", "31,643")],
        None,
    ),
    "rescued-tally-rises": (
        [(f"{D1}:11", "7,840"), (f"{D2}:9", "More than 8,000"), (f"{D3}:8", "8,294"),
         (f"{D5}:8", "about 8,500")],
        None,
    ),
    "children-within-dead": (
        [(f"{D1}:8", "430"), (f"{D1}:8", "75"), (f"{D3}:5", "1,262"), (f"{D3}:5", "211"),
         (f"{D4}:7", "thousands"), (f"{D5}:6", "2,167"), (f"{D5}:6", "more than 600")],
        {
            "left": [(f"{D1}:8", "75"), (f"{D3}:5", "211"), (f"{D4}:7", "thousands"),
                     (f"{D5}:6", "more than 600")],
            "right": [(f"{D1}:8", "430"), (f"{D3}:5", "1,262"), (f"{D5}:6", "2,167")],
        },
    ),
    "antakya-buildings-add-up": (
        [(f"{D2}:13", "about a third"), (f"{D4}:6", "About a third"),
         (f"{D4}:6", "about half"), (f"{D4}:6", "fewer than a fifth")],
        {
            "collapsed": [(f"{D2}:13", "about a third"), (f"{D4}:6", "About a third")],
            "lightly_damaged": [(f"{D4}:6", "about half")],
            "intact": [(f"{D4}:6", "fewer than a fifth")],
        },
    ),
    "antakya-collapsed-ratio": (
        [(f"{D2}:13", "about a third"), (f"{D3}:9", "1,200"), (f"{D4}:6", "About a third")],
        {
            "count": [(f"{D3}:9", "1,200")],
            "share": [(f"{D2}:13", "about a third"), (f"{D4}:6", "About a third")],
        },
    ),
    "combined-toll-is-sum": (
        [(f"{D1}:10", "2,351"), (f"{D1}:10", "1,541"), (f"{D1}:10", "810"),
         (f"{D2}:6", "5,381"), (f"{D2}:6", "3,549"), (f"{D2}:6", "1,832"),
         (f"{D3}:7", "11,236"), (f"{D3}:7", "8,574"), (f"{D3}:7", "2,662"),
         (f"{D5}:7", "35,224"), (f"{D5}:7", "31,643"), (f"{D5}:7", "3,581")],
        {
            "combined": [(f"{D1}:10", "2,351"), (f"{D2}:6", "5,381"), (f"{D3}:7", "11,236"),
                         (f"{D5}:7", "35,224")],
            "turkey": [(f"{D1}:10", "1,541"), (f"{D2}:6", "3,549"), (f"{D3}:7", "8,574"),
                       (f"{D5}:7", "31,643")],
            "syria": [(f"{D1}:10", "810"), (f"{D2}:6", "1,832"), (f"{D3}:7", "2,662"),
                      (f"{D5}:7", "3,581")],
        },
    ),
}


def test_every_rule_has_a_selection_case():
    assert sorted(SELECTIONS) == sorted(RULES)
    assert sorted(p.stem for p in (CORPUS / "rules").glob("*.yaml")) == sorted(RULES)


@pytest.mark.parametrize("rule", sorted(SELECTIONS))
def test_rule_selects_the_intended_claims(pytester, corpus, rule):
    expected, parts = SELECTIONS[rule]
    result = run_claims(pytester, "-vv", "--claims-explain", "--claims-no-examples")
    assert result.ret == 0, result.stdout.str()
    count, selected = vv_selection(result.stdout.lines, rule)
    assert sorted(selected) == sorted(expected)
    assert count == len(expected)
    groups = explain_groups(result.stdout.lines, rule)
    if parts is None:
        assert {g: sorted(c) for g, c in groups.items()} == {None: sorted(expected)}
    else:
        assert {g: sorted(c) for g, c in groups.items()} == {
            g: sorted(c) for g, c in parts.items()
        }


# --- one edit, one contradiction -------------------------------------------


class Edit:
    def __init__(self, rule, document, old, new, number, header, because, also_fail=()):
        self.rule = rule
        self.document = document
        self.old = old
        self.new = new
        self.number = number          # the edited number as the report marks it
        self.header = header          # the rule's report line, exactly
        self.because = because        # a fragment of the violated-constraint line
        self.also_fail = set(also_fail)


EDITS = {
    "ten-provinces-become-14": Edit(
        "provinces-within-eleven", D1,
        "killed in 10 provinces", "killed in 14 provinces", "14",
        "rule 'provinces-within-eleven' (bounds): 1 contradiction among 5 selected claims",
        '"14" cannot lie within [0, 11]',
    ),
    "afad-feb7-toll-above-feb8": Edit(
        "toll-per-agency-never-falls", D2,
        "AFAD said 3,549 people", "AFAD said 9,549 people", "9,549",
        # both later reports of 8,574: "AFAD" and "Turkey's disaster agency AFAD" are one source
        "rule 'toll-per-agency-never-falls' (trend): 2 contradictions among 12 selected claims",
        "8,574 on 2023-02-08 (03_toll_climbs_past_11000.txt) is below 9,549 on 2023-02-07",
    ),
    # group_by: source merges "health ministry" (doc 1) with "Syria's health
    # ministry" (later docs), so toll-per-agency-never-falls fails too.
    "ministry-feb6-toll-times-ten": Edit(
        "syria-ministry-toll-never-falls", D1,
        "health ministry said 430 people", "health ministry said 4,300 people", "4,300",
        "rule 'syria-ministry-toll-never-falls' (trend): 3 contradictions among 4 selected claims",
        "812 on 2023-02-07 (02_toll_passes_5000.txt) is below 4,300 on 2023-02-06",
        also_fail={"toll-per-agency-never-falls"},
    ),
    "more-children-than-dead": Edit(
        "children-within-dead", D3,
        "including 211 children", "including 2,110 children", "2,110",
        "rule 'children-within-dead' (relation): 1 contradiction among 7 selected claims",
        "2,110",
    ),
    "two-outlets-two-afad-tolls": Edit(
        "afad-toll-agrees-same-day", D4,
        "Wednesday that 8,574 people", "Wednesday that 8,754 people", "8,754",
        "rule 'afad-toll-agrees-same-day' (agreement): 1 contradiction among 5 selected claims",
        "8,574 (2023-02-08, 03_toll_climbs_past_11000.txt) and 8,754 (2023-02-08, "
        "04_afad_toll_8574.txt) differ by 2.1% > tolerance 0%",
    ),
    "antakya-shares-exceed-whole": Edit(
        "antakya-buildings-add-up", D4,
        "about half were lightly damaged", "about 80% were lightly damaged", "about 80%",
        "rule 'antakya-buildings-add-up' (complement): 1 contradiction among 4 selected claims",
        'lightly_damaged "about 80%" [72%, 88%]',
    ),
    "antakya-count-two-thirds": Edit(
        "antakya-collapsed-ratio", D3,
        "1,200 of the 3,600", "2,400 of the 3,600", "2,400",
        "rule 'antakya-collapsed-ratio' (ratio): 2 contradictions among 3 selected claims",
        '"2,400" of 3,600 is 66.6667%',
    ),
    "combined-toll-not-the-sum": Edit(
        "combined-toll-is-sum", D5,
        "combined toll reached 35,224", "combined toll reached 36,224", "36,224",
        "rule 'combined-toll-is-sum' (expression): 1 contradiction among 12 selected claims",
        'combined = "36,224" 36,224, turkey = "31,643" 31,643, syria = "3,581" 3,581',
    ),
    "rescued-tally-falls-warns": Edit(
        "rescued-tally-rises", D3,
        "AFAD said 8,294 people", "AFAD said 6,294 people", "6,294",
        "warning: rule 'rescued-tally-rises' (trend): 1 contradiction among 4 selected claims",
        "6,294 on 2023-02-08 (03_toll_climbs_past_11000.txt) is below More than 8,000 on 2023-02-07",
    ),
}


def test_every_rule_has_an_edit():
    assert sorted({edit.rule for edit in EDITS.values()}) == sorted(RULES)


@pytest.mark.parametrize("edit", list(EDITS.values()), ids=list(EDITS))
def test_injected_edit_fails_its_rule(pytester, corpus, edit):
    path = corpus / "docs" / edit.document
    text = path.read_text(encoding="utf-8")
    assert text.count(edit.old) == 1, f"{edit.old!r} must occur once in {edit.document}"
    path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")

    result = run_claims(pytester, "-v", "--claims-no-examples")
    out = result.stdout.str()
    outcomes = outcomes_by_test(result.stdout.lines)
    assert "ERROR" not in outcomes.values(), out
    failed = {name for name, outcome in outcomes.items() if outcome == "FAILED"}

    # the report line of the rule, the edited number marked in its table,
    # and the violated constraint
    lines = result.stdout.lines
    assert edit.header in lines, out
    section = out[out.index(edit.header):]
    assert f"**{edit.number}**" in section, section
    assert edit.because in section, section

    rule_yaml = corpus / "rules" / f"{edit.rule}.yaml"
    if "severity: warning" in rule_yaml.read_text(encoding="utf-8"):
        # a warning rule passes; its contradiction is listed at the end
        assert result.ret == 0, out
        assert outcomes[edit.rule] == "PASSED"
        assert failed == set()
        assert "1 warning rules with contradictions" in out
    else:
        assert result.ret == 1, out
        assert outcomes[edit.rule] == "FAILED"
        assert failed == {edit.rule} | edit.also_fail, failed
