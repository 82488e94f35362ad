"""Whole pytest sessions (pytester): the seeds, edited seeds, broken rules and documents."""

from __future__ import annotations

import shutil

import pytest

from helpers.sessions import ITEMS, RULE_NAMES, edit, run


def edit_seed(pytester: pytest.Pytester, name_prefix: str, old: str, new: str) -> None:
    edit(pytester, f"seeds/{name_prefix}_*.txt", old, new)


def test_seeds_are_consistent_one_test_per_rule(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "-v")
    result.assert_outcomes(passed=ITEMS)
    for name in RULE_NAMES:
        result.stdout.fnmatch_lines([f"*rules/*.yaml::{name} PASSED*"])
    result.stdout.fnmatch_lines(["*5 documents*", "*002_076498367e560eef.txt: 2016-12-09 (from claims-meta.yaml:*"])


def test_very_verbose_lists_the_claims_each_rule_selected(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-vv", "-k", "death")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "rule 'offensive-death-toll-never-decreases' selected 2 claims:",
        "*date (source)*document*said by*as written*",
        "*2016-11-28 (claims-meta.yaml:*001_f87b00e1af172c13.txt:6*Syrian Observatory for Human Rights*219*",
        "*2016-12-06 (claims-meta.yaml:*004_259458f940a545b5.txt:58*Syrian Observatory for Human Rights*more than 341*",
    ])


def test_very_verbose_shows_as_of_dates_that_differ_from_publication(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-vv", "-k", "children")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "*2016-11-27 ('on Sunday', published 2016-11-28)*000_871778a9916d0caa.txt:26*Syrian Observatory*219*"])


def test_plain_pytest_collects_no_rules_or_documents(project: pytest.Pytester) -> None:
    project.makepyfile(test_one="def test_ok():\n    assert 1 + 1 == 2\n")
    result = run(project)
    result.assert_outcomes(passed=1)
    assert "rules/" not in result.stdout.str()


def test_later_trapped_estimate_above_earlier_fails_the_trend(project: pytest.Pytester) -> None:
    edit_seed(project, "002", "about 100,000 people", "about 300,000 people")
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(passed=ITEMS - 1, failed=1)
    out = result.stdout.str()
    assert "trapped-population-decreases" in out
    result.stdout.fnmatch_lines([
        "*2016-12-09 (claims-meta.yaml:*002_076498367e560eef.txt:53*about 300,000*",
        "*decreasing*",
    ])
    assert "FAILED rules/trapped-population.yaml::trapped-population-decreases" in out


def test_more_neighbourhoods_than_the_total_fails_bounds(project: pytest.Pytester) -> None:
    edit_seed(project, "002", "32 of east", "52 of east")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "neighbourhood-counts")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*002_076498367e560eef.txt:13 (Reuters)  Syrian military source  52  *",
                                 "*[0, 40]*"])
    assert "recaptured **52** of east" in result.stdout.str()


def test_more_children_than_dead_fails_the_relation(project: pytest.Pytester) -> None:
    edit_seed(project, "001", "including 27 children", "including 270 children")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "children")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "**270**" in out and "**219**" in out


def test_editing_a_number_no_rule_is_about_changes_nothing(project: pytest.Pytester) -> None:
    edit_seed(project, "002", "voted 122 to 13", "voted 150 to 13")
    edit_seed(project, "004", "killed at least 25 civilians", "killed at least 95 civilians")
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(passed=ITEMS)


def test_documents_anywhere_on_disk_and_several_paths(project: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("archive")
    for path in (project.path / "seeds").iterdir():
        shutil.copy(path, elsewhere / path.name)
    shutil.rmtree(project.path / "seeds")
    one = str(elsewhere / "000_871778a9916d0caa.txt")
    result = run(project, f"--claims={one}", f"--claims={elsewhere}", "-v")
    result.assert_outcomes(passed=ITEMS)
    result.stdout.fnmatch_lines(["rules/death-toll.yaml::offensive-death-toll-never-decreases PASSED*", "*5 documents*"])
    # Without '=', pytest may root the session elsewhere; the rules still come from here.
    result = run(project, "--claims", str(elsewhere))
    result.assert_outcomes(passed=ITEMS)


def test_k_selects_rules_by_name(project: pytest.Pytester) -> None:
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "trapped", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*::trapped-population-estimates-agree PASSED*", "*::trapped-population-decreases PASSED*"])


def test_rules_folder_from_option_and_ini(project: pytest.Pytester) -> None:
    (project.path / "rules").rename(project.path / "editorial")
    result = run(project, "--claims", "seeds/", "--claims-rules", "editorial")
    result.assert_outcomes(passed=ITEMS)
    project.makeini("[pytest]\nclaims_rules = editorial\n")
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(passed=ITEMS)


def test_missing_rules_folder_is_a_usage_error(project: pytest.Pytester) -> None:
    shutil.rmtree(project.path / "rules")
    result = run(project, "--claims", "seeds/")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*rules folder*not found*--claims-rules*"])


def test_broken_rule_file_is_an_error_at_its_line_and_others_still_run(project: pytest.Pytester) -> None:
    (project.path / "rules" / "typo.yaml").write_text(
        "name: typo\nselect:\n  count: [people]\ncheck: bounds\nmax: 10\n", encoding="utf-8")
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(passed=ITEMS, errors=1)
    out = result.stdout.str()
    assert "rules/typo.yaml:3" in out and "did you mean 'counts'" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\ncheck: trends\n", ["*unknown check 'trends'*did you mean 'trend'*"]),
        ("name: x\nselect: {pattern: '(unclosed'}\ncheck: bounds\nmax: 1\n", ["*bad.yaml:2*"]),
        ("name: x\nselect: [oops\n", ["*bad.yaml:*"]),
    ],
    ids=["unknown-check-kind", "invalid-regex", "malformed-yaml"],
)
def test_rule_file_errors_point_at_the_file(project: pytest.Pytester, text: str, expected: list[str]) -> None:
    (project.path / "rules" / "bad.yaml").write_text(text, encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "bad or x")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(expected)
    assert "Traceback" not in result.stdout.str()


def test_rule_that_selects_nothing_is_an_error(project: pytest.Pytester) -> None:
    (project.path / "rules" / "nothing.yaml").write_text(
        "name: selects-nothing\nselect: {counts: [unicorns]}\ncheck: bounds\nmax: 10\n", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "nothing")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["rules/nothing.yaml:2: rule 'selects-nothing' selected no claims*"])


def test_trend_rule_on_an_undated_document_is_an_error(project: pytest.Pytester) -> None:
    docs = project.mkdir("undated")
    (docs / "a.txt").write_text("An estimated 250,000 people are trapped in the city.\n", encoding="utf-8")
    (docs / "b.txt").write_text("About 100,000 people are trapped in the city.\n", encoding="utf-8")
    result = run(project, "--claims", "undated/", "--claims-no-examples", "-k", "trapped-population-decreases")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*a.txt*no date*"])


def test_bad_documents_are_errors_and_lose_nothing(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "broken.txt").write_bytes(b"Caf\xe9 owners said \xff 12 people fled.\n")
    (project.path / "seeds" / "empty.md").write_text("   \n", encoding="utf-8")
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(passed=ITEMS, errors=2)
    out = result.stdout.str()
    assert "broken.txt" in out and "UTF-8" in out and "empty" in out
    assert "Traceback" not in out


def test_markdown_front_matter_gives_the_date(project: pytest.Pytester) -> None:
    edit_seed(project, "002", "about 100,000 people", "about 300,000 people")
    [path] = (project.path / "seeds").glob("002_*.txt")
    text = path.read_text(encoding="utf-8")
    path.unlink()
    meta = project.path / "seeds" / "claims-meta.yaml"
    entries = meta.read_text(encoding="utf-8").split("\n\n")
    meta.write_text("\n\n".join(e for e in entries if not e.startswith("002_")), encoding="utf-8")
    (project.path / "seeds" / "late.md").write_text(
        "---\ndate: 2016-12-20\noutlet: Test Wire\ntitle: Late\n---\n" + text, encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "trapped-population-decreases")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*2016-12-20 (front matter*late.md*about 300,000*"])


def test_no_documents_is_an_error_not_a_pass(project: pytest.Pytester) -> None:
    project.mkdir("nothing-here")
    result = run(project, "--claims", "nothing-here/")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*no documents (.txt, .md, .html, .htm, .json, .jsonl) found*"])
    # Every rule is an error; only the rules' examples, which bring their own documents, pass.
    result.assert_outcomes(errors=len(RULE_NAMES) + 1, passed=ITEMS - len(RULE_NAMES))


def test_empty_rules_folder_is_an_error(project: pytest.Pytester) -> None:
    for path in (project.path / "rules").iterdir():
        path.unlink()
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no rule files*"])


def test_duplicate_rule_names_across_files_are_an_error(project: pytest.Pytester) -> None:
    shutil.copy(project.path / "rules" / "death-toll.yaml", project.path / "rules" / "zz-copy.yaml")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "death")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*zz-copy.yaml:2*duplicate rule name*also defined at*death-toll.yaml:2*"])


# ---------------------------------------------------------------- who said it and when


def write_wire(pytester: pytest.Pytester, texts: dict[str, str], day: str = "2016-11-28") -> None:
    """Documents in wire/, all published on ``day``."""
    wire = pytester.mkdir("wire")
    meta = []
    for name, text in texts.items():
        (wire / name).write_text(text + "\n", encoding="utf-8")
        meta.append(f"{name}:\n  date: {day}\n  outlet: Test Wire\n")
    (wire / "claims-meta.yaml").write_text("\n".join(meta), encoding="utf-8")


OBSERVATORY_AGREES = """\
name: observatory-tolls-agree
select:
  source: [Observatory]
  counts: [civilians, people]
  near: [killed]
check: agreement
within_days: 1
tolerance: 10%
"""


def test_rule_selecting_by_source_names_both_contradicting_claims(project: pytest.Pytester) -> None:
    write_wire(project, {
        "a.txt": "The Syrian Observatory for Human Rights said 219 civilians had been killed in the offensive.",
        "b.txt": "The offensive has killed 400 civilians in east Aleppo, the Observatory says.",
        "c.txt": "The UN said 1,000 civilians had been killed in the offensive.",
    })
    (project.path / "rules" / "observatory.yaml").write_text(OBSERVATORY_AGREES, encoding="utf-8")
    result = run(project, "--claims", "wire/", "-k", "observatory")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "rule 'observatory-tolls-agree' (agreement): 1 contradiction among 2 selected claims",
        "*date (source)*document*said by*as written*",
        "#1  2016-11-28 (claims-meta.yaml:2)  a.txt:1 (Test Wire)  Syrian Observatory for Human Rights  219  *",
        "#2  2016-11-28 (claims-meta.yaml:6)  b.txt:1 (Test Wire)  Observatory  *400*",
        "#1 vs #2: 219 (2016-11-28, a.txt) and 400 (2016-11-28, b.txt) differ by*",
    ])
    assert "1,000" not in result.stdout.str()  # the UN's figure is not the Observatory's


def test_source_that_names_no_one_in_the_documents_is_an_error_that_counts_conditions(
        project: pytest.Pytester) -> None:
    write_wire(project, {"a.txt": "The UN said 1,000 civilians had been killed in the offensive."})
    (project.path / "rules" / "observatory.yaml").write_text(OBSERVATORY_AGREES, encoding="utf-8")
    result = run(project, "--claims", "wire/", "-k", "observatory")
    result.assert_outcomes(errors=1)
    out = result.stdout.str()
    assert "rule 'observatory-tolls-agree' selected no claims" in out
    assert "claims each condition alone selects: counts [civilians, people]: 1; source [Observatory]: 0" in out


TRAPPED_FALLS = """\
name: trapped-falls
select: {counts: [people], near: [trapped], kind: count}
check: trend
direction: decreasing
"""


@pytest.mark.parametrize(("earlier", "later", "outcome"), [
    ("On Sunday, about 250,000 people were trapped in east Aleppo, the UN said.",
     "Today about 200,000 people are trapped in east Aleppo, the UN said.", "passed"),
    ("On Sunday, about 200,000 people were trapped in east Aleppo, the UN said.",
     "Today about 250,000 people are trapped in east Aleppo, the UN said.", "failed"),
    ("Today about 250,000 people are trapped in east Aleppo, the UN said.",
     "Today about 200,000 people are trapped in east Aleppo, the UN said.", "errors"),
], ids=["sunday-then-today-falls", "sunday-then-today-rises", "both-today-nothing-to-compare"])
def test_same_day_reports_are_ordered_by_their_as_of_dates(project: pytest.Pytester, earlier: str, later: str,
                                                           outcome: str) -> None:
    write_wire(project, {"a.txt": earlier, "b.txt": later})  # both published Monday 2016-11-28
    (project.path / "rules" / "trapped-falls.yaml").write_text(TRAPPED_FALLS, encoding="utf-8")
    result = run(project, "--claims", "wire/", "-k", "trapped-falls")
    result.assert_outcomes(**{outcome: 1})
    if outcome == "failed":
        result.stdout.fnmatch_lines([
            "#1  2016-11-27 ('On Sunday', published 2016-11-28)  a.txt:1 (Test Wire)  UN  *about 200,000*",
            "#2  2016-11-28 (claims-meta.yaml:*)*b.txt:1 (Test Wire)  UN  *about 250,000*",
            "#1 vs #2: decreasing: about 250,000 on 2016-11-28 (b.txt) is not below about 200,000 on 2016-11-27 (a.txt)",
        ])
    if outcome == "errors":
        result.stdout.fnmatch_lines(["*nothing to compare*all dated 2016-11-28*"])


def test_misspelt_source_key_gets_did_you_mean(project: pytest.Pytester) -> None:
    (project.path / "rules" / "typo.yaml").write_text(
        "name: typo\nselect:\n  sorce: [Observatory]\ncheck: bounds\nmax: 10\n", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "typo")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*rules/typo.yaml:3: unknown key 'sorce'; did you mean 'source'?*"])


def test_loading_the_plugin_loads_no_extraction_or_hypothesis() -> None:
    # pytest loads the plugin on every run, also in projects that never pass --claims;
    # quantulum3 and inflect take seconds to import, and hypothesis is only for --claims-sensitivity.
    import subprocess
    import sys

    code = ("import sys, pytest_claims.plugin; "
            "print(sorted(m for m in ('quantulum3', 'inflect', 'hypothesis', 'pytest_claims.prose.extraction') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
