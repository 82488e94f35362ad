"""The one table of number scales: the words and abbreviations that multiply a number.

Spelled-out numbers ("two million"), extraction ("2.5bn", "some 2 million"),
the grammar of vague amounts ("hundreds") and numbers in rule files ("1.5
million") all read scales from here.
"""

from __future__ import annotations

#: scale words and what they multiply by
SCALE_WORDS: dict[str, int] = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
                               "trillion": 10**12}
#: scales as news abbreviates them after a number ("10k", "3 mln", "2.5bn", "4MM"), lower case
SCALE_ABBREVIATIONS: dict[str, int] = {"k": 10**3, "m": 10**6, "mm": 10**6, "mil": 10**6, "mn": 10**6,
                                       "mln": 10**6, "bn": 10**9, "bln": 10**9, "b": 10**9,
                                       "tn": 10**12, "tln": 10**12,
                                       "t": 10**12}  # only an upper-case "T" after a currency: "$2.174T"
#: the South Asian scales news from India and Pakistan writes ("Rs 35 lakh", "2 crore")
SOUTH_ASIAN_SCALES: dict[str, int] = {"lakh": 10**5, "crore": 10**7}
SCALES: dict[str, int] = {**SCALE_WORDS, **SCALE_ABBREVIATIONS, **SOUTH_ASIAN_SCALES}
