"""``group_by``: splitting a rule's claims by source, outlet or document before its check runs.

Each part is checked on its own, so two monitors each keep their own series.
Source names are compared loosely (case, a leading "the", a possessive 's)
and a short name that lies inside one longer name joins it ("AFAD" and
"Turkey's disaster agency AFAD").
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional, Sequence

from ..records.model import Claim


def group_key(claim: Claim, by: str) -> Optional[str]:
    """What ``group_by: by`` files the claim under; None when the claim has no source (outlet)."""
    if by == "document":
        return claim.path
    name = claim.source if by == "source" else claim.outlet
    if not name or not name.strip():
        return None
    words = name.replace("\u2019", "'").casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(word[:-2] if word.endswith("'s") else word for word in words) or None


def merge_source_keys(keys: Iterable[str]) -> dict[str, str]:
    """Each source key's group: a name inside one longer name joins it.

    News copy names an agency in full once and briefly after: "Turkey's
    disaster agency AFAD", then "AFAD"; "Syria's health ministry", then "the
    health ministry". A key whose words appear, in order and together, in a
    longer key joins that key's group. A key found in two unrelated longer
    keys ("ministry" in "health ministry" and "defence ministry") is
    ambiguous and stays on its own.
    """
    ordered = sorted(set(keys), key=lambda key: (-len(key.split()), key))
    words = {key: key.split() for key in ordered}
    parent = {key: key for key in ordered}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for key in ordered:
        containers = [other for other in ordered if other != key and len(words[other]) > len(words[key])
                      and _contains(words[other], words[key])]
        tops = {root(container) for container in containers}
        if len(tops) == 1:
            parent[root(key)] = tops.pop()
    return {key: root(key) for key in ordered}


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    size = len(shorter)
    return any(list(longer[i:i + size]) == list(shorter) for i in range(len(longer) - size + 1))


def group_label(claim: Claim, by: str) -> str:
    """How a group is named in messages: the source, outlet or document as written."""
    if by == "document":
        return claim.document
    return (claim.source if by == "source" else claim.outlet) or ""


def partition(groups: Mapping[str, Sequence[Claim]], by: str
              ) -> tuple[list[tuple[str, dict[str, tuple[Claim, ...]]]], int]:
    """The claim groups split by source (outlet, document), and how many claims had none.

    Source names merge when one lies inside another ("AFAD" and "Turkey's
    disaster agency AFAD", see :func:`merge_source_keys`). A part lacking
    claims for one of the check's groups is left out: there is nothing in it
    to compare.
    """
    keyed: list[tuple[str, str, Claim]] = []
    skipped = 0
    for group, claims in groups.items():
        for claim in claims:
            key = group_key(claim, by)
            if key is None:
                skipped += 1
            else:
                keyed.append((key, group, claim))
    merged = merge_source_keys(key for key, _, _ in keyed) if by == "source" else {}
    parts: dict[str, dict[str, list[Claim]]] = {}
    names: dict[str, list[str]] = {}
    for key, group, claim in keyed:
        canonical = merged.get(key, key)
        parts.setdefault(canonical, {name: [] for name in groups})[group].append(claim)
        label = group_label(claim, by)
        if label not in names.setdefault(canonical, []):
            names[canonical].append(label)
    complete = [(_label(names[key]), {name: tuple(claims) for name, claims in part.items()})
                for key, part in parts.items() if all(part.values())]
    return complete, skipped


def _label(names: Sequence[str]) -> str:
    """``'AFAD'``, or ``'AFAD' (also 'Turkey's disaster agency AFAD')`` for merged names."""
    shortest = min(names, key=len)
    others = [name for name in names if name != shortest]
    return f"'{shortest}'" + (f" (also {', '.join(repr(name) for name in others)})" if others else "")
