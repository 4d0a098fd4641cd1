"""Reputation over a year: it settles at today's staffing, falls into crisis under a sustained cut, recovers.

For each preset, seeded 52-week replications of two plans:

- **as shipped**: the default team all year. The score should stay in a
  stable band: no crisis, no drift to the cap.
- **cut**: the :data:`CUTS` of each preset from week :data:`CUT_WEEKS` [0] to
  [1], then the full team again. The score should fall below the crisis
  line during the cut and climb back within weeks once staff return.

Both plans see the same customers (common random numbers), so the weeks to
recover are measured against the same replication as shipped. Used by the
calibration document and by ``tests/claims``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult, Staffing

YEAR_DAYS = 364
CUT_WEEKS = (8, 20)
"""The cut lasts from the start of week 8 to the start of week 20 (12 weeks)."""
CUTS: dict[str, dict[str, int]] = {
    "high_volume": {"early": 1, "late": 2},  # three of five: 16 paid hours a day for 28 hours of work
    "restaurant": {"afternoon": 1, "evening": 1},  # nobody answers
    "luxury": {"weekday": 1, "saturday": 1},  # nobody answers
}
"""Community managers taken off each shift during the cut."""
YEAR_REPLICATIONS = {"high_volume": 4, "restaurant": 10, "luxury": 10}
SETTLED_WEEK = 6
"""From this week on, the score as shipped is said to have settled (the band is measured from here)."""
WEEK = 7 * 1440.0


@dataclass(frozen=True)
class YearFigures:
    """Per replication: the score's band as shipped, and the crisis and recovery under the cut.

    ``shipped`` has one row per replication with ``lowest`` and ``highest``
    hourly score from week :data:`SETTLED_WEEK`, ``first_quarter`` and
    ``last_quarter`` (mean score in weeks 6-18 and 40-52) and ``crisis``
    (1 if it ever fell below the crisis line). ``cut`` has ``lowest``
    (hourly, during the cut), ``crisis`` (1 if below the line during the cut) and
    ``weeks_to_recover``: from the end of the cut until the score is back
    within 5 points of the same replication as shipped (NaN: not within the year).
    """

    preset: str
    crisis_below: float
    shipped: pd.DataFrame
    cut: pd.DataFrame


def weekly(result: SimulationResult) -> pd.Series:
    """Mean score per week of the run (index: week from 0)."""
    score = result.outcomes.reputation
    return score.groupby((score.index // WEEK).astype(int)).mean()


def cut_staffing(preset: str, scenario) -> Staffing:
    """The preset's team with :data:`CUTS` applied during :data:`CUT_WEEKS`."""
    staffing = Staffing.from_scenario(scenario)
    start, end = (w * WEEK for w in CUT_WEEKS)
    for shift, count in CUTS[preset].items():
        staffing = staffing.with_absence(shift, count, start, end)
    return staffing


def year(preset: str, replications: int | None = None) -> YearFigures:
    """Run both plans for 52 weeks, ``replications`` times each (default :data:`YEAR_REPLICATIONS`)."""
    replications = YEAR_REPLICATIONS[preset] if replications is None else replications
    scenario = load_preset(preset, {"run.days": YEAR_DAYS})
    line = scenario.business.reputation.crisis_below
    staffing = cut_staffing(preset, scenario)
    shipped, cut = [], []
    start, end = (w * WEEK for w in CUT_WEEKS)
    for k in range(replications):
        result = simulate(scenario, replication=k)
        score, base = result.outcomes.reputation, weekly(result)
        settled = score[score.index >= SETTLED_WEEK * WEEK]
        shipped.append({"lowest": settled.min(), "highest": settled.max(),
                        "first_quarter": base.loc[6:18].mean(), "last_quarter": base.loc[40:52].mean(),
                        "crisis": float(result.outcomes.crisis_minute == result.outcomes.crisis_minute)})
        changed = simulate(scenario, replication=k, staffing=staffing)
        during, score = weekly(changed), changed.outcomes.reputation
        window = score[(score.index >= start) & (score.index < end)]
        after = during.loc[CUT_WEEKS[1]:]
        back = after[(after - base.loc[after.index]).abs() <= 5.0]
        cut.append({"lowest": window.min(), "crisis": float((window < line).any()),
                    "weeks_to_recover": float(back.index[0] - CUT_WEEKS[1] + 1) if len(back) else np.nan})
    return YearFigures(preset, line, pd.DataFrame(shipped), pd.DataFrame(cut))
