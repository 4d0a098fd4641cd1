"""Figures of a fit (:func:`simlib.fit.fit_export`): the weekly profile against the weeks it came from,
and the patience curves with their confidence bands.

Each function returns its :class:`~matplotlib.figure.Figure` (closed in
pyplot, so it works headless); the statistics come from :mod:`simlib.fit`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from simlib.figures.style import LABEL_SIZE, TICK_SIZE, TITLE_SIZE, figure_and_axes, weekday_axis
from simlib.fit.arrivals import INTERVAL_MINUTES, Profile
from simlib.fit.patience import PatienceFit
from simlib.i18n import tr
from simlib.model.calendar import MINUTES_PER_DAY

__all__ = ["plot_fitted_arrivals", "plot_patience_fits"]


def plot_fitted_arrivals(profile: Profile) -> Figure:
    """Messages per 30-minute interval over the week: each week of the export (grey) and the fit with its band.

    The fitted line is ``per_hour x factor x 0.5 h`` (messages expected per
    interval), the band its exact Poisson 95% interval; x is days from
    Monday 00:00.
    """
    fig, ax = figure_and_axes(None, (11, 4.2))
    table = profile.table
    x = np.arange(len(table) + 1) * INTERVAL_MINUTES / MINUTES_PER_DAY
    hours = INTERVAL_MINUTES / 60
    for k, (_, week) in enumerate(profile.weekly.iterrows()):
        ax.step(x[:-1], week.to_numpy(), where="post", color="0.6", lw=0.7, alpha=0.6,
                label=tr("one week of the export") if k == 0 else None)
    expected = np.append(table["factor"].to_numpy(), table["factor"].iloc[-1]) * profile.per_hour * hours
    low = np.append(table["factor_low"].to_numpy(), table["factor_low"].iloc[-1]) * profile.per_hour * hours
    high = np.append(table["factor_high"].to_numpy(), table["factor_high"].iloc[-1]) * profile.per_hour * hours
    ax.fill_between(x, low, high, step="post", color="C0", alpha=0.25, label=tr("95% interval of the fit"))
    ax.step(x, expected, where="post", color="C0", lw=1.6, label=tr("fitted profile (mean of the weeks)"))
    weekday_axis(ax, 7)
    ax.set_xlim(0, 7)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(tr("messages per 30 minutes"), fontsize=LABEL_SIZE)
    ax.set_title(tr("Arrivals: {messages:,} messages over {days} days, {per_hour:.3g} per hour on average",
                    messages=profile.messages, days=profile.days, per_hour=profile.per_hour), fontsize=TITLE_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.legend(fontsize=TICK_SIZE, loc="upper left")
    return fig


def plot_patience_fits(fits: dict[str, PatienceFit]) -> Figure:
    """Share of customers still waiting after t minutes, per channel: Kaplan-Meier with its 95% band, and the fit.

    A channel without give-ups shows its (flat) Kaplan-Meier curve only.
    """
    fig, ax = figure_and_axes(None, (8, 4.5))
    for k, (channel, fit) in enumerate(fits.items()):
        colour = f"C{k if k < 3 else k + 1}"  # C3 (red) is kept for the crisis line
        curve = fit.curve
        ax.fill_between(curve["minutes"], curve["low"], curve["high"], step="post", color=colour, alpha=0.2)
        ax.step(curve["minutes"], curve["survival"], where="post", color=colour, lw=1.4,
                label=tr("{channel}: Kaplan-Meier ({gave_up:,} gave up of {messages:,})", channel=channel,
                         gave_up=fit.gave_up, messages=fit.messages))
        if fit.dist is not None:
            ax.plot(curve["minutes"], curve["fitted"], color=colour, lw=1.4, ls="--",
                    label=tr("{channel}: {dist} fit, mean {mean:.0f} min", channel=channel, dist=fit.dist,
                             mean=fit.mean))
    ax.set_xlabel(tr("minutes since the message arrived"), fontsize=LABEL_SIZE)
    ax.set_ylabel(tr("share still waiting"), fontsize=LABEL_SIZE)
    ax.set_ylim(0, 1.02)
    watched = [fit.curve["minutes"].max() for fit in fits.values() if fit.dist is not None]
    ax.set_xlim(0, max(watched) if watched else None)  # a flat curve (nobody gave up) may run much longer
    ax.set_title(tr("Patience: censored data (answered and open messages are lower bounds)"), fontsize=TITLE_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.legend(fontsize=TICK_SIZE)
    return fig
