"""The few numbers a room reads first: each with its label and unit from the KPI registry, readable at a glance.

A :class:`Number` is one headline: a label ("service level within 15 min"),
the value as text ("51.7%", "23 h", "71,415 USD") and a line of detail
("87 → 93"). :func:`readable` writes a KPI value the way the projector shows
it: durations in minutes, hours or days as fits (never "1364.27 min"),
shares as percentages, money with the currency, reputation to one decimal.
:func:`headline_html` lays the numbers out as cards, with notes (what
happened, in words) above them. No widgets here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import BY_NAME, label

MINUTES_PER_HOUR = 60.0
MINUTES_PER_DAY = 1440.0


def readable_duration(minutes: float | None) -> str:
    """Minutes as a room reads them: "45 s", "13.5 min", "2.5 h", "23 h", "3.2 days"; "n/a" when missing."""
    if minutes is None or math.isnan(minutes):
        return "n/a"
    if minutes < 1:
        return f"{minutes * 60:.0f} s"
    if minutes < 90:
        return f"{minutes:.1f} min"
    hours = minutes / MINUTES_PER_HOUR
    if hours < 48:
        return f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"
    return f"{minutes / MINUTES_PER_DAY:.1f} days"


def readable(name: str, value: float | None, currency: str = "") -> str:
    """One KPI value as the projector shows it (durations by :func:`readable_duration`, reputation to 0.1)."""
    kpi = BY_NAME.get(name)
    if kpi is not None and kpi.kind == "minutes":
        return readable_duration(value)
    if kpi is not None and kpi.kind == "number" and value is not None and not math.isnan(value):
        return f"{value:,.1f}"
    return format_kpi(name, value, currency)


def readable_change(name: str, change: float, currency: str = "") -> str:
    """A change of a KPI with its sign: "+23,713 USD", "−51.1 points" for shares, "+2.0" for scores."""
    kpi = BY_NAME.get(name)
    if kpi is not None and kpi.kind == "share":
        text = f"{abs(100 * change):.1f} points"
    elif kpi is not None and kpi.kind == "minutes":
        text = readable_duration(abs(change))
    else:
        text = readable(name, abs(change), currency)
    sign = "+" if round(change, 6) > 0 else "−" if round(change, 6) < 0 else "±"
    return f"{sign}{text}"


@dataclass(frozen=True)
class Number:
    """One headline number.

    Attributes
    ----------
    label
        What it is, in words, with its condition ("service level within 15 min").
    text
        The value as text ("51.7%").
    detail
        One short line under it ("before: 87.0"), or "".
    tone
        ``"good"``, ``"bad"`` or ``""``: colours the value.
    """

    label: str
    text: str
    detail: str = ""
    tone: str = ""


def kpi_number(name: str, value: float, currency: str = "", detail: str = "", title: str | None = None) -> Number:
    """A :class:`Number` for a KPI: its registry label (or ``title``) and its value by :func:`readable`."""
    return Number(title or label(name), readable(name, value, currency), detail)


def headline_html(numbers: Sequence[Number], notes: Sequence[str] = (), command: str = "") -> str:
    """The numbers as a row of cards (class ``simlib-numbers``); notes (class ``simlib-note``) and a command
    to copy (class ``simlib-command``) above them."""
    parts = [f'<div class="simlib-note">{html.escape(note)}</div>' for note in notes]
    if command:
        parts.append(f'<div class="simlib-command">Hand in: <code>{html.escape(command)}</code></div>')
    cards = "".join(
        f'<div class="simlib-number{" simlib-" + n.tone if n.tone else ""}">'
        f'<div class="simlib-label">{html.escape(n.label)}</div>'
        f'<div class="simlib-value">{html.escape(n.text)}</div>'
        f'<div class="simlib-detail">{html.escape(n.detail)}</div></div>'
        for n in numbers)
    return "".join(parts) + f'<div class="simlib-numbers">{cards}</div>'
