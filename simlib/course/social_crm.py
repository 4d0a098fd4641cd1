"""Helpers for notebook 04, the social CRM: query the contacts, score the leads, serve the valuable first.

Idea sources: "Facebook for companies" (CRM, leads, social CRM as Paul
Greenberg defined it). Money in the business's currency, times in minutes.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy.special import stdtrit

from simlib.analysis import crm
from simlib.analysis.kpis import kpis, measured
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import run_one
from simlib.i18n import N_, fmt, tr
from simlib.i18n.tables import label, table_words
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, load_scenario

__all__ = [
    "example_posts",
    "DISCIPLINE_LABELS",
    "discipline_explorer",
    "discipline_runs",
    "lead_groups",
    "paired_difference",
    "plot_value_first",
    "status_funnel",
    "top_value_waits",
]

DISCIPLINE_LABELS = {"fifo": N_("first come, first served"), "value": N_("most valuable first")}
"""How the notebook names the two orders of work (``service.discipline``)."""
COLOURS = {"fifo": "0.55", "value": "C0"}
table_words(
    # simlib.analysis.crm's tables: columns, lead statuses, channels, sources, kinds, outcomes
    N_("contact"), N_("question"), N_("first_channel"), N_("first_source"), N_("first_contact_minute"), N_("questions"),
    N_("answered"), N_("ignored"), N_("revenue"), N_("revenue_lost"), N_("switched"), N_("purchases"),
    N_("phase"), N_("status"), N_("channel"), N_("kind"), N_("source"), N_("outcome"), N_("handler"),
    N_("lead"), N_("prospect"), N_("customer"), N_("repeat_customer"), N_("advocate"), N_("lost"),
    N_("comments"), N_("dm"), N_("reviews"), N_("search"), N_("social"), N_("referral"), N_("returning"),
    N_("pre_sale"), N_("after_sale"), N_("sale"), N_("no_sale"), N_("came_back"), N_("did_not_come_back"),
    N_("open"), N_("connection"), N_("interaction"), N_("participation"), N_("influence"), N_("critic"),
    # this module's tables
    N_("contacts"), N_("share"), N_("lead score"), N_("group"), N_("discipline"),
    N_("post"), N_("reach"), N_("likes"), N_("shares"), N_("angry"))
# Shown in the reader's language, read by the code in English (simlib.i18n.tables).


def example_posts() -> pd.DataFrame:
    """Six invented posts of the restaurant's page, with what people did with each (counts, one week each).

    For the exercise on likes and shares as measures of opinion and
    closeness (idea from "Facebook for companies"): ``reach`` (people who
    saw the post), ``likes`` (likes and other warm reactions), ``shares``
    (people who passed it on) and ``angry`` (angry or sad reactions).
    """
    rows = [
        (N_("the chef's new tasting menu"), 4200, 310, 42, 6),
        (N_("closed for a private event on Saturday"), 3900, 45, 3, 88),
        (N_("a regular's anniversary dinner (with their consent)"), 3100, 420, 65, 2),
        (N_("20% off on Tuesdays"), 5200, 260, 12, 30),
        (N_("how we choose our fish, with the fisherman"), 2800, 180, 58, 1),
        (N_("new, higher prices from next month"), 4600, 70, 4, 140),
    ]
    table_words(*(row[0] for row in rows))  # shown in the reader's language; the index keeps the English
    return pd.DataFrame(rows, columns=["post", "reach", "likes", "shares", "angry"]).set_index("post")


def status_funnel(people: pd.DataFrame) -> pd.DataFrame:
    """Contacts per lead status, in the order of :data:`simlib.analysis.crm.STATUSES`.

    Parameters
    ----------
    people
        :func:`simlib.analysis.crm.contacts` of a run.

    Returns
    -------
    DataFrame
        One row per status with ``contacts`` (count) and ``share`` (0-1 of all contacts).
    """
    counts = people["status"].value_counts().reindex(list(crm.STATUSES), fill_value=0)
    table = pd.DataFrame({"contacts": counts, "share": counts / max(len(people), 1)})
    table.index.name = "status"
    return table


def _group_name(kind: str, source: str) -> str:
    return "after-sale customer" if kind == "after_sale" else f"lead from {source}"


def lead_groups(result: SimulationResult) -> pd.DataFrame:
    """The kinds of question and what each is worth as a lead, most valuable first.

    A question's lead score (:func:`simlib.model.leads.lead_score`) depends only on
    its kind (before or after a sale) and, for a lead, its source, so the
    questions fall into a few groups.

    Returns
    -------
    DataFrame
        One row per group (``lead from search``, ``after-sale customer``...):
        ``lead score`` (currency: expected value of answering at once),
        ``questions`` and ``share`` (0-1), sorted by lead score, highest first.
    """
    r = measured(result)
    names = [_group_name(k, s) for k, s in zip(r["kind"].astype(str), r["source"].astype(str))]
    grouped = r.assign(group=names).groupby("group")
    table = pd.DataFrame({"lead score": grouped["lead_score"].first(), "questions": grouped.size()})
    table["share"] = table["questions"] / table["questions"].sum()
    table = table.sort_values("lead score", ascending=False)
    return table.rename(index=_group_label)  # in the reader's language (simlib.i18n)


def _group_label(name: str) -> str:
    """A group of :func:`_group_name` in the reader's language."""
    if name.startswith("lead from "):
        return tr("lead from {source}", source=label(name.removeprefix("lead from ")))
    return tr(N_("after-sale customer")) if name == "after-sale customer" else name


def top_value_waits(result: SimulationResult) -> dict[str, float]:
    """Median time to a first reply of the most valuable group of questions and of the others.

    The most valuable group is the one with the highest lead score (see
    :func:`lead_groups`). Questions never answered count as waiting forever
    (the median treats them as the longest waits).

    Returns
    -------
    dict
        ``top`` and ``others``: medians in minutes; ``others_p90``: the 90th
        percentile of the others (minutes: how long their slowest tenth
        waits); ``top group``: its name; ``top share``: its share of all
        questions (0-1).
    """
    r = measured(result)
    top = r["lead_score"] == r["lead_score"].max()
    response = r["first_response"].fillna(np.inf)
    kind, source = r.loc[top, "kind"].iloc[0], r.loc[top, "source"].iloc[0]
    return {"top": float(response[top].median()), "others": float(response[~top].median()),
            "others_p90": float(response[~top].quantile(0.9, interpolation="higher")),
            "top group": _group_name(str(kind), str(source)), "top share": float(top.mean())}


def discipline_runs(scenario: Scenario, replications: int = 5,
                    disciplines: tuple[str, ...] = ("fifo", "value")) -> pd.DataFrame:
    """Replications of one scenario under each order of work, on the same customers.

    Parameters
    ----------
    scenario
        A scenario with a ``[business]`` section.
    replications
        Runs per discipline; replication ``k`` sees the same questions in every discipline.
    disciplines
        Values of ``service.discipline`` to compare.

    Returns
    -------
    DataFrame
        One row per (discipline, replication): ``revenue``, ``revenue_lost``,
        ``profit`` (currency), ``service_level`` (0-1), ``top_wait`` and
        ``others_wait`` (median minutes to a first reply) and ``others_p90``
        (minutes, 90th percentile of the others), see :func:`top_value_waits`.
    """
    rows = []
    for discipline in disciplines:
        variant = scenario.with_changes({"service.discipline": discipline})
        for k in range(replications):
            figures, waits = run_one(variant, None, k, measure=_kpis_and_waits)
            rows.append({"discipline": discipline, "replication": k,
                         **{name: figures[name] for name in ("revenue", "revenue_lost", "profit", "service_level")},
                         "top_wait": waits["top"], "others_wait": waits["others"],
                         "others_p90": waits["others_p90"]})
    return pd.DataFrame(rows)


def _kpis_and_waits(result: SimulationResult) -> tuple[dict[str, float], dict[str, float]]:
    return kpis(result), top_value_waits(result)


def paired_difference(runs: pd.DataFrame, column: str, new: str = "value", old: str = "fifo",
                      confidence: float = 0.95) -> dict[str, float]:
    """Mean difference ``new - old`` of one column over paired replications, with a Student-t interval.

    Pairs share their replication number, hence their customers (common random
    numbers), so the interval is much narrower than comparing two separate means.

    Returns
    -------
    dict
        ``mean``, ``ci_low``, ``ci_high`` (the column's unit) and ``replications``.
    """
    wide = runs.pivot(index="replication", columns="discipline", values=column)
    diff = (wide[new] - wide[old]).dropna()
    n = len(diff)
    if n < 2:
        raise ValueError(f"replications = {n}: need at least 2 paired runs for an interval")
    half = stdtrit(n - 1, 0.5 + confidence / 2) * diff.std(ddof=1) / np.sqrt(n)
    return {"mean": float(diff.mean()), "ci_low": float(diff.mean() - half),
            "ci_high": float(diff.mean() + half), "replications": n}


def _mean_ci(values: pd.Series, confidence: float = 0.95) -> tuple[float, float]:
    n = values.notna().sum()
    half = stdtrit(max(n - 1, 1), 0.5 + confidence / 2) * values.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan
    return float(values.mean()), float(half)


def plot_value_first(runs: pd.DataFrame, currency: str = "USD") -> Figure:
    """Two panels: how long the most valuable questions and the others wait, and revenue, per discipline.

    Left: median minutes to a first reply of the most valuable group and of
    the others, and the 90th percentile of the others (the price of
    serving the valuable first). Right: revenue per run.

    Bars are means over replications with 95% Student-t intervals.

    Parameters
    ----------
    runs
        :func:`discipline_runs` output (with ``fifo`` and ``value``).
    currency
        Unit of the revenue axis.

    Returns
    -------
    Figure
        A 12 x 4.8 inch figure (left: minutes; right: currency).
    """
    disciplines = [d for d in DISCIPLINE_LABELS if d in set(runs["discipline"])]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained", width_ratios=[1.4, 1])
    plt.close(fig)
    width = 0.38
    means: dict[tuple[str, str], float] = {}
    for i, d in enumerate(disciplines):
        part = runs[runs["discipline"] == d]
        for j, column in enumerate(("top_wait", "others_wait", "others_p90")):
            mean, half = _mean_ci(part[column])
            means[(d, column)] = mean
            x = j + (i - 0.5) * width
            left.bar(x, mean, width, yerr=half, capsize=5, color=COLOURS[d],
                     label=tr(DISCIPLINE_LABELS[d]) if j == 0 else None)
            left.text(x, mean + (half if np.isfinite(half) else 0), tr("{minutes:.0f} min", minutes=mean), ha="center",
                      va="bottom", fontsize=11)
        mean, half = _mean_ci(part["revenue"])
        right.bar(i, mean, 0.6, yerr=half, capsize=5, color=COLOURS[d])
        right.text(i, mean * 0.5, fmt(mean, ",.0f"), ha="center", va="center", fontsize=12, color="white",
                   fontweight="bold")
    left.set_xticks([0, 1, 2], [tr("most valuable:\nmedian"), tr("all the others:\nmedian"),
                                tr("all the others:\nslowest 10%")], fontsize=12)
    left.set_ylabel(tr("Time to a first reply\n(minutes)"), fontsize=12)
    left.legend(fontsize=11, loc="upper left")
    left.set_title(tr("How long questions wait"), fontsize=12)
    right.set_xticks(range(len(disciplines)), [tr(DISCIPLINE_LABELS[d]).replace(", ", ",\n") for d in disciplines],
                     fontsize=11)
    right.set_ylabel(tr("Revenue over the run\n({currency})", currency=currency), fontsize=12)
    right.set_title(tr("What the team sells"), fontsize=12)
    for ax in (left, right):
        ax.tick_params(labelsize=11)
        ax.grid(axis="y", color="0.9")
        ax.set_axisbelow(True)
    if {"fifo", "value"} <= set(disciplines):
        change = paired_difference(runs, "revenue")["mean"]
        fig.suptitle(tr("Most valuable first: the top questions wait {top_before:.0f} → {top_after:.0f} min "
                        "(median) and revenue changes by {change:+,.0f} {currency};\nthe price: the slowest tenth "
                        "of the others wait {slow_before:.0f} → {slow_after:.0f} min",
                        top_before=means[("fifo", "top_wait")], top_after=means[("value", "top_wait")],
                        change=change, currency=currency, slow_before=means[("fifo", "others_p90")],
                        slow_after=means[("value", "others_p90")]),
                     fontsize=13)
    return fig


def discipline_explorer(path: str | Path, shift: str, counts: tuple[int, int] = (1, 5),
                        days: float = 7, replications: int = 3) -> Explorer:
    """An explorer: pick the order of work and one shift's head count, run, compare.

    Parameters
    ----------
    path
        A scenario file with a ``[business]`` section.
    shift
        The shift whose head count the slider sets (e.g. ``"late"``).
    counts
        Slider range (people).
    days, replications
        Length of each run (days) and runs per discipline.

    Returns
    -------
    Explorer
        Controls ``discipline`` (toggle: ``fifo`` or ``value``) and ``staff``
        (slider); a button runs ``replications`` runs of both disciplines and
        shows :func:`plot_value_first` plus one line on the chosen order.
    """
    def draw(discipline: str, staff: int) -> tuple[Figure, str]:
        scenario = load_scenario(path, {f"staff.{shift}.count": staff, "run.days": days})
        runs = discipline_runs(scenario, replications)
        chosen = runs[runs["discipline"] == discipline]
        currency = scenario.business.currency
        text = tr("{order}, {staff} on the {shift} shift: revenue {revenue:,.0f} {currency}, lost to waiting "
                  "{lost:,.0f} {currency}, profit {profit:,.0f} {currency} (mean of {replications} runs)",
                  order=tr(DISCIPLINE_LABELS[discipline]), staff=staff, shift=shift,
                  revenue=chosen["revenue"].mean(), lost=chosen["revenue_lost"].mean(),
                  profit=chosen["profit"].mean(), currency=currency, replications=replications)
        return plot_value_first(runs, currency), text

    scenario = load_scenario(path)
    controls = {
        "discipline": widgets.ToggleButtons(options=[(tr(label), d) for d, label in DISCIPLINE_LABELS.items()],
                                            value="value", description=tr("order of work")),
        "staff": widgets.IntSlider(value=scenario.staff[shift].count, min=counts[0], max=counts[1],
                                   description=tr("{shift} shift", shift=shift)),
    }
    return Explorer(draw, controls, button=tr("Run"))
