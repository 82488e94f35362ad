"""Random CMS exports (JSON, JSONL) and HTML pages through the real readers: a document or its error, never a crash.

Exports are drawn valid, then broken: truncated, members of the wrong type,
huge, deeply nested, with odd encodings. Pages are random tag soup with
article text, scripts, comments, entities and broken encodings. Each
document read has a path naming its file, spans that index its text and
claims on lines of the file; each problem names the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from pytest_claims.prose.claims import document_claims
from pytest_claims.prose.cms import export_reader
from pytest_claims.prose.documents import iter_documents
from pytest_claims.records.errors import DocumentError
from pytest_claims.records.model import Document

SENTENCES = ("About 250,000 people remain trapped in east Aleppo.", "More than 341 civilians were killed.",
             "The rebels lost a third of the area they held.", "٣٤١ people died on Sunday.",
             "Up to 50\u202f000 people fled yesterday.", "Nearly\u00a0half of the 40 neighbourhoods fell.", "",
             "x" * 300, "9" * 80 + " hundred people", "<b>bold</b> &amp; 12 &#x31;&#x32; people")
DATES = ("2016-12-08", "0001-01-01", "9999-12-31", "2016-13-45", "", "yesterday", "2016-12-08T10:00:00Z",
         "Dec 8, 2016", 20161208, None, True, [], {})
ODD = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                st.sampled_from((10**400, 1e308, "\ud800", "\x00", "\ufeff", "\u202e")),
                st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


def _nested(depth: int) -> Any:
    value: Any = "42 people"
    for _ in range(depth):
        value = {"text": value}
    return value


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """One article record: the default field names, then now and then a field of the wrong type or a deep one."""
    record: dict[str, Any] = {}
    for name, values in (("text", st.lists(st.sampled_from(SENTENCES), max_size=5).map(" ".join)),
                         ("published", st.one_of(st.just("2016-12-08"), st.sampled_from(DATES))),
                         ("title", st.text(max_size=20)),
                         ("outlet", st.sampled_from(("AFP", "", "Reuters"))), ("url", st.text(max_size=20)),
                         ("id", st.one_of(st.integers(), st.text(max_size=8)))):
        if draw(st.integers(0, 4)) > 0:
            record[name] = draw(values)
    if draw(st.integers(0, 3)) == 0:
        broken = draw(st.sampled_from(("text", "published", "title", "outlet", "url", "id", "body", "date")))
        record[broken] = draw(st.one_of(ODD, st.integers(1, 500).map(_nested)))
    return record


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, OverflowError):
        return json.dumps(value, ensure_ascii=True, default=str)


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of an export: valid, then perhaps truncated, spliced with junk, or re-encoded."""
    suffix = draw(st.sampled_from((".json", ".jsonl")))
    listed = draw(st.lists(st.one_of(records(), records(), records(), ODD), max_size=6))
    if suffix == ".jsonl":
        text = "\n".join(_dumps(record) for record in listed)
    else:
        wrapper = draw(st.sampled_from(("list", "member", "two members", "scalar")))
        shaped = {"list": listed, "member": {"articles": listed}, "two members": {"a": listed, "b": listed},
                  "scalar": listed[0] if listed else None}[wrapper]
        text = _dumps(shaped)
    data = text.encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(("none", "none", "truncate", "splice", "utf-16", "latin-1", "bom", "nul")))
    if damage == "truncate" and data:
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif damage == "splice":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from((b"\xff\xfe", b"\x00", b"{", b"]", b"\n", b'"', b"\\u", b"[" * 5000,
                                                 b"\xc3", b"\xed\xa0\x80"))) + data[at:]
    elif damage == "utf-16":
        data = text.encode("utf-16", "surrogatepass")
    elif damage == "latin-1":
        data = text.encode("latin-1", "replace")
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "nul":
        data = data.replace(b" ", b"\x00")
    event(f"export damage: {damage}")
    return suffix, data


TAGS = ("p", "div", "article", "main", "span", "b", "i", "a", "script", "style", "nav", "footer", "header", "aside",
        "h1", "h2", "title", "meta", "time", "br", "table", "td", "li", "ul", "noscript", "template", "svg", "iframe",
        "html", "head", "body", "figure", "figcaption", "!--", "![CDATA[")
ATTRIBUTES = ('', ' class="article-body"', ' property="article:published_time" content="2016-12-08"',
              ' name="date" content="0001-01-01"', ' property="og:site_name" content="AFP"', ' datetime="2016-13-45"',
              ' content="' + "9" * 200 + '"', ' class=unquoted', ' onload="x>1"', ' id=')


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    """Tag soup around news sentences: unclosed, misnested and unknown tags, entities, broken encodings."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        choice = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=40),
                                        st.sampled_from(("&nbsp;", "&#0;", "&#x110000;", "&bogus;", "&", "<", ">",
                                                         "<!DOCTYPE html>", "<?xml version='1.0'?>")))))
    if draw(st.booleans()):  # an article the reader can find, with the soup around and inside it
        at = draw(st.integers(0, len(parts)))
        story = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=8)))
        parts[at:at] = ["<html><head><title>Aleppo</title></head><body><article><h1>Aleppo</h1>",
                        *(f"<p>{sentence}</p>" for sentence in story.split(". ")), "</article></body></html>"]
    text = "".join(parts)
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-16", "latin-1", "cp1252", "truncated")))
    event(f"page encoding: {encoding}")
    if encoding == "truncated":
        data = text.encode("utf-8", "surrogatepass")
        return data[:draw(st.integers(0, len(data)))] + b"\xe2\x80"
    return text.encode(encoding, "replace")


def assert_documents_or_errors(path: Path, loaded: list[Document | DocumentError]) -> None:
    assert loaded, path
    lines = path.read_bytes().count(b"\n") + 1
    for item in loaded:
        if isinstance(item, DocumentError):
            event("a document error")
            assert item.path is not None and item.path.startswith(str(path.resolve())), item
            assert item.message.strip(), item
            continue
        event("a document")
        assert isinstance(item, Document)
        assert (item.file or item.path) == str(path.resolve()), item.path
        for claim in document_claims(item):
            start, end = claim.quantity.span
            assert item.text[start:end] == claim.quantity.surface, claim
            assert 1 <= claim.line <= lines, (claim.line, lines)


@settings.get_profile("fuzz:export")
@given(export=exports())
def test_random_exports_give_documents_or_their_errors(tmp_path_factory: pytest.TempPathFactory,
                                                       export: tuple[str, bytes]) -> None:
    suffix, data = export
    path = tmp_path_factory.mktemp("export") / f"export{suffix}"
    path.write_bytes(data)
    assert_documents_or_errors(path, list(iter_documents([path], export_reader())))


@settings.get_profile("fuzz:page")
@given(data=pages(), suffix=st.sampled_from((".html", ".htm")))
def test_random_pages_give_a_document_or_its_error(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                                   suffix: str) -> None:
    path = tmp_path_factory.mktemp("page") / f"page{suffix}"
    path.write_bytes(data)
    assert_documents_or_errors(path, list(iter_documents([path])))


@pytest.mark.parametrize(("suffix", "content", "line", "message"), [
    (".jsonl", '{"text": "5 people"}\n' + "[" * 5000 + '\n{"text": "7 people"}\n', 2,
     "mend the line or remove it"),
    (".json", '[{"text": "5 people"},\n{"text": ' + "[" * 5000 + "]" * 5000 + "}]", 2,
     "the records after this line are not read: mend the file"),
])
def test_json_nested_past_the_recursion_limit_is_that_records_error(tmp_path: Path, suffix: str, content: str,
                                                                    line: int, message: str) -> None:
    # found by the fuzzing above: the standard decoder's RecursionError escaped the reader
    path = tmp_path / f"export{suffix}"
    path.write_text(content, encoding="utf-8")
    loaded = list(iter_documents([path], export_reader()))
    [problem] = [item for item in loaded if isinstance(item, DocumentError)]
    assert (problem.path, problem.line) == (str(path.resolve()), line)
    assert problem.message.startswith("JSON nested too deeply to read (arrays or objects inside each other about a "
                                      "thousand levels deep)")
    assert problem.message.endswith(message)
    assert next(item.text for item in loaded if isinstance(item, Document)) == "5 people"
