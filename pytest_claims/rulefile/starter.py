"""The starter rules folder that ``pytest --claims-init [DIR]`` writes.

One commented rule per check kind (:data:`~pytest_claims.checks.CHECKS`),
each a real rule about the siege of east Aleppo in late 2016 (the subject of
the project's seed articles), so that a first run on those articles
evaluates every one of them: none selects nothing, none is vacuous (see
``tests/unit/rulefile/test_starter.py`` and the session test that runs them).
Each file starts with the line that points yaml-language-server (VS Code's
YAML extension and other editors) at the installed rule schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..records.errors import ClaimsError
from .schema import SCHEMA_PATH

#: the folder written when ``--claims-init`` names none
DEFAULT_FOLDER = "rules"

_HEADER = """\
# yaml-language-server: $schema={schema}
# A starter rule of pytest-claims (written by `pytest --claims-init`), check kind `{kind}`.
# Run every rule of this folder on your articles: pytest --claims ARTICLES/ --claims-rules {folder}
# It is a real rule about the siege of east Aleppo in 2016; edit it for your own story or delete it.
# The line above gives your editor completion and help for every key (docs: "Writing rules").
"""

_RULE_HELP = """\
# name: the test's name, shown when it fails (default: the file name).
# description: what the rule asserts and why, in plain words; printed when it fails.
"""

_SELECT_HELP = """\
# select: which claims (numbers found in the articles) the rule is about; a claim must meet every condition.
#   counts:   the noun the number counts (singular and plural alike, `neighbo*` matches any ending)
#   near:     at least one of these words or phrases is in the number's sentence (or within `window` words)
#   not_near: none of these is
#   kind:     count, share (85%, a third), measure (40 km) or duration (24 hours)
"""

_BODIES: dict[str, tuple[str, str]] = {
    "bounds": ("bounds-neighbourhoods.yaml", """\
{rule_help}name: neighbourhood-counts-within-total
description: >
  East Aleppo had 40 neighbourhoods when the offensive began. No count of
  neighbourhoods captured, held or lost can exceed that total.
{select_help}select:
  counts: [neighbourhoods, neighborhoods]
  kind: count
# check: bounds -- every selected value lies within limits.
check: bounds
# max: the highest value a claim may take ("32 of 40" is a count of 32; write a share limit as 100%).
max: 40
# min (optional): the lowest; counts are never negative, so a rule with only min: 0 could never fail.
"""),
    "trend": ("trend-trapped-population.yaml", """\
{rule_help}name: trapped-population-decreases
description: >
  The number of people trapped in besieged east Aleppo can only fall as
  government forces take districts and residents flee.
{select_help}select:
  counts: [people, civilians, residents]
  near: [trapped, squeezed, besieged, "under siege"]
  not_near: [killed, died, dead, bodies, fled, fleeing, flee]
  kind: count
# check: trend -- values move one way over time (by the date each claim holds on).
check: trend
# direction: increasing, decreasing, non-decreasing or non-increasing (the non- ones allow equal values).
direction: decreasing
# group_by (optional): source, outlet or document -- each keeps its own series.
# examples: the rule's own tests, each run as a test next to it: tiny dated articles it must pass or fail on.
examples:
  - name: later estimate is lower
    expect: pass
    documents:
      - date: 2016-11-28
        text: About 250,000 people are trapped in the besieged east of the city, the UN said.
      - date: 2016-12-09
        text: Some 100,000 civilians remain trapped as the siege tightens.
    # selects (optional): exactly these numbers, as written, are selected
    selects: ["About 250,000", "Some 100,000"]
  - name: later estimate is higher
    expect: fail
    documents:
      - date: 2016-11-28
        text: About 250,000 people are trapped in the besieged east of the city, the UN said.
      - date: 2016-12-09
        text: About 300,000 people are now squeezed into the last rebel-held districts.
"""),
    "relation": ("relation-children-killed.yaml", """\
{rule_help}name: children-killed-within-people-killed
description: >
  In a sentence that gives both, the number of children killed cannot be
  larger than the number of people killed that it is part of: "killed 81
  people, including 31 children".
{select_help}select:
  near: [killed, died, dead]
  kind: count
# check: relation -- one number against another in the same sentence.
check: relation
# left, right: selectors (combined with select) for the two sides; each left claim is compared with the
# nearest right claim of its sentence.
left:
  counts: [children]
# op: <, <=, ==, >=, > or != (quote it: a bare > starts a block of text in YAML).
op: "<="
right:
  counts: [people, civilians, persons]
"""),
    "agreement": ("agreement-trapped-population.yaml", """\
{rule_help}name: trapped-population-estimates-agree
description: >
  Estimates of the trapped population published within three days of each
  other must agree within 15%: the UN itself gave both 250,000 and 275,000
  in late November 2016, a 9% spread.
{select_help}select:
  counts: [people, civilians, residents]
  near: [trapped, squeezed, besieged, "under siege"]
  not_near: [killed, died, dead, bodies, fled, fleeing, flee]
  kind: count
# check: agreement -- claims close in time agree.
check: agreement
# within_days: claims at most this many days apart must agree (0: the same day only).
within_days: 3
# tolerance: how far apart two values may be, relative to the larger (0: their intervals must overlap).
tolerance: 15%
# group_by (optional): source, outlet or document -- compare only within each.
"""),
    "complement": ("complement-territory.yaml", """\
{rule_help}name: retaken-and-held-make-the-whole
description: >
  The part of east Aleppo that government forces retook and the part rebels
  still hold are two parts of one whole: on the same day they must be able
  to add up to 100%.
{select_help}select:
  kind: share
  counts: [area, areas, territory, city]
# check: complement -- the parts of one whole add up to it.
check: complement
# parts: two or more parts, each named, with its own selector (combined with select).
parts:
  retaken: {{near: [retaken, recaptured, control, captured, lost], not_near: [penning, penned, "still hold*", remaining]}}
  held: {{near: [penning, penned, "still hold*", remaining, "left with"]}}
# whole: what the parts add up to: 100% for shares (the default), or a count such as 40.
whole: 100%
# tolerance (optional): how far the sum may be from the whole, in the whole's units (5% is five points).
# within_days (optional): parts at most this many days apart are compared (default 0: the same day).
# group_by (optional): source, outlet or document -- compare only parts from the same one.
"""),
    "ratio": ("ratio-neighbourhoods-and-area.yaml", """\
{rule_help}name: neighbourhoods-retaken-match-area-retaken
description: >
  A count of neighbourhoods retaken out of a total ("32 of 40
  neighbourhoods", 80%) and a share of the area retaken reported the same
  day ("about 85% of the area") measure the same advance; neighbourhoods
  differ in size, so the two may differ by up to 10 points.
# No select: the count and the share have their own selectors.
# check: ratio -- a count, its total and a stated share agree.
check: ratio
# count, share: selectors for the count ("32 of 40 neighbourhoods") and for the stated share ("85%").
count: {{counts: [neighbourhoods, neighborhoods], kind: count}}
share: {{kind: share, near: [area, territory], not_near: [penning, penned, "still hold*", remaining]}}
# total (optional): the whole, a number or a selector; default: the total written with the count ("of 40").
# tolerance: how far the count's share may be from the stated share, in share points.
tolerance: 10%
# within_days (optional): count and share at most this many days apart are compared (default 0).
# group_by (optional): source, outlet or document -- compare only a count and a share from the same one.
"""),
    "expression": ("expression-one-day-toll.yaml", """\
{rule_help}name: one-day-toll-below-offensive-toll
# severity: error (the default) fails the test on a contradiction; warning passes it, prints the
# contradiction at the end of the run and raises a PytestClaimsWarning (-W error::pytest_claims.PytestClaimsWarning
# makes it fail). This rule warns on the seed articles: one outlet gave the offensive's toll as a day's toll.
severity: warning
description: >
  A toll for one day of the offensive should be below the toll since the
  offensive began, which counts that day and the days before it.
{select_help}select:
  counts: [people, civilians]
  near: [killed, died, dead]
  kind: count
# check: expression -- named claims satisfy a condition you write.
check: expression
# claims: a name for each kind of claim, with its own selector (combined with select).
claims:
  day_toll: {{near: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday, today, yesterday]}}
  offensive_toll: {{near_all: [offensive], not_near: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]}}
# expression: names, numbers, + - * / ( ), comparisons < <= == != >= > joined with `and`.
expression: day_toll < offensive_toll
# together: which claims are compared: sentence (the default), document, or day (every combination).
together: day
# within_days: with together: day, claims at most this many days apart count as one day.
within_days: 1
"""),
}


@dataclass(frozen=True)
class Starter:
    """One starter rule file: its name in the folder, its check kind and its text."""

    file: str
    kind: str
    text: str


class StarterError(ClaimsError):
    """The starter rules were not written (files in the way, a folder that cannot be written)."""


def starter_rules(folder: Path, shown: str = DEFAULT_FOLDER) -> list[Starter]:
    """The starter rule files for ``folder`` (``shown`` as the user named it), one per check kind, in the
    order of the check table."""
    schema = schema_reference(folder)
    return [Starter(file, kind, _HEADER.format(schema=schema, kind=kind, folder=shown)
                    + body.format(rule_help=_RULE_HELP, select_help=_SELECT_HELP))
            for kind, (file, body) in _BODIES.items()]


def schema_reference(folder: Path) -> str:
    """What a rule file in ``folder`` puts after ``$schema=``: the installed rule schema.

    A relative path when the schema lies in the project that holds ``folder``
    (an editable install, a virtual environment inside the project): the line
    then works wherever the project is cloned. Otherwise the schema's file URI.
    """
    folder = folder.resolve()
    if SCHEMA_PATH.is_relative_to(folder.parent):
        return Path(os.path.relpath(SCHEMA_PATH, folder)).as_posix()
    return SCHEMA_PATH.as_uri()


def write_starter(folder: Path, shown: str = DEFAULT_FOLDER) -> list[Path]:
    """Write the starter rules into ``folder`` (made if missing; ``shown`` as the user named it): all of
    them, or none when one exists."""
    starters = starter_rules(folder, shown)
    targets = [folder / starter.file for starter in starters]
    existing = [target for target in targets if target.exists()]
    if existing:
        names = ", ".join(str(target) for target in existing)
        raise StarterError(f"not overwriting {names}: move or delete {'them' if len(existing) > 1 else 'it'}, "
                           f"or give another folder (--claims-init DIR); nothing was written")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for starter, target in zip(starters, targets):
            with target.open("x", encoding="utf-8", newline="\n") as out:
                out.write(starter.text)
    except OSError as error:
        raise StarterError(f"cannot write the starter rules: {error.strerror or error}", str(folder)) from None
    return targets
