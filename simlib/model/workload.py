"""How much work a replication asks for: questions, on-duty periods and memory, estimated before running.

A scenario that would not fit is refused when it is validated (see
:class:`simlib.model.scenario.Scenario`), with the estimate and the limit.
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING

from simlib.model.calendar import cumulative_intensity

if TYPE_CHECKING:
    from simlib.model.scenario import Scenario

MAX_QUESTIONS = 5_000_000
"""Default limit on the questions one replication may draw (``SIMLIB_MAX_QUESTIONS`` changes it)."""
MAX_DUTY_PERIODS = 1_000_000
"""On-duty periods of all community managers together in one replication (each is a few simulation events)."""
BYTES_PER_QUESTION = {False: 500, True: 1000}
"""Memory a question needs while its replication runs, without and with a ``[business]`` section
(measured peaks are about 360 and 600 bytes; the rest is margin)."""

def max_questions() -> int:
    """The limit on questions per replication: :data:`MAX_QUESTIONS`, or ``SIMLIB_MAX_QUESTIONS`` if set."""
    text = os.environ.get("SIMLIB_MAX_QUESTIONS", "").strip()
    try:
        return max(int(float(text)), 0) if text else MAX_QUESTIONS
    except ValueError:
        return MAX_QUESTIONS


def candidate_factor(scenario: Scenario) -> float:
    """How much reputation feedback can multiply the arrivals (1 without): the largest rate factor.

    The same number as :func:`simlib.model.outcomes.max_arrival_factor` (a
    test keeps them equal): the best score's arrival factor times the most
    the creators' referrals can add.
    """
    business = scenario.business
    if business is None or not business.reputation.feedback:
        return 1.0
    reputation = (100.0 / business.reputation.baseline) ** business.reputation.arrival_elasticity
    share = business.pre_sale_share * business.sources.share.get("referral", 0.0)
    return float(reputation * (1 - share + share * business.audience.max_referral_factor))


def expected_arrivals(scenario: Scenario) -> float:
    """Questions one replication expects from ``[arrivals]`` and the calendar over ``run.days`` (before feedback)."""
    return float(cumulative_intensity(scenario)[1][-1])


def duty_periods(scenario: Scenario) -> int:
    """At most how many on-duty periods all community managers have in one replication (shift starts x people)."""
    weeks = math.ceil(scenario.run.days / 7) + 1  # and the week before, for a night shift spilling into Monday
    regular = sum(shift.count * len(shift.days) * weeks for shift in scenario.staff.values())
    return regular + scenario.calendar.extra_duty_periods()


def workload(scenario: Scenario) -> tuple[float, float]:
    """Questions one replication may draw (with feedback's most) and the memory they need, in bytes."""
    questions = expected_arrivals(scenario) * candidate_factor(scenario)
    return questions, questions * BYTES_PER_QUESTION[scenario.business is not None]


def size_text(amount: float) -> str:
    """``1.2 GB``, ``640 MB``..."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if amount >= size:
            return f"{amount / size:,.3g} {unit}"
    return f"{amount / 1e3:,.3g} kB"

