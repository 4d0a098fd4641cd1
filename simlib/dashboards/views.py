"""The dashboards' figures, drawn for a projector: one wide picture each, text as large as the page's.

Each figure is ``WIDTH`` x ``HEIGHT`` inches at :data:`FIGURE_DPI` (1280 x 400
pixels): the page shows it at full width, so at 1280x720 its text is as
large as the page's 16-18 px and at 1920x1080 larger. The explorer's and the
side-by-side figures are made once per process and then updated (new data in
the same artists), and only what changes is drawn again: the axes, ticks and
names are rendered once (:class:`~simlib.dashboards.layers.Layers`), which
took most of a picture's time. :func:`explorer_png`, :func:`change_png` and
:func:`plan_png` give the pictures, and
:func:`explorer_figure`, :func:`plot_change` and :func:`plot_staffing_plan`
the figures for notebooks and tests. Their words and numbers are in the
current language (:mod:`simlib.i18n`); each language has its own canvases.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Hashable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simlib.analysis.kpis import inbox_length, sample_every
from simlib.analysis.registry import label
from simlib.dashboards.answers import ChangeView, StaffingPlan
from simlib.dashboards.headline import business_name, readable, readable_change
from simlib.dashboards.layers import Layers
from simlib.i18n import fmt, get_language, tr
from simlib.model.records import SimulationResult

WIDTH, HEIGHT = 12.8, 4.0
"""Size of every dashboard figure, inches."""
FIGURE_DPI = 100
"""Pixels per inch of the pictures (1280 x 400 pixels)."""
TEXT, SMALL = 15, 13
"""Font sizes (points): 15 pt is 21 px at 100 dpi; 13 pt is 18 px, the page's body text."""
ERLANG_GID = "erlang-guess"
"""``gid`` of the line marking the Erlang first guess on the planner's figure."""
MINUTES_PER_DAY = 1440.0
SAMPLE_MINUTES = 30.0
"""Minutes between two points of the inbox line (1,344 points for four weeks)."""


def projector_figure(panels: int, ratios: tuple[float, ...] | None = None) -> tuple[Figure, list[Axes]]:
    """A new projector figure: ``panels`` axes side by side, fixed margins (no layout pass), large ticks."""
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=FIGURE_DPI)
    axes = fig.subplots(1, panels, gridspec_kw={"width_ratios": ratios} if ratios else None, squeeze=False)[0]
    fig.subplots_adjust(left=0.07, right=0.985, bottom=0.15, top=0.9, wspace=0.28)
    for ax in axes:
        ax.tick_params(labelsize=SMALL)
        ax.spines[["top", "right"]].set_visible(False)
    return fig, list(axes)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes at its own size (no cropping, light compression: fast)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def on_duty(result: SimulationResult) -> list[tuple[float, float]]:
    """When at least one person is on duty: merged ``(start, end)`` minutes within the horizon."""
    spans = sorted(p for _, members, periods in result.staffing.periods if len(members) for p in periods)
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, min(end, result.horizon_minutes)))
    return merged


def off_duty_bands(result: SimulationResult) -> list[list[tuple[float, float]]]:
    """Polygons (x in days, y 0-1 of the axes) for the hours nobody is on duty."""
    gaps, now = [], 0.0
    for start, end in on_duty(result):
        if start > now:
            gaps.append((now, start))
        now = max(now, end)
    if now < result.horizon_minutes:
        gaps.append((now, result.horizon_minutes))
    return [[(a / MINUTES_PER_DAY, 0), (b / MINUTES_PER_DAY, 0), (b / MINUTES_PER_DAY, 1), (a / MINUTES_PER_DAY, 1)]
            for a, b in gaps]


class ExplorerCanvas:
    """The explorer's figure, drawn once and updated with each run: questions waiting (left), reputation (right).

    :meth:`draw` gives the picture of a run through :class:`~simlib.dashboards.layers.Layers`: the axes,
    ticks and off-duty bands are rendered once per run length and staffing pattern, the lines, the inbox's
    y axis, the crisis line and the titles on top of them.
    """

    def __init__(self) -> None:
        self.fig, (self.inbox, self.reputation) = projector_figure(2, (1.6, 1.0))
        self.inbox.set_xlabel(tr("day of the run"), fontsize=SMALL)
        self.inbox.set_ylabel(tr("questions waiting"), fontsize=TEXT)
        self.reputation.set_xlabel(tr("day of the run"), fontsize=SMALL)
        self.reputation.set_ylabel(tr("reputation (0-100)"), fontsize=TEXT)
        self.reputation.set_ylim(0, 100)
        for ax in (self.inbox, self.reputation):
            ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
        self.waiting, = self.inbox.plot([], [], drawstyle="steps-post", color="C0", lw=1.8, gid="inbox-length")
        self.score, = self.reputation.plot([], [], color="C2", lw=2.6, gid="reputation")
        self.crisis = self.reputation.axhline(50, color="C3", ls="--", lw=1.6)
        self.crisis_text = self.reputation.text(0.01, 50, tr("crisis line"), color="C3", fontsize=SMALL,
                                                ha="left", va="top", transform=self.reputation.get_yaxis_transform())
        self.inbox_title = self.inbox.set_title("", fontsize=TEXT, loc="left")
        self.reputation_title = self.reputation.set_title("", fontsize=TEXT, loc="left")
        self.bands: PolyCollection | None = None
        self.band_spans: tuple = ()
        self.layers = Layers(self.fig)
        self.lock = threading.Lock()

    def draw(self, result: SimulationResult) -> bytes:
        """The PNG of one run (thread-safe: one drawing at a time)."""
        with self.lock:
            key = self.update(result)
            return self.layers.png(key, self.changing())

    def changing(self) -> list[Artist]:
        """The artists that change from one run to the next of the same length and staffing pattern."""
        return [self.inbox.yaxis, self.waiting, *self.inbox.spines.values(), self.inbox_title,
                self.score, self.crisis, *self.reputation.spines.values(), self.crisis_text, self.reputation_title]

    def update(self, result: SimulationResult) -> Hashable:
        """Put one run's data in the figure; returns what the rest of the figure depends on (the
        run's length in days and the hours nobody is on duty)."""
        days = result.horizon_minutes / MINUTES_PER_DAY
        sampled = sample_every(inbox_length(result), SAMPLE_MINUTES, result.horizon_minutes)
        x, y = sampled.index.to_numpy() / MINUTES_PER_DAY, sampled.to_numpy()
        self.waiting.set_data(x, y)
        spans = tuple(tuple(polygon) for polygon in off_duty_bands(result))
        if self.bands is None or spans != self.band_spans:
            if self.bands is not None:
                self.bands.remove()
            self.bands = PolyCollection(spans, transform=self.inbox.get_xaxis_transform(),
                                        facecolor="0.88", lw=0, zorder=0, gid="off-duty")
            self.inbox.add_collection(self.bands, autolim=False)
            self.band_spans = spans
        peak = float(y.max()) if len(y) else 0.0
        self.inbox.set_xlim(0, days)
        self.inbox.set_ylim(0, max(5.0, peak * 1.08))
        self.inbox_title.set_text(tr("Questions waiting: up to {peak:,.0f} (grey: nobody on duty)", peak=peak))
        business = result.scenario.business
        if result.outcomes is None or business is None:
            self.score.set_data([], [])
            self.reputation_title.set_text(tr("no reputation in this scenario"))
        else:
            series = result.outcomes.reputation
            self.score.set_data(series.index.to_numpy() / MINUTES_PER_DAY, series.to_numpy())
            rule = business.reputation
            self.crisis.set_ydata([rule.crisis_below, rule.crisis_below])
            self.crisis_text.set_y(rule.crisis_below)
            start, end = float(series.iloc[0]), float(series.iloc[-1])
            self.reputation_title.set_text(tr("Reputation {start:.0f} → {end:.0f}", start=start, end=end))
        self.reputation.set_xlim(0, days)
        return days, spans


_CANVASES = threading.local()


def explorer_png(result: SimulationResult) -> bytes:
    """The explorer's picture of one run, from this thread's :class:`ExplorerCanvas` for the current language
    (made on first use)."""
    canvases = getattr(_CANVASES, "explorer", None)
    if canvases is None:
        canvases = _CANVASES.explorer = {}
    if get_language() not in canvases:
        canvases[get_language()] = ExplorerCanvas()
    return canvases[get_language()].draw(result)


def explorer_figure(result: SimulationResult) -> Figure:
    """The explorer's figure of one run (a new one): questions waiting left, reputation right."""
    canvas = ExplorerCanvas()
    canvas.update(result)
    return canvas.fig


def shown_names(change: ChangeView) -> list[str]:
    """The businesses of a change as the figure names them (the first part of each scenario's name, in the
    current language)."""
    return [business_name(view.scenario.name) for view in change.after.values()]


class ChangeCanvas:
    """The side-by-side figure for one set of businesses, drawn once and updated with each change.

    Left: the change in profit over the run (extra wages already paid), green
    for a gain and red for a loss, labelled in each business's currency.
    Right: the share of questions answered before and after: a business
    closed by the change shows 0%. The bars, their labels, the profit axis
    and the titles change; the business names and the share axis are
    rendered once (:class:`~simlib.dashboards.layers.Layers`).
    """

    def __init__(self, shown: Sequence[str]) -> None:
        self.shown = tuple(shown)
        self.fig, (self.gain, self.answered) = projector_figure(2)
        self.x = np.arange(len(self.shown))
        self.zero = self.gain.axhline(0, color="0.3", lw=1)
        self.gain.margins(y=0.3)
        self.gain.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, ",.0f")))
        self.gain.yaxis.set_major_locator(MaxNLocator("auto", steps=[1, 2, 2.5, 5, 10], integer=True))
        self.gain_title = self.gain.set_title("", fontsize=TEXT, loc="left")
        self.answered.set_ylim(0, 1.25)
        self.answered.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, ".0%")))
        self.answered.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        self.answered_title = self.answered.set_title(tr("Questions {label}", label=label("answered_share")),
                                                      fontsize=TEXT, loc="left")
        for ax in (self.gain, self.answered):  # a long name ("Cadena de hamburgueserías") on two lines
            ax.set_xticks(self.x, [textwrap.fill(name, 18) for name in self.shown], fontsize=TEXT)
        self.bars: list[BarContainer] = []  # the bars of the change shown
        self.data: list[Artist] = []  # their rectangles and labels
        self.legend: Legend | None = None
        self.layers = Layers(self.fig)
        self.lock = threading.Lock()

    def draw(self, change: ChangeView) -> bytes:
        """The PNG of one change (thread-safe: one drawing at a time)."""
        with self.lock:
            self.update(change)
            return self.layers.png(self.shown, self.changing())

    def changing(self) -> list[Artist]:
        """The artists that change from one change to the next."""
        return [self.gain.yaxis, self.zero, self.gain_title, self.answered_title, *self.data,
                *self.gain.spines.values(), *self.answered.spines.values(), *([self.legend] if self.legend else [])]

    def update(self, change: ChangeView) -> None:
        """Put one change's bars, labels and title in the figure (the last change's are removed)."""
        if shown_names(change) != list(self.shown):
            raise ValueError(f"this figure shows {', '.join(self.shown)}, not {', '.join(shown_names(change))}")
        for container in self.bars:
            container.remove()  # its bars, and itself from the axes' containers
        for artist in self.data:
            if artist.axes is not None:
                artist.remove()
        self.bars, self.data = [], []
        deltas, names, x = change.deltas, list(change.after), self.x
        profit = [deltas.loc["profit", (n, "change")] for n in names]
        bars = self.gain.bar(x, profit, width=0.55, color=["C2" if v >= 0 else "C3" for v in profit],
                             gid="bars:profit:change")
        self.bars.append(bars)
        self.data += [*bars, *self.gain.bar_label(
            bars, [readable_change("profit", v, change.after[n].currency) for v, n in zip(profit, names)],
            fontsize=TEXT, padding=3)]
        self.gain.relim()
        self.gain.autoscale_view()
        low, high = self.gain.get_ylim()
        if high - low < 1:  # no change at all (0 people more): an axis of whole units, not of rounding errors
            self.gain.set_ylim(-1, 1, auto=None)
        self.gain_title.set_text(tr("Profit, {change:+d} person on every shift (wages included)",
                                    change=change.staff_change))
        for offset, when, colour in ((-0.2, "before", "0.65"), (0.2, "after", "C0")):
            values = [deltas.loc["answered_share", (n, when)] for n in names]
            bars = self.answered.bar(x + offset, values, width=0.4, color=colour, label=tr(when),
                                     gid=f"bars:answered:{when}")
            self.bars.append(bars)
            self.data += [*bars, *self.answered.bar_label(bars, [readable("answered_share", v) for v in values],
                                                          fontsize=SMALL, padding=2)]
        if self.legend is None:
            self.legend = self.answered.legend(fontsize=SMALL, loc="upper right", ncol=2, frameon=False)


def plot_change(change: ChangeView) -> Figure:
    """What the same staffing change does to each business, on the same customers (a new
    :class:`ChangeCanvas` figure)."""
    canvas = ChangeCanvas(shown_names(change))
    canvas.update(change)
    return canvas.fig


def change_png(change: ChangeView) -> bytes:
    """The PNG of :func:`plot_change`, from this thread's :class:`ChangeCanvas` for these businesses (and the
    current language)."""
    canvases = getattr(_CANVASES, "change", None)
    if canvases is None:
        canvases = _CANVASES.change = {}
    shown = tuple(shown_names(change))
    if (shown, get_language()) not in canvases:
        canvases[shown, get_language()] = ChangeCanvas(shown)
    return canvases[shown, get_language()].draw(change)


def plot_staffing_plan(plan: StaffingPlan) -> Figure:
    """Profit and staff cost across head counts of one shift, the best profit marked, Erlang's guess dashed.

    Profit is the mean over the replications with the range of the runs as
    error bars. The legend sits above the axes, so it never hides the Erlang
    label.
    """
    fig, (ax,) = projector_figure(1)
    fig.subplots_adjust(left=0.08, top=0.84)
    summary, sweep = plan.summary, plan.sweep
    counts = summary.index.to_numpy()
    spread = sweep.groupby("count")["profit"].agg(["min", "max"]).reindex(counts)
    profit = summary["profit"].to_numpy()
    ax.errorbar(counts, profit, yerr=[profit - spread["min"].to_numpy(), spread["max"].to_numpy() - profit],
                color="C2", lw=2.6, marker="o", ms=8, capsize=5, label=tr("profit (range of the runs)"), gid="profit")
    ax.plot(counts, summary["staff_cost"].to_numpy(), color="0.45", lw=2, marker="s", label=tr("staff cost"),
            gid="staff-cost")
    ax.plot([plan.best_count], [summary.loc[plan.best_count, "profit"]], marker="*", ms=22, color="C1", ls="",
            label=tr("best profit: {count}", count=plan.best_count), gid="best-profit")
    if plan.erlang_guess is not None:
        ax.axvline(plan.erlang_guess, color="C4", ls="--", lw=2.2, gid=ERLANG_GID)
        ax.text(plan.erlang_guess, 0.04, f" Erlang C: {plan.erlang_guess} ", color="C4", fontsize=TEXT,
                transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                bbox={"facecolor": "white", "edgecolor": "C4", "boxstyle": "round"})
        low, high = ax.get_xlim()
        ax.set_xlim(min(low, plan.erlang_guess - 0.5), max(high, plan.erlang_guess + 0.5))
    ax.set_xticks(counts)
    ax.set_xlabel(tr("people on the {shift} shift", shift=tr(plan.shift)), fontsize=TEXT)
    ax.set_ylabel(plan.currency, fontsize=TEXT)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, ",.0f")))
    ax.legend(fontsize=SMALL, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=3, frameon=False, borderaxespad=0)
    return fig


def plan_png(plan: StaffingPlan) -> bytes:
    """The PNG of :func:`plot_staffing_plan`."""
    return png(plot_staffing_plan(plan))
