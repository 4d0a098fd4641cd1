"""Figures of what the answers were worth over a run, for scenarios with a
``[business]`` section: the reputation score with its crisis line, and the
audience by engagement phase.

Each function draws into ``ax`` when you give one, or into a new figure, and
returns the :class:`~matplotlib.figure.Figure` (closed in pyplot, never shown),
as the figures of :mod:`simlib.figures.inbox` do. Times are in minutes in the
records; the axes show days, as labelled.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MultipleLocator, PercentFormatter

from simlib.figures.style import (
    CRISIS_COLOUR,
    LABEL_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    clock_label,
    common_weekday,
    figure_and_axes,
    join_with_and,
    run_colours,
    weekday_axis,
    wrap_title,
)
from simlib.model.business import PHASES
from simlib.model.calendar import MINUTES_PER_DAY
from simlib.model.outcomes import Outcomes
from simlib.model.records import SimulationResult

__all__ = [
    "CRISIS_MARKER_GID",
    "ENGAGED_PHASES",
    "PHASE_COLOURS",
    "PHASE_LABELS",
    "draw_reputation",
    "named_results",
    "plot_engagement_mix",
    "plot_reputation",
]

CRISIS_MARKER_GID = "crisis-marker"
"""``gid`` of the marker where a run's reputation first falls below the crisis line."""
PHASE_LABELS = {
    "connection": "connection (inactive)",
    "interaction": "interaction (spectators)",
    "participation": "participation (semi-active)",
    "influence": "influence (creators)",
    "critic": "critics",
}
"""The course's name for each engagement phase, with the kind of user in it."""
PHASE_COLOURS = {
    "connection": "0.55",
    "interaction": "#9ecae1",
    "participation": "#4292c6",
    "influence": "#08306b",
    "critic": "#d62728",
}
ENGAGED_PHASES = PHASES[1:]
"""Every phase but ``connection``: the followers who do something."""


def plot_reputation(
    results: Mapping[str, SimulationResult] | SimulationResult, ax: Axes | None = None
) -> Figure:
    """Reputation score over time for one or more runs, with the baseline and the crisis line.

    Each run's line is ``result.outcomes.reputation`` (the score after each
    hourly tick). A cross marks the first tick below ``crisis_below``
    (``outcomes.crisis_minute``), if any; the title says who crossed and when.

    Parameters
    ----------
    results
        Name of each run to its result (a ``[business]`` section is needed);
        a single result is drawn under its scenario's name.
    ax
        Axes to draw into; by default a new 11 x 4.5 inch figure (the legend
        is outside the axes, on the right).

    Returns
    -------
    Figure
        The figure holding the axes (x: days from Monday 00:00; y: score, 0-100 points).
    """
    results = named_results(results)
    fig, ax = figure_and_axes(ax, figsize=(11, 4.5))
    title = draw_reputation(ax, results)
    ax.set_title(wrap_title(title, 90), fontsize=TITLE_SIZE)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=TICK_SIZE,
              frameon=False)  # outside: the lines may be anywhere between 0 and 100
    return fig


def plot_engagement_mix(result: SimulationResult, ax: Axes | None = None) -> Figure:
    """The audience over time by engagement phase, as shares of all followers.

    About 90% of followers are inactive (``connection``), which would flatten
    every other phase, so the figure has two panels: left, the engaged phases
    (interaction, participation, influence, critics) stacked; right, the
    inactive share on its own scale. The top of the left stack plus the right
    line is 100% at every time.

    Parameters
    ----------
    result
        A simulated run with a ``[business]`` section.
    ax
        Axes to draw into: then only the left panel is drawn, and the legend
        gives the inactive share at the start and the end. By default a new
        12 x 5 inch figure with both panels.

    Returns
    -------
    Figure
        The figure (x: days from Monday 00:00; y: % of all followers).
    """
    outcomes = _outcomes("result", result)
    audience = outcomes.audience
    total = audience.sum(axis=1)
    shares = audience.div(total.where(total > 0), axis=0)
    days = audience.index.to_numpy() / MINUTES_PER_DAY
    horizon_days = result.horizon_minutes / MINUTES_PER_DAY
    if ax is None:
        fig = plt.figure(figsize=(12, 5), layout="constrained")
        main, side = fig.subplots(1, 2, width_ratios=[2.2, 1])
        plt.close(fig)
    else:
        fig, main = figure_and_axes(ax, figsize=(10, 4.5))
        side = None

    layers = [shares[p].to_numpy() for p in ENGAGED_PHASES]
    main.stackplot(days, *layers, colors=[PHASE_COLOURS[p] for p in ENGAGED_PHASES], alpha=0.9,
                   lw=0, zorder=1)
    top = np.zeros(len(days))
    for phase, layer in zip(ENGAGED_PHASES, layers):
        top = top + layer
        main.plot(days, top, color="white", lw=0.8, zorder=2, gid=f"engaged-top:{phase}")
    connection = shares["connection"].to_numpy()
    first, last = connection[0], connection[-1]
    handles: list = [Patch(color=PHASE_COLOURS[p], label=PHASE_LABELS[p]) for p in ENGAGED_PHASES]
    connection_label = PHASE_LABELS["connection"]
    if side is None:
        connection_label += f": {first:.0%} → {last:.0%} (not stacked)"
    handles.insert(0, Line2D([], [], color=PHASE_COLOURS["connection"], lw=2.5, label=connection_label))
    main.set_ylabel("Engaged followers\n(% of all followers, stacked)", fontsize=LABEL_SIZE)
    stack_top = float(np.nanmax(top)) if len(top) else 0.0
    main.set_ylim(0, max(stack_top, 0.01) * (1.5 if side is None else 1.12))
    for panel in (main, side):
        if panel is None:
            continue
        panel.set_xlabel("Simulated time (days from Monday 00:00)", fontsize=LABEL_SIZE)
        weekday_axis(panel, horizon_days, result.scenario.run.start_weekday)
        panel.set_xlim(0, horizon_days)
        panel.tick_params(labelsize=TICK_SIZE)
    main.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0 if stack_top > 0.03 else 1))

    title = _engagement_finding(audience, shares)
    if side is None:
        main.set_title(title, fontsize=TITLE_SIZE)
        main.legend(handles=handles, loc="upper left", fontsize=TICK_SIZE, framealpha=0.95, ncol=2)
        return fig
    main.set_title("Engaged phases, stacked", fontsize=LABEL_SIZE)
    side.plot(days, connection, color=PHASE_COLOURS["connection"], lw=2.5, gid="phase:connection")
    low, high = float(np.nanmin(connection)), float(np.nanmax(connection))
    pad = max(0.1 * (high - low), 0.002)
    side.set_ylim(max(low - pad, 0), min(high + pad, 1))
    side.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0 if high - low > 0.03 else 1))
    side.set_xlabel("Simulated time (days)", fontsize=LABEL_SIZE)
    side.set_ylabel("Inactive followers\n(% of all followers)", fontsize=LABEL_SIZE)
    side.set_title("connection (inactive), own scale", fontsize=LABEL_SIZE)
    if horizon_days <= 21:  # a narrow panel: one label every other day
        for k, label in enumerate(side.get_xticklabels(minor=True)):
            label.set_visible(k % 2 == 0)
    fig.suptitle(title, fontsize=TITLE_SIZE)
    fig.legend(handles=handles, loc="outside lower center", ncol=5, fontsize=TICK_SIZE, frameon=False)
    return fig


def draw_reputation(
    ax: Axes, results: Mapping[str, SimulationResult], colours: Mapping[str, str] | None = None
) -> str:
    """Draw the reputation lines, baselines, crisis lines and markers into ``ax``; return the title.

    The drawing of :func:`plot_reputation`, also a panel of
    :func:`simlib.figures.comparison.plot_comparison`. It adds no title and
    no legend: the caller places them.

    Parameters
    ----------
    ax
        Axes to draw into (x: days from Monday 00:00; y: score, 0-100 points).
    results
        Name of each run to its result; every run needs a ``[business]`` section.
    colours
        Name of each run to its line colour; by default :func:`~simlib.figures.style.run_colours`.

    Returns
    -------
    str
        The finding, for the title: who crossed the crisis line and when, or
        that every run stayed above it.

    Raises
    ------
    ValueError
        If a run has no ``[business]`` section.
    """
    colours = colours or run_colours(results)
    rules = {name: (_outcomes(name, r), r.scenario.business.reputation) for name, r in results.items()}
    levels = {(rule.baseline, rule.crisis_below) for _, rule in rules.values()}
    horizon = max(r.horizon_minutes for r in results.values())
    crossed: list[tuple[float, str]] = []
    lowest: dict[str, float] = {}
    marked = False
    for name, (outcomes, rule) in rules.items():
        series = outcomes.reputation
        ax.plot(series.index.to_numpy() / MINUTES_PER_DAY, series.to_numpy(), color=colours[name],
                lw=2.2, zorder=3, gid=f"reputation:{name}", label=name if len(rules) > 1 else "reputation")
        lowest[name] = float(series.min())
        if len(levels) > 1:
            ax.axhline(rule.baseline, color=colours[name], ls="--", lw=1.2, zorder=2,
                       label=f"{name}: baseline {rule.baseline:g}")
            ax.axhline(rule.crisis_below, color=colours[name], ls=":", lw=1.8, zorder=2,
                       label=f"{name}: crisis line {rule.crisis_below:g}")
    if len(levels) == 1:
        ((baseline, crisis),) = levels
        ax.axhline(baseline, color="0.35", ls="--", lw=1.3, zorder=2, label=f"baseline ({baseline:g})")
        ax.axhline(crisis, color=CRISIS_COLOUR, ls="--", lw=1.6, zorder=2, label=f"crisis line ({crisis:g})")
    for name, (outcomes, rule) in rules.items():  # after the lines: the marker last in the legend
        series, minute = outcomes.reputation, outcomes.crisis_minute
        if not math.isnan(minute):
            crossed.append((minute, name))
            at = series.index.get_indexer([minute], method="nearest")[0]
            ax.plot([minute / MINUTES_PER_DAY], [series.iloc[at]], "X", color=CRISIS_COLOUR,
                    mec="black", mew=1, ms=12, zorder=5, clip_on=False, gid=CRISIS_MARKER_GID,
                    label=None if marked else "crisis (first tick below the line)")
            marked = True
    warmups = {r.warmup_minutes for r in results.values()}
    if len(warmups) == 1 and (start := warmups.pop()) > 0:
        ax.axvline(start / MINUTES_PER_DAY, color="0.3", ls="-.", lw=1.2, zorder=2, label="end of warm-up")
    ax.set_xlabel("Simulated time (days from Monday 00:00)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Reputation score\n(points, 0-100)", fontsize=LABEL_SIZE)
    weekday_axis(ax, horizon / MINUTES_PER_DAY, common_weekday(results.values()))
    ax.set_xlim(0, horizon / MINUTES_PER_DAY)
    floor = min(min(lowest.values()), min(crisis for _, crisis in levels))
    bottom = 0.0 if floor < 20 else 10 * math.floor((floor - 10) / 10)  # room below the crisis line
    ax.set_ylim(bottom - 2, 102)
    ax.yaxis.set_major_locator(MultipleLocator(25 if bottom < 40 else 10))
    ax.tick_params(labelsize=TICK_SIZE)
    return _reputation_finding(results, sorted(crossed), lowest)


def _reputation_finding(
    results: Mapping[str, SimulationResult], crossed: list[tuple[float, str]], lowest: dict[str, float]
) -> str:
    long_run = max(r.horizon_minutes for r in results.values()) > 7 * MINUTES_PER_DAY
    first_weekday = common_weekday(results.values())

    def when(minute: float) -> str:
        # no-break spaces (U+00A0): a wrapped title keeps "day 3 (Wed 18:00)" on one line
        clock = clock_label(minute, weeks=long_run, first_weekday=first_weekday)
        text = f"day {int(minute // MINUTES_PER_DAY) + 1} ({clock})"
        return text.replace(" ", "\u00a0")

    if not crossed:
        if len(results) == 1:
            (low,) = lowest.values()
            return f"Reputation stays above the crisis line (lowest {low:.0f})"
        return f"Reputation stays above the crisis line in {'both' if len(results) == 2 else 'all'} runs"
    (minute, name), *others = crossed
    text = f"{name} crosses the crisis line on {when(minute)}"
    if others:
        text += ", " + ", ".join(f"{n} on {when(m)}" for m, n in others)
    stayed = [n for n in results if n not in {n for _, n in crossed}]
    if stayed:
        text += f"; {join_with_and(stayed)} {'stays' if len(stayed) == 1 else 'stay'} above"
    return text


def _engagement_finding(audience: pd.DataFrame, shares: pd.DataFrame) -> str:
    total = float(audience.iloc[0].sum())
    engaged_start = 1 - float(shares["connection"].iloc[0])
    engaged_end = 1 - float(shares["connection"].iloc[-1])
    verb = "grow" if engaged_end > engaged_start + 0.005 else (
        "shrink" if engaged_end < engaged_start - 0.005 else "stay near")
    if verb == "stay near":
        head = f"Engaged followers stay near {engaged_end:.0%} of {total:,.0f}"
    else:
        head = f"Engaged followers {verb} from {engaged_start:.0%} to {engaged_end:.0%} of {total:,.0f}"
    first, last = audience.iloc[0], audience.iloc[-1]
    return (f"{head}: critics {first['critic']:,.0f} → {last['critic']:,.0f}, "
            f"creators {first['influence']:,.0f} → {last['influence']:,.0f}")


def named_results(results: Mapping[str, SimulationResult] | SimulationResult) -> dict[str, SimulationResult]:
    """The runs to draw, by name.

    Parameters
    ----------
    results
        Name of each run to its result, or one result.

    Returns
    -------
    dict
        ``{name: result}``: a copy of the mapping, or the one result under its
        scenario's name.

    Raises
    ------
    ValueError
        If the mapping is empty.
    """
    if isinstance(results, SimulationResult):
        return {results.scenario.name: results}
    results = dict(results)
    if not results:
        raise ValueError("results is empty: give at least one {name: result}")
    return results


def _outcomes(name: str, result: SimulationResult) -> Outcomes:
    """The run's outcomes, or a ValueError naming the run without a ``[business]`` section."""
    if result.outcomes is None or result.scenario.business is None:
        raise ValueError(f"{name} ({result.scenario.name!r}) has no [business] section: "
                         "no outcomes to plot")
    return result.outcomes
