"""The KPI registry: every key figure's name, meaning, unit, range, label and format, in one table.

The command line, the dashboards, the staffing report, the course tables and
the sweep summaries all read this table, so adding a KPI is one row here plus
its computation in :mod:`simlib.analysis.kpis` (a test checks the two agree).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from simlib.i18n import N_, tr

Kind = Literal["share", "count", "money", "money_fine", "minutes", "days", "number"]
"""How a value is written: 82.1%, 1,050, 71,415 USD, 2.47 USD, 13.47 min, after 7.0 days, 85.20."""

Group = Literal["queue", "outcome", "derived"]
"""``queue``: every run has it; ``outcome``: runs with a ``[business]`` section; ``derived``: computed
by a caller from other KPIs (never in :func:`simlib.analysis.kpis.kpis`)."""

NO_LIMIT = (-math.inf, math.inf)


@dataclass(frozen=True)
class KPI:
    """One key figure.

    Attributes
    ----------
    name
        Column name in every KPI table (``service_level``).
    description
        What it measures, in one line.
    label
        Short readable name for tables and figures ("service level").
    unit
        The unit in words ("share of questions", "minutes", "currency").
    kind
        How a value is formatted (see :data:`Kind`).
    bounds
        Lowest and highest possible value; confidence intervals are clipped to it.
    group
        ``queue``, ``outcome`` or ``derived`` (see :data:`Group`).
    """

    name: str
    description: str
    label: str
    unit: str
    kind: Kind
    bounds: tuple[float, float] = (0.0, math.inf)
    group: Group = "queue"


SHARE = (0.0, 1.0)
SCORE = (0.0, 100.0)

KPIS: tuple[KPI, ...] = (
    KPI("questions", "questions that arrived", N_("questions"), "questions", "count"),
    KPI("answered_share", "share that got a reply before the end of the run", N_("answered by the end"),
        "share of questions", "share", SHARE),
    KPI("p_abandon", "share whose customer gave up before the reply started", N_("gave up"),
        "share of questions", "share", SHARE),
    KPI("open_share", "share still waiting, customer still there, at the end", N_("still waiting at the end"),
        "share of questions", "share", SHARE),
    KPI("p_wait", "share not answered the moment they arrived", N_("had to wait"), "share of questions", "share",
        SHARE),
    KPI("mean_wait_minutes", "mean time a customer waited (until reply or giving up)", N_("mean wait"),
        "minutes", "minutes"),
    KPI("mean_first_response_minutes", "mean time to first reply (answered questions)", N_("mean first reply"),
        "minutes", "minutes"),
    KPI("median_first_response_minutes", "median time to first reply (answered questions)", N_("median first reply"),
        "minutes", "minutes"),
    KPI("p90_first_response_minutes", "90th percentile of time to first reply (answered)",
        N_("90th percentile of first reply"), "minutes", "minutes"),
    KPI("service_level", "share whose reply started within the target", N_("service level"),
        "share of questions", "share", SHARE),
    KPI("utilisation", "share of paid time (on duty + overtime) spent replying; a conversation on a channel "
        "with concurrency k counts as 1/k", N_("utilisation"),
        "share of paid time", "share", SHARE),
    KPI("mean_inbox_length", "mean number of questions waiting for a first reply", N_("mean inbox length"),
        "questions (time average)", "number"),
    KPI("max_inbox_length", "largest number of questions waiting at once", N_("longest inbox"), "questions", "count"),
    KPI("leads", "pre-sale questions (people asking before buying)", N_("leads"), "questions", "count",
        group="outcome"),
    KPI("conversion", "share of leads who bought", N_("conversion"), "share of leads", "share", SHARE, "outcome"),
    KPI("revenue", "sales plus repeat purchases (currency)", N_("revenue"), "currency", "money", group="outcome"),
    KPI("revenue_lost", "revenue the same questions would have brought if answered at once", N_("revenue lost"),
        "currency", "money", group="outcome"),
    KPI("revenue_lost_per_question", "revenue lost per question that arrived", N_("revenue lost per question"),
        "currency per question", "money_fine", group="outcome"),
    KPI("revenue_lost_per_question_hour", "revenue lost per question per hour of waiting",
        N_("revenue lost per question-hour"), "currency per question-hour", "money_fine", group="outcome"),
    KPI("complaints", "public complaints (from questions, and critics posting)", N_("public complaints"),
        "complaints", "count", group="outcome"),
    KPI("complaint_audience", "people who heard of a complaint (word of mouth)", N_("people who heard a complaint"),
        "people", "count", group="outcome"),
    KPI("final_reputation", "reputation score at the end (0-100)", N_("final reputation"), "score 0-100", "number",
        SCORE, "outcome"),
    KPI("lowest_reputation", "lowest reputation score during the run", N_("lowest reputation"), "score 0-100",
        "number", SCORE, "outcome"),
    KPI("crisis", "1 if reputation fell below the crisis line (over runs: share of runs)", N_("crisis"),
        "share of runs", "share", SHARE, "outcome"),
    KPI("crisis_day", "days from the start until reputation first fell below the crisis line", N_("first crisis day"),
        "days", "days", group="outcome"),
    KPI("critics", "critics in the audience at the end", N_("critics"), "people", "count", group="outcome"),
    KPI("creators", "creators (influence phase) in the audience at the end", N_("creators"), "people", "count",
        group="outcome"),
    KPI("staff_cost", "paid community-manager hours times the hourly cost", N_("staff cost"), "currency", "money",
        group="outcome"),
    KPI("profit", "revenue minus staff cost", N_("profit"), "currency", "money", NO_LIMIT, "outcome"),
    KPI("revenue_shortfall", "benchmark revenue (the customers who would ask at the baseline reputation, each "
        "answered at once) minus revenue: between staffing plans it moves by exactly minus the revenue",
        N_("revenue shortfall"), "currency", "money", NO_LIMIT, "outcome"),
    KPI("delay_cost_per_minute", "what one more minute of waiting on every reply would cost (queue and "
        "reputation held fixed)", N_("cost of one more minute"), "currency per minute", "money_fine", group="outcome"),
    KPI("delay_cost_per_question_minute", "cost of one more minute of waiting, per question",
        N_("cost of one more minute per question"), "currency per question-minute", "money_fine", group="outcome"),
    KPI("occupancy", "share of the team's time spent replying (Erlang formulas; with concurrency, of its "
        "conversation slots)", N_("occupancy"),
        "share of time", "share", SHARE, "derived"),
)
"""Every KPI, in display order."""

BY_NAME: dict[str, KPI] = {kpi.name: kpi for kpi in KPIS}
"""The registry row of each KPI name."""

KPI_DESCRIPTIONS: dict[str, str] = {k.name: k.description for k in KPIS if k.group == "queue"}
"""Queue KPIs (every run), in display order, with what each means."""

OUTCOME_KPI_DESCRIPTIONS: dict[str, str] = {k.name: k.description for k in KPIS if k.group == "outcome"}
"""Outcome KPIs (runs with a ``[business]`` section), in display order, with what each means."""

SHARE_KPIS = frozenset(k.name for k in KPIS if k.kind == "share")
"""KPIs that are shares (between 0 and 1)."""

KPI_BOUNDS: dict[str, tuple[float, float]] = {k.name: k.bounds for k in KPIS}
"""The range each KPI can take; confidence intervals stay inside."""


def label(name: str) -> str:
    """The readable label of a KPI in the current language (its name when it is not in the registry).

    ``KPI.label`` is the English label; this is what a person reads
    (``"respondidas al final"`` in Spanish, :mod:`simlib.i18n`). The KPI's
    name, the key of every table, never changes.
    """
    kpi = BY_NAME.get(name)
    return tr(kpi.label) if kpi else name


def describe(name: str) -> str:
    """What a KPI measures, in one line ("" when it is not in the registry)."""
    kpi = BY_NAME.get(name)
    return kpi.description if kpi else ""


def heading(name: str, currency: str = "") -> str:
    """A table column heading: the label (:func:`label`, in the current language) with its unit where the
    values do not show it.

    ``heading("median_first_response_minutes")`` is "median first reply (min)";
    money gets the currency when one is given ("profit (USD)"); shares and
    counts need none.
    """
    kpi = BY_NAME.get(name)
    if kpi is None:
        return name
    shown = label(name)
    if kpi.kind == "minutes":
        return f"{shown} (min)"
    if kpi.kind == "days":
        return tr("{label} (days)", label=shown)
    if kpi.unit == "score 0-100":
        return f"{shown} (0-100)"
    if kpi.kind in ("money", "money_fine") and currency:
        return f"{shown} ({currency})"
    return shown
