"""The few numbers a room reads first: each with its label and unit from the KPI registry, readable at a glance.

A :class:`Number` is one headline: a label ("service level within 15 min"),
the value as text ("51.7%", "23 h", "71,415 USD") and a line of detail
("87 → 93"). :func:`readable` writes a KPI value the way the projector shows
it: durations in minutes, hours or days as fits (never "1364.27 min"),
shares as percentages, money with the currency, reputation to one decimal,
all in the current language (:mod:`simlib.i18n`: "51,7 %", "71.415 USD" and
"3,2 días" in Spanish). :func:`headline_html` lays the numbers out as cards,
with notes (what happened, in words) above them. No widgets here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import BY_NAME, label
from simlib.i18n import N_, fmt, get_language, tr

MINUTES_PER_HOUR = 60.0
MINUTES_PER_DAY = 1440.0

SCENARIO_NAMES = (N_("Jeweller, luxury"), N_("Burger chain, high volume"), N_("Restaurant, fine dining"),
                  N_("Jeweller"), N_("Burger chain"), N_("Restaurant"))
"""The presets' names (``name`` in ``scenarios/*.toml``) and their first parts, marked for the catalogue."""
SHIFT_NAMES = (N_("weekday"), N_("saturday"), N_("early"), N_("late"), N_("afternoon"), N_("evening"))
"""The presets' shift names (``[staff.NAME]``), marked for the catalogue: shown translated, never used as keys."""
WHEN = (N_("before"), N_("after"), N_("change"))
"""The columns of a staffing change (:func:`simlib.dashboards.answers.side_by_side_change`), marked."""


def business_name(name: str, short: bool = True) -> str:
    """A scenario's name as a person reads it, in the current language: its first part ("Burger chain",
    "Cadena de hamburgueserías") unless ``short`` is false. A name the catalogue does not know stays as it is."""
    return tr(name.split(",")[0] if short else name)


def readable_duration(minutes: float | None) -> str:
    """Minutes as a room reads them: "45 s", "13.5 min", "2.5 h", "23 h", "3.2 days"; "n/a" when missing."""
    if minutes is None or math.isnan(minutes):
        return tr("n/a")
    if minutes < 1:
        return f"{fmt(minutes * 60, '.0f')} s"
    if minutes < 90:
        return f"{fmt(minutes, '.1f')} min"
    hours = minutes / MINUTES_PER_HOUR
    if hours < 48:
        return f"{fmt(hours, '.1f')} h" if hours < 10 else f"{fmt(hours, '.0f')} h"
    return tr("{days:.1f} days", days=minutes / MINUTES_PER_DAY)


def readable(name: str, value: float | None, currency: str = "") -> str:
    """One KPI value as the projector shows it (durations by :func:`readable_duration`, reputation to 0.1),
    in the current language."""
    kpi = BY_NAME.get(name)
    if kpi is not None and kpi.kind == "minutes":
        return readable_duration(value)
    if value is None or math.isnan(value):
        return tr("n/a")
    if kpi is not None and kpi.kind == "number":
        return fmt(value, ",.1f")
    if get_language() == "en" or kpi is None:
        return format_kpi(name, value, currency)
    if kpi.kind == "share":  # as format_kpi writes it, in the language's way: "82,1 %"
        return fmt(round(100 * value, 1) / 100 + 0.0, ".1%")
    if kpi.kind == "count":
        return fmt(round(value) + 0.0, ",.0f")
    if kpi.kind in ("money", "money_fine"):
        digits = 2 if kpi.kind == "money_fine" else 0
        return f"{fmt(round(value, digits) + 0.0, f',.{digits}f')} {currency}".rstrip()
    return format_kpi(name, value, currency)


def readable_change(name: str, change: float, currency: str = "") -> str:
    """A change of a KPI with its sign: "+23,713 USD", "−51.1 points" for shares, "+2.0" for scores."""
    kpi = BY_NAME.get(name)
    if kpi is not None and kpi.kind == "share":
        text = tr("{points:.1f} points", points=abs(100 * change))
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
        hand_in = html.escape(tr("Hand in:"))
        parts.append(f'<div class="simlib-command">{hand_in} <code>{html.escape(command)}</code></div>')
    cards = "".join(
        f'<div class="simlib-number{" simlib-" + n.tone if n.tone else ""}">'
        f'<div class="simlib-label">{html.escape(n.label)}</div>'
        f'<div class="simlib-value">{html.escape(n.text)}</div>'
        f'<div class="simlib-detail">{html.escape(n.detail)}</div></div>'
        for n in numbers)
    return "".join(parts) + f'<div class="simlib-numbers">{cards}</div>'
