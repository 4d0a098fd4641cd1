"""Helpers for notebook 01, *The open door*: a shop whose social inbox is closed at the weekend.

The shop is ``scenarios/shop_weekdays.toml``: two people answer Monday to
Friday, 09:00-17:00. Here you can give it a weekend shift, change the head
count and move the working hours, and measure what the customers who knock
while nobody is there live through.

- :func:`shop_scenario` builds the shop with your cover.
- :func:`weekend_questions` and :func:`door_report`: what happens to the
  questions that arrive on Saturday and Sunday.
- :func:`wait_by_day` and :func:`plot_wait_by_day`: how long a question waits
  for a reply, by the day it was sent.
- :func:`draw_doors` and :func:`doors_explorer`: the notebook's explorer.

Times in minutes (figures in hours, as labelled); minute 0 is Monday 00:00.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simlib.dashboards.explorer import Explorer
from simlib.figures import plot_inbox_length
from simlib.i18n import N_, get_language, tr
from simlib.model.calendar import MINUTES_PER_DAY, MINUTES_PER_HOUR
from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

__all__ = [
    "COVER_DAYS",
    "SHIFT_HOURS",
    "WEEKDAYS",
    "door_report",
    "door_table",
    "doors_explorer",
    "draw_doors",
    "plot_wait_by_day",
    "shop_scenario",
    "wait_by_day",
    "weekend_questions",
]

SHOP = "shop_weekdays"
"""The preset of notebook 01."""
SHOP_DESCRIPTION = N_("A small independent shop: comments, direct messages and reviews; two people answer Monday to "
                      "Friday, 9:00 to 17:00.")
"""The preset's description (``scenarios/shop_weekdays.toml``), marked for translation (a test checks they agree)."""
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
COVER_DAYS = {N_("none"): [], N_("Saturday"): ["sat"], N_("Saturday and Sunday"): ["sat", "sun"]}
"""Weekend cover choices: the days a weekend shift works."""
SHIFT_HOURS = {N_("09:00-17:00 (office hours)"): (9.0, 17.0),
               N_("13:00-21:00 (afternoon and evening)"): (13.0, 21.0)}
"""Working-hour choices (start hour, end hour) for every shift of the shop."""
MONDAY_OPENING_MINUTE = 9 * MINUTES_PER_HOUR
"""Monday 09:00, in minutes from Monday 00:00: when the shop's week starts."""
EXPLORER_Y_MAX = 220
"""Questions: the explorer keeps this y-axis for every choice, so figures compare at a glance."""
DAYS_SIMULATED = 15
"""Two weeks and the Monday after, so both weekends' questions meet Monday morning."""


def shop_scenario(cover: str = "none", weekend_people: int = 1, weekday_people: int = 2,
                  hours: tuple[float, float] = (9.0, 17.0), days: float = DAYS_SIMULATED) -> Scenario:
    """The weekday-only shop with a weekend shift, a head count and working hours of your choice.

    Parameters
    ----------
    cover
        A key of :data:`COVER_DAYS`: ``"none"`` (the preset), ``"Saturday"``
        or ``"Saturday and Sunday"``.
    weekend_people
        Community managers on the weekend shift (>= 0; ignored without cover).
    weekday_people
        Community managers Monday to Friday (>= 0; the preset has 2).
    hours
        Start and end hour of every shift (the preset: 9 to 17).
    days
        Days to simulate from Monday 00:00 (default 15: two weeks and a Monday).

    Returns
    -------
    Scenario
        The shop, validated; same seed as the preset, so every choice meets
        the same customers (common random numbers).
    """
    if cover not in COVER_DAYS:
        raise ValueError(f"cover = {cover!r}: choose one of {', '.join(map(repr, COVER_DAYS))}")
    start, end = hours
    overrides: dict = {"run.days": days, "staff.weekday.count": weekday_people,
                       "staff.weekday.start_hour": start, "staff.weekday.end_hour": end}
    if COVER_DAYS[cover]:
        overrides["staff.weekend"] = {"count": weekend_people, "start_hour": start, "end_hour": end,
                                      "days": COVER_DAYS[cover]}
    if get_language() != "en":
        overrides["description"] = tr(SHOP_DESCRIPTION)
    return load_preset(SHOP, overrides)


def _day_of_week(minutes: pd.Series | np.ndarray) -> np.ndarray:
    """0 = Monday ... 6 = Sunday, for minutes from Monday 00:00."""
    return (np.asarray(minutes, dtype=float) // MINUTES_PER_DAY).astype(int) % 7


def weekend_questions(result: SimulationResult) -> pd.DataFrame:
    """The questions that arrived on a Saturday or Sunday, and how each one went.

    Parameters
    ----------
    result
        A run of the shop (any scenario works: weekends are days 5 and 6 of
        each week).

    Returns
    -------
    DataFrame
        One row per weekend question with ``day`` (``"Sat"``/``"Sun"``),
        ``channel``, ``arrival`` (minutes), ``monday`` (the following Monday
        09:00, minutes), ``first_response_hours`` (``inf`` if never
        answered), ``no_reply_by_monday`` (no reply had started by that
        Monday 09:00; NaN if the run ends before it), ``can_give_up`` (the
        channel has a patience: reviews do not) and ``gave_up`` (the customer
        had given up before the reply started).
    """
    records = result.records
    day = _day_of_week(records["arrival"])
    weekend = records[day >= 5]
    week = (weekend["arrival"].to_numpy() // (7 * MINUTES_PER_DAY)).astype(int)
    monday = (week + 1) * 7 * MINUTES_PER_DAY + MONDAY_OPENING_MINUTE
    reply = weekend["reply_start"].to_numpy()
    waiting = np.isnan(reply) | (reply >= monday)
    seen = monday <= result.horizon_minutes
    channels = result.scenario.channels
    return pd.DataFrame({
        "day": np.array(WEEKDAYS)[day[day >= 5]],
        "channel": weekend["channel"].to_numpy(),
        "arrival": weekend["arrival"].to_numpy(),
        "monday": monday,
        "first_response_hours": weekend["first_response"].fillna(np.inf).to_numpy() / MINUTES_PER_HOUR,
        "no_reply_by_monday": np.where(seen, waiting, np.nan),
        "can_give_up": [channels[c].patience is not None for c in weekend["channel"]],
        "gave_up": weekend["abandoned"].to_numpy(dtype=bool),
    }, index=weekend.index)


def door_report(result: SimulationResult) -> dict[str, float]:
    """The key numbers of notebook 01: what a weekend question lives through.

    Parameters
    ----------
    result
        A run of the shop.

    Returns
    -------
    dict
        ``weekend_questions`` (count),
        ``no_reply_by_monday`` (share of weekend questions with no reply
        started by the next Monday 09:00, among weekends whose Monday is in
        the run), ``saturday_median_wait_hours`` (median time to a first
        reply of the questions sent on a Saturday, hours; unanswered count as
        longest), ``weekend_patient`` (weekend comments and DMs: the
        questions whose customer can give up; reviewers do not wait),
        ``weekend_gave_up`` (how many of them gave up before a reply) and
        ``weekend_gave_up_share`` (the share).
    """
    weekend = weekend_questions(result)
    saturday = weekend.loc[weekend["day"] == "Sat", "first_response_hours"]
    patient = weekend[weekend["can_give_up"]]
    return {
        "weekend_questions": float(len(weekend)),
        "no_reply_by_monday": float(weekend["no_reply_by_monday"].mean()),
        "saturday_median_wait_hours": float(np.median(saturday)) if len(saturday) else math.nan,
        "weekend_patient": float(len(patient)),
        "weekend_gave_up": float(patient["gave_up"].sum()),
        "weekend_gave_up_share": float(patient["gave_up"].mean()) if len(patient) else math.nan,
    }


def door_table(report: dict[str, float]) -> pd.DataFrame:
    """A :func:`door_report` as a small readable table (one row per number, with its unit).

    Returns
    -------
    DataFrame
        Indexed by what is measured; one column ``value`` of formatted text.
    """
    hours = report["saturday_median_wait_hours"]
    rows = {
        tr("questions sent at the weekend"): tr("{count:.0f}", count=report["weekend_questions"]),
        tr("…with no reply by Monday 09:00"): tr("{share:.0%}", share=report["no_reply_by_monday"]),
        tr("median wait of a Saturday question"): tr("never answered") if math.isinf(hours) else tr(
            "{hours:.1f} hours", hours=hours),
        tr("weekend customers who gave up first"): tr(
            "{gave_up:.0f} of {patient:.0f} comments and DMs ({share:.0%})", gave_up=report["weekend_gave_up"],
            patient=report["weekend_patient"], share=report["weekend_gave_up_share"]),
    }
    return pd.DataFrame({tr("value"): rows}).rename_axis(tr("the weekend's questions"))


def wait_by_day(result: SimulationResult) -> pd.Series:
    """Median time to a first reply, by the day of the week a question was sent.

    Unanswered questions count as the longest waits (``inf``), so a day on
    which most questions are never answered has an infinite median.

    Returns
    -------
    Series
        Hours, indexed ``Mon`` ... ``Sun`` (days with no question are left out).
    """
    records = result.records
    hours = records["first_response"].fillna(np.inf) / MINUTES_PER_HOUR
    day = pd.Categorical.from_codes(_day_of_week(records["arrival"]), WEEKDAYS)
    median = hours.groupby(day, observed=True).median()
    median.index.name, median.name = "day sent", "median hours to a first reply"
    return median


def plot_wait_by_day(result: SimulationResult, ax: Axes | None = None) -> Figure:
    """Bars of the median wait for a first reply, by the day the question was sent.

    Days with nobody on duty are drawn in red; the title compares the
    longest wait with the shortest, computed from the run.

    Parameters
    ----------
    result
        A simulated run.
    ax
        Axes to draw into; by default a new 10 x 4.5 inch figure.

    Returns
    -------
    Figure
        x: day the question was sent; y: median hours to a first reply.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
        plt.close(fig)
    else:
        fig = ax.figure
    median = wait_by_day(result)
    staffed = _days_on_duty(result.scenario)
    shown = median.replace(np.inf, np.nan)
    top = float(np.nanmax(shown.to_numpy())) if shown.notna().any() else 1.0
    colours = ["C0" if WEEKDAYS.index(d) in staffed else "C3" for d in median.index]
    bars = ax.bar([tr(d) for d in median.index.astype(str)], shown.fillna(top * 1.1).to_numpy(), color=colours,
                  width=0.65)
    for bar, value in zip(bars, median.to_numpy()):
        short = N_("{hours:.0f} h") if value >= 10 else N_("{hours:.1f} h")
        label = tr("no reply") if math.isinf(value) else tr(short, hours=value)
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 4),
                    textcoords="offset points", ha="center", va="bottom", fontsize=12)
    longest, shortest = median.idxmax(), median.idxmin()
    ax.set_title(tr("A question sent on {longest} waits {long_wait} for a reply; on {shortest}, {short_wait}",
                    longest=_long_day(longest), long_wait=_hours_text(median[longest]),
                    shortest=_long_day(shortest), short_wait=_hours_text(median[shortest])), fontsize=13)
    ax.set_xlabel(tr("Day the question was sent"), fontsize=12)
    ax.set_ylabel(tr("Median time to a first reply\n(hours)"), fontsize=12)
    ax.set_ylim(0, max(top, 1) * 1.2)
    ax.tick_params(labelsize=11)
    ax.grid(True, axis="y", color="0.9")
    ax.set_axisbelow(True)
    handles = [plt.Rectangle((0, 0), 1, 1, color="C0"), plt.Rectangle((0, 0), 1, 1, color="C3")]
    ax.legend(handles, [tr("someone on duty that day"), tr("nobody on duty that day")], loc="upper left",
              fontsize=11)
    return fig


def _days_on_duty(scenario: Scenario) -> set[int]:
    """Days of the week (0 = Monday) on which a shift with at least one person starts."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {names.index(d) for shift in scenario.staff.values() if shift.count > 0 for d in shift.days}


def _long_day(short: str) -> str:
    return tr({"Mon": N_("Monday"), "Tue": N_("Tuesday"), "Wed": N_("Wednesday"), "Thu": N_("Thursday"),
               "Fri": N_("Friday"), "Sat": N_("Saturday"), "Sun": N_("Sunday")}[short])


def _hours_text(hours: float) -> str:
    if math.isinf(hours):
        return tr("for ever")
    return tr(N_("{hours:.0f} hours") if hours >= 10 else N_("{hours:.1f} hours"), hours=hours)


def draw_doors(cover: str, weekend_people: int, hours: str) -> tuple[Figure, pd.DataFrame]:
    """What the explorer shows: the shop's inbox and its weekend numbers under your cover.

    Parameters
    ----------
    cover
        A key of :data:`COVER_DAYS`.
    weekend_people
        Head count of the weekend shift.
    hours
        A key of :data:`SHIFT_HOURS`: when every shift works.

    Returns
    -------
    (Figure, DataFrame)
        :func:`simlib.figures.plot_inbox_length` of the run, and :func:`door_table`.
    """
    result = simulate(shop_scenario(cover, weekend_people, hours=SHIFT_HOURS[hours]))
    figure = plot_inbox_length(result, every_minutes=30)
    figure.axes[0].set_ylim(0, max(EXPLORER_Y_MAX, figure.axes[0].get_ylim()[1]))  # one scale for every choice
    return figure, door_table(door_report(result))


def doors_explorer() -> Explorer:
    """An explorer of the shop's weekend cover: cover days, weekend head count, working hours.

    Each change re-runs one seeded fortnight (a fraction of a second) and
    redraws the inbox figure and the key numbers.
    """
    style = {"description_width": "initial"}
    return Explorer(draw_doors, {
        "cover": widgets.Dropdown(options=[(tr(c), c) for c in COVER_DAYS], value="none",
                                  description=tr("Weekend cover:"), style=style),
        "weekend_people": widgets.IntSlider(value=1, min=1, max=3, description=tr("People at the weekend:"),
                                            style=style),
        "hours": widgets.Dropdown(options=[(tr(h), h) for h in SHIFT_HOURS], value=next(iter(SHIFT_HOURS)),
                                  description=tr("Shifts work:"), style=style,
                                  layout=widgets.Layout(width="380px")),
    })
