"""Helpers for notebook 02, *Luxury vs high volume*: what a minute of delay is worth.

The two businesses are the presets ``luxury`` (a jeweller) and
``high_volume`` (a burger chain).

- By hand: :func:`value_by_hand`, :func:`hand_table`,
  :func:`lead_value_after`, :func:`minute_by_hand` and :func:`plot_lead_value` (is the lead still
  engaged, does it buy, what does it spend: read off each preset).
- With the simulation: :func:`compare_businesses` (``simlib compare`` from
  Python, its runs cached by :func:`preset_runs`), :func:`headline` and
  :func:`revenue_by_source`.
- What one more minute costs, and the same staffing change in both
  businesses: :mod:`simlib.course.value_compared`.

Times in minutes (tables say hours where they use hours); money in the
businesses' currency (USD for both presets). Tables and figures are written
in the reader's language (:func:`simlib.i18n.set_language`): the businesses'
names, row and axis labels, numbers in text; the numbers in tables of
numbers stay numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simlib.analysis.curves import conversion_half_life
from simlib.analysis.kpis import measured
from simlib.course.tables import duration, kpi_rows
from simlib.experiments.compare import side_by_side
from simlib.experiments.replications import run_replications
from simlib.i18n import N_, fmt, tr
from simlib.model.business import SOURCES
from simlib.model.leads import premium
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

__all__ = [
    "DAYS",
    "LABELS",
    "PAIR",
    "Comparison",
    "business_profile",
    "compare_businesses",
    "hand_table",
    "headline",
    "label",
    "lead_value_after",
    "load_businesses",
    "minute_by_hand",
    "plot_lead_value",
    "preset_runs",
    "revenue_by_source",
    "value_by_hand",
]

PAIR = ("luxury", "high_volume")
"""The two presets compared in notebook 02."""
LABELS = {"luxury": N_("jeweller (luxury)"), "high_volume": N_("burger chain (high volume)")}
"""How the notebook names each preset (in English; :func:`label` gives the reader's language)."""
DAYS = 28
"""Days simulated by the comparisons (the presets' four weeks)."""
HEADLINE = ("questions", "median_first_response_minutes", "conversion", "revenue", "complaints",
            "staff_cost", "profit")
"""The KPIs :func:`headline` shows."""


def label(name: str) -> str:
    """How the notebook names a preset, in the reader's language (:data:`LABELS`; other names as they are)."""
    return tr(LABELS[name]) if name in LABELS else name


def _waited(minutes: float) -> str:
    """A delay as a table's row label: "15 min", "1 h", "4 h" (a decimal comma in Spanish)."""
    return f"{fmt(minutes / 60, 'g')} h" if minutes >= 60 else f"{fmt(minutes, 'g')} min"


def load_businesses(names: Iterable[str] = PAIR, days: float = DAYS) -> dict[str, Scenario]:
    """The presets by name, each run for ``days`` days.

    Returns
    -------
    dict
        Preset name -> validated :class:`~simlib.model.scenario.Scenario`.
    """
    return {name: load_preset(name, {"run.days": days}) for name in names}


def business_profile(scenarios: Mapping[str, Scenario]) -> pd.DataFrame:
    """The few numbers that make each business what it is, from its preset, written for reading.

    Returns
    -------
    DataFrame
        One column per business (named by :data:`LABELS` when known), text;
        rows: questions a week (at the baseline reputation), share of
        questions asked before buying, chance that an engaged lead buys,
        chance that a lead buys without a conversation, mean ticket
        (currency), extra spend after a reply at once (the reply premium),
        and the delay after which half the leads are no longer engaged.
    """
    columns = {}
    for name, scenario in scenarios.items():
        business = scenario.business
        extra = float(premium(business, 0.0))
        columns[label(name)] = {
            N_("questions a week"): fmt(scenario.arrivals.per_hour * 24 * 7, ",.0f"),
            N_("share asked before buying"): fmt(business.pre_sale_share, ".0%"),
            N_("chance an engaged lead buys"): fmt(business.conversion.at_once, ".0%"),
            N_("chance a lead buys with no conversation"): fmt(business.buy_without_reply, ".0%"),
            N_("mean ticket"): f"{fmt(business.ticket.mean, ',.0f')} {business.currency}",
            N_("extra spend after a reply at once"): f"+{fmt(extra, '.0%')}" if extra > 0 else tr("none"),
            N_("half the leads have cooled after"): duration(conversion_half_life(business.conversion)),
        }
    table = pd.DataFrame(columns)
    table.index = [tr(row) for row in table.index]
    return table


def value_by_hand(scenario: Scenario, delay_minutes: float = 60.0) -> dict[str, float]:
    """What one question is worth when its first reply comes after a delay, and what the delay takes off.

    A lead answered after ``t`` minutes is still engaged (still in the
    conversation) with chance ``engaged(t)``, the conversion curve's shape.
    An engaged lead buys with ``conversion.at_once``; a lead no longer
    engaged may still buy, with ``buy_without_reply`` (a habit, a walk-in).
    A purchase after a good reply spends the mean ticket plus the reply
    premium at ``t`` (the burger chain's +20% at once, fading; none for the
    jeweller). So a lead is worth::

        ticket × (1 + premium(t)) × [at_once × engaged(t) + buy_without_reply × (1 − engaged(t))]

    An after-sale customer answered well buys again with
    ``repeat_if_answered``, with the same premium. A question is a lead with
    chance ``pre_sale_share``, else an after-sale question. Left out:
    patience (here the customer waits however long it takes), where the lead
    came from and reputation (factors of 1), and replies that disappoint;
    the simulation adds them. With those left out this is exactly
    :func:`simlib.model.leads.expected_value` at the mean ticket.

    Parameters
    ----------
    scenario
        A scenario with a ``[business]`` section.
    delay_minutes
        The delay to price (minutes, >= 0).

    Returns
    -------
    dict
        Chances: ``engaged`` (still engaged after the delay),
        ``chance_at_once`` (an engaged lead buys), ``chance_without`` (a lead
        with no conversation buys), ``chance_after`` (a lead answered after
        the delay buys); extra spend: ``premium_at_once``, ``premium_after``
        (shares of the ticket); currency: ``ticket``, ``lead_at_once``,
        ``lead_after``, ``lost_per_lead``, ``after_sale_at_once``,
        ``after_sale_after``, ``lost_per_after_sale`` and
        ``lost_per_question`` (what the delay takes off one question).
    """
    if not delay_minutes >= 0:
        raise ValueError(f"delay_minutes = {delay_minutes!r}: must be >= 0")
    business = scenario.business
    if business is None:
        raise ValueError(f"scenario {scenario.name!r} has no [business] section: nothing to value")
    engaged = float(business.conversion.engaged(delay_minutes))
    at_once, without = float(business.conversion.at_once), float(business.buy_without_reply)
    chance_after = at_once * engaged + without * (1 - engaged)
    extra_at_once, extra_after = float(premium(business, 0.0)), float(premium(business, delay_minutes))
    ticket = float(business.ticket.mean)
    lead_at_once, lead_after = ticket * (1 + extra_at_once) * at_once, ticket * (1 + extra_after) * chance_after
    repeat = float(business.after_sale.repeat_if_answered)
    after_sale_at_once, after_sale_after = ticket * (1 + extra_at_once) * repeat, ticket * (1 + extra_after) * repeat
    lost_per_lead, lost_per_after_sale = lead_at_once - lead_after, after_sale_at_once - after_sale_after
    return {
        "engaged": engaged,
        "chance_at_once": at_once,
        "chance_without": without,
        "chance_after": chance_after,
        "premium_at_once": extra_at_once,
        "premium_after": extra_after,
        "ticket": ticket,
        "lead_at_once": lead_at_once,
        "lead_after": lead_after,
        "lost_per_lead": lost_per_lead,
        "after_sale_at_once": after_sale_at_once,
        "after_sale_after": after_sale_after,
        "lost_per_after_sale": lost_per_after_sale,
        "lost_per_question": business.pre_sale_share * lost_per_lead
                             + (1 - business.pre_sale_share) * lost_per_after_sale,
    }


def hand_table(scenarios: Mapping[str, Scenario], delay_minutes: float = 60.0) -> pd.DataFrame:
    """:func:`value_by_hand` for several businesses, one column each.

    ``table.attrs["ratio"]`` is how many times more the first business loses
    per question than the last one.
    """
    table = pd.DataFrame({label(n): value_by_hand(s, delay_minutes) for n, s in scenarios.items()})
    table.attrs["ratio"] = float(table.iloc[:, 0]["lost_per_question"] / table.iloc[:, -1]["lost_per_question"])
    return table


def lead_value_after(scenarios: Mapping[str, Scenario],
                     delays_minutes: Iterable[float] = (0, 15, 60, 4 * 60, 24 * 60)) -> pd.DataFrame:
    """What a lead is worth if the first reply comes after each delay (:func:`value_by_hand`'s ``lead_after``).

    Returns
    -------
    DataFrame
        Rows: the delays, labelled (``"15 min"``, ``"1 h"``...); one column
        per business; values in currency.
    """
    delays = list(delays_minutes)
    columns = {label(n): [value_by_hand(s, d)["lead_after"] for d in delays] for n, s in scenarios.items()}
    return pd.DataFrame(columns, index=pd.Index([_waited(d) for d in delays], name=tr("first reply after")))


def minute_by_hand(scenarios: Mapping[str, Scenario],
                   after_minutes: Iterable[float] = (0, 5, 60, 12 * 60)) -> pd.DataFrame:
    """What one more minute takes off one question, by hand, after the customer has waited each delay.

    The difference of :func:`value_by_hand`'s ``lost_per_question`` at
    ``t + 1`` and at ``t`` minutes: the price of the minute from ``t`` to
    ``t + 1``.

    Returns
    -------
    DataFrame
        Rows: the waits already behind the customer, labelled (``"0 min"``,
        ``"5 min"``, ``"1 h"``...); one column per business; values in
        currency per question.
    """
    delays = list(after_minutes)
    columns = {label(n): [value_by_hand(s, d + 1)["lost_per_question"] - value_by_hand(s, d)["lost_per_question"]
                          for d in delays] for n, s in scenarios.items()}
    return pd.DataFrame(columns, index=pd.Index([_waited(d) for d in delays], name=tr("already waited")))


def plot_lead_value(scenarios: Mapping[str, Scenario], max_minutes: float = 2 * 24 * 60) -> Figure:
    """What a lead is still worth against the delay of its first reply, as a share of its value at once.

    One line per business (:func:`value_by_hand`'s ``lead_after / lead_at_once``);
    the x-axis is logarithmic from one minute, because the first minutes are
    where the burger chain's leads cool; the share a lead keeps however late
    the reply (``buy_without_reply / at_once``, the burger chain's lasting
    premium aside) shows as the floor each line flattens to.

    Returns
    -------
    Figure
        10 x 4.5 inches; x: delay of the first reply; y: value left (% of the value at once).
    """
    delays = np.geomspace(1, max_minutes, 200)
    fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    plt.close(fig)
    for name, scenario in scenarios.items():
        values = [value_by_hand(scenario, d) for d in delays]
        ax.plot(delays, [100 * v["lead_after"] / v["lead_at_once"] for v in values], lw=2.5,
                label=label(name))
    ticks = [1, 5, 15, 60, 4 * 60, 12 * 60, 24 * 60, 48 * 60]
    ax.set_xscale("log")
    ax.set_xticks([t for t in ticks if t <= max_minutes], [duration(t) for t in ticks if t <= max_minutes])
    ax.minorticks_off()
    ax.set_ylim(0, 105)
    ax.set_xlabel(tr("First reply after"), fontsize=12)
    ax.set_ylabel(tr("What a lead is still worth\n(% of its value answered at once)"), fontsize=12)
    ax.yaxis.set_major_formatter(lambda v, _: fmt(v / 100, ".0%"))
    ax.grid(True, color="0.9")
    ax.legend(fontsize=11)
    ax.set_title(tr("A burger lead cools within minutes; a jeweller's client over half a day"), fontsize=13)
    return fig


@dataclass(frozen=True)
class Comparison:
    """Businesses run side by side on the same random numbers.

    Attributes
    ----------
    table
        :func:`simlib.experiments.compare.side_by_side`: KPIs by ``(business, mean | ci_low | ci_high)``.
    results
        Business -> its runs, one per replication.
    """

    table: pd.DataFrame
    results: dict[str, list[SimulationResult]]

    def first_runs(self) -> dict[str, SimulationResult]:
        """Replication 0 of each business (what :func:`simlib.figures.plot_comparison` draws)."""
        return {name: runs[0] for name, runs in self.results.items()}


@functools.lru_cache(maxsize=64)
def _cached_runs(scenario_json: str, replications: int) -> tuple[pd.DataFrame, tuple[SimulationResult, ...]]:
    table, results = run_replications(Scenario.model_validate_json(scenario_json), replications)
    return table, tuple(results)


def preset_runs(name: str, changes: Mapping[str, object], replications: int
                ) -> tuple[pd.DataFrame, list[SimulationResult]]:
    """Replications 0..R-1 of a preset with dotted changes: a KPI table and the runs.

    Cached by the scenario's content, because the notebook and its explorer
    ask for the same runs again (the same scenario reached by different
    changes is run once).
    """
    scenario = load_preset(name, dict(changes))
    table, results = _cached_runs(scenario.model_dump_json(), replications)
    return table.copy(), list(results)


def compare_businesses(names: Iterable[str] = PAIR, days: float = DAYS, replications: int = 5) -> Comparison:
    """``simlib compare`` from Python: each business ``replications`` times, same random numbers.

    Parameters
    ----------
    names
        Preset names (or scenario paths).
    days
        Days simulated in each run.
    replications
        Runs per business (>= 2 for confidence intervals).
    """
    runs = {name: preset_runs(name, {"run.days": days}, replications) for name in names}
    table = side_by_side({n: t for n, (t, _) in runs.items()})
    table.attrs["replications"] = replications
    return Comparison(table, {n: r for n, (_, r) in runs.items()})


def headline(table: pd.DataFrame, days: float = DAYS) -> pd.DataFrame:
    """The comparison's key figures for reading: the mean over replications, one column per business.

    Rows are labelled by the KPI registry, with the currency and the period
    of totals ("revenue lost (USD per 4 weeks)"); shares as %, waits as
    durations. The currency is read from the businesses' presets.
    """
    means = table.xs("mean", axis=1, level=1).loc[list(HEADLINE)]
    currency = _currency(means.columns)
    shown = kpi_rows(means, currency, days)
    shown.columns = [label(n) for n in means.columns]
    runs = table.attrs.get("replications")
    shown.columns.name = tr("mean of {runs} runs", runs=runs) if runs else tr("mean over the runs")
    return shown


def _currency(names: Iterable[str]) -> str:
    """The currency the businesses share ("" when they do not, or are not presets)."""
    found = set()
    for name in names:
        try:
            found.add(load_preset(str(name)).business.currency)
        except Exception:  # noqa: BLE001 - a scenario path or a preset without a business: no currency
            return ""
    return found.pop() if len(found) == 1 else ""


def revenue_by_source(results: Iterable[SimulationResult]) -> pd.DataFrame:
    """Where the questions and the revenue came from, over several runs of one business.

    Returns
    -------
    DataFrame
        Indexed by source (search, social, referral, returning: the values
        of the records' ``source`` column, in every language); columns
        ``share of questions`` and ``share of revenue`` (0-1), named in the
        reader's language. Revenue includes the repeat purchases after-sale
        answers bring.
    """
    records = pd.concat([measured(r) for r in results], ignore_index=True)
    by_source = records.groupby("source", observed=False)
    table = pd.DataFrame({
        tr("share of questions"): by_source.size() / len(records),
        tr("share of revenue"): by_source["revenue"].sum() / records["revenue"].sum(),
    }).reindex(list(SOURCES))
    table.index.name = tr("source")
    return table
