"""A rule's claims as a timeline chart: inline SVG text, drawn here so the HTML report needs no script to show it.

Pure: :func:`render_timeline` takes claims of the JSON report (dicts, see docs/json-report.md) and returns
one ``<svg>`` element. x is the claim's as-of date, y its value; each claim is a vertical bar from its low
to its high end (an open end runs to the plot's edge and ends in an arrow) with a dot at the value as
written. Claims without an as-of date stand in a lane of their own at the right. The value axis turns
logarithmic when every value is positive and they spread over three orders of magnitude or more.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Optional

WIDTH, HEIGHT = 760, 280
#: the plot area inside the chart: room on the left for value labels, below for dates
LEFT, RIGHT, TOP, BOTTOM = 72, 742, 16, 236
#: the lane of claims without an as-of date, right of the dated ones
UNDATED_WIDTH = 70
#: values spread over this many times from smallest to largest get a logarithmic axis
LOG_SPREAD = 1000.0
#: how far apart claims of the same day are drawn, in pixels, and the widest such spread
NUDGE, MAX_SPREAD = 7.0, 36.0


def attr(text: object) -> str:
    """Text made safe for an attribute value or element content."""
    return escape(str(text), quote=True)


def compact(value: float) -> str:
    """A number short enough for an axis label: ``1.2M``, ``350``, ``0.25``, ``3e+15``."""
    size = abs(value)
    if size >= 1e15 or (0 < size < 1e-3):
        return f"{value:.2g}"
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e4, "k")):
        if size >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.4g}"


@dataclass(frozen=True)
class ValueAxis:
    """Values to pixels: linear, or logarithmic for a wide positive spread."""

    low: float
    high: float
    log: bool

    def y(self, value: float) -> float:
        if self.log:
            # in the log domain: 10 ** low underflows to 0 for the smallest floats
            value = max(math.log10(value), self.low) if value > 0 else self.low
        share = (value - self.low) / (self.high - self.low)
        return BOTTOM - share * (BOTTOM - TOP)

    def ticks(self) -> list[tuple[float, str]]:
        """(pixel, label) for a handful of round values on the axis."""
        if self.log:
            first, last = math.ceil(self.low), math.floor(self.high)  # whole powers of ten
            every = max(1, math.ceil((last - first + 1) / 6))
            return [(self.y(10.0 ** power), compact(10.0 ** power)) for power in range(first, last + 1, every)]
        step = _round_step((self.high - self.low) / 5)
        start = math.ceil(self.low / step)
        values = [index * step for index in range(start, start + 8) if index * step <= self.high + step * 1e-9]
        return [(self.y(value), compact(value)) for value in values]


def _round_step(raw: float) -> float:
    if not (raw > 0 and math.isfinite(raw)):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(power * factor for factor in (1.0, 2.0, 2.5, 5.0, 10.0) if power * factor >= raw)


def value_axis(claims: Sequence[Mapping[str, Any]]) -> ValueAxis:
    """The axis that shows every finite end and value of ``claims``."""
    values = [float(claim[key]) for claim in claims for key in ("low", "value", "high") if claim[key] is not None]
    values = [value for value in values if math.isfinite(value)] or [0.0]
    low, high = min(values), max(values)
    if low > 0 and high / low >= LOG_SPREAD:
        return ValueAxis(math.floor(math.log10(low)), math.ceil(math.log10(high)), log=True)
    if not (high - low) / 5 > 0:  # one value, or values so close that their spread underflows
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    else:
        pad = (high - low) * 0.08
        # counts and shares read best from zero, unless they all sit far above it
        near_zero = low >= 0 and (low - pad < 0 or low <= high / 4)
        low, high = (0.0 if near_zero else low - pad), high + pad
    return ValueAxis(low, high, log=False)


@dataclass(frozen=True)
class DateAxis:
    """As-of dates to pixels: the dated claims share the plot's width left of the undated lane."""

    first: datetime.date
    last: datetime.date
    right: float

    def x(self, day: datetime.date) -> float:
        if self.first == self.last:
            return (LEFT + self.right) / 2
        share = (day - self.first).days / (self.last - self.first).days
        return LEFT + MAX_SPREAD / 2 + share * (self.right - LEFT - MAX_SPREAD)

    def ticks(self) -> list[tuple[float, str]]:
        days = (self.last - self.first).days
        count = min(days, 5)
        picked = sorted({self.first + datetime.timedelta(days=round(days * index / count))
                         for index in range(count + 1)}) if count else [self.first]
        return [(self.x(day), day.isoformat()) for day in picked]


def render_timeline(claims: Sequence[Mapping[str, Any]], contradicting: Collection[str], label: str,
                    quote: Callable[[Mapping[str, Any]], str]) -> str:
    """The chart of ``claims`` (report claim dicts): ``contradicting`` holds the ids to highlight,
    ``label`` names the chart for screen readers, ``quote`` gives a claim's tooltip text."""
    dated = [claim for claim in claims if claim["as_of"] is not None]
    undated = [claim for claim in claims if claim["as_of"] is None]
    right = RIGHT - UNDATED_WIDTH if undated else RIGHT
    values = value_axis(claims)
    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{attr(label)}" '
             f'data-claims="{len(claims)}" data-contradicting="{sum(c["id"] in contradicting for c in claims)}">',
             f'<rect class="plot" x="{LEFT}" y="{TOP}" width="{RIGHT - LEFT}" height="{BOTTOM - TOP}"/>']
    parts += _value_ticks(values)
    if dated:
        days = [datetime.date.fromisoformat(claim["as_of"]) for claim in dated]
        dates = DateAxis(min(days), max(days), right)
        parts += _date_ticks(dates)
        for x, claim in _spread([(dates.x(day), claim) for day, claim in zip(days, dated)]):
            parts.append(_mark(claim, x, values, claim["id"] in contradicting, quote))
    if undated:
        centre = (right + RIGHT) / 2
        parts.append(f'<rect class="undated-lane" x="{right}" y="{TOP}" width="{UNDATED_WIDTH}" '
                     f'height="{BOTTOM - TOP}"/>')
        parts.append(f'<text class="axis-label" x="{centre}" y="{BOTTOM + 18}" text-anchor="middle">no date</text>')
        for x, claim in _spread([(centre, claim) for claim in undated]):
            parts.append(_mark(claim, x, values, claim["id"] in contradicting, quote))
    if not claims:
        parts.append(f'<text class="empty" x="{(LEFT + RIGHT) / 2}" y="{(TOP + BOTTOM) / 2}" '
                     f'text-anchor="middle">no claims selected</text>')
    scale = "value (log scale)" if values.log else "value"
    parts.append(f'<text class="axis-label" x="14" y="{(TOP + BOTTOM) / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {(TOP + BOTTOM) / 2})">{scale}</text>')
    parts.append(f'<text class="axis-label" x="{(LEFT + right) / 2}" y="{HEIGHT - 4}" '
                 f'text-anchor="middle">as of</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _value_ticks(axis: ValueAxis) -> list[str]:
    return [f'<line class="grid" x1="{LEFT}" x2="{RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{attr(text)}</text>'
            for y, text in axis.ticks()]


def _date_ticks(axis: DateAxis) -> list[str]:
    return [f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{BOTTOM}"/>'
            f'<text class="tick" x="{x:.1f}" y="{BOTTOM + 18}" text-anchor="middle">{day}</text>'
            for x, day in axis.ticks()]


def _spread(placed: Sequence[tuple[float, Mapping[str, Any]]]) -> list[tuple[float, Mapping[str, Any]]]:
    """Claims of the same day side by side, not on top of each other (never wider than MAX_SPREAD)."""
    groups: dict[float, list[Mapping[str, Any]]] = {}
    for x, claim in placed:
        groups.setdefault(x, []).append(claim)
    spread = []
    for x, group in groups.items():
        step = min(NUDGE, MAX_SPREAD / max(len(group) - 1, 1))
        for index, claim in enumerate(group):
            spread.append((x + (index - (len(group) - 1) / 2) * step, claim))
    return spread


def _mark(claim: Mapping[str, Any], x: float, axis: ValueAxis, contradicting: bool,
          quote: Callable[[Mapping[str, Any]], str]) -> str:
    """One claim: its interval as a bar (arrows where it is open), a dot at its value, its quote as title."""
    low: Optional[float] = claim["low"]
    high: Optional[float] = claim["high"]
    top = TOP if high is None else axis.y(high)
    bottom = BOTTOM if low is None else axis.y(low)
    kind = "claim contradicting" if contradicting else "claim"
    parts = [f'<g class="{kind}" data-claim="{attr(claim["id"])}" '
             f'data-contradicting="{"true" if contradicting else "false"}" tabindex="0">',
             f"<title>{attr(quote(claim))}</title>"]
    if bottom - top > 0.5:
        parts.append(f'<line class="interval" x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{bottom:.1f}"/>')
    if high is None:
        parts.append(f'<path class="open-end" d="M{x - 4:.1f},{TOP + 7} L{x:.1f},{TOP} L{x + 4:.1f},{TOP + 7} Z"/>')
    if low is None:
        parts.append(f'<path class="open-end" d="M{x - 4:.1f},{BOTTOM - 7} L{x:.1f},{BOTTOM} '
                     f'L{x + 4:.1f},{BOTTOM - 7} Z"/>')
    parts.append(f'<circle class="value" cx="{x:.1f}" cy="{axis.y(claim["value"]):.1f}" '
                 f'r="{5 if contradicting else 3.5}"/>')
    parts.append("</g>")
    return "".join(parts)
