"""Whole sessions (pytester) on the inputs a newsroom keeps: CMS front matter, other files in the folders,
and document errors that no selection can hide."""

from __future__ import annotations

import re

import pytest

from helpers.sessions import ITEMS, run

HUGO_YAML = """---
title: "Syria Army Makes New Gains"
date: 2016-12-10T14:30:00Z
draft: false
author: Staff
tags: [syria, aleppo]
outlet: AFP
---
About 100,000 people remain trapped in rebel-held eastern Aleppo, the United Nations said.
"""

HUGO_TOML = """+++
title = "Aleppo Evacuation Stalls"
author = "Staff"
tags = ["syria", "aleppo"]
date = 2016-12-11 08:00:00+02:00
outlet = "Reuters"

[params]
date = 1999-01-01
+++
About 100,000 people remain trapped in rebel-held eastern Aleppo, the United Nations said.
"""


def test_cms_front_matter_is_read_and_its_other_keys_ignored(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "hugo.md").write_text(HUGO_YAML, encoding="utf-8")
    (project.path / "seeds" / "hugo-toml.md").write_text(HUGO_TOML, encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-v", "-k", "trapped")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines(["7 documents, *, 0 unreadable documents; *"])
    result.stdout.fnmatch_lines(["  hugo-toml.md: 2016-12-11 (from front matter line 5), Reuters",
                                 "  hugo.md: 2016-12-10 (from front matter line 3), AFP"])
    assert "skipped (not documents)" not in result.stdout.str()


def test_other_files_in_a_folder_are_listed_as_skipped_with_a_count(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "notes.docx").write_bytes(b"PK\x03\x04")
    (project.path / "seeds" / "img").mkdir()
    (project.path / "seeds" / "img" / "image.png").write_bytes(b"\x89PNG")
    (project.path / "seeds" / ".DS_Store").write_bytes(b"\x00")
    result = run(project, "--claims", "seeds/")
    result.assert_outcomes(passed=ITEMS)
    result.stdout.fnmatch_lines(["5 documents, *",
                                 "2 files skipped (not documents): seeds/img/image.png, seeds/notes.docx"])


def test_a_file_named_on_the_command_line_that_is_not_a_document_is_an_error(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run(project, "--claims", "seeds/notes.docx", "seeds/000_871778a9916d0caa.txt",
                 "--claims-no-examples", "-k", "trapped")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # an unreadable document: the check was incomplete
    result.stdout.fnmatch_lines(["*seeds/notes.docx: cannot read '.docx' files; documents are .txt, .md, .html, .htm, .json or .jsonl*"])
    assert "skipped (not documents)" not in result.stdout.str()


@pytest.mark.parametrize("selection", [("-k", "trapped"), ("-m", "no_such_marker"),
                                       ("--deselect", "rules::document empty.txt")],
                         ids=["keyword", "marker", "deselect"])
def test_document_errors_are_never_deselected(project: pytest.Pytester, selection: tuple[str, str]) -> None:
    (project.path / "seeds" / "empty.txt").write_text("", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", *selection)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()  # the check was incomplete
    outcomes = result.parseoutcomes()
    assert outcomes["errors"] == 1
    result.stdout.fnmatch_lines(["*ERROR at setup of document: document empty.txt*", "*seeds/empty.txt: empty document*"])
    # the error ran, so it is not also counted among the deselected
    [counts] = [line for line in result.outlines if line.startswith("collected ")]
    collected = re.fullmatch(r"collected (\d+) items(?: / (\d+) deselected / (\d+) selected)?", counts)
    assert collected is not None, counts
    total = int(collected[1])
    deselected, selected = (int(collected[2]), int(collected[3])) if collected[2] else (0, total)
    assert (deselected, selected) == (outcomes.get("deselected", 0), outcomes.get("passed", 0) + 1)
    assert total == deselected + selected


def test_document_errors_are_never_deselected_under_xdist(project: pytest.Pytester) -> None:
    (project.path / "seeds" / "empty.txt").write_text("", encoding="utf-8")
    result = run(project, "--claims", "seeds/", "--claims-no-examples", "-n", "2", "-k", "trapped")
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()  # the check was incomplete
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*seeds/empty.txt: empty document*"])
