"""How near two numbers of a sentence lie, written plainly: the reference for ``checks.claimsets.nearness``.

It reads the text between the two spans as it is: a clause mark there
(``;``, ``:``, a comma or an em dash not between two digits, a spaced hyphen
or en dash) puts them in different clauses, and its words are the runs of
ASCII letters and digits. That is the project's tokenizer only for text of
plain words (no inner hyphen, apostrophe or period, no accented letter), which
is what the tests that use it generate.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from pytest_claims.records.model import COUNT, Claim

PLAIN_WORD = re.compile(r"[A-Za-z0-9]+")
NUMBER_MARK = re.compile(r"(?<=\d)[,:\u2014](?=\d)")


def plain_nearness(text: str, offset: int, left: tuple[int, int], right: tuple[int, int]) -> tuple[bool, int, int]:
    """(in another clause, words between, where ``right`` starts) for two spans of ``text`` (which starts at
    document offset ``offset``)."""
    first, second = sorted([left, right])
    gap = text[first[1] - offset:second[0] - offset] if first[1] < second[0] else ""
    marks = NUMBER_MARK.sub("", gap)
    other_clause = any(mark in marks for mark in ",;:\u2014") or " - " in gap or " \u2013 " in gap
    return other_clause, len(PLAIN_WORD.findall(gap)), right[0]


def plain_nearest(left: Claim, candidates: Iterable[Claim]) -> Optional[Claim]:
    """The candidate of ``left``'s sentence with the smallest :func:`plain_nearness`, never ``left``."""
    same = [c for c in candidates if c.sentence_key == left.sentence_key and c.key != left.key]
    return min(same, key=lambda c: plain_nearness(left.sentence, left.sentence_start, left.quantity.span,
                                                   c.quantity.span), default=None)


def plain_share_owner(share: Claim, counts: Iterable[Claim], claims: Iterable[Claim]) -> Optional[Claim]:
    """The count a ratio check pairs ``share`` with: the nearest count of its sentence, a count written with its
    total reaching through the total. The total is the next of ``claims`` in the sentence when that is a count
    and the words between begin with "of" or "out" and none is a number ("61 of 75", "32 of east Aleppo's 40")."""
    sentence = sorted({c.key: c for c in claims if c.sentence_key == share.sentence_key}.values(),
                      key=lambda c: c.quantity.span)

    def reach(count: Claim) -> tuple[int, int]:
        at = next(i for i, c in enumerate(sentence) if c.key == count.key)
        if at + 1 < len(sentence) and count.quantity.total is not None and count.kind == COUNT:
            after = sentence[at + 1]
            gap = count.sentence[count.quantity.span[1] - count.sentence_start:
                                 after.quantity.span[0] - count.sentence_start]
            words = PLAIN_WORD.findall(gap) if count.quantity.span[1] <= after.quantity.span[0] else []
            if after.kind == COUNT and words[:1] in (["of"], ["out"]) and not any(w[0].isdigit() for w in words):
                return count.quantity.span[0], after.quantity.span[1]
        return count.quantity.span

    same = [c for c in counts if c.sentence_key == share.sentence_key and c.key != share.key]
    return min(same, key=lambda c: plain_nearness(share.sentence, share.sentence_start, share.quantity.span,
                                                   reach(c)), default=None)
