"""Helpers for notebook 05, customer experience: check plans against the experience you want,
follow customers after the sale, and weigh fast replies against good ones.

Idea sources: "Services only" (image is the customer's own perception; never
promise what you cannot keep) and "Creating customer experiences with social
media" (three legs, three steps). Times in minutes, money in the business's currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from scipy.special import stdtrit

from simlib.analysis.kpis import kpis, measured
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import run_one
from simlib.i18n import N_, fmt, get_language, tr
from simlib.i18n.tables import label, table_words
from simlib.model.business import Business
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, load_scenario

__all__ = [
    "booking_path",
    "BURGER_TEAMS",
    "EXPERIENCE_LEGS",
    "OPPOSITES",
    "after_sale_outcomes",
    "after_sale_value",
    "check_actions",
    "example_plan",
    "fast_vs_good_explorer",
    "handling_sweep",
    "legs_covered",
    "plot_fast_vs_good",
    "scale_handling",
]

EXPERIENCE_LEGS = {
    "branding": N_("everything that shapes the brand before anyone thinks of buying: ads, news, "
                   "what friends say, the social profiles, the shop itself"),
    "purchase": N_("every contact while choosing: comparing options, asking, booking, buying (or not)"),
    "use": N_("living with the purchase: using it, getting help, after-sale service"),
}
"""The three legs of a customer experience (idea from "Creating customer experiences with social media")."""
table_words(*EXPERIENCE_LEGS.values(), N_("branding"), N_("purchase"), N_("use"), N_("what it covers"),
            N_("action"), N_("leg"), N_("conveys"), N_("fits with"), N_("clashes with"), N_("score"),
            N_("verdict"), N_("fits"), N_("rethink"), N_("neutral"), N_("actions"), N_("fit"),
            N_("people"), N_("step"), N_("questions"), N_("came back"), N_("revenue"), N_("reply"),
            N_("answered well"), N_("answered, but disappointing"), N_("ignored (gave up)"),
            # handling_sweep's columns
            N_("business"), N_("factor"), N_("replication"), N_("service_level"), N_("median_first_response"),
            N_("rushed"), N_("disappointed"), N_("complaints_disappointed"), N_("complaints_ignored"))
# Shown, never read back: the table's words in the reader's language (simlib.i18n.tables); the code keeps English keys.

_CLASHES = {
    "personal": ("automated", "generic", "mass"),
    "exclusive": ("cheap", "mass", "discount"),
    "expert": ("amateur", "vague"),
    "calm": ("urgent", "pushy", "loud"),
    "warm": ("cold", "pushy"),
    "fast": ("slow",),
    "reliable": ("unpredictable", "vague"),
    "fun": ("dull",),
    "simple": ("complicated",),
}
table_words(N_("personal"), N_("exclusive"), N_("expert"), N_("calm"), N_("warm"), N_("fast"), N_("reliable"),
            N_("fun"), N_("simple"), N_("automated"), N_("generic"), N_("mass"), N_("cheap"), N_("discount"),
            N_("amateur"), N_("vague"), N_("urgent"), N_("pushy"), N_("loud"), N_("cold"), N_("slow"),
            N_("unpredictable"), N_("dull"), N_("complicated"))
OPPOSITES: dict[str, frozenset[str]] = {}
"""Word -> the words that clash with it (symmetric): a plan conveying one undoes the other."""
for _word, _others in _CLASHES.items():
    for _other in _others:
        OPPOSITES.setdefault(_word, frozenset())
        OPPOSITES[_word] = OPPOSITES[_word] | {_other}
        OPPOSITES[_other] = OPPOSITES.get(_other, frozenset()) | {_word}


def _words(text: str | Iterable[str]) -> set[str]:
    items = text.split(",") if isinstance(text, str) else text
    return {w.strip().lower() for w in items if w.strip()}


def check_actions(plan: pd.DataFrame, adjectives: Sequence[str]) -> pd.DataFrame:
    """Score each planned action against the experience you want (the post-it on the desk).

    Rules, simple on purpose:

    - each word the action conveys that is one of your ``adjectives`` fits (+1);
    - each word that clashes with one of them (see :data:`OPPOSITES`) counts -2:
      an incoherent action undoes work already done;
    - verdict: ``rethink`` if anything clashes, else ``fits`` if anything fits,
      else ``neutral`` (it adds nothing to the experience).

    Parameters
    ----------
    plan
        One row per action with columns ``action``, ``leg`` (one of
        :data:`EXPERIENCE_LEGS`) and ``conveys`` (comma-separated words).
    adjectives
        The few words that describe the experience you want.

    Returns
    -------
    DataFrame
        ``plan`` with ``fits with``, ``clashes with`` (comma-separated words),
        ``score`` and ``verdict``.

    Examples
    --------
    >>> plan = pd.DataFrame({"action": ["50% off today only!"], "leg": ["branding"],
    ...                      "conveys": ["cheap, urgent"]})
    >>> row = check_actions(plan, ["exclusive", "calm"]).iloc[0]
    >>> row["clashes with"], int(row["score"]), row["verdict"]
    ('exclusive, calm', -4, 'rethink')
    """
    wanted = [a.strip().lower() for a in adjectives]
    unknown_legs = set(plan["leg"]) - set(EXPERIENCE_LEGS)
    if unknown_legs:
        raise ValueError(f"leg = {sorted(unknown_legs)}: allowed {', '.join(EXPERIENCE_LEGS)}")
    fits, clashes, scores, verdicts = [], [], [], []
    for conveyed in plan["conveys"]:
        words = _words(conveyed)
        fit = [a for a in wanted if a in words]
        clash = [a for a in wanted if words & OPPOSITES.get(a, frozenset())]
        score = len(fit) - 2 * sum(len(words & OPPOSITES.get(a, frozenset())) for a in clash)
        fits.append(", ".join(fit))
        clashes.append(", ".join(clash))
        scores.append(score)
        verdicts.append("rethink" if clash else "fits" if fit else "neutral")
    return plan.assign(**{"fits with": fits, "clashes with": clashes, "score": scores, "verdict": verdicts})


def legs_covered(checked: pd.DataFrame) -> pd.DataFrame:
    """How many actions that fit the experience each leg has: a leg with none is a gap.

    Parameters
    ----------
    checked
        The output of :func:`check_actions`.

    Returns
    -------
    DataFrame
        One row per leg of :data:`EXPERIENCE_LEGS`: ``actions``, ``fit``, ``rethink``.
    """
    table = pd.crosstab(checked["leg"], checked["verdict"])
    table = table.reindex(index=list(EXPERIENCE_LEGS), columns=["fits", "rethink"], fill_value=0)
    table.insert(0, "actions", checked["leg"].value_counts().reindex(list(EXPERIENCE_LEGS), fill_value=0))
    table.columns = ["actions", "fit", "rethink"]
    table.columns.name = None
    table.index.name = "leg"
    return table


def example_plan() -> pd.DataFrame:
    """A jeweller's plan for next month: eight actions across the three legs (invented, for the worked example).

    Returns
    -------
    DataFrame
        Columns ``action``, ``leg`` and ``conveys`` (comma-separated words), for :func:`check_actions`.
    """
    rows = [
        (N_("video: how our goldsmith sets a stone"), "branding", "expert, calm"),
        (N_("flash sale: 50% off everything this weekend only!"), "branding", "cheap, urgent"),
        (N_("giveaway: tag three friends to win a bracelet"), "branding", "mass, fun"),
        (N_("answer every DM by name within the hour"), "purchase", "personal, fast"),
        (N_("book a private viewing by direct message"), "purchase", "personal, exclusive"),
        (N_("chatbot that answers every question with a link"), "purchase", "automated, fast"),
        (N_("care guide: cleaning your ring at home"), "use", "expert, simple"),
        (N_("a note a week after a repair: is everything right?"), "use", "personal, warm"),
    ]
    rows = [(tr(action), leg, conveys) for action, leg, conveys in rows]  # the actions in the reader's language
    return pd.DataFrame(rows, columns=["action", "leg", "conveys"])


def booking_path() -> pd.Series:
    """How many people reached each step of the restaurant's booking path in a month (invented numbers).

    The contact points of the purchase, in order, from a post seen in the
    feed to a dinner eaten (step 2 of building an experience, after
    "Creating customer experiences with social media"). A step where many
    people stop is a barrier to look at.
    """
    steps = {
        N_("saw a post or a friend's photo"): 24000,
        N_("opened the restaurant's profile"): 3100,
        N_("asked about a table"): 620,
        N_("got an answer"): 410,
        N_("booked a table"): 330,
        N_("came to dinner"): 300,
    }
    table_words(*steps)
    return pd.Series(steps, name="people").rename_axis("step")


def after_sale_value(business: Business) -> float:
    """Expected extra revenue of answering one after-sale question well (currency).

    ``(repeat_if_answered - repeat_if_ignored) * mean ticket``: the lead
    score of an after-sale question (:func:`simlib.model.leads.lead_score`).
    """
    after = business.after_sale
    return max(after.repeat_if_answered - after.repeat_if_ignored, 0.0) * business.ticket.mean


def after_sale_outcomes(result: SimulationResult) -> pd.DataFrame:
    """What became of the after-sale questions (customers with a problem), by how they were answered.

    Returns
    -------
    DataFrame
        One row per reply (``answered well``, ``answered, but disappointing``,
        ``ignored (gave up)``): ``questions``, ``came back`` (share that bought
        again, 0-1) and ``revenue`` (currency). Questions still open at the end
        are left out.
    """
    if result.outcomes is None:
        raise ValueError("this scenario has no [business] section, so there are no after-sale questions")
    r = measured(result)
    r = r[r["kind"] == "after_sale"]
    groups = {
        "answered well": r["answered_in_time"] & ~r["disappointed"],
        "answered, but disappointing": r["answered_in_time"] & r["disappointed"],
        "ignored (gave up)": ~r["answered_in_time"] & r["abandoned"],
    }
    table = pd.DataFrame.from_dict({
        name: {"questions": int(mask.sum()),
               "came back": float(r.loc[mask, "repeat_purchase"].mean()) if mask.any() else np.nan,
               "revenue": float(r.loc[mask, "revenue"].sum())}
        for name, mask in groups.items()}, orient="index")
    table.index.name = "reply"
    return table


BURGER_TEAMS: dict[str, dict[str, object]] = {
    N_("busy team (5, preset)"): {},
    N_("roomy team (9)"): {"staff.early.count": 4, "staff.late.count": 5},
}
"""Two teams for the ``high_volume`` preset (dotted overrides): as staffed, and four more people."""
table_words(*BURGER_TEAMS)


def scale_handling(scenario: Scenario, factor: float) -> Scenario:
    """The scenario with every channel's mean handling time multiplied by ``factor``.

    The shape (coefficient of variation) and ``business.quality.thorough_minutes``
    stay as they are, so shorter replies are more often rushed.
    """
    if not factor > 0:
        raise ValueError(f"factor = {factor!r}: must be > 0")
    return scenario.with_changes({f"channels.{name}.handling.mean": channel.handling.mean * factor
                                  for name, channel in scenario.channels.items()})


def _fast_vs_good_figures(result: SimulationResult) -> dict[str, float]:
    figures = kpis(result)
    r = measured(result)
    answered = r["answered_in_time"]
    return {
        "service_level": figures["service_level"],
        "median_first_response": figures["median_first_response_minutes"],
        "rushed": float(r.loc[answered, "rushed"].mean()),
        "disappointed": float(r.loc[answered, "disappointed"].mean()),
        "complaints_disappointed": float((r["complaint"] & r["disappointed"]).sum()),
        "complaints_ignored": float((r["complaint"] & ~answered).sum()),
        "complaints": figures["complaints"],
        "critics": figures["critics"],
        "revenue": figures["revenue"],
    }


def handling_sweep(scenarios: Mapping[str, Scenario], factors: Iterable[float],
                   replications: int = 3) -> pd.DataFrame:
    """Run each business with its handling times scaled by each factor, on the same customers.

    Parameters
    ----------
    scenarios
        Business name -> scenario (with a ``[business]`` section).
    factors
        Multipliers on the mean handling time (1 = as in the scenario).
    replications
        Runs per (business, factor).

    Returns
    -------
    DataFrame
        One row per (business, factor, replication): ``service_level`` (0-1),
        ``median_first_response`` (minutes), ``rushed`` and ``disappointed``
        (shares of replies answered in time), ``complaints_disappointed``,
        ``complaints_ignored``, ``complaints``, ``critics`` (counts) and
        ``revenue`` (currency).
    """
    rows = []
    for name, scenario in scenarios.items():
        for factor in factors:
            variant = scale_handling(scenario, factor)
            for k in range(replications):
                rows.append({"business": name, "factor": float(factor), "replication": k,
                             **run_one(variant, None, k, measure=_fast_vs_good_figures)})
    return pd.DataFrame(rows)


def _mean_and_half(values: pd.Series, confidence: float = 0.95) -> tuple[float, float]:
    n = len(values)
    half = stdtrit(n - 1, 0.5 + confidence / 2) * values.std(ddof=1) / np.sqrt(n) if n > 1 else 0.0
    return float(values.mean()), float(half)


def plot_fast_vs_good(sweep: pd.DataFrame) -> Figure:
    """Three panels against handling time: service level, disappointing replies, complaints (relative).

    Lines are means over replications per business, bands 95% Student-t
    intervals. Complaints are shown as % of the same replication's complaints
    at factor 1 (same customers), so businesses of any size share the axis.

    Parameters
    ----------
    sweep
        :func:`handling_sweep` output; must include factor 1.

    Returns
    -------
    Figure
        A 14 x 4.8 inch figure (x: mean handling time, % of normal).
    """
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.8), layout="constrained")
    plt.close(fig)
    lowest = sweep["factor"].min()
    changes = []
    for i, (name, part) in enumerate(sweep.groupby("business", sort=False)):
        colour = f"C{[0, 1, 2, 4][i % 4]}"
        normal = part[part["factor"] == 1.0].set_index("replication")["complaints"]
        summary: dict[str, list[tuple[float, float]]] = {c: [] for c in ("service_level", "disappointed", "complaints")}
        factors = sorted(part["factor"].unique())
        for f in factors:
            rows = part[part["factor"] == f].set_index("replication")
            for column in summary:
                values = rows[column] / normal.loc[rows.index] if column == "complaints" else rows[column]
                summary[column].append(_mean_and_half(values))
        x = np.array(factors) * 100
        for ax, column in zip(axes, summary):
            mean, half = (np.array(v) for v in zip(*summary[column]))
            ax.plot(x, mean, "o-", color=colour, lw=2, label=label(name))
            ax.fill_between(x, mean - half, mean + half, color=colour, alpha=0.2, lw=0)
        level = dict(zip(factors, summary["service_level"]))
        complaints = dict(zip(factors, summary["complaints"]))
        changes.append(tr("{team}: service level {before:.0%} → {after:.0%}, complaints {change:+.0%}",
                          team=label(name), before=level[1.0][0], after=level[lowest][0],
                          change=complaints[lowest][0] - 1))
    labels = (tr("Replied within the target\n(% of questions)"), tr("Replies that disappoint\n(% of replies in time)"),
              tr("Public complaints\n(% of complaints at normal speed)"))
    titles = (tr("Faster replies: more within the target"), tr("Rushed replies disappoint more often"),
              tr("Whether rushing pays depends on the queue"))
    for ax, axis_label, title in zip(axes, labels, titles):
        ax.set_xlabel(tr("Mean time spent on a reply\n(% of normal)"), fontsize=12)
        ax.set_ylabel(axis_label, fontsize=12)
        ax.set_title(title, fontsize=12)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda share, _: fmt(share, ".0%")))  # 95% / 95 %
        ax.tick_params(labelsize=11)
        ax.grid(color="0.9")
    axes[2].axhline(1.0, color="0.4", ls=":", lw=1.2)
    axes[0].legend(fontsize=11, loc="best")
    fig.suptitle(tr("Replies written in {share:.0%} of the usual time:", share=lowest) + "\n" + "; ".join(changes),
                 fontsize=13)
    return fig


def fast_vs_good_explorer(path: str | Path, teams: Mapping[str, Mapping[str, object]] | None = None,
                          days: float = 7, replications: int = 3) -> Explorer:
    """An explorer: set the time spent per reply and the time a thorough reply needs, compare with the preset.

    Parameters
    ----------
    path
        A scenario file with a ``[business]`` section.
    teams
        Team name -> dotted overrides (staffing), offered in a drop-down; by
        default the scenario's own team only.
    days, replications
        Length of each run (days) and runs per setting.

    Returns
    -------
    Explorer
        Controls ``team``, ``handling`` (factor on the mean handling time) and
        ``thorough`` (``business.quality.thorough_minutes``); a button runs both
        the team as it is and your setting on the same customers and shows a
        table of means (rows: outcomes; columns: ``as it is``, ``your setting``).
    """
    teams = dict(teams or {tr("as in the scenario"): {}})

    def draw(team: str, handling: float, thorough: float) -> pd.DataFrame:
        base = load_scenario(path, {**teams[team], "run.days": days})
        mine = scale_handling(base.with_changes({"business.quality.thorough_minutes": thorough}), handling)
        sweep = handling_sweep({"as it is": base, "your setting": mine}, [1.0], replications)
        table = sweep.groupby("business", sort=False).mean(numeric_only=True).T
        table = table.drop(index=["factor", "replication"])
        table.index = [tr("replied within target (share)"), tr("median first reply (min)"),
                       tr("rushed replies (share)"), tr("disappointing replies (share)"),
                       tr("complaints about a bad answer"), tr("complaints about silence"), tr("complaints (all)"),
                       tr("critics at the end"), tr("revenue ({currency})", currency=base.business.currency)]
        table.columns = [tr("as it is"), tr("your setting")]
        table.columns.name = None
        if get_language() != "en":  # the numbers the reader's way (English: as pandas shows them)
            return table.round(3).map(lambda value: fmt(value, ",.2f"))
        return table.round(3)

    thorough = load_scenario(path).business.quality.thorough_minutes
    controls = {
        "team": widgets.Dropdown(options=[(label(team), team) for team in teams], value=next(iter(teams)),
                                 description=tr("team")),
        "handling": widgets.FloatSlider(value=1.0, min=0.3, max=2.0, step=0.1,
                                        description=tr("time per reply ×")),
        "thorough": widgets.FloatSlider(value=thorough, min=0.0, max=10.0, step=0.5,
                                        description=tr("thorough (min)")),
    }
    return Explorer(draw, controls, button=tr("Run"))
