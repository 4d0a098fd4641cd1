"""The fitted scenario as a TOML file in which every fitted value says how it was estimated.

Each value carries a comment: the method, and how many messages it rests
on (the style of ``simlib/model/scenarios/*.toml``). :func:`scenario_text`
also returns the same explanations per dotted field (the provenance).
"""

from __future__ import annotations

import json
import math
import re

from simlib.fit.arrivals import DAY_NAMES, Profile
from simlib.fit.export import Messages
from simlib.fit.handling import HandlingFit, Share
from simlib.fit.patience import PatienceFit
from simlib.i18n import fmt, tr

DAY_TITLES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def number(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` significant digits, as a TOML float (``2.0``, ``0.0417``)."""
    if value == 0:
        return "0.0"
    rounded = round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))
    return repr(float(rounded))


def key(name: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise (``"Facebook Messenger"``)."""
    return name if BARE_KEY.match(name) else json.dumps(name)


def inline(table: dict[str, float | str]) -> str:
    parts = [f'{k} = {json.dumps(v) if isinstance(v, str) else number(v)}' for k, v in table.items()]
    return "{ " + ", ".join(parts) + " }"


def rounded_shares(mix: list[Share]) -> list[float]:
    """Shares to 4 decimals that sum to 1 (the largest channel takes the rounding)."""
    shares = [round(s.share, 4) for s in mix]
    largest = max(range(len(mix)), key=lambda i: mix[i].share)
    shares[largest] = round(1.0 - sum(s for i, s in enumerate(shares) if i != largest), 4)
    return shares


def handling_note(fit: HandlingFit) -> str:
    if fit.default:
        return ("DEFAULT, not measured: the export has no close times for this channel, so this is a teaching "
                "assumption; measure yours")
    tried = ", ".join(sorted(fit.aic))
    return (f"{fit.dist} (lowest AIC by maximum likelihood of {tried}); mean and cv of {fit.times:,} reply-to-close "
            f"times (mean 95% CI {fit.mean_ci[0]:.3g}-{fit.mean_ci[1]:.3g} min, cv {fit.cv_ci[0]:.2g}-"
            f"{fit.cv_ci[1]:.2g})")


def patience_note(fit: PatienceFit, gave_up_column: bool) -> str:
    """How a channel's patience was estimated, in the reader's language (:mod:`simlib.i18n`)."""
    counted = tr("{gave_up:,} gave up (events), {answered:,} answered first (censored at their wait), {open:,} open "
                 "at the end (censored)", gave_up=fit.gave_up, answered=fit.answered, open=fit.open)
    if fit.dist is None:
        why = (tr("the export has no gave_up column, so every wait is only a lower bound") if not gave_up_column else
               tr("nobody in this channel gave up in the export") if not fit.gave_up else
               tr("no distribution fitted these give-ups (the fit did not converge)"))
        return tr("not estimated: {why} ({counted}); left out = customers never give up", why=why, counted=counted)
    tried = " vs ".join(f"{k} {fmt(v, ',.1f')}" for k, v in fit.aic.items())
    return tr("censored data: {counted}; {dist} fit with censoring by maximum likelihood (lifelines, AIC {tried}); "
              "mean 95% CI {low:.3g}-{high:.3g} min", counted=counted, dist=fit.dist, tried=tried,
              low=fit.mean_ci[0], high=fit.mean_ci[1])


def scenario_text(*, name: str, messages: Messages, profile: Profile, mix: list[Share],
                  handling: dict[str, HandlingFit], patience: dict[str, PatienceFit], abandonment: str,
                  abandonment_note: str, target_minutes: float, staff: dict[str, dict], staff_note: str,
                  warnings: list[str]) -> tuple[str, dict[str, str]]:
    """The scenario file's text and ``{dotted field: how it was estimated}``."""
    provenance: dict[str, str] = {}
    lines = [f"# Fitted by simlib fit from {messages.source}: {profile.messages:,} messages over {messages.days} "
             f"days ({messages.weeks:.1f} weeks,",
             f"# {messages.start:%Y-%m-%d} to {messages.end:%Y-%m-%d}, clock times in {messages.time_zone}).",
             "# Times are in minutes unless a name says hours or days; minute 0 is Monday 00:00.",
             "# The fit report (simlib fit --report) shows the uncertainty of every value. Check before planning:"]
    lines += [f"# - {w}" for w in warnings] or ["# - no warnings"]
    description = (f"Fitted from {profile.messages:,} messages of {messages.days} days "
                   f"({messages.start:%Y-%m-%d} to {messages.end:%Y-%m-%d}).")
    lines += [f"name = {json.dumps(name)}", f"description = {json.dumps(description)}", "", "[arrivals]"]
    note = (f"{profile.messages:,} messages / {profile.days * 24:,} hours (the export's whole days); 95% CI "
            f"{profile.per_hour_ci[0]:.4g}-{profile.per_hour_ci[1]:.4g}")
    provenance["arrivals.per_hour"] = note
    lines += [f"# per_hour: {note}", f"per_hour = {number(profile.per_hour)}"]
    note = ("one list per day, Monday first, of 48 factors for the 30-minute intervals from 00:00: messages in the "
            "interval / (per_hour x 0.5 h x times the export covers it); exact Poisson 95% CIs in the fit report "
            f"(median half-width +-{profile.median_half_width:.0%})")
    provenance["arrivals.interval_factor"] = note
    lines += [f"# interval_factor: {note}", "interval_factor = ["]
    table = profile.table
    for day, factors in zip(DAY_NAMES, profile.factors()):
        rows = table[table["day"] == day]
        lines.append(f"  # {day}: {int(rows['messages'].sum()):,} messages on {int(rows['occurrences'].iloc[0])} "
                     f"{DAY_TITLES[DAY_NAMES.index(day)]}s")
        for part in range(0, 48, 12):
            values = ", ".join(f"{f:.3f}" for f in factors[part:part + 12])
            lines.append(f"  {'[' if part == 0 else ' '}{values}{'],' if part == 36 else ','}"
                         f"   # {part // 2:02d}-{part // 2 + 6:02d} h")
    lines += ["]", ""]
    for share, value in zip(mix, rounded_shares(mix)):
        channel = share.channel
        field = f"channels.{channel}"
        lines.append(f"[channels.{key(channel)}]")
        note = (f"{share.messages:,} of {share.total:,} messages (95% Wilson CI {share.ci[0]:.3f}-"
                f"{share.ci[1]:.3f})")
        provenance[f"{field}.share"] = note
        lines += [f"# share: {note}", f"share = {value!r}"]
        note = handling_note(handling[channel])
        provenance[f"{field}.handling"] = note
        lines += [f"# handling (minutes): {note}", f"handling = {inline(handling[channel].distribution())}"]
        fit = patience[channel]
        note = patience_note(fit, messages.has["gave_up"])
        provenance[f"{field}.patience"] = note
        lines.append(f"# patience (minutes): {note}")
        if fit.distribution() is not None:
            lines.append(f"patience = {inline(fit.distribution())}")
        lines.append("")
    for shift, fields in staff.items():
        lines += [f"[staff.{key(shift)}]", f"# {staff_note}"]
        provenance[f"staff.{shift}"] = staff_note
        for field, value in fields.items():
            lines.append(f"{field} = {json.dumps(value) if not isinstance(value, float) else number(value, 6)}")
        lines.append("")
    provenance["service.abandonment"] = abandonment_note
    lines += ["[service]", f"# abandonment: {abandonment_note}", f"abandonment = {json.dumps(abandonment)}",
              "# target_minutes: the service-level target (not in the export; given to simlib fit)",
              f"target_minutes = {number(target_minutes, 6)}", "",
              "[run]", "days = 7.0                 # one week from Monday 00:00; raise for steadier figures",
              "seed = 1", ""]
    return "\n".join(lines), provenance
