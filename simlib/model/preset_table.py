"""The table of the three business presets in ``docs/scenario-files.md``, written from the preset files.

``python -m simlib.model.preset_table`` prints it; a test checks that the
reference shows exactly this table, so a preset that changes cannot leave
the page behind.
"""

from __future__ import annotations

import math

import numpy as np

from simlib.model.business import (
    ConversionCurve,
    ExponentialCurve,
    LogisticCurve,
    PowerCurve,
    StepCurve,
)
from simlib.model.distributions import Distribution
from simlib.model.parts import DAYS, Shift
from simlib.model.presets import load_preset
from simlib.model.scenario import Scenario

PRESETS = {"luxury": "jeweller", "restaurant": "fine dining", "high_volume": "burger chain"}
"""The presets with a ``[business]`` section the reference compares, and what each is."""


def percent(share: float) -> str:
    """``0.33`` as ``33%``, ``0.116`` as ``11.6%``."""
    return f"{100 * share:.3g}%"


def duration(minutes: float) -> str:
    """Minutes as ``2.4 min`` below an hour, else hours (``12 h``, ``2.5 h``)."""
    if minutes < 60:
        return f"{minutes:.2g} min"
    return f"{minutes / 60:.2g} h" if minutes < 600 else f"{minutes / 60:.0f} h"


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def median(distribution: Distribution) -> float:
    return float(distribution.quantile(np.array([0.5]))[0])


def share_below(distribution: Distribution, minutes: float) -> float:
    """P(a draw < ``minutes``), by bisection on the quantile function."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if distribution.quantile(np.array([middle]))[0] < minutes else (low, middle)
    return low


def halves_at(curve: ConversionCurve) -> float:
    """Minutes after which the curve has fallen to half its value at once (by bisection)."""
    low, high = 0.0, 1e7
    if curve.engaged(high) > 0.5:
        return math.inf
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if curve.engaged(middle) > 0.5 else (low, middle)
    return high


def shape(curve: ConversionCurve) -> str:
    """The curve's shape as a formula in ``t`` (minutes), its slow share included."""
    if isinstance(curve, ExponentialCurve):
        text = f"2^(-t/{curve.half_life_minutes:g})"
    elif isinstance(curve, PowerCurve):
        text = f"(1 + t/{curve.scale_minutes:g})^-{curve.exponent:g}"
    elif isinstance(curve, LogisticCurve):
        m, s = curve.midpoint_minutes, curve.steepness_minutes
        text = f"(1 + e^-{m / s:g}) / (1 + e^((t - {m:g})/{s:g}))"
    else:
        assert isinstance(curve, StepCurve)
        text = f"1 until {curve.within_minutes:g}, then {curve.after / curve.at_once:.3g}"
    if not curve.slow_share:
        return text
    slow = "" if curve.slow_half_life_minutes is None else f" × 2^(-t/{curve.slow_half_life_minutes:g})"
    return f"{1 - curve.slow_share:.3g} × {text} + {curve.slow_share:.3g}{slow}"


def days_text(days: list[str]) -> str:
    """``["mon", ..., "fri"]`` as ``Mon–Fri``; all seven as ``every day``."""
    if len(days) == 7:
        return "every day"
    picked = sorted(DAYS.index(d) for d in days)
    runs: list[list[int]] = []
    for day in picked:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    names = [day.capitalize() for day in DAYS]
    return ", ".join(names[r[0]] if len(r) == 1 else f"{names[r[0]]}–{names[r[-1]]}" for r in runs)


def clock(hour: float) -> str:
    """``8.5`` as ``08:30``; ``24`` as ``24:00``, a later hour on the next day (``26`` as ``02:00``)."""
    hour = hour if hour == 24 else hour % 24
    return f"{int(hour):02d}:{round(hour % 1 * 60):02d}"


def staff_text(shifts: dict[str, Shift]) -> str:
    return "; ".join(f"{s.count} {days_text(list(s.days))} {clock(s.start_hour)}–{clock(s.end_hour)}"
                     for s in shifts.values())


def by_share(shares: dict[str, float]) -> str:
    ordered = sorted(shares.items(), key=lambda item: -item[1])
    return ", ".join(f"{name} {percent(share)}" for name, share in ordered if share > 0)


def patience_text(scenario: Scenario, groups: dict[str, list[str]]) -> str:
    """Median patience and the share who give up within a day, per group of channels with the same patience."""
    texts = []
    for names in groups.values():
        d = scenario.channels[names[0]].patience
        prefix = "" if len(groups) == 1 else f"{', '.join(names)}: "
        texts.append(f"{prefix}{duration(median(d))}; {percent(share_below(d, 1440))}")
    return "; ".join(texts) or "nobody gives up"


def column(scenario: Scenario) -> dict[str, str]:
    """One preset's column of the table, by row label."""
    business = scenario.business
    assert business is not None
    cur = business.currency
    channels, reputation, audience = scenario.channels, business.reputation, business.audience
    patience: dict[str, list[str]] = {}  # channels by patience
    for name, channel in channels.items():
        if channel.patience is not None:
            patience.setdefault(channel.patience.model_dump_json(), []).append(name)
    weekly = scenario.arrivals.per_hour * scenario.arrivals.profile().sum() / 2  # 30-minute intervals
    ticket = business.ticket
    spread = f", cv {ticket.cv:g}" if hasattr(ticket, "cv") else ""
    premium = business.reply_premium
    conversion = business.conversion
    return {
        "followers": f"{audience.followers:,}",
        "questions a week (before feedback)": f"~{round(weekly, -2 if weekly >= 1000 else 0):,.0f}",
        "channels (share)": by_share({name: c.share for name, c in channels.items()}),
        "mean handling": ", ".join(f"{name} {duration(c.handling.mean)}" for name, c in channels.items()),
        "patience: median; gives up within 24 h": patience_text(scenario, patience),
        "staff": staff_text(scenario.staff),
        "service target": duration(scenario.service.target_minutes),
        "pre-sale share": percent(business.pre_sale_share),
        "ticket": f"{ticket.dist}, mean {money(ticket.mean, cur)}{spread}, median {money(median(ticket), cur)}",
        "engaged after t min (`conversion`)": f"`{shape(conversion)}`",
        "engagement halves at": duration(halves_at(conversion)) if halves_at(conversion) < math.inf else "never",
        "engaged lead buys (`at_once`)": percent(conversion.at_once),
        "buys without a reply / switches if ignored": (
            f"{percent(business.buy_without_reply)} / {percent(business.switch_if_ignored)}"),
        "reply premium (share of the ticket)": "none" if premium is None else (
            f"`{premium.at_once:g} × ({shape(premium)})`" if premium.slow_share else
            f"`{premium.at_once:g} × {shape(premium)}`"),
        "lead sources": by_share(business.sources.share),
        "repeat if answered / ignored": (
            f"{percent(business.after_sale.repeat_if_answered)} / {percent(business.after_sale.repeat_if_ignored)}"),
        "complaint if ignored / disappointed": (
            f"{percent(reputation.complaint_if_ignored)} / {percent(reputation.complaint_if_disappointed)}"),
        "points per complaint / praise": f"{reputation.points_per_complaint:g} / {reputation.points_per_praise:g}",
        "baseline / crisis below / recovery": (
            f"{reputation.baseline:g} / {reputation.crisis_below:g} / {reputation.recovery_days:g} days"),
        "a critic's anger fades after (mean)": "never" if audience.critic_days is None else f"{audience.critic_days:g} days",
        "staff cost per hour": money(business.staff_cost_per_hour, cur),
    }


def preset_table() -> str:
    """The Markdown table comparing the business presets, one column each, as the reference shows it."""
    columns = {name: column(load_preset(name)) for name in PRESETS}
    header = "| | " + " | ".join(f"`{name}.toml` ({what})" for name, what in PRESETS.items()) + " |"
    lines = [header, "|---" * (len(PRESETS) + 1) + "|"]
    for label in next(iter(columns.values())):
        lines.append(f"| {label} | " + " | ".join(c[label] for c in columns.values()) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(preset_table(), end="")
