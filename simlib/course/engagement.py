"""Helpers for notebook 03, engagement phases: who your followers are and how replies move them.

The four phases and the user types come from the course source text
"Facebook for companies"; the participation figures from Nielsen (2006) and
van Mierlo (2014) (full references in notebook 00, *Sources*).
Times in minutes, money in the business's currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from simlib.analysis.kpis import kpis, measured
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import run_one, summarise
from simlib.figures import PHASE_COLOURS, plot_engagement_mix
from simlib.i18n import N_, fmt, tr
from simlib.i18n.tables import table_words
from simlib.model.business import PHASES
from simlib.model.records import SimulationResult
from simlib.model.scenario import load_scenario

__all__ = [
    "BRAND_PAGE_COMMITMENTS",
    "JEWELLER_STAFFING",
    "PHASE_OF_TYPE",
    "USER_TYPES",
    "audience_after",
    "audience_change",
    "brand_mix",
    "classify_user",
    "classify_users",
    "engagement_explorer",
    "example_users",
    "phase_guide",
    "plot_participation_inequality",
    "reply_moves",
]

BRAND_PAGE_COMMITMENTS = (
    "publish content worth someone's time",
    "answer the questions people ask",
    "take part in the conversations around the brand",
    "look after customers well",
    "tell people about the offline ways to reach you (shop, phone, events)",
    "step off the screen and meet people in person",
)
"""What a business signs up for when it opens a page (idea from "Facebook for companies")."""

USER_TYPES = ("inactive", "spectator", "semi-active", "creator", "critic")
"""The kinds of follower, from silent to vocal (idea from "Facebook for companies")."""

PHASE_OF_TYPE = {
    "inactive": "connection",
    "spectator": "interaction",
    "semi-active": "participation",
    "creator": "influence",
    "critic": "critic",
}
"""The engagement phase (:data:`simlib.model.business.PHASES`) where each user type sits."""


def phase_guide() -> pd.DataFrame:
    """The four engagement phases, what the brand does in each, and the users it meets there.

    Returns
    -------
    DataFrame
        One row per phase of :data:`simlib.model.business.PHASES` (critics last), with
        columns ``the brand...``, ``the users...`` and ``user type``.
    """
    rows = {
        "connection": (N_("opens its channels, decides what it wants to say, builds an image"),
                       N_("follow, but do nothing visible"), "inactive"),
        "interaction": (N_("starts a conversation and keeps it going"),
                        N_("read, watch and like"), "spectator"),
        "participation": (N_("gives people reasons to join in"),
                          N_("know the brand and comment, ask, share"), "semi-active"),
        "influence": (N_("lets its fans speak for it"),
                      N_("recommend the brand and create content about it"), "creator"),
        "critic": (N_("answers them: a critic who gets a good reply can climb back"),
                   N_("complain in public"), "critic"),
    }
    columns = [N_("the brand..."), N_("the users..."), N_("user type")]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns).loc[list(PHASES)]
    table = table.map(tr).rename(index=tr, columns=tr)  # in the reader's language (simlib.i18n)
    table.index.name = tr("phase")
    return table


def classify_user(likes: int, comments: int, creations: int, complaints: int) -> str:
    """The user type of one follower, from what they did in a month.

    Transparent rules, first match wins:

    1. ``critic``: at least one complaint, and complaints at least as many as
       comments and creations together (mostly negative);
    2. ``creator``: made at least one post, photo, review or recommendation
       about the brand;
    3. ``semi-active``: wrote at least one comment or question;
    4. ``spectator``: at least one like or reaction;
    5. ``inactive``: none of the above.

    Parameters
    ----------
    likes, comments, creations, complaints
        Counts per month (non-negative integers).

    Examples
    --------
    >>> classify_user(likes=3, comments=0, creations=0, complaints=0)
    'spectator'
    >>> classify_user(likes=0, comments=1, creations=0, complaints=2)
    'critic'
    """
    counts = {"likes": likes, "comments": comments, "creations": creations, "complaints": complaints}
    for name, value in counts.items():
        if value < 0:
            raise ValueError(f"{name} = {value}: must be >= 0")
    if complaints > 0 and complaints >= comments + creations:
        return "critic"
    if creations > 0:
        return "creator"
    if comments > 0:
        return "semi-active"
    if likes > 0:
        return "spectator"
    return "inactive"


def classify_users(users: pd.DataFrame) -> pd.DataFrame:
    """Add the user type and engagement phase to a table of followers.

    Parameters
    ----------
    users
        One row per follower with integer columns ``likes``, ``comments``,
        ``creations`` and ``complaints`` (per month).

    Returns
    -------
    DataFrame
        A copy with ``type`` (one of :data:`USER_TYPES`) and ``phase``.
    """
    types = [classify_user(int(r.likes), int(r.comments), int(r.creations), int(r.complaints))
             for r in users.itertuples()]
    return users.assign(type=pd.Categorical(types, USER_TYPES),
                        phase=pd.Categorical([PHASE_OF_TYPE[t] for t in types], PHASES))


def example_users() -> pd.DataFrame:
    """Twelve invented followers of three invented brands, with their activity in a month.

    The brands follow the classification exercise of "Facebook for companies": an
    international brand, a brand being launched and an unknown one.

    Returns
    -------
    DataFrame
        Columns ``brand``, ``follower``, ``what they did``, ``likes``,
        ``comments``, ``creations``, ``complaints`` (counts per month).
    """
    rows = [
        ("international", "Ana", N_("followed years ago for a contest, never opens the page"), 0, 0, 0, 0),
        ("international", "Bruno", N_("likes the new ads when they appear in the feed"), 4, 0, 0, 0),
        ("international", "Chen", N_("posts unboxing videos and tags the brand"), 6, 2, 3, 0),
        ("international", "Dina", N_("writes under every post that her order never arrived"), 0, 1, 0, 5),
        ("launching", "Eva", N_("asked when the shop opens and where it is"), 2, 1, 0, 0),
        ("launching", "Farid", N_("reacts to each teaser post"), 5, 0, 0, 0),
        ("launching", "Gus", N_("wrote a post recommending the launch to his running club"), 3, 1, 1, 0),
        ("launching", "Hana", N_("a friend of the founder, followed to be kind"), 0, 0, 0, 0),
        ("unknown", "Iker", N_("followed by mistake"), 0, 0, 0, 0),
        ("unknown", "Julia", N_("the owner's cousin, likes everything"), 8, 0, 0, 0),
        ("unknown", "Kofi", N_("left a one-star review after a late delivery"), 0, 0, 0, 1),
        ("unknown", "Lena", N_("never seen a post: the page rarely publishes"), 0, 0, 0, 0),
    ]
    rows = [(tr(brand), name, tr(did), *counts) for brand, name, did, *counts in rows]  # the reader's language
    columns = ["brand", "follower", "what they did", "likes", "comments", "creations", "complaints"]
    return pd.DataFrame(rows, columns=columns)


def brand_mix(classified: pd.DataFrame) -> pd.DataFrame:
    """How many followers of each type each brand has (a cross table).

    Parameters
    ----------
    classified
        The output of :func:`classify_users`, with a ``brand`` column.

    Returns
    -------
    DataFrame
        One row per brand (in order of first appearance), one column per user
        type of :data:`USER_TYPES`; counts of followers.
    """
    brands = pd.unique(classified["brand"])
    table = pd.crosstab(classified["brand"], classified["type"], dropna=False)
    table = table.reindex(index=brands, columns=list(USER_TYPES), fill_value=0)
    return table.rename(index=_label, columns=_label)  # in the reader's language (simlib.i18n)


_MIX_LABELS = (N_("inactive"), N_("spectator"), N_("semi-active"), N_("creator"), N_("critic"),
               N_("international"), N_("launching"), N_("unknown"),
               N_("connection"), N_("interaction"), N_("participation"), N_("influence"))
"""Labels of the tables here (user types, brands of :func:`example_users`, phases), for the catalogue."""
table_words(*_MIX_LABELS, N_("brand"), N_("follower"), N_("what they did"), N_("likes"), N_("comments"),
            N_("creations"), N_("complaints"), N_("type"), N_("phase"), N_("questions"), N_("moved up a phase"),
            N_("turned critic"), N_("reply"), N_("critics"), N_("critics low"), N_("critics high"), N_("climbed"),
            N_("climbed low"), N_("climbed high"), N_("new creators"), N_("new creators low"),
            N_("new creators high"), N_("service level"), N_("staffing"))
# Columns and codes the notebook's code reads in English: shown in the reader's language (simlib.i18n.tables).


def _label(text: str) -> str:
    return tr(text) if text in _MIX_LABELS else text


# Nielsen (2006), "Participation Inequality" (Nielsen Norman Group), and van Mierlo (2014), JMIR 16(2):e33.
NIELSEN_PEOPLE = {N_("lurkers"): 0.90, N_("contribute a little"): 0.09, N_("most of the action"): 0.01}
VAN_MIERLO_POSTS = {"lurkers": 0.013, "contribute a little": 0.240, "most of the action": 0.747}


def plot_participation_inequality() -> Figure:
    """Participation inequality as two stacked bars: who the people are, and who writes the posts.

    Top bar: Nielsen's 90-9-1 split of people in online communities (2006).
    Bottom bar: the share of all posts each group wrote in four health
    communities (van Mierlo 2014: 1.3%, 24.0%, 74.7%).

    Returns
    -------
    Figure
        A 10 x 3.8 inch figure (x: % of the total).
    """
    fig, ax = plt.subplots(figsize=(10, 3.8), layout="constrained")
    plt.close(fig)
    colours = [PHASE_COLOURS["connection"], PHASE_COLOURS["participation"], PHASE_COLOURS["influence"]]
    bars = [(tr("people\n(Nielsen 2006)"), NIELSEN_PEOPLE), (tr("posts written\n(van Mierlo 2014)"), VAN_MIERLO_POSTS)]
    for y, (label, shares) in zip((1, 0), bars):
        left = 0.0
        for colour, (group, share) in zip(colours, shares.items()):
            ax.barh(y, share, left=left, color=colour, height=0.6, label=tr(group) if y == 1 else None)
            if share >= 0.05:
                ax.text(left + share / 2, y, fmt(share, ".0%"), ha="center", va="center",
                        color="white", fontsize=13, fontweight="bold")
            left += share
    ax.set_yticks([1, 0], [label for label, _ in bars], fontsize=12)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel(tr("Share of the total (%)"), fontsize=12)
    ax.tick_params(labelsize=11)
    top = VAN_MIERLO_POSTS["most of the action"]
    ax.set_title(tr("About 1 in 100 members writes {top:.0%} of the posts; 90 in 100 only watch", top=top),
                 fontsize=13)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3, fontsize=11, frameon=False)
    return fig


def reply_moves(result: SimulationResult) -> pd.DataFrame:
    """How each kind of reply moved its author on the engagement ladder.

    A customer recommends the business (moves one phase up) more often after
    a good reply than without one, and an ignored or disappointed customer
    may turn critic instead: a critic does not climb, so ``moved up a phase``
    counts those who recommended and did not turn critic.

    Parameters
    ----------
    result
        A run with a ``[business]`` section.

    Returns
    -------
    DataFrame
        One row per reply outcome (``answered well``, ``answered, but
        disappointing``, ``ignored (gave up)``), with ``questions`` and the
        shares ``moved up a phase`` and ``turned critic`` (0-1). Questions
        still open at the end are left out.
    """
    if result.outcomes is None:
        raise ValueError("this scenario has no [business] section, so nobody moves between phases")
    r = measured(result)
    groups = {
        N_("answered well"): r["answered_in_time"] & ~r["disappointed"],
        N_("answered, but disappointing"): r["answered_in_time"] & r["disappointed"],
        N_("ignored (gave up)"): ~r["answered_in_time"] & r["abandoned"],
    }
    climbed = r["promoted"] & ~r["became_critic"]
    rows = {tr(name): {"questions": int(mask.sum()),
                   "moved up a phase": float(climbed[mask].mean()) if mask.any() else np.nan,
                   "turned critic": float(r.loc[mask, "became_critic"].mean()) if mask.any() else np.nan}
            for name, mask in groups.items()}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "reply"
    return table


JEWELLER_STAFFING: dict[str, dict[str, Any]] = {
    N_("weekdays only"): {"staff.saturday.count": 0},
    N_("shop hours (preset)"): {},
    N_("shop hours + evenings and Sundays"): {
        "staff.evening": {"count": 1, "start_hour": 18.0, "end_hour": 23.0,
                          "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
        "staff.sunday": {"count": 1, "start_hour": 10.0, "end_hour": 18.0, "days": ["sun"]},
    },
}
"""Three staffing levels for the ``luxury`` preset (dotted overrides), from poor to good."""


def audience_change(result: SimulationResult) -> dict[str, float]:
    """What one run did to the audience: critics at the end, people who climbed, new creators, service level.

    ``climbed`` is the semi-active and creators at the end minus at the
    start (participation and influence phases); ``new creators`` the same
    for the creators alone; ``service level`` the share of questions
    answered within the target (0-1).
    """
    audience = result.outcomes.audience
    start, end = audience.iloc[0], audience.iloc[-1]
    engaged = ["participation", "influence"]
    return {"critics": float(end["critic"]),
            "climbed": float(end[engaged].sum() - start[engaged].sum()),
            "new creators": float(end["influence"] - start["influence"]),
            "service level": float(kpis(result)["service_level"])}


def audience_after(path: str | Path, variants: Mapping[str, Mapping[str, Any]],
                   replications: int = 5, days: float | None = None) -> pd.DataFrame:
    """Critics, climbers and new creators at the end of the run, for each variant of one scenario.

    Every variant sees the same customers (common random numbers):
    replication ``k`` of each variant has the same seed.

    Parameters
    ----------
    path
        A scenario file with a ``[business]`` section.
    variants
        Name -> dotted overrides (e.g. :data:`JEWELLER_STAFFING`).
    replications
        Runs per variant (>= 2 for an interval).
    days
        Length of each run (days); None: the scenario's own.

    Returns
    -------
    DataFrame
        One row per variant: the means over the runs of ``critics`` (head
        count at the end), ``climbed`` (semi-active and creators gained
        since the start) and ``new creators`` (creators gained), each with
        its 95% interval (``critics low``, ``critics high``...), and
        ``service level`` (share of questions answered within the target).
        See :func:`audience_change`.
    """
    length = {} if days is None else {"run.days": days}
    rows = {}
    for name, overrides in variants.items():
        scenario = load_scenario(path, {**overrides, **length})
        runs = pd.DataFrame([run_one(scenario, None, k, measure=audience_change) for k in range(replications)])
        summary = summarise(runs)
        row = {}
        for column in ("critics", "climbed", "new creators"):
            row.update({column: summary.loc[column, "mean"], f"{column} low": summary.loc[column, "ci_low"],
                        f"{column} high": summary.loc[column, "ci_high"]})
        row["service level"] = summary.loc["service level", "mean"]
        rows[tr(name)] = row  # a name of JEWELLER_STAFFING in the reader's language
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "staffing"
    return table


def engagement_explorer(path: str | Path, variants: Mapping[str, Mapping[str, Any]] = JEWELLER_STAFFING,
                        days: float = 28) -> Explorer:
    """An explorer: pick a staffing level and reputation feedback, see the audience mix over the run.

    Parameters
    ----------
    path
        A scenario file with a ``[business]`` section.
    variants
        Staffing name -> dotted overrides, offered in a drop-down.
    days
        Length of each run (days).

    Returns
    -------
    Explorer
        Controls ``staffing`` (drop-down) and ``feedback`` (check box); shows
        :func:`simlib.figures.plot_engagement_mix` and a line of text with the
        critics and creators at the end.
    """
    from simlib.model.engine import simulate

    def draw(staffing: str, feedback: bool) -> tuple[Figure, str]:
        overrides = {**variants[staffing], "run.days": days, "business.reputation.feedback": feedback}
        result = simulate(load_scenario(path, overrides))
        audience = result.outcomes.audience.iloc[-1]
        text = tr("After {days:g} days: {critics:.0f} critics and {creators:.0f} creators.",
                  days=days, critics=audience["critic"], creators=audience["influence"])
        return plot_engagement_mix(result), text

    controls = {
        "staffing": widgets.Dropdown(options=[(tr(name), name) for name in variants], value=list(variants)[1],
                                     description=tr("staffing")),
        "feedback": widgets.Checkbox(value=True, description=tr("reputation feeds back")),
    }
    return Explorer(draw, controls)
