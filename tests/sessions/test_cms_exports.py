"""Whole sessions (pytester) on a CMS export beside the seeds: each record an article, a contradiction found at
its record's line, a bad record an error at its line while the others are read, in one process and under xdist."""

from __future__ import annotations

import json

import pytest

from helpers.sessions import run

# Line 1 says 300,000 people are trapped on December 10, after the seeds' "about 100,000" of December 9: the
# trapped population only falls (rules/trapped-population.yaml). Line 4's date is not ISO: an error at line 4.
EXPORT = "\n".join([
    json.dumps({"id": 1, "headline": "Aleppo siege tightens", "published": "2016-12-10T09:00:00Z",
                "source": "Newswire", "body": "ALEPPO - About 300,000 people are trapped in the besieged east "
                                              "of the city, aid groups said."}),
    json.dumps({"id": 2, "headline": "Markets", "published": "2016-12-07", "source": "Newswire",
                "body": "Markets were calm on Wednesday."}),
    "",
    json.dumps({"id": 3, "headline": "Broken", "published": "07/12/2016", "source": "Newswire",
                "body": "Nothing here."}),
    json.dumps({"id": 4, "headline": "Weather", "source": "Newswire",
                "body": "Rain fell over the city on December 8, 2016.\nIt was cold."}),
]) + "\n"


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_a_contradiction_in_an_export_fails_at_its_record_line_and_a_bad_record_is_an_error(
        project: pytest.Pytester, workers: list[str]) -> None:
    export = project.path / "seeds" / "export.jsonl"
    export.write_text(EXPORT, encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "trapped",
                 "--claims-report-json", "report.json", *workers)
    output = result.stdout.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output  # a bad record: the check was incomplete
    outcomes = result.parseoutcomes()
    assert (outcomes["failed"], outcomes["errors"]) == (2, 1), output
    result.stdout.fnmatch_lines([
        "*ERROR at setup of document: document export.jsonl:4*",
        "*seeds/export.jsonl:4: field 'published': bad date '07/12/2016': write it as YYYY-MM-DD*",
    ])
    result.stdout.fnmatch_lines([
        "*rule 'trapped-population-decreases' (trend): 1 contradiction*",
        "#2  2016-12-10 (field 'published' line 1)  export.jsonl:1 (Newswire) *About 300,000*",
        "#1 vs #2: decreasing: About 300,000 on 2016-12-10 (export.jsonl:1) is not below about 100,000 on "
        "2016-12-09 (002_076498367e560eef.txt)",
    ])
    # five seeds and three of the export's four records read; the fourth is the one unreadable document
    result.stdout.fnmatch_lines(["8 documents, *, 1 unreadable documents; *"])
    assert "skipped (not documents)" not in output

    report = json.loads((project.path / "report.json").read_text(encoding="utf-8"))
    records = [d for d in report["documents"] if d["file"] == str(export)]
    assert [(d["name"], d["date"], d["outlet"]) for d in records] == [
        ("export.jsonl:1", "2016-12-10", "Newswire"), ("export.jsonl:2", "2016-12-07", "Newswire"),
        ("export.jsonl:5", "2016-12-08", "Newswire")]
    assert records[0]["path"] == f"{export}:1"
    [claim] = [c for c in report["claims"] if c["name"] == "export.jsonl:1" and c["value"] == 300000]
    assert claim["line"] == 1
    [problem] = [p for p in report["problems"] if p["kind"] == "document"]
    assert (problem["file"], problem["line"]) == (str(export), 4)


def test_the_ini_file_names_the_fields_of_the_records(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "export.json").write_text(json.dumps({"data": [
        {"story": "ALEPPO - About 300,000 people are trapped in the besieged east of the city.",
         "first_published_at": "2016-12-10", "text": "not the article"}]}, indent=2), encoding="utf-8")
    project.makeini("[pytest]\nclaims_field_text = story\nclaims_field_date = first_published_at\n")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-k", "trapped-population-decreases")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines([
        "#1 vs #2: decreasing: About 300,000 on 2016-12-10 (export.json#/data/0) is not below *"])
    result.stdout.fnmatch_lines(["*(field 'first_published_at' line 5)  export.json#/data/0:4 *"])
