"""Dashboards for the course: explore a preset, compare a staffing change, plan a shift.

The model lives apart from the widgets (the jupyter-widgets tutorial habit):

- :func:`explore_scenario`, :func:`side_by_side_change` and :func:`staffing_plan`
  are plain functions returning small dataclasses and tables; times are in
  minutes, money in the preset's currency (``business.currency``).
- :func:`scenario_explorer`, :func:`side_by_side_explorer` and
  :func:`staffing_planner` wrap them in :class:`simlib.dashboards.explorer.Explorer`
  instances (sliders update on release; the slow planner runs on a button).

Runs are cached by (preset, staff, discipline, days, replication), so a slider
moved back to a value already seen, and the unchanged "before" runs of the
side-by-side, cost nothing; a new reply-time target only re-scores the cached
run (the target does not change what happens). :func:`clear_cache` empties the
cache.

Example::

    from simlib.dashboards.dashboards import explore_scenario
    view = explore_scenario("luxury", {"weekday": 2}, days=7)
    view.kpis["answered_share"]
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Image
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from simlib.analysis.estimate import mean_handling_minutes, shift_peak_rate
from simlib.analysis.formatting import format_kpi
from simlib.analysis.kpis import KPI_DESCRIPTIONS, OUTCOME_KPI_DESCRIPTIONS, kpis
from simlib.analysis.queueing import agents_needed
from simlib.dashboards.explorer import Explorer, figure_png
from simlib.dashboards.run_cache import RunCache, prefetch_by_default
from simlib.errors import ScenarioError
from simlib.experiments.compare import staff_sweep
from simlib.figures.plots import (
    plot_inbox_length,
    plot_reputation,
    plot_revenue_lost_vs_staff,
)
from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, set_field

DASHBOARD_KPIS: tuple[str, ...] = (
    "answered_share",
    "median_first_response_minutes",
    "p90_first_response_minutes",
    "service_level",
    "conversion",
    "revenue_lost",
    "lowest_reputation",
    "final_reputation",
    "staff_cost",
    "profit",
)
"""The KPIs every dashboard shows, in display order (names of :func:`simlib.analysis.kpis.kpis`)."""

PER_QUESTION_KPI = "revenue_lost_per_question"
"""Derived KPI of :func:`side_by_side_change`: revenue lost divided by questions (currency per question)."""

ERLANG_SERVICE_LEVEL = 0.80
"""Share of replies within the target that the Erlang first guess asks for."""

ERLANG_GID = "erlang-guess"
"""``gid`` of the line marking the Erlang first guess on the planner's figure."""

DISCIPLINES = ("fifo", "lifo", "priority", "value")


def _describe(name: str) -> str:
    if name == PER_QUESTION_KPI:
        return "revenue lost per question that arrived (currency)"
    return {**KPI_DESCRIPTIONS, **OUTCOME_KPI_DESCRIPTIONS}.get(name, "")


# ---------------------------------------------------------------------------
# Model: plain functions, no widgets
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _preset(preset: str) -> Scenario:
    return load_preset(preset)


def preset_scenario(preset: str, staff: Mapping[str, int] | None = None, target_minutes: float | None = None,
                    discipline: str | None = None, days: float | None = None) -> Scenario:
    """A preset (``luxury``, ``restaurant``, ``high_volume`` or a path) with some fields changed.

    Parameters
    ----------
    preset
        Preset name or scenario file.
    staff
        Shift name -> head count (>= 0); shifts not named keep the preset's count.
    target_minutes, discipline, days
        ``service.target_minutes`` (minutes), ``service.discipline`` and
        ``run.days`` (days); None keeps the preset's value.

    Raises
    ------
    ScenarioError
        For an unknown shift or an invalid value (the message names the field).
    """
    base = _preset(preset)
    data = copy.deepcopy(base.model_dump())
    for shift, count in (staff or {}).items():
        if shift not in base.staff:
            raise ScenarioError(f"staff.{shift}: no such shift in {preset!r} (shifts: {', '.join(base.staff)})")
        set_field(data, f"staff.{shift}.count", int(count))
    if target_minutes is not None:
        set_field(data, "service.target_minutes", float(target_minutes))
    if discipline is not None:
        set_field(data, "service.discipline", discipline)
    if days is not None:
        set_field(data, "run.days", float(days))
    try:
        return Scenario.model_validate(data)
    except Exception as error:  # pydantic ValidationError: say which preset
        raise ScenarioError(f"{preset}: {error}") from error


RunKey = tuple[str, tuple[tuple[str, int], ...], str | None, float | None, int]
"""(preset, sorted (shift, head count) pairs, discipline, days, replication) of one cached run."""


def _simulate_run(key: RunKey) -> SimulationResult:
    """One run. The reply-time target is left out: it changes how replies are scored, not what happens."""
    preset, staff, discipline, days, replication = key
    return simulate(preset_scenario(preset, dict(staff), None, discipline, days), replication=replication)


_RUNS: RunCache[RunKey, SimulationResult] = RunCache(_simulate_run, max_entries=48)


def _staff_key(staff: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(k), int(v)) for k, v in staff.items()))


@functools.lru_cache(maxsize=96)
def _run(preset: str, staff: tuple[tuple[str, int], ...], target_minutes: float | None,
         discipline: str | None, days: float | None, replication: int) -> tuple[dict[str, float], SimulationResult]:
    scenario = preset_scenario(preset, dict(staff), target_minutes, discipline, days)
    result = replace(_RUNS.get((preset, staff, discipline, days, replication)), scenario=scenario)
    return kpis(result), result


def clear_cache() -> None:
    """Forget every cached run and answer (the next call of each dashboard simulates again)."""
    _run.cache_clear()
    _RUNS.clear()
    _ANSWERS.clear()
    _preset.cache_clear()


def wait_for_background() -> None:
    """Block until the answers being prepared in the background are ready (for tests and benchmarks)."""
    _ANSWERS.wait()


@dataclass(frozen=True)
class ScenarioView:
    """What :func:`explore_scenario` found for one preset and staffing.

    Attributes
    ----------
    preset
        Preset name (or path) as given.
    scenario
        The scenario simulated (with the changes applied).
    kpis
        :data:`DASHBOARD_KPIS` -> mean over the replications (minutes, shares
        0-1, money in ``currency``, reputation 0-100).
    result
        Replication 0, for plots.
    replications
        Number of runs averaged.
    """

    preset: str
    scenario: Scenario
    kpis: dict[str, float]
    result: SimulationResult
    replications: int
    questions: float

    @property
    def currency(self) -> str:
        """The preset's currency (``business.currency``), or "currency units"."""
        business = self.scenario.business
        return business.currency if business is not None else "currency units"

    def table(self) -> pd.DataFrame:
        """The KPIs as a small table: index KPI name; columns ``value`` and ``meaning``."""
        return kpi_table(self.kpis, self.currency)


def kpi_table(figures: Mapping[str, float], currency: str = "currency units") -> pd.DataFrame:
    """KPI name -> value as a table with a ``meaning`` column (money in ``currency``)."""
    table = pd.DataFrame({"value": pd.Series(figures, dtype=float),
                          "meaning": [_describe(n).replace("(currency)", f"({currency})") for n in figures]})
    table.index.name = "kpi"
    return table


@dataclass(frozen=True)
class KpiTable:
    """A KPI table twice: the numbers (``data``) and the text a room reads (``text``: 82.1%, 71,415 USD).

    Notebooks show ``text``; code reads ``data``.
    """

    data: pd.DataFrame
    text: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.text.to_html()

    def __repr__(self) -> str:
        return self.text.to_string()


def readable_kpis(table: pd.DataFrame, currencies: Mapping[str, str] | str = "") -> KpiTable:
    """Format each number of a KPI table (indexed by KPI) by what its KPI measures.

    ``currencies`` is one currency for every column, or a currency per
    first-level column label (one per business). Text columns stay as they are.
    """
    def currency(column: object) -> str:
        label = column[0] if isinstance(column, tuple) else column
        return currencies if isinstance(currencies, str) else currencies.get(label, "")

    text = table.copy().astype(object)
    for column in table.columns:
        if pd.api.types.is_numeric_dtype(table[column]):
            text[column] = [format_kpi(kpi, value, currency(column)) for kpi, value in table[column].items()]
    return KpiTable(table, text)


def explore_scenario(preset: str, staff: Mapping[str, int], target_minutes: float | None = None,
                     discipline: str | None = None, days: float | None = None,
                     replications: int = 1) -> ScenarioView:
    """Simulate a preset with a given staffing and return its key figures.

    Parameters
    ----------
    preset
        ``luxury``, ``restaurant``, ``high_volume`` (or a scenario file).
    staff
        Shift name -> head count (>= 0); shifts not named keep the preset's count.
    target_minutes
        Service-level target (minutes); None keeps the preset's.
    discipline
        ``fifo``, ``lifo``, ``priority`` or ``value``; None keeps the preset's.
    days
        Run length (days); None keeps the preset's (28 for the presets).
    replications
        Runs averaged (>= 1); replication ``k`` sees the same customers in
        every call (common random numbers).

    Returns
    -------
    ScenarioView
        KPIs (means over replications) and the first run for plots.
    """
    if replications < 1:
        raise ValueError(f"replications = {replications!r}: must be >= 1")
    key = _staff_key(staff)
    runs = [_run(preset, key, target_minutes, discipline, days, k) for k in range(replications)]
    table = pd.DataFrame([figures for figures, _ in runs])
    means = {name: float(table[name].mean()) if name in table else math.nan for name in DASHBOARD_KPIS}
    result = runs[0][1]
    return ScenarioView(preset, result.scenario, means, result, replications, float(table["questions"].mean()))


@dataclass(frozen=True)
class ChangeView:
    """What :func:`side_by_side_change` found.

    Attributes
    ----------
    staff_change
        People added to (or, if negative, removed from) every shift.
    before, after
        Preset -> :class:`ScenarioView` with the preset's staff and with the change.
    deltas
        Index KPI (:data:`DASHBOARD_KPIS` plus :data:`PER_QUESTION_KPI`);
        columns ``(preset, before | after | change)``, ``change = after - before``.
    """

    staff_change: int
    before: dict[str, ScenarioView]
    after: dict[str, ScenarioView]
    deltas: pd.DataFrame


def side_by_side_change(staff_change: int, presets: Sequence[str] = ("luxury", "high_volume"),
                        days: float | None = None, replications: int = 1) -> ChangeView:
    """The same staffing change applied to several businesses, on common random numbers.

    Every shift of every preset gets ``staff_change`` more people (never
    fewer than 0). Before and after see the same customers (same seed and
    replication numbers), so each delta comes from the staffing alone.

    Parameters
    ----------
    staff_change
        People added to every shift (negative: removed).
    presets
        Preset names (or scenario files).
    days
        Run length (days); None keeps each preset's.
    replications
        Runs averaged per preset and staffing (>= 1).

    Returns
    -------
    ChangeView
        The views before and after and a table of KPI deltas per business.
        ``revenue_lost_per_question`` is revenue lost / questions (currency per
        question): it compares businesses of very different sizes.
    """
    before, after, parts = {}, {}, {}
    for preset in presets:
        base = _preset(preset)
        changed = {shift: max(0, s.count + int(staff_change)) for shift, s in base.staff.items()}
        before[preset] = explore_scenario(preset, {}, days=days, replications=replications)
        after[preset] = explore_scenario(preset, changed, days=days, replications=replications)
        rows = {}
        for label, view in (("before", before[preset]), ("after", after[preset])):
            questions = view.questions
            figures = dict(view.kpis)
            figures[PER_QUESTION_KPI] = figures["revenue_lost"] / questions if questions else math.nan
            rows[label] = pd.Series(figures)
        frame = pd.DataFrame(rows)
        frame["change"] = frame["after"] - frame["before"]
        parts[preset] = frame
    deltas = pd.concat(parts, axis=1)
    deltas.index.name = "kpi"
    return ChangeView(int(staff_change), before, after, deltas)


@dataclass(frozen=True)
class StaffingPlan:
    """What :func:`staffing_plan` found for one shift.

    Attributes
    ----------
    preset, shift
        What was swept.
    sweep
        Tidy table from :func:`simlib.experiments.compare.staff_sweep` (``count``,
        ``replication``, every KPI); ``attrs["currency"]`` is set.
    summary
        Index head count; columns: means over replications of ``staff_cost``,
        ``revenue``, ``revenue_lost``, ``profit``, ``lowest_reputation``,
        ``final_reputation`` (money in ``currency``, reputation 0-100).
    best_count
        Head count with the highest mean profit.
    erlang_guess
        Smallest head count meeting 80% of replies within the target (Erlang C,
        patience infinite) at the shift's peak hourly rate; None if unreachable.
    peak_per_hour, handle_minutes, target_minutes
        The Erlang inputs (questions per hour, minutes, minutes).
    currency
        The preset's currency.
    """

    preset: str
    shift: str
    sweep: pd.DataFrame
    summary: pd.DataFrame
    best_count: int
    erlang_guess: int | None
    peak_per_hour: float
    handle_minutes: float
    target_minutes: float
    currency: str


PLAN_KPIS = ("staff_cost", "revenue", "revenue_lost", "profit", "lowest_reputation", "final_reputation")


def staffing_plan(preset: str, shift: str, counts: Sequence[int] | range, replications: int = 3,
                  days: float | None = None) -> StaffingPlan:
    """Staff cost vs revenue kept and reputation across head counts of one shift, with an Erlang first guess.

    Parameters
    ----------
    preset
        Preset name (or scenario file).
    shift
        Name of the shift whose head count varies (others keep the preset's).
    counts
        Head counts to simulate (>= 0), e.g. ``range(0, 5)``.
    replications
        Runs per head count (common random numbers across counts).
    days
        Run length (days); None keeps the preset's.

    Returns
    -------
    StaffingPlan
        The sweep, a summary per count, the best-profit count and the Erlang guess.
    """
    counts = list(counts)
    if not counts:
        raise ValueError("counts is empty: give at least one head count")
    scenario = preset_scenario(preset, days=days)
    if shift not in scenario.staff:
        raise ScenarioError(f"staff.{shift}: no such shift in {preset!r} (shifts: {', '.join(scenario.staff)})")
    currency = scenario.business.currency if scenario.business is not None else "currency units"
    sweep = staff_sweep(scenario, shift, counts, replications)
    sweep.attrs["currency"] = currency
    columns = [c for c in PLAN_KPIS if c in sweep.columns]
    summary = sweep.groupby("count", sort=True)[columns].mean()
    best = int(summary["profit"].idxmax()) if "profit" in summary else int(counts[0])
    peak, handle = shift_peak_rate(scenario, shift), mean_handling_minutes(scenario)
    target = scenario.service.target_minutes
    try:
        guess: int | None = agents_needed(peak, handle, target, ERLANG_SERVICE_LEVEL, max_agents=1000)
    except ValueError:
        guess = None
    return StaffingPlan(preset, shift, sweep, summary, best, guess, peak, handle, target, currency)


def plot_staffing_plan(plan: StaffingPlan) -> Figure:
    """:func:`simlib.figures.plots.plot_revenue_lost_vs_staff` with the Erlang first guess as a dashed line."""
    fig = plot_revenue_lost_vs_staff(plan.sweep, plan.shift, currency=plan.currency)
    ax = fig.axes[0]
    if plan.erlang_guess is not None:
        ax.axvline(plan.erlang_guess, color="C4", ls="--", lw=2, zorder=2, gid=ERLANG_GID,
                   label=f"Erlang C guess: {plan.erlang_guess}")
        low, high = ax.get_xlim()
        ax.set_xlim(min(low, plan.erlang_guess - 0.5), max(high, plan.erlang_guess + 0.5))
        ax.text(plan.erlang_guess, ax.get_ylim()[1] * 0.97,
                f" Erlang C: {plan.erlang_guess} for 80% within {plan.target_minutes:g} min\n"
                f" (peak {plan.peak_per_hour:.1f}/h, {plan.handle_minutes:.1f} min per reply)",
                color="C4", va="top", fontsize=9)
    return fig


def plot_change(change: ChangeView) -> Figure:
    """What the same staffing change does to each business, on the same customers.

    Left: revenue lost per question before and after, on a log scale when
    every value is positive (a jeweller's and a burger chain's differ a
    thousandfold). Right: the change in profit over the run, which already
    pays the extra wages. Bars are labelled in each business's currency.
    """
    deltas = change.deltas
    names = list(deltas.columns.get_level_values(0).unique())
    currency = {name: change.after[name].currency for name in names}
    fig, (lost, gain) = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
    plt.close(fig)  # drawn into a picture by whoever shows it, never by pyplot
    x = np.arange(len(names))
    for offset, when, colour in ((-0.2, "before", "0.6"), (0.2, "after", "C0")):
        values = [deltas.loc[PER_QUESTION_KPI, (name, when)] for name in names]
        bars = lost.bar(x + offset, values, width=0.4, color=colour, label=when, gid=f"bars:{PER_QUESTION_KPI}:{when}")
        lost.bar_label(bars, [format_kpi(PER_QUESTION_KPI, v, currency[n]) for v, n in zip(values, names)],
                       fontsize=10, padding=2)
    positive = (deltas.loc[PER_QUESTION_KPI].xs("before", level=1) > 0).all() and \
        (deltas.loc[PER_QUESTION_KPI].xs("after", level=1) > 0).all()
    if positive:
        lost.set_yscale("log")
        lost.margins(y=0.25)
    lost.set_ylabel("Revenue lost per question" + ("\n(log scale)" if positive else ""), fontsize=12)
    lost.legend(fontsize=11, loc="upper right")
    profit = [deltas.loc["profit", (name, "change")] for name in names]
    bars = gain.bar(x, profit, width=0.5, color=["C2" if v >= 0 else "C3" for v in profit], gid="bars:profit:change")
    wages = [deltas.loc["staff_cost", (name, "change")] for name in names]
    gain.bar_label(bars, [f"{format_kpi('profit', v, currency[n])}\n(wages {w:+,.0f})"
                          for v, w, n in zip(profit, wages, names)], fontsize=10, padding=2)
    gain.axhline(0, color="0.3", lw=1)
    gain.margins(y=0.3)
    gain.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    gain.set_ylabel("Change in profit over the run\n(extra wages paid)", fontsize=12)
    for ax in (lost, gain):
        ax.set_xticks(x, names, fontsize=12)
    days = change.after[names[0]].scenario.run.days
    fig.suptitle(f"{change.staff_change:+d} person on every shift, same customers before and after "
                 f"({days:g} days)", fontsize=13)
    return fig


# ---------------------------------------------------------------------------
# Widgets: thin wrappers around the model
# ---------------------------------------------------------------------------

def _days_slider(days: float | None, preset: str) -> widgets.IntSlider:
    default = int(days if days is not None else _preset(preset).run.days)
    return widgets.IntSlider(value=default, min=1, max=max(56, default), description="days",
                             continuous_update=False)


ExplorerKey = tuple[str, str, tuple[tuple[str, int], ...], str, float | None, int]
"""("explorer", preset, sorted (shift, head count) pairs, discipline, days, replications)."""

SideKey = tuple[str, tuple[str, ...], int, float | None, int]
"""("side_by_side", presets, staff change, days, replications)."""


def _answer(key: ExplorerKey | SideKey) -> tuple[Any, bytes]:
    """What a dashboard shows for one setting, picture already drawn: the slow part, fit for a background process.

    Explorer keys give ``(runs, png)``: one run per replication (the reply-time
    target is applied later, when scoring) and the picture of the first run.
    Side-by-side keys give ``(ChangeView, png)``.
    """
    if key[0] == "explorer":
        _, preset, staff, discipline, days, replications = key
        runs = tuple(_RUNS.get((preset, staff, discipline, days, k)) for k in range(replications))
        return runs, figure_png(explorer_figure(runs[0]))
    _, presets, staff_change, days, replications = key
    change = side_by_side_change(staff_change, presets, days, replications)
    return change, figure_png(plot_change(change))


_ANSWERS: RunCache[ExplorerKey | SideKey, tuple[Any, bytes]] = RunCache(_answer, max_entries=24)


def explorer_figure(result: SimulationResult) -> Figure:
    """The explorer's picture of one run: inbox length above, reputation below."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 8), layout="constrained")
    plt.close(fig)
    plot_inbox_length(result, ax=top)
    plot_reputation(result, ax=bottom)
    return fig


def explorer_next_keys(preset: str, counts: Mapping[str, int], discipline: str, days: float | None,
                       replications: int) -> list[ExplorerKey]:
    """The settings a trainer is likely to ask the explorer for next, most likely first.

    One person more or fewer on each shift, then each other queue policy;
    the reply-time target needs no run of its own.
    """
    changes = [({**counts, shift: count + step}, discipline)
               for shift, count in counts.items() for step in (1, -1) if count + step >= 0]
    changes += [(dict(counts), other) for other in DISCIPLINES if other != discipline]
    return [("explorer", preset, _staff_key(staff), policy, days, replications) for staff, policy in changes]


def side_by_side_next_keys(presets: Sequence[str], staff_change: int, days: float | None, replications: int,
                           changes: Sequence[int] = range(-3, 4)) -> list[SideKey]:
    """Every other position of the side-by-side slider (``changes``), nearest to ``staff_change`` first."""
    order = sorted((c for c in changes if c != staff_change), key=lambda c: (abs(c - staff_change), c))
    return [("side_by_side", tuple(presets), change, days, replications) for change in order]


def scenario_explorer(preset: str = "luxury", days: float | None = None, prefetch: bool | None = None) -> Explorer:
    """Sliders for one preset: head count per shift, target, discipline, days, replications.

    Shows the KPI table and :func:`explorer_figure` (inbox length above,
    reputation below). Controls are named ``staff_<shift>``,
    ``target_minutes``, ``discipline``, ``days``, ``replications``;
    ``explorer.result`` is ``(table, picture)``: a :class:`KpiTable` (numbers
    in ``table.data``, shown as readable text) and a PNG
    (``IPython.display.Image``). With ``prefetch`` (default: on unless
    ``SIMLIB_PREFETCH=0``), the settings of :func:`explorer_next_keys` are
    simulated and drawn in the background after each answer, so the next
    one-step move is answered from the cache.
    """
    prefetch = prefetch_by_default() if prefetch is None else prefetch
    scenario = _preset(preset)
    controls: dict[str, widgets.ValueWidget] = {
        f"staff_{name}": widgets.IntSlider(value=s.count, min=0, max=max(10, 2 * s.count),
                                          description=name, continuous_update=False)
        for name, s in scenario.staff.items()
    }
    controls["target_minutes"] = widgets.IntSlider(value=int(scenario.service.target_minutes), min=5, max=480,
                                                   step=5, description="target (min)", continuous_update=False)
    controls["discipline"] = widgets.Dropdown(options=DISCIPLINES, value=scenario.service.discipline,
                                              description="discipline")
    controls["days"] = _days_slider(days, preset)
    controls["replications"] = widgets.IntSlider(value=1, min=1, max=10, description="replications",
                                                 continuous_update=False)

    def draw(target_minutes: int, discipline: str, days: int, replications: int, **staff: int):
        counts = {name.removeprefix("staff_"): count for name, count in staff.items()}
        runs, png = _ANSWERS.get(("explorer", preset, _staff_key(counts), discipline, days, replications))
        for k, run in enumerate(runs):  # computed elsewhere, perhaps: keep them for scoring
            _RUNS.put((preset, _staff_key(counts), discipline, days, k), run)
        view = explore_scenario(preset, counts, target_minutes, discipline, days, replications)
        return readable_kpis(view.table(), view.currency), Image(png, format="png")

    def prepare_next(discipline: str, days: int, replications: int, **others: int) -> None:
        counts = {name.removeprefix("staff_"): count for name, count in others.items() if name.startswith("staff_")}
        _ANSWERS.prefetch(explorer_next_keys(preset, counts, discipline, days, replications))

    return Explorer(draw, controls, afterwards=prepare_next if prefetch else None)


def side_by_side_explorer(presets: Sequence[str] = ("luxury", "high_volume"), days: float | None = None,
                          prefetch: bool | None = None) -> Explorer:
    """A slider adding (or removing) people on every shift of several businesses at once.

    Controls ``staff_change``, ``days``, ``replications``; ``explorer.result``
    is ``(deltas table, picture)``: :func:`side_by_side_change`'s deltas as
    a :class:`KpiTable` (numbers in ``table.data``), and a PNG of :func:`plot_change`. With ``prefetch`` (default: on unless
    ``SIMLIB_PREFETCH=0``), every other slider position is simulated and
    drawn in the background, nearest first.
    """
    presets = tuple(presets)
    prefetch = prefetch_by_default() if prefetch is None else prefetch
    controls = {
        "staff_change": widgets.IntSlider(value=1, min=-3, max=3, description="staff change",
                                          continuous_update=False),
        "days": _days_slider(days, presets[0]),
        "replications": widgets.IntSlider(value=1, min=1, max=10, description="replications",
                                          continuous_update=False),
    }

    def draw(staff_change: int, days: int, replications: int):
        change, png = _ANSWERS.get(("side_by_side", presets, staff_change, days, replications))
        currencies = {preset: view.currency for preset, view in change.after.items()}
        return readable_kpis(change.deltas, currencies), Image(png, format="png")

    def prepare_next(staff_change: int, days: int, replications: int) -> None:
        slider = controls["staff_change"]
        _ANSWERS.prefetch(side_by_side_next_keys(presets, staff_change, days, replications,
                                                 range(slider.min, slider.max + 1)))

    return Explorer(draw, controls, afterwards=prepare_next if prefetch else None)


def staffing_planner(preset: str = "luxury", shift: str | None = None, days: float | None = None,
                     counts: tuple[int, int] = (0, 4), replications: int = 3) -> Explorer:
    """Sweep one shift's head count on a button: staff cost, revenue, reputation, best profit, Erlang guess.

    Controls ``shift``, ``counts`` (an inclusive range), ``replications``,
    ``days``; ``explorer.result`` is ``(summary table, figure)`` and
    ``explorer.plan`` the last :class:`StaffingPlan`.
    """
    scenario = _preset(preset)
    shifts = list(scenario.staff)
    controls = {
        "shift": widgets.Dropdown(options=shifts, value=shift or shifts[0], description="shift"),
        "counts": widgets.IntRangeSlider(value=counts, min=0, max=20, description="head counts",
                                         continuous_update=False),
        "replications": widgets.IntSlider(value=replications, min=1, max=10, description="replications",
                                          continuous_update=False),
        "days": _days_slider(days, preset),
    }
    holder: dict[str, StaffingPlan] = {}

    def draw(shift: str, counts: tuple[int, int], replications: int, days: int):
        plan = staffing_plan(preset, shift, range(counts[0], counts[1] + 1), replications, days)
        holder["plan"] = plan
        table = plan.summary.copy()
        table["best profit"] = np.where(table.index == plan.best_count, "*", "")
        table["Erlang guess"] = np.where(table.index == plan.erlang_guess, "*", "")
        return table, plot_staffing_plan(plan)

    explorer = PlannerExplorer(draw, controls, button="Run the sweep")
    explorer.plans = holder
    return explorer


class PlannerExplorer(Explorer):
    """An :class:`Explorer` that also keeps the last :class:`StaffingPlan` (``.plan``)."""

    plans: dict[str, StaffingPlan]

    @property
    def plan(self) -> StaffingPlan | None:
        """The plan behind the last result."""
        return self.plans.get("plan")
