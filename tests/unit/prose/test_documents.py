"""Loading documents and their metadata: real files in tmp_path, no mocks."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_claims.prose.documents import (
    METADATA_FILE,
    Corpus,
    discover,
    discover_files,
    find_dates,
    load_catalogue,
    load_corpus,
    load_document,
    load_metadata,
)
from pytest_claims.records.errors import DocumentError
from helpers.paths import SEEDS

SEEDS = SEEDS


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


@contextmanager
def raises_at(path: Path, line: int | None, *fragments: str) -> Iterator[None]:
    """Expect a DocumentError that names ``path`` and ``line`` and contains ``fragments``."""
    with pytest.raises(DocumentError) as info:
        yield
    error = info.value
    assert (error.path, error.line) == (str(path), line)
    where = f"{path}:{line}: " if line else f"{path}: "
    assert str(error).startswith(where), str(error)
    for fragment in fragments:
        assert fragment in error.message, error.message


# --------------------------------------------------------------------------
# The real seeds

SEED_META = {
    "000_871778a9916d0caa.txt": (date(2016, 11, 28), "The Guardian"),
    "001_f87b00e1af172c13.txt": (date(2016, 11, 28), "ABC News"),
    "002_076498367e560eef.txt": (date(2016, 12, 9), "Reuters"),
    "003_19b301b2dd25a677.txt": (date(2016, 11, 28), "Reuters via VOV"),
    "004_259458f940a545b5.txt": (date(2016, 12, 6), "AFP"),
}


def test_seeds_load_with_their_metadata():
    corpus = load_corpus([SEEDS])
    assert corpus.problems == ()
    assert [d.name for d in corpus.documents] == sorted(SEED_META)
    meta_lines = (SEEDS / METADATA_FILE).read_text(encoding="utf-8").splitlines()
    for document in corpus.documents:
        expected_date, expected_outlet = SEED_META[document.name]
        assert document.date == expected_date
        assert document.outlet == expected_outlet
        first_line = Path(document.path).read_text(encoding="utf-8").splitlines()[0]
        assert document.title == first_line.strip()
        source, line = document.date_source.split(":")
        assert source == METADATA_FILE
        assert meta_lines[int(line) - 1].strip() == f"date: {expected_date.isoformat()}"
        assert document.path == str(SEEDS / document.name)
        assert Path(document.path).read_bytes().decode("utf-8") == document.text
    assert corpus.documents[3].title == "Syrian government drives rebels from swath of Aleppo"


def test_seed_metadata_matches_files_in_folder():
    assert sorted(load_metadata(SEEDS)) == sorted(SEED_META)


def test_load_document_reads_folder_metadata_by_default():
    document = load_document(SEEDS / "004_259458f940a545b5.txt")
    assert (document.date, document.outlet) == (date(2016, 12, 6), "AFP")
    bare = load_document(SEEDS / "002_076498367e560eef.txt", {})
    # Without metadata the date comes from the photo caption in the text.
    assert bare.date == date(2016, 12, 8)
    assert bare.date_source == 'text line 5: "December 8, 2016"'
    assert bare.outlet is None


# --------------------------------------------------------------------------
# Precedence and fallbacks


def test_front_matter_wins_over_metadata_field_by_field(tmp_path):
    write(tmp_path, "a.md", "---\ndate: 2020-01-02\ntitle: From front matter\n---\n\nBody text.\nMore.\n")
    write(tmp_path, METADATA_FILE, "a.md:\n  date: 1999-09-09\n  outlet: Meta Outlet\n  title: From meta\n")
    document = load_corpus([tmp_path]).documents[0]
    assert document.date == date(2020, 1, 2)
    assert document.date_source == "front matter line 2"
    assert document.title == "From front matter"
    assert document.outlet == "Meta Outlet"
    assert document.text == "\nBody text.\nMore.\n"
    assert document.body_line == 5
    assert document.line_of(document.text.index("More")) == 7


def test_metadata_wins_over_text(tmp_path):
    write(tmp_path, "a.txt", "Headline\nOn December 8, 2016 things happened.\n")
    write(tmp_path, METADATA_FILE, "# comment\na.txt:\n  title: Meta title\n  date: 2016-12-09\n")
    document = load_document(tmp_path / "a.txt")
    assert document.date == date(2016, 12, 9)
    assert document.date_source == f"{METADATA_FILE}:4"
    assert document.title == "Meta title"


def test_text_fallback_uses_first_full_date(tmp_path):
    text = (
        "\n  Rebels lose ground  \n\n"
        "On November 13 fighting resumed.\n"  # no year: not a date
        "Photo taken on Dec. 8, 2016 by Reuters.\n"
        "Earlier, on November 28, 2016, the army advanced.\n"
    )
    path = write(tmp_path, "story.txt", text)
    document = load_document(path)
    assert document.title == "Rebels lose ground"
    assert document.outlet is None
    assert document.date == date(2016, 12, 8)
    assert document.date_source == 'text line 5: "Dec. 8, 2016"'


def test_markdown_fallbacks_after_front_matter(tmp_path):
    path = write(tmp_path, "a.md", "---\noutlet: AFP\n---\n# A heading\n\nDated 2016-12-06 here.\n")
    document = load_document(path)
    assert document.title == "A heading"
    assert document.outlet == "AFP"
    assert document.date_source == 'text line 6: "2016-12-06"'
    assert document.body_offset == len("---\noutlet: AFP\n---\n")


def test_no_date_anywhere_is_not_an_error(tmp_path):
    document = load_document(write(tmp_path, "a.txt", "Title\nNo dates on November 13.\n"))
    assert document.date is None
    assert document.date_source is None


def test_crlf_is_kept_and_lines_still_count(tmp_path):
    raw = "Title\r\nline two\r\nDecember 8, 2016\r\n"
    document = load_document(write(tmp_path, "a.txt", raw))
    assert document.text == raw
    assert document.date_source == 'text line 3: "December 8, 2016"'


HUGO_YAML = """---
title: "Syria Army Makes New Gains"
date: 2016-12-06T14:30:00Z
draft: false
author: Staff
tags: [syria, aleppo]
categories:
  - world
params:
  outlet: not this one
outlet: AFP
---
Body.
"""

HUGO_TOML = """+++
title = "Syria Army Makes New Gains"
author = "Staff"
draft = false
tags = ["syria", "aleppo"]

date = 2016-12-06T23:30:00-05:00
outlet = 'AFP'

[params]
date = 1999-01-01
outlet = "not this one"
+++
Body.
"""


@pytest.mark.parametrize(("text", "date_line"), [(HUGO_YAML, 3), (HUGO_TOML, 7)], ids=["yaml", "toml"])
def test_cms_front_matter_keeps_its_own_keys_and_gives_the_date_as_written(tmp_path, text, date_line):
    document = load_document(write(tmp_path, "a.md", text), {})
    assert (document.date, document.outlet, document.title) == (date(2016, 12, 6), "AFP", "Syria Army Makes New Gains")
    assert document.date_source == f"front matter line {date_line}"
    assert document.text == "Body.\n"
    assert document.body_line == text.count("\n")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2016-12-06", date(2016, 12, 6)),
        ("2016-12-06T14:30:00Z", date(2016, 12, 6)),
        ("2016-12-06 14:30:00+01:00", date(2016, 12, 6)),
        ("2016-12-06T23:30:00.123-05:00", date(2016, 12, 6)),  # the calendar date as written, not UTC's
        ("2016-12-06 21:59:43.10 -5", date(2016, 12, 6)),  # a YAML timestamp
        ("2016-12-06t00:00", date(2016, 12, 6)),
        ("'2016-12-06T14:30:00Z'", date(2016, 12, 6)),
    ],
)
def test_front_matter_dates_with_times(tmp_path, written, expected):
    document = load_document(write(tmp_path, "a.md", f"---\ndate: {written}\n---\nBody\n"), {})
    assert document.date == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2016-12-06", date(2016, 12, 6)),
        ("'2016-12-06'", date(2016, 12, 6)),
        ("2016-12-06T14:30:00Z", date(2016, 12, 6)),
        ("2016-12-06 23:30:00-05:00", date(2016, 12, 6)),
        ("2016-12-06T14:30:00", date(2016, 12, 6)),
        ("'2016-12-06T14:30:00+01:00'", date(2016, 12, 6)),
    ],
)
def test_toml_front_matter_dates(tmp_path, written, expected):
    document = load_document(write(tmp_path, "a.md", f"+++\ntitle = 'T'\ndate = {written}\n+++\nBody\n"), {})
    assert (document.date, document.date_source) == (expected, "front matter line 3")


def test_toml_front_matter_without_our_keys_leaves_the_others_to_decide(tmp_path):
    write(tmp_path, "a.md", "+++\nauthor = 'Staff'\n+++\nAleppo, December 8, 2016\n")
    write(tmp_path, METADATA_FILE, "a.md:\n  outlet: Reuters\n")
    document = load_corpus([tmp_path]).documents[0]
    assert (document.date, document.outlet, document.title) == (date(2016, 12, 8), "Reuters",
                                                                "Aleppo, December 8, 2016")
    assert document.body_line == 4


def test_metadata_file_stays_strict_while_front_matter_ignores_other_keys(tmp_path):
    write(tmp_path, "a.md", "---\nauthor: Staff\n---\nBody\n")
    meta = write(tmp_path, METADATA_FILE, "a.md:\n  author: Staff\n")
    with raises_at(meta, 2, "unknown key 'author' in the entry for 'a.md'"):
        load_metadata(tmp_path)
    assert load_document(tmp_path / "a.md", {}).title == "Body"


def test_markdown_front_matter_with_crlf(tmp_path):
    raw = "---\r\ndate: 2016-01-02\r\n---\r\nBody\r\n"
    document = load_document(write(tmp_path, "a.md", raw))
    assert document.text == "Body\r\n"
    assert document.body_line == 4
    assert document.date == date(2016, 1, 2)


def test_txt_files_have_no_front_matter(tmp_path):
    raw = "---\ndate: 2016-01-02\n---\nBody\n"
    document = load_document(write(tmp_path, "a.txt", raw))
    assert document.text == raw
    assert document.title == "---"
    assert document.date_source == 'text line 2: "2016-01-02"'


# --------------------------------------------------------------------------
# Bad input: clear errors with file and line


def test_non_utf8_names_byte_line_and_column(tmp_path):
    path = write(tmp_path, "a.txt", b"fine\nab\xffc\n")
    with raises_at(path, 2, "not valid UTF-8 (byte 0xff at line 2, column 3); save it as UTF-8"):
        load_document(path)


def test_non_utf8_column_counts_characters(tmp_path):
    path = write(tmp_path, "a.txt", "é€x".encode() + b"\xe9\n")
    with raises_at(path, 1, "byte 0xe9 at line 1, column 4"):
        load_document(path)


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = write(tmp_path, "a.txt", "Title\n\nThe strikes killed 81 people.\n".encode("utf-16"))
    assert load_document(path).text.endswith("The strikes killed 81 people.\n")


@pytest.mark.parametrize("content", ["", "   \n\t\n", "\ufeff", "\ufeff \n"])
def test_empty_document(tmp_path, content):
    path = write(tmp_path, "a.txt", content)
    with raises_at(path, None, "empty document"):
        load_document(path)


def test_front_matter_only_is_empty(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: x\n---\n\n")
    with raises_at(path, None, "empty document"):
        load_document(path)


def test_bom_is_stripped(tmp_path):
    path = write(tmp_path, "a.md", "\ufeff---\ntitle: T\n---\nBody\n")
    document = load_document(path)
    assert document.title == "T"
    assert document.text == "Body\n"
    plain = load_document(write(tmp_path, "b.txt", "\ufeffHeadline\n"))
    assert plain.text == "Headline\n"
    assert plain.title == "Headline"


METADATA_ERRORS = [
    # (id, claims-meta.yaml text, error line, message fragments)
    ("malformed-yaml", "a.txt:\n  date: 2016-01-01\n   outlet: x\n", 3,
     ("not valid YAML", "mapping values are not allowed")),
    ("unclosed-quote-names-where-it-opened", 'a.txt:\n  outlet: "AFP\n  title: x\n', 4,
     ("not valid YAML", "quoted scalar at line 2")),
    ("unknown-key-suggests-nearest", "a.txt:\n  date: 2016-01-01\n  titel: x\n", 3,
     ("unknown key 'titel'", "did you mean 'title'?")),
    ("unknown-key-lists-valid-keys", "a.txt:\n  publisher: x\n", 2,
     ("unknown key 'publisher'", "valid keys: date, outlet, title")),
    ("duplicate-entries", "a.txt:\n  outlet: X\na.txt:\n  outlet: Y\n", 3,
     ("duplicate key 'a.txt' (first at line 1)",)),
]


@pytest.mark.parametrize(("text", "line", "fragments"), [case[1:] for case in METADATA_ERRORS],
                         ids=[case[0] for case in METADATA_ERRORS])
def test_metadata_error_names_file_and_line(tmp_path, text, line, fragments):
    write(tmp_path, "a.txt", "Title\n")
    meta = write(tmp_path, METADATA_FILE, text)
    with raises_at(meta, line, *fragments):
        load_metadata(tmp_path)


FRONT_MATTER_ERRORS = [
    ("malformed-yaml", "---\ntitle: ok\noutlet: [AFP\n---\nBody\n", 4,
     ("not valid YAML", "flow sequence at line 3")),
    ("unclosed", "---\ntitle: ok\nBody\n", 1, ("no closing '---'",)),
    ("toml-unclosed", "+++\ntitle = 'ok'\nBody\n", 1, ("no closing '+++'",)),
    ("toml-bad-value-names-its-line", "+++\ntitle = 'ok'\n\noutlet = AFP\n+++\nBody\n", 4,
     ("not valid TOML: Invalid value",)),
    ("toml-duplicate-key", "+++\ntitle = 'a'\ntitle = 'b'\n+++\nBody\n", 3,
     ("not valid TOML: Cannot overwrite a value",)),
    ("toml-unclosed-array-is-at-the-last-line", "+++\ntitle = 'ok'\ntags = [\n  'a',\n+++\nBody\n", 4,
     ("not valid TOML",)),
    ("toml-bad-date-at-its-key", "+++\ntitle = 'ok'\n\"date\" = 'soon'\n+++\nBody\n", 3,
     ("bad date 'soon'",)),
    ("toml-date-as-a-table", "+++\ntitle = 'ok'\ndate.day = 6\n+++\nBody\n", 3,
     ("date must be a single value",)),
    ("yaml-bad-time", "---\ntitle: T\ndate: 2016-12-06T25:00:00Z\n---\nBody\n", 3,
     ("bad date '2016-12-06T25:00:00Z'", "hour must be in 0..23")),
]


@pytest.mark.parametrize(("text", "line", "fragments"), [case[1:] for case in FRONT_MATTER_ERRORS],
                         ids=[case[0] for case in FRONT_MATTER_ERRORS])
def test_front_matter_error_names_file_and_line(tmp_path, text, line, fragments):
    path = write(tmp_path, "a.md", text)
    with raises_at(path, line, *fragments):
        load_document(path)


def test_metadata_for_missing_file_suggests_nearest(tmp_path):
    write(tmp_path, "000_871778a9916d0caa.txt", "Title\n")
    write(tmp_path, "zzz.txt", "Title\n")
    meta = write(tmp_path, METADATA_FILE,
                 "zzz.txt:\n  outlet: X\n000_871778a9916d0cab.txt:\n  outlet: AFP\n")
    with raises_at(meta, 3, "no file '000_871778a9916d0cab.txt'",
                   "did you mean '000_871778a9916d0caa.txt'?"):
        load_metadata(tmp_path)


def test_metadata_for_non_document_file(tmp_path):
    write(tmp_path, "notes.pdf", "x")
    meta = write(tmp_path, METADATA_FILE, "notes.pdf:\n  outlet: X\n")
    with raises_at(meta, 1, "'notes.pdf' is not a document"):
        load_metadata(tmp_path)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2016-13-45", "bad date '2016-13-45'"),
        ("2016-02-30", "bad date '2016-02-30'"),
        ("'2016-13-45'", "bad date '2016-13-45'"),
        ("November 28, 2016", "write it as YYYY-MM-DD"),
        ("2016-11-28 10:61:00", "minute must be in 0..59"),
        ("2016-11-28 at 10:00", "write it as YYYY-MM-DD"),
        ("", "date has no value"),
        ("[2016-11-28]", "single value"),
    ],
)
def test_bad_date_in_metadata(tmp_path, value, fragment):
    write(tmp_path, "a.txt", "Title\n")
    meta = write(tmp_path, METADATA_FILE, f"# header\na.txt:\n  outlet: X\n  date: {value}\n")
    with raises_at(meta, 4, fragment):
        load_metadata(tmp_path)


def test_metadata_accepts_quoted_date_and_numeric_title(tmp_path):
    write(tmp_path, "a.txt", "Title\n")
    write(tmp_path, METADATA_FILE, "a.txt:\n  date: '2016-11-28'\n  title: 1984\n")
    meta = load_metadata(tmp_path)["a.txt"]
    assert meta.date == date(2016, 11, 28)
    assert meta.title == "1984"
    assert meta.date_line == 2
    assert meta.source_file == str(tmp_path / METADATA_FILE)


def test_no_metadata_file_and_empty_metadata_file(tmp_path):
    assert load_metadata(tmp_path) == {}
    write(tmp_path, METADATA_FILE, "# nothing yet\n")
    assert load_metadata(tmp_path) == {}


def test_missing_path_is_a_problem(tmp_path):
    missing = tmp_path / "nope"
    files, problems = discover([missing])
    assert files == []
    assert [str(p) for p in problems] == [f"{missing}: no such file or directory"]
    corpus = load_corpus([missing])
    assert str(missing) in str(corpus.problems[0])
    assert "no documents (.txt, .md, .html, .htm, .json, .jsonl) found" in str(corpus.problems[-1])


def test_unsupported_suffix_given_explicitly(tmp_path):
    pdf = write(tmp_path, "a.pdf", "x")
    meta = write(tmp_path, METADATA_FILE, "")
    files, problems = discover([pdf, meta])
    assert files == []
    assert "cannot read '.pdf' files" in str(problems[0])
    assert str(pdf) in str(problems[0])
    assert "give the folder or the documents" in str(problems[1])


# --------------------------------------------------------------------------
# A bad document does not stop the others


def test_bad_documents_do_not_stop_the_others(tmp_path):
    write(tmp_path, "a_good.txt", "Good\n")
    write(tmp_path, "b_bad.txt", b"\xff\xfeoops!")  # a UTF-16 byte-order mark, then an odd byte count
    write(tmp_path, "c_empty.md", "  \n")
    write(tmp_path, "d_good.md", "---\ntitle: D\n---\nBody\n")
    write(tmp_path, "e_broken.md", "---\ndate: soon\n---\nBody\n")
    corpus = load_corpus([tmp_path])
    assert isinstance(corpus, Corpus)
    assert [d.name for d in corpus.documents] == ["a_good.txt", "d_good.md"]
    assert [Path(p.path).name for p in corpus.problems] == ["b_bad.txt", "c_empty.md", "e_broken.md"]


def test_broken_metadata_is_one_problem_and_documents_still_load(tmp_path):
    write(tmp_path, "a.txt", "Title\nDecember 8, 2016\n")
    write(tmp_path, METADATA_FILE, "a.txt:\n  date: 2016-13-45\n")
    corpus = load_corpus([tmp_path])
    assert [str(p) for p in corpus.problems] == [
        f"{tmp_path / METADATA_FILE}:2: bad date '2016-13-45': month must be in 1..12"
    ]
    assert corpus.documents[0].date == date(2016, 12, 8)


def test_each_folder_uses_its_own_metadata(tmp_path):
    write(tmp_path, "one/a.txt", "A\n")
    write(tmp_path, "one/" + METADATA_FILE, "a.txt:\n  outlet: One\n")
    write(tmp_path, "two/a.txt", "A\n")
    write(tmp_path, "two/" + METADATA_FILE, "a.txt:\n  outlet: Two\n")
    corpus = load_corpus([tmp_path])
    assert [d.outlet for d in corpus.documents] == ["One", "Two"]


def test_discover_walks_sorts_dedupes_and_skips(tmp_path):
    keep = [write(tmp_path, name, "x\n") for name in ("b.txt", "a.md", "sub/c.TXT", "sub/deeper/d.txt")]
    for name in (".hidden.txt", ".git/e.txt", "__pycache__/f.txt", "node_modules/g.md",
                 "venv/h.txt", ".venv/i.txt", "notes.pdf", METADATA_FILE):
        write(tmp_path, name, "x\n")
    files, problems = discover([tmp_path, tmp_path / "b.txt", str(tmp_path / "sub" / ".." / "a.md")])
    assert problems == []
    assert files == sorted(p.resolve() for p in keep)
    assert all(p.is_absolute() for p in files)


def test_other_files_in_folders_are_listed_as_skipped(tmp_path):
    write(tmp_path, "a.txt", "Government forces advanced.\n")
    others = [write(tmp_path, name, "x") for name in ("notes.docx", "sub/image.png", "sub/README")]
    for name in (".DS_Store", ".git/config", "node_modules/x.js", METADATA_FILE):
        write(tmp_path, name, "x\n")
    found = discover_files([tmp_path, tmp_path / "a.txt"])
    assert found.files == [(tmp_path / "a.txt").resolve()]
    assert found.skipped == sorted(p.resolve() for p in others)
    assert found.problems == []
    catalogue = load_catalogue([tmp_path])
    assert [d.name for d in catalogue.documents] == ["a.txt"]
    assert catalogue.skipped == tuple(str(p.resolve()) for p in sorted(others))
    assert load_catalogue([tmp_path / "a.txt"]).skipped == ()


def test_explicit_hidden_file_is_loaded(tmp_path):
    path = write(tmp_path, ".draft.txt", "x\n")
    assert discover([path]) == ([path.resolve()], [])


def test_no_documents_found_is_a_problem(tmp_path):
    write(tmp_path, "notes.pdf", "x")
    corpus = load_corpus([tmp_path])
    assert corpus.documents == ()
    assert [p.message for p in corpus.problems] == [f"no documents (.txt, .md, .html, .htm, .json, .jsonl) found in {tmp_path}"]


# --------------------------------------------------------------------------
# find_dates


def test_find_dates_formats_and_order():
    text = ("Seen 2016-12-08, then December 8, 2016 and Dec. 9, 2016, "
            "9 December 2016, 10 Dec 2016, Sept. 1 2016, March 3rd, 2017.")
    assert [(d, s) for d, _, s in find_dates(text)] == [
        (date(2016, 12, 8), "2016-12-08"),
        (date(2016, 12, 8), "December 8, 2016"),
        (date(2016, 12, 9), "Dec. 9, 2016"),
        (date(2016, 12, 9), "9 December 2016"),
        (date(2016, 12, 10), "10 Dec 2016"),
        (date(2016, 9, 1), "Sept. 1 2016"),
        (date(2017, 3, 3), "March 3rd, 2017"),
    ]
    for found, offset, surface in find_dates(text):
        assert text[offset:offset + len(surface)] == surface


@pytest.mark.parametrize(
    "text",
    ["November 13", "on 28 November", "February 30, 2016", "2016-13-45", "12016-12-08",
     "December 8, 20161", "Decimal 8, 2016", "December\n8, 2016", "2016"],
)
def test_find_dates_ignores_non_dates(text):
    assert find_dates(text) == []


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


FORMATS = {
    "month day, year": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "abbr. day, year": lambda d: f"{ABBREVIATIONS[d.month - 1]}. {d.day}, {d.year}",
    "abbr day year": lambda d: f"{ABBREVIATIONS[d.month - 1]} {d.day} {d.year}",
    "month ordinal, year": lambda d: f"{MONTHS[d.month - 1]} {ordinal(d.day)}, {d.year}",
    "day month year": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "day abbr. year": lambda d: f"{d.day} {ABBREVIATIONS[d.month - 1]}. {d.year}",
    "iso": lambda d: d.isoformat(),
}

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(day=DATES, style=st.sampled_from(sorted(FORMATS)), before=st.text(), after=st.text())
def test_find_dates_recovers_any_date_between_lines_of_filler(day, style, before, after):
    surface = FORMATS[style](day)
    text = f"{before}\n{surface}\n{after}"
    assert (day, len(before) + 1, surface) in find_dates(text)


NO_DIGITS = st.text(st.characters(blacklist_categories=("Nd", "Cs")))


@given(day=DATES, style=st.sampled_from(sorted(FORMATS)), before=NO_DIGITS, after=NO_DIGITS)
def test_find_dates_recovers_any_date_inside_a_sentence(day, style, before, after):
    surface = FORMATS[style](day)
    text = f"{before} {surface} {after}"
    assert (day, len(before) + 1, surface) in find_dates(text)


# --------------------------------------------------------------------------
# Arbitrary bytes: a Document or a DocumentError, nothing else

FRONT_MATTER = st.builds(
    lambda body, close: ("---\n" + body + ("\n---\n" if close else "")).encode("utf-8", "surrogatepass"),
    st.text(), st.booleans(),
)
CONTENT = st.one_of(
    st.binary(),
    st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(FRONT_MATTER, st.binary()).map(lambda pair: pair[0] + pair[1]),
)


@settings(max_examples=300, deadline=None)
@given(content=CONTENT, suffix=st.sampled_from([".txt", ".md"]),
       meta=st.none() | CONTENT | FRONT_MATTER)
def test_load_document_only_raises_document_error(content, suffix, meta):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "doc" + suffix, content)
        if meta is not None:
            write(Path(folder), METADATA_FILE, meta)
        try:
            document = load_document(path)
        except DocumentError as error:
            assert error.path is not None
            assert error.message
        else:
            assert document.text.strip()
            assert document.name == path.name
