"""The forecast a staffing plan is made for, and how far a run moved away from it.

With ``business.reputation.feedback`` on, the arrival rate follows the
reputation score while a run goes on: a well-staffed team earns more
questions, a short-staffed one fewer. That is a fair what-if, but a plan
compared against such runs is judged on a volume nobody forecast.
:func:`fixed_forecast` turns the feedback off so every plan faces the same
forecast; :func:`volume_moved` says by how much the volume moved when it is
left on.
"""

from __future__ import annotations

import numpy as np

from simlib.model.calendar import cumulative_intensity
from simlib.model.scenario import Scenario

__all__ = ["feedback_on", "fixed_forecast", "forecast_questions", "volume_moved"]


def feedback_on(scenario: Scenario) -> bool:
    """Whether reputation moves the arrival rate during a run (needs a ``[business]`` section)."""
    return scenario.business is not None and scenario.business.reputation.feedback


def fixed_forecast(scenario: Scenario) -> Scenario:
    """The scenario with reputation feedback off (unchanged when it is off or there is no business).

    Arrivals then follow ``arrivals.per_hour`` and its factors exactly, and
    reputation no longer scales buying either.
    """
    return scenario.with_changes({"business.reputation.feedback": False}) if feedback_on(scenario) else scenario


def forecast_questions(scenario: Scenario) -> float:
    """Questions expected after the warm-up from the arrival profile alone (no feedback)."""
    times, expected = cumulative_intensity(scenario)
    start, end = np.interp([scenario.warmup_minutes, scenario.horizon_minutes], times, expected)
    return float(end - start)


def volume_moved(questions: float, scenario: Scenario) -> float:
    """Relative change of ``questions`` (a run's or a mean) against the forecast: +0.43 is 43% more."""
    forecast = forecast_questions(scenario)
    return questions / forecast - 1 if forecast > 0 else float("nan")
