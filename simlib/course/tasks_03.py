"""Checkers of the exercises of notebook 03, *Engagement phases* (tasks 03.1-03.5).

Every checker is here, readable: no hidden tests. The simulated tasks use the
``luxury`` preset (the jeweller) with its own seed, so your runs and the
checker's runs meet the same customers.

- 03.1 (concept, dict): the user type of ten described followers of three brands.
- 03.2 (concept, one letter): which promise is not one of a brand page's commitments.
- 03.3 (calculation): customers answered well per customer ignored, to break even on the ladder.
- 03.4 (simulation): the cheapest jeweller team that keeps critics under a line.
- 03.5 (analysis, pandas): the share of questions that made a critic, by day of the week.

The small helper :func:`require_labels` (a dict of name -> category) is shared
with the checkers of notebooks 04 and 05.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd

from simlib.course.checks import (
    Hint,
    read_label,
    require_choice,
    require_close,
    require_labels,
    require_number,
    require_table,
    task,
)
from simlib.course.engagement import USER_TYPES
from simlib.experiments.replications import run_replications
from simlib.i18n import N_, tr
from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.scenario import Scenario

__all__ = [
    "CRITICS_LINE",
    "FOLLOWERS",
    "JEWELLER_TEAMS",
    "TEAM_DAYS",
    "TEAM_REPLICATIONS",
    "critics_by_weekday",
    "require_labels",
    "team_outcome",
    "weekly_hours",
]

# --- helper shared with tasks_04 and tasks_05 ---------------------------------------


# --- 03.1 ---------------------------------------------------------------------------

FOLLOWERS = {
    "Marta": "inactive", "Olu": "spectator", "Pia": "creator", "Raul": "critic",
    "Sami": "semi-active", "Tomas": "spectator", "Uma": "creator",
    "Vera": "inactive", "Wen": "semi-active", "Xavi": "critic",
}
"""Task 03.1: the user type of each described follower (the rules of notebook 03, first match wins)."""

FOLLOWER_HINTS = {
    "Marta": N_("does following a page, on its own, leave any visible trace of activity?"),
    "Olu": N_("a like is a reaction. Has Olu written anything, or made anything?"),
    "Pia": N_("she makes something about the brand that other people see. Which rule comes before "
              "'commented or asked'?"),
    "Raul": N_("what is the tone of what he writes? The first rule looks at that before anything else."),
    "Sami": N_("a question is more than a like, but did Sami make anything about the brand?"),
    "Tomas": N_("a heart is a reaction. Has Tomas written or made anything?"),
    "Uma": N_("a review with photos and a recommendation to friends: does she only talk, or does she make "
              "something that speaks for the brand?"),
    "Vera": N_("has she done anything visible since she followed?"),
    "Wen": N_("asking a question is taking part in the conversation. Is it mostly negative, or content about "
              "the brand?"),
    "Xavi": N_("one review, and nothing else: is it positive or negative? The first rule decides."),
}
TYPE_ALIASES = {"semiactive": "semi-active", "semi active": "semi-active", "lurker": "inactive",
                "fan": "creator", "promoter": "creator", "detractor": "critic"}
"""Other words the course uses for a user type (plurals, case and spaces are forgiven anyway)."""
PHASE_HINT = N_("that is the engagement phase; the task asks for the user type who sits in it "
                "(one of inactive, spectator, semi-active, creator, critic).")
PHASE_NOT_TYPE = {phase: PHASE_HINT for phase in ("connection", "interaction", "participation", "influence",
                                                  "conexión", "interacción", "participación", "influencia",
                                                  "conexion", "interaccion", "participacion")}
"""A phase given where a user type is asked (in English or Spanish, accents or not) -> its hint."""


@task("03.1", N_("that your dict gives each of the ten followers (Marta to Xavi) its user type among inactive, "
                 "spectator, semi-active, creator and critic, by the rules of notebook 03 (first match wins)"))
def _check_followers(answer: Any) -> None:
    require_labels(answer, FOLLOWERS, tr("follower -> user type"), USER_TYPES, FOLLOWER_HINTS, TYPE_ALIASES,
                   near_misses=PHASE_NOT_TYPE)


# --- 03.2 ---------------------------------------------------------------------------


@task("03.2", N_("that you chose the one letter (a-d) that is NOT among the commitments of a brand page, "
                 "after \"Facebook for companies\""))
def _check_commitments(answer: Any) -> None:
    require_choice(answer, "b", "abcd", {
        "a": N_("Answering users' questions is on the list: two of the six commitments are about replying."),
        "c": N_("Telling people about the shop, the phone and events is on the list: the page is a bridge to the "
                "offline world."),
        "d": N_("Meeting people in person is on the list, the last one. Which option talks about quantity "
                "where the text talks about quality?"),
    })


# --- 03.3 ---------------------------------------------------------------------------


def _audience():
    return load_preset("luxury").business.audience


@task("03.3", N_("your number against the two chances in the jeweller's preset, within 2%"),
      method=N_("chance that an ignored customer turns critic / chance that a customer answered well climbs a phase"))
def _check_balance(answer: Any) -> None:
    audience = _audience()
    expected = audience.critic_if_ignored / audience.promote_if_answered
    what = tr("customers answered well per customer ignored")
    value = require_number(answer, what)
    if math.isclose(value, 1 / expected, rel_tol=0.02):
        raise Hint(tr("Upside down: one ignored customer makes more critics (on average) than one good answer "
                      "moves people up, so you need MORE than one good answer to balance it."))
    for single in (audience.critic_if_ignored, audience.promote_if_answered):
        if math.isclose(value, single, rel_tol=0.02):
            raise Hint(tr("That is one of the two chances on its own. The balance compares them: how many good "
                          "answers make, on average, as many climbs as one ignored customer makes critics?"))
    require_close(value, expected, what, rel=0.02,
                  hint=tr("On average, how many people climb per good answer, and how many turn critic per ignored "
                          "customer? Find the number of good answers that makes the two equal."),
                  more=tr("Solve: n x (chance of climbing after a good answer) = 1 x (chance of turning critic when "
                          "ignored). Both chances are in business.audience."))


# --- 03.4 ---------------------------------------------------------------------------

TEAM_DAYS = 14
"""Task 03.4: days simulated per run (two weeks)."""
TEAM_REPLICATIONS = 3
"""Task 03.4: runs per team (replications 0-2 of the preset's seed)."""
CRITICS_LINE = 9.0
"""Task 03.4: a team passes if its mean number of critics at the end is at most this."""
COST_TOLERANCE = 0.02
"""Task 03.4: another passing team must be cheaper by more than this share of staff cost to count as better."""

_EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAYS = _EVERY_DAY[:5]
JEWELLER_TEAMS: dict[str, dict[str, Any]] = {
    "as now": {},
    "two on weekdays": {"staff.weekday.count": 2},
    "sundays": {"staff.sunday": {"count": 1, "start_hour": 10.0, "end_hour": 18.0, "days": ["sun"]}},
    "later hours": {"staff.weekday.start_hour": 14.0, "staff.weekday.end_hour": 23.0,
                    "staff.saturday.start_hour": 14.0, "staff.saturday.end_hour": 22.0},
    "weekday evenings": {"staff.evening": {"count": 1, "start_hour": 19.0, "end_hour": 23.0, "days": _WEEKDAYS}},
    "long days": {"staff.weekday.end_hour": 23.0, "staff.saturday.end_hour": 23.0},
    "evenings every day": {"staff.evening": {"count": 1, "start_hour": 19.0, "end_hour": 23.0,
                                             "days": _EVERY_DAY}},
    "evenings and sundays": {"staff.evening": {"count": 1, "start_hour": 18.0, "end_hour": 23.0, "days": _EVERY_DAY},
                             "staff.sunday": {"count": 1, "start_hour": 10.0, "end_hour": 18.0, "days": ["sun"]}},
}
"""Task 03.4: eight teams for the jeweller (``luxury`` preset), as dotted overrides of its staff."""


def team_scenario(name: str) -> Scenario:
    """The ``luxury`` preset with team ``name`` of :data:`JEWELLER_TEAMS`, for :data:`TEAM_DAYS` days."""
    return load_preset("luxury", {**JEWELLER_TEAMS[name], "run.days": TEAM_DAYS})


def weekly_hours(scenario: Scenario) -> float:
    """Person-hours on duty in a week by the shifts of ``scenario`` (overtime not included)."""
    return sum(s.count * (s.end_hour - s.start_hour) * len(s.days) for s in scenario.staff.values())


@lru_cache(maxsize=16)
def team_outcome(name: str) -> tuple[float, float]:
    """Mean critics at the end and mean staff cost (USD) of team ``name``: 3 seeded runs of 14 days."""
    table, _ = run_replications(team_scenario(name), TEAM_REPLICATIONS)
    return float(table["critics"].mean()), float(table["staff_cost"].mean())


@task("03.4", N_("that your team (a name of JEWELLER_TEAMS) ends 14 days of the jeweller with at most 9 critics "
                 "(mean of 3 seeded runs), and that no other team doing so costs more than 2% less in staff"))
def _check_team(answer: Any) -> None:
    if not isinstance(answer, str):
        raise Hint(tr("Expected the name of a team, as a string such as \"as now\"; got {type}.",
                      type=type(answer).__name__))
    name = read_label(answer, JEWELLER_TEAMS)
    if name is None:
        raise Hint(tr("{answer!r} is not one of the teams: {teams}.", answer=answer, teams=", ".join(JEWELLER_TEAMS)))
    critics, cost = team_outcome(name)
    if critics > CRITICS_LINE:
        raise Hint(tr("The team {name!r} ends with {critics:.1f} critics on average, above the line of {line:g}. "
                      "Which hours does it leave empty, and when do the jeweller's customers write?",
                      name=name, critics=critics, line=CRITICS_LINE))
    hours = weekly_hours(team_scenario(name))
    cheaper = sorted((n for n in JEWELLER_TEAMS if n != name and weekly_hours(team_scenario(n)) <= hours),
                     key=lambda n: weekly_hours(team_scenario(n)))
    for other in cheaper:
        other_critics, other_cost = team_outcome(other)
        if other_critics <= CRITICS_LINE and other_cost < cost * (1 - COST_TOLERANCE):
            raise Hint(tr("The team {name!r} stays under the line ({critics:.1f} critics) for {cost:,.0f} USD of "
                          "staff, but another team stays under it for less. Look at WHEN each team works, "
                          "not only for how many hours.", name=name, critics=critics, cost=cost))


# --- 03.5 ---------------------------------------------------------------------------


def critics_by_weekday(records: pd.DataFrame) -> pd.Series:
    """Share of questions whose author turned critic, by day of the week of arrival (0 = Monday)."""
    day = (records["arrival"] // 1440 % 7).astype(int)
    return records["became_critic"].groupby(day).mean()


@lru_cache(maxsize=1)
def _jeweller_records() -> pd.DataFrame:
    """The records of one run of the ``luxury`` preset as it is (28 days, its seed)."""
    return simulate(load_preset("luxury")).records


@task("03.5", N_("your share of questions that turned their author into a critic, for each day of the week 0-6 "
                 "(0 = Monday), against one seeded run of the luxury preset (28 days), each within 0.01"),
      method=N_("day = arrival // 1440 % 7; the mean of 'became_critic' within each day"))
def _check_critics_by_day(answer: Any) -> None:
    records = _jeweller_records()
    day = (records["arrival"] // 1440 % 7).astype(int)
    how = tr("Day of the week: records['arrival'] // 1440 % 7 (minutes since Monday 00:00). For each day, the share "
             "of that day's questions whose became_critic is True.")
    require_table(answer, critics_by_weekday(records), tr("share turned critic by day of the week"), abs_tol=0.01,
                  index="day", how=how,
                  wrong={N_("Those are numbers of critics. The task asks for a share: divide by the questions of "
                            "the same day (the mean of a True/False column is its share of True)."):
                         records["became_critic"].groupby(day).sum().astype(float)})
