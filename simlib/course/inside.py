"""Notebook 06, *Inside the simulation*: a twenty-line SimPy inbox, randomness and checks.

- :func:`tiny_inbox` is the whole model written the textbook way (one process
  per customer, a ``simpy.Resource`` team, reneging with
  ``request | env.timeout(patience)``). The notebook shows its source
  (:func:`source_code`, its comments in the reader's language).
  Customers arrive as a Poisson process (``per_hour``), each needs an
  exponential reply time (mean ``handle_minutes``) and waits at most an
  exponential patience (mean ``patience_minutes``) for one of ``agents``
  community managers, then leaves unanswered (Erlang A, M/M/c+M). Each random
  quantity has its own stream, and handling and patience are drawn at the
  door, so changing ``agents`` keeps the same customers (common random
  numbers). Customers still waiting at the end of the run are not listed.
- :func:`erlang_check` holds a simlib scenario against the Erlang A formulas.
- :func:`ci_by_replications`, :func:`plot_ci_shrinking`: confidence intervals
  narrow as replications grow.
- :func:`same_customers`, :func:`plot_same_customers`, :func:`paired_vs_independent`:
  common random numbers, seen and measured.
- :func:`replication_explorer`: a slider of replications against the Erlang A value.

Times are in minutes, rates in questions per hour.
"""

from __future__ import annotations

import inspect
import io
import itertools
import math
import tokenize
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import simpy
from matplotlib.figure import Figure
from scipy import stats

from simlib.analysis.queueing import QueueFigures, erlang_a
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import replicate, run_one, summarise
from simlib.i18n import N_, fmt, tr
from simlib.i18n.tables import table_words
from simlib.model.engine import simulate
from simlib.model.scenario import Scenario

__all__ = [
    "CHECKED_KPIS",
    "check_table",
    "ci_by_replications",
    "erlang_check",
    "erlang_inputs",
    "paired_vs_independent",
    "plot_ci_shrinking",
    "plot_same_customers",
    "replication_explorer",
    "same_customers",
    "source_code",
    "tiny_inbox",
    "tiny_kpis",
]


def tiny_inbox(per_hour: float = 30.0, handle_minutes: float = 6.0, agents: int = 3,
               patience_minutes: float = 10.0, days: float = 7, seed: int = 1) -> pd.DataFrame:
    """Erlang A in SimPy: one row per settled customer (arrival, wait in minutes, answered)."""
    arrivals, handling, patience = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))
    env = simpy.Environment()
    team = simpy.Resource(env, capacity=agents)  # the community managers
    rows = []

    def customer(number, needs, waits_at_most):
        arrived = env.now
        with team.request() as request:
            result = yield request | env.timeout(waits_at_most)  # NEW: a reply, or patience runs out
            answered = request in result                          # NEW: which came first?
            rows.append({"customer": number, "arrival": arrived, "wait": env.now - arrived, "answered": answered})
            if answered:
                yield env.timeout(needs)  # writing the reply

    def door():  # Poisson arrivals: exponential gaps between customers
        for number in itertools.count():
            yield env.timeout(arrivals.exponential(60 / per_hour))
            env.process(customer(number, handling.exponential(handle_minutes), patience.exponential(patience_minutes)))

    env.process(door())
    env.run(until=days * 24 * 60)
    return pd.DataFrame(rows)


table_words(N_("customer"), N_("arrival"), N_("wait"), N_("answered"), N_("channel"), N_("handling"), N_("patience"),
            N_("dm"), N_("reply_start"), N_("reply_end"), N_("first_response"), N_("abandoned"), N_("handler"),
            N_("wait_3"), N_("wait_4"))
"""The columns (and channel code) of the tables notebook 06 shows: :func:`tiny_inbox`'s records, the
simulation's records and :func:`same_customers` with 3 and 4 people, in the reader's language when shown."""


_COMMENTS = (N_("Erlang A in SimPy: one row per settled customer (arrival, wait in minutes, answered)."),
             N_("the community managers"), N_("NEW: a reply, or patience runs out"), N_("NEW: which came first?"),
             N_("writing the reply"), N_("Poisson arrivals: exponential gaps between customers"))
"""The docstring and comments of :func:`tiny_inbox`, for the catalogue (:func:`source_code` shows them translated)."""


def source_code(function) -> str:
    """The source code of ``function``, as :func:`inspect.getsource` gives it, with its docstring and comments
    in the reader's language (:mod:`simlib.i18n`); every other character is the code itself."""
    source = inspect.getsource(function)
    doc = inspect.getdoc(function)
    if doc and "\n" not in doc:
        source = source.replace(doc, tr(doc), 1)
    lines = source.splitlines(keepends=True)
    for token in reversed(list(tokenize.generate_tokens(io.StringIO(source).readline))):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            text = token.string[1:].strip()
            comment = token.string[:len(token.string) - len(token.string[1:].lstrip())] + tr(text)
            line = lines[row - 1]
            lines[row - 1] = line[:column] + comment + line[column + len(token.string):]
    return "".join(lines)


def tiny_kpis(records: pd.DataFrame, target_minutes: float = 5.0) -> dict[str, float]:
    """Abandonment, mean wait (minutes) and service level of a :func:`tiny_inbox` run.

    The service level counts customers answered within ``target_minutes``
    over all settled customers (those who gave up are misses), as simlib does.
    """
    answered = records["answered"].astype(bool)
    return {
        "p_abandon": float((~answered).mean()),
        "mean_wait_minutes": float(records["wait"].mean()),
        "service_level": float((answered & (records["wait"] <= target_minutes)).mean()),
    }


def erlang_inputs(scenario: Scenario) -> dict[str, float]:
    """The Erlang A inputs of a scenario shaped like the textbook queue.

    Returns ``per_hour`` (questions per hour), ``handle_minutes``, ``agents``,
    ``patience_minutes`` and ``target_minutes``.

    Raises
    ------
    ValueError
        Naming the first field that breaks the Erlang A assumptions: one
        channel, flat arrivals, exponential handling and patience, staff
        always on duty, first come first served, impatient customers leave.
    """
    problems = []
    if len(scenario.channels) != 1:
        problems.append(f"channels: {len(scenario.channels)} channels, Erlang A has one")
    channel = next(iter(scenario.channels.values()))
    if not (scenario.arrivals.profile() == 1.0).all() or scenario.calendar.events:
        problems.append("arrivals: the rate changes by hour or day, Erlang A needs a constant rate")
    if channel.handling.dist != "exponential":
        problems.append(f"handling: {channel.handling.dist}, Erlang A needs exponential")
    if channel.patience is None or channel.patience.dist != "exponential":
        problems.append("patience: Erlang A needs an exponential patience")
    if any((s.start_hour, s.end_hour, len(s.days)) != (0.0, 24.0, 7) for s in scenario.staff.values()):
        problems.append("staff: every shift must be on duty 24 hours a day, 7 days a week")
    if scenario.service.discipline != "fifo" or scenario.service.abandonment != "leaves":
        problems.append("service: Erlang A needs discipline = 'fifo' and abandonment = 'leaves'")
    if problems:
        raise ValueError(f"{scenario.name!r} is not an Erlang A queue: {problems[0]}")
    return {
        "per_hour": scenario.arrivals.per_hour,
        "handle_minutes": channel.handling.mean,
        "agents": sum(s.count for s in scenario.staff.values()),
        "patience_minutes": channel.patience.mean,
        "target_minutes": scenario.service.target_minutes,
    }


def _erlang_figures(scenario: Scenario) -> QueueFigures:
    inputs = erlang_inputs(scenario)
    return erlang_a(inputs["per_hour"], inputs["handle_minutes"], inputs["agents"],
                    inputs["patience_minutes"], inputs["target_minutes"])


CHECKED_KPIS = {
    # simlib KPI: (Erlang A figure, label)
    "p_wait": ("p_wait", N_("share who wait")),
    "p_abandon": ("p_abandon", N_("share who give up")),
    "mean_wait_minutes": ("mean_wait_minutes", N_("mean wait (min)")),
    "service_level": ("service_level", N_("service level")),
    "utilisation": ("occupancy", N_("utilisation")),
    "mean_inbox_length": ("mean_queue_length", N_("questions waiting")),
}
"""Each simulated KPI with the Erlang A figure it should match, and a short label (English: the index of
:func:`erlang_check`, which code reads; shown translated by :func:`check_table` and the explorer)."""


def erlang_check(scenario: Scenario, replications: int = 10) -> pd.DataFrame:
    """Simulated KPIs (mean and 95% CI over replications) beside the Erlang A formulas.

    Parameters
    ----------
    scenario
        An Erlang A-shaped scenario (see :func:`erlang_inputs`), e.g.
        ``scenarios/erlang_a.toml``; its warm-up is left out of the KPIs.
    replications
        Independent replications 0..R-1 (>= 2 for an interval).

    Returns
    -------
    DataFrame
        Indexed by the labels of :data:`CHECKED_KPIS`; columns ``erlang_a``,
        ``simulated`` (mean), ``ci_low``, ``ci_high`` and ``inside`` (bool:
        the formula lies inside the simulated interval).
    """
    figures = _erlang_figures(scenario)
    summary = summarise(replicate(scenario, replications)[list(CHECKED_KPIS)])
    rows = []
    for kpi, (figure, label) in CHECKED_KPIS.items():
        low, high = summary.loc[kpi, "ci_low"], summary.loc[kpi, "ci_high"]
        exact = float(getattr(figures, figure))
        rows.append({"kpi": label, "erlang_a": exact, "simulated": summary.loc[kpi, "mean"],
                     "ci_low": low, "ci_high": high, "inside": bool(low <= exact <= high)})
    return pd.DataFrame(rows).set_index("kpi")


def check_table(check: pd.DataFrame) -> pd.DataFrame:
    """An :func:`erlang_check` table for reading: shares as %, minutes and queue lengths with two decimals.

    Columns: the formula, the simulated mean, its 95% CI, and whether the
    formula lies inside it.
    """
    def show(label: str, value: float) -> str:
        if "min" in label:
            return tr("{value:.2f} min", value=value)
        if "waiting" in label:
            return fmt(value, ".2f")
        return fmt(value, ".1%")

    rows = {tr(label): {tr("Erlang A formula"): show(label, row.erlang_a),
                        tr("simulated (mean)"): show(label, row.simulated),
                        tr("95% CI"): tr("{low} to {high}", low=show(label, row.ci_low), high=show(label, row.ci_high)),
                        tr("formula inside the CI"): tr("yes") if row.inside else tr("no")}
            for label, row in check.iterrows()}
    table = pd.DataFrame(rows).T
    table.index.name = tr("figure")
    return table


def ci_by_replications(table: pd.DataFrame, kpi: str, counts: Sequence[int]) -> pd.DataFrame:
    """Mean and 95% CI of one KPI using the first ``n`` replications, for each ``n`` in ``counts``.

    Parameters
    ----------
    table
        One row per replication (as from :func:`simlib.replicate`), in order.
    kpi
        A column of ``table``.
    counts
        Numbers of replications, each from 2 to ``len(table)``.

    Returns
    -------
    DataFrame
        Indexed by ``replications``; columns ``mean``, ``ci_low``, ``ci_high``, ``half_width``.
    """
    bad = [n for n in counts if not 2 <= n <= len(table)]
    if bad:
        raise ValueError(f"counts = {bad}: each must be from 2 to {len(table)} (the replications in table)")
    rows = {n: summarise(table[[kpi]].iloc[:n]).loc[kpi, ["mean", "ci_low", "ci_high", "half_width"]]
            for n in counts}
    out = pd.DataFrame(rows).T.astype(float)
    out.index.name = "replications"
    return out


_AXIS_LABELS = (N_("Mean wait (minutes)"),)
"""Axis labels the notebook gives :func:`plot_ci_shrinking`, for the catalogue."""


def plot_ci_shrinking(ci: pd.DataFrame, label: str, reference: float | None = None,
                      reference_label: str = N_("Erlang A formula")) -> Figure:
    """Mean and 95% CI of a KPI against the number of replications, with a reference line.

    Parameters
    ----------
    ci
        As from :func:`ci_by_replications`.
    label
        What the KPI is, with its unit, for the y axis (e.g. "Mean wait (minutes)"); shown in the
        reader's language when the catalogue has it.
    reference
        The exact value, drawn as a horizontal line (optional), labelled ``reference_label``.

    Returns
    -------
    Figure
        x: replications (log scale); y: the KPI. The title gives how much the
        interval narrowed from the fewest to the most replications, beside
        what the square-root rule predicts (and with the t quantile's change).
    """
    fig, ax = plt.subplots(figsize=(9, 4.5))
    plt.close(fig)
    n = ci.index.to_numpy(dtype=float)
    mean = ci["mean"].to_numpy()
    ax.errorbar(n, mean, yerr=[mean - ci["ci_low"], ci["ci_high"] - mean], fmt="o", color="C0", ms=7,
                capsize=6, lw=2, label=tr("simulated mean, 95% CI"))
    if reference is not None:
        ax.axhline(reference, color="C3", ls="--", lw=1.8, label=tr(reference_label))
    ax.set_xscale("log", base=2)
    ax.set_xticks(n, [fmt(k, "g") for k in n])
    ax.minorticks_off()
    ax.set_xlim(n.min() / 1.4, n.max() * 1.4)
    first, last = ci["half_width"].iloc[0], ci["half_width"].iloc[-1]
    rule = math.sqrt(n[-1] / n[0])
    with_t = rule * stats.t.ppf(0.975, n[0] - 1) / stats.t.ppf(0.975, n[-1] - 1)
    ax.set_title(tr("{times:g} times the replications: the 95% CI is {narrower:.1f} times narrower "
                    "(±{first:.2g} → ±{last:.2g})\nThe square-root rule says {rule:.1f}×; the larger t of "
                    "{runs:g} runs makes it {with_t:.1f}×; the rest is chance", times=n[-1] / n[0],
                    narrower=first / last, first=first, last=last, rule=rule, runs=n[0], with_t=with_t),
                 fontsize=12)
    ax.set_xlabel(tr("Replications (independent runs)"), fontsize=12)
    ax.set_ylabel(tr(label), fontsize=12)
    ax.tick_params(labelsize=11)
    ax.grid(True, color="0.9")
    ax.legend(fontsize=11, loc="upper right")
    return fig


def same_customers(scenario: Scenario, shift: str, counts: Sequence[int], hours: float = 2.0,
                   replication: int = 0) -> pd.DataFrame:
    """The first ``hours`` of questions under different head counts of one shift.

    Returns
    -------
    DataFrame
        One row per question of the head count ``counts[0]``: ``arrival``,
        ``channel``, ``handling`` and ``patience`` (minutes) and one column
        ``wait_<count>`` per head count (minutes waited). Raises ValueError if
        the head counts do not see the same questions (they always should:
        common random numbers).
    """
    table = None
    for count in counts:
        records = simulate(scenario.with_changes({f"staff.{shift}.count": count}), replication=replication).records
        first = records[records["arrival"] < hours * 60]
        if table is None:
            table = first[["arrival", "channel", "handling", "patience"]].reset_index(drop=True)
        elif not np.array_equal(first["arrival"].to_numpy(), table["arrival"].to_numpy()):
            raise ValueError(f"head count {count} saw different questions: the streams are not common")
        table[f"wait_{count}"] = first["wait"].to_numpy()
    return table


def plot_same_customers(table: pd.DataFrame) -> Figure:
    """Each question's wait against its arrival, one marker per head count (from :func:`same_customers`).

    Returns
    -------
    Figure
        x: arrival (minutes from the start); y: wait (minutes). Thin grey
        lines join the same question's waits, so you see each customer twice.
    """
    waits = [c for c in table.columns if c.startswith("wait_")]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    plt.close(fig)
    x = table["arrival"].to_numpy()
    ax.vlines(x, table[waits].min(axis=1), table[waits].max(axis=1), color="0.75", lw=1, zorder=1)
    for k, column in enumerate(waits):
        people = column.removeprefix("wait_")
        ax.plot(x, table[column], "o^s"[k % 3], color=f"C{k}", ms=7, zorder=2,
                label=tr("{people} people: mean wait {wait:.1f} min", people=people, wait=table[column].mean()))
    ax.plot(x, np.zeros_like(x) - 0.6, "|", color="0.3", ms=12, label=tr("arrivals (the same in every run)"))
    ax.set_ylim(-1.2, max(float(table[waits].max().max()), 1.0) * 1.45)  # headroom for the legend
    ax.set_title(tr("The same {count} customers at the same minutes; only the waits change", count=len(table)),
                 fontsize=13)
    ax.set_xlabel(tr("Arrival (minutes from Monday 00:00)"), fontsize=12)
    ax.set_ylabel(tr("Wait for a reply\n(minutes)"), fontsize=12)
    ax.tick_params(labelsize=11)
    ax.grid(True, color="0.9")
    ax.legend(fontsize=11, loc="upper right", framealpha=0.95)
    return fig


def paired_vs_independent(scenario: Scenario, shift: str, counts: tuple[int, int], kpi: str,
                          replications: int = 5, other_seed: int = 999) -> pd.DataFrame:
    """The effect of a head count change on one KPI, with and without common random numbers.

    Both ways compare ``counts[0]`` with ``counts[1]`` over ``replications``
    runs each. *Common random numbers*: run ``k`` of both sees the same
    customers (same seed). *Independent*: the second head count uses
    ``other_seed``, so its customers differ.

    Returns
    -------
    DataFrame
        Indexed by ``common random numbers`` and ``independent seeds`` (in the reader's language); columns
        ``difference`` (mean of ``counts[1]`` minus ``counts[0]``, KPI units),
        ``ci_low``, ``ci_high`` and ``half_width`` (95% Student-t, paired for the first).
    """
    a, b = (scenario.with_changes({f"staff.{shift}.count": c}) for c in counts)
    base = replicate(a, replications)[kpi]
    common = replicate(b, replications)[kpi] - base
    independent = replicate(b, replications, seed=other_seed)[kpi]
    rows = {tr("common random numbers"): summarise(common.to_frame(kpi), bounds={}).loc[kpi]}
    # Welch interval for two independent samples
    diff = independent.mean() - base.mean()
    va, vb = base.var(ddof=1) / replications, independent.var(ddof=1) / replications
    dof = (va + vb) ** 2 / (va**2 / (replications - 1) + vb**2 / (replications - 1))
    from scipy.stats import t

    half = float(t.ppf(0.975, dof) * math.sqrt(va + vb))
    rows[tr("independent seeds")] = pd.Series({"mean": diff, "ci_low": diff - half, "ci_high": diff + half,
                                           "half_width": half})
    out = pd.DataFrame(rows).T[["mean", "ci_low", "ci_high", "half_width"]].astype(float)
    return out.rename(columns={"mean": "difference"})


def replication_explorer(scenario: Scenario, max_replications: int = 40) -> Explorer:
    """A slider of replications and a KPI menu: the simulated mean and 95% CI against Erlang A.

    Replication ``k`` is the same whichever total you ask for, so runs are
    cached and each release of the slider only simulates the new ones.
    :attr:`Explorer.result` is ``(figure, text)``.
    """
    figures = _erlang_figures(scenario)
    rows: list[dict[str, float]] = []
    options = {tr(label): kpi for kpi, (_, label) in CHECKED_KPIS.items()}

    def draw(replications: int, kpi: str) -> tuple[Figure, str]:
        while len(rows) < replications:
            rows.append(run_one(scenario, None, len(rows)))
        values = pd.DataFrame(rows[:replications])[kpi]
        s = summarise(values.to_frame()).loc[kpi]
        exact = float(getattr(figures, CHECKED_KPIS[kpi][0]))
        label = tr(CHECKED_KPIS[kpi][1])
        fig, ax = plt.subplots(figsize=(9, 3.6))
        plt.close(fig)
        ax.plot(values, np.zeros(len(values)) + 0.3, "|", color="0.5", ms=18, label=tr("one replication each"))
        ax.errorbar([s["mean"]], [0], xerr=[[s["mean"] - s["ci_low"]], [s["ci_high"] - s["mean"]]], fmt="o",
                    color="C0", ms=9, capsize=8, lw=2.5, label=tr("mean, 95% CI"))
        ax.axvline(exact, color="C3", ls="--", lw=2, label=tr("Erlang A formula"))
        ax.set_ylim(-0.6, 1.3)
        ax.set_yticks([])
        ax.set_xlabel(label, fontsize=12)
        ax.tick_params(labelsize=11)
        ax.legend(fontsize=11, loc="upper center", ncol=3, framealpha=0.95)
        inside = N_("{replications} replications: {mean:.3g} ± {half:.2g}; the formula ({exact:.3g}) is inside the CI")
        outside = N_("{replications} replications: {mean:.3g} ± {half:.2g}; the formula ({exact:.3g}) is outside "
                     "the CI")
        ax.set_title(tr(inside if s["ci_low"] <= exact <= s["ci_high"] else outside, replications=replications,
                        mean=s["mean"], half=s["half_width"], exact=exact), fontsize=12)
        text = tr("{label}: simulated {mean:.4g} (95% CI {low:.4g} to {high:.4g}, {replications} replications); "
                  "Erlang A {exact:.4g}", label=label, mean=s["mean"], low=s["ci_low"], high=s["ci_high"],
                  replications=replications, exact=exact)
        return fig, text

    controls = {
        "replications": widgets.IntSlider(value=5, min=2, max=max_replications, description=tr("replications")),
        "kpi": widgets.Dropdown(options=options, value="mean_wait_minutes", description="KPI"),
    }
    return Explorer(draw, controls)
