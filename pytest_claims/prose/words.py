"""Word tables and normalization shared by documents, extraction, claims and selectors."""

from __future__ import annotations

from functools import lru_cache

# Words news uses as collective plurals, and plurals that are their own singular.
_SAME = frozenset({"people", "police", "personnel", "staff", "troops", "news", "series", "species",
                   "aircraft", "militia", "data", "metadata", "media", "crossroads", "headquarters", "corps",
                   "diabetes", "siemens", "proceedings"})


# Singular nouns that end like plurals ("bus", "crisis", "gas").
_SINGULAR_ENDINGS = ("ss", "us", "is")
_SINGULAR_IN_S = frozenset({"gas", "atlas", "alias", "bias", "canvas", "chaos", "lens", "yes", "has", "was",
                            "its"})

# Plurals no ending rule reads, and the nouns whose plural ends like another rule's.
_IRREGULAR = {"children": "child", "feet": "foot", "teeth": "tooth", "geese": "goose", "mice": "mouse",
              "lice": "louse", "oxen": "ox", "dice": "die", "criteria": "criterion", "phenomena": "phenomenon",
              "corpora": "corpus", "genera": "genus", "opera": "opus", "alumni": "alumnus", "stimuli": "stimulus",
              "nuclei": "nucleus", "bacteria": "bacterium", "axes": "axe", "annexes": "annexe", "crises": "crisis",
              "analyses": "analysis", "theses": "thesis", "oases": "oasis", "diagnoses": "diagnosis",
              "prognoses": "prognosis", "hypotheses": "hypothesis", "parentheses": "parenthesis",
              "syntheses": "synthesis", "emphases": "emphasis", "synopses": "synopsis", "quizzes": "quiz",
              "monies": "money", "lives": "life", "elves": "elf", "errata": "erratum", "strata": "stratum"}
# "-ves" plurals of "-f"/"-fe" nouns, also as the end of a compound ("housewives", "bookshelves")
_F_PLURALS = {"knives": "knife", "wives": "wife", "wolves": "wolf", "leaves": "leaf", "halves": "half",
              "shelves": "shelf", "thieves": "thief", "loaves": "loaf", "calves": "calf", "scarves": "scarf",
              "hooves": "hoof", "selves": "self", "sheaves": "sheaf"}
_MEN_SINGULARS = frozenset({"abdomen", "specimen", "omen", "amen", "semen", "regimen", "stamen", "hymen", "acumen",
                            "albumen", "lumen", "rumen", "gravamen", "yemen"})
_IE_NOUNS = frozenset("""sortie movie pie tie cookie calorie rookie zombie lie die goalie hippie prairie brownie
    auntie collie genie necktie smoothie selfie hoodie junkie newbie freebie budgie birdie caddie reverie coterie
    lingerie menagerie magpie nightie oldie pixie quickie sweetie veggie yuppie boogie beanie groupie roadie
    toughie""".split())
_CHE_NOUNS = frozenset("niche cache avalanche psyche quiche microfiche creche pastiche cloche fiche".split())
_OE_NOUNS = frozenset("shoe canoe toe foe hoe oboe floe sloe throe woe tiptoe mistletoe horseshoe snowshoe roe doe"
                      .split())
_US_NOUNS = frozenset("""bus virus bonus campus census sinus fetus foetus status apparatus cactus circus octopus
    prospectus consensus genius nexus surplus thesaurus walrus abacus chorus citrus focus fungus hiatus impetus
    lotus minibus omnibus onus radius stylus syllabus terminus uterus""".split())


def _singular_word(word: str) -> str:
    """The singular of one lower-case word that ends like a plural."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("men") and word not in _MEN_SINGULARS:
        return word[:-3] + "man"  # "gunmen", "women"
    if word.endswith("ves"):
        return next((word[:-len(plural)] + one for plural, one in _F_PLURALS.items() if word.endswith(plural)),
                    word[:-1])
    if not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-1] if word[:-1] in _IE_NOUNS else word[:-3] + "y"
    if word.endswith("es"):
        stem = word[:-2]
        if stem.endswith(("ss", "x", "zz", "sh")) or stem in _SINGULAR_IN_S or stem in _US_NOUNS:
            return stem  # "passes", "boxes", "buzzes", "dishes", "gases", "buses"
        if stem.endswith("ch"):
            return word[:-1] if stem.endswith("ache") or word[:-1] in _CHE_NOUNS else stem
        if stem.endswith("o"):
            return word[:-1] if word[:-1] in _OE_NOUNS else stem  # "heroes", but "shoes"
    return word[:-1]


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})


def normalize_word(text: str) -> str:
    """Lower case, straight apostrophes: the form tokens and selector words compare in."""
    return text.translate(_APOSTROPHES).lower()


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """Lower-case singular form: "Neighbourhoods" -> "neighbourhood", "children" -> "child".

    "people" stays "people" (it is how counts of persons are written). English ending rules and
    a few tables, no dictionary: they agree with inflect's ``singular_noun`` on every word that
    extraction, claims and the rules of the tests and docs ask about (tests/unit/prose/test_words.py),
    differing on purpose where inflect is wrong ("yemen" -> "yeman", "dies" -> "dy") or reads a
    pronoun ("they" -> "it"). So nothing here imports inflect (its import costs seconds).
    """
    lowered = normalize_word(word)
    if lowered in ("person", "persons"):
        return "people"  # counts of persons are counts of people
    if lowered in _SAME or len(lowered) < 3 or lowered in _SINGULAR_IN_S or lowered.endswith(_SINGULAR_ENDINGS):
        return lowered
    # a phrase ("metric tons", "to 10 feet") is singular in its last word
    head, space, last = lowered.rpartition(" ")
    if space and (last in _SAME or len(last) < 3 or last in _SINGULAR_IN_S or last.endswith(_SINGULAR_ENDINGS)):
        return lowered
    return head + space + _singular_word(last)


#: month names and their abbreviations, lower case, with their numbers
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: a regex alternation of the month names, capitalized ("may" is a verb), longest
#: first so "Sept" is not read as "Sep" followed by junk
MONTH_PATTERN = "|".join(sorted((month.capitalize() for month in MONTHS), key=len, reverse=True))


def plural(count: int, noun: str, plural_form: str = "") -> str:
    """``1 claim``, ``2 claims``; ``plural_form`` for irregular nouns (``quantities``)."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural_form or noun + 's'}"
