"""The runs behind the calibration table, and confidence intervals across replications.

Two kinds of evidence are collected for a preset, both from seeded
replications ``0..R-1`` of its own seed:

- **Runs**: the preset as shipped (default staffing, four weeks), one record
  per question with its business outcome. Shares and ratios are measured on
  these records the way each source measured them (who got a reply, who was
  ignored, who complained...).
- **An audit** of the leads at chosen reply delays, the design of the
  lead-response studies (a test lead answered after 5 minutes, 30 minutes, a
  day): every pre-sale lead of a replication is answered, on paper, at each
  delay of a window, and the model's own rule decides on the lead's own dice.

Every estimate is a ratio of sums pooled over replications; its 95% interval
comes from a bootstrap that resamples whole replications (they are the
independent units), with a fixed seed so that the table is the same every time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.model.draws import draw_leads, draw_questions
from simlib.model.engine import simulate
from simlib.model.outcomes import max_arrival_factor, qualified_at
from simlib.model.presets import load_preset
from simlib.model.scenario import Scenario

BOOTSTRAP = 2000
"""Bootstrap resamples of the replications behind each confidence interval."""
BOOTSTRAP_SEED = 20240
"""Seed of the bootstrap's own generator (it draws nothing for the simulation)."""

AUDIT_WINDOWS: dict[str, tuple[float, float]] = {
    "5 min": (5.0, 5.0),
    "10 min": (10.0, 10.0),
    "30 min": (30.0, 30.0),
    "within 1 h": (0.0, 60.0),
    "1-2 h": (60.0, 120.0),
    "24-48 h": (1440.0, 2880.0),
}
"""Reply delays (minutes) of the audit: a point, or a window read on a grid of :data:`AUDIT_GRID` delays."""
AUDIT_GRID = 61

RECORD_COLUMNS = (
    "channel", "arrival", "reply_start", "first_response", "abandoned", "patience", "kind", "ticket",
    "answered_in_time", "disappointed", "engaged", "bought", "switched", "repeat_purchase", "complaint", "praise",
    "promoted", "became_critic", "won_back", "revenue",
)


@dataclass(frozen=True)
class Estimate:
    """A measured value and its 95% confidence interval (NaN where undefined)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Sample:
    """Everything measured for one preset.

    Attributes
    ----------
    preset
        Preset name (``"luxury"``).
    scenario
        The scenario as run.
    records
        Question records of every replication, column ``replication`` added.
    audit
        Per audit window: ``(qualified, leads)``, one sum per replication.
    replications
        Number of replications.
    """

    preset: str
    scenario: Scenario
    records: pd.DataFrame
    audit: dict[str, tuple[np.ndarray, np.ndarray]]
    replications: int

    def per_replication(self, values: pd.Series | np.ndarray, among: pd.Series | np.ndarray) -> np.ndarray:
        """Sum of ``values`` over the records selected by ``among``, one sum per replication."""
        values = np.asarray(values, dtype=float)
        among = np.asarray(among, dtype=bool)
        reps = self.records["replication"].to_numpy()[among]
        return np.bincount(reps, weights=values[among], minlength=self.replications)

    def share(self, flag: pd.Series, among: pd.Series) -> Estimate:
        """Share of the selected records for which ``flag`` holds."""
        return ratio(self.per_replication(flag, among), self.per_replication(np.ones(len(flag)), among))

    def share_ratio(self, flag: pd.Series, first: pd.Series, second: pd.Series) -> Estimate:
        """Share among ``first`` divided by share among ``second`` (how many times as likely)."""
        ones = np.ones(len(flag))
        return ratio_of_ratios(self.per_replication(flag, first), self.per_replication(ones, first),
                               self.per_replication(flag, second), self.per_replication(ones, second))

    def audit_ratio(self, first: str, second: str) -> Estimate:
        """Qualified share in audit window ``first`` divided by that in ``second``."""
        return ratio_of_ratios(*self.audit[first], *self.audit[second])


def collect(preset: str, replications: int, changes: dict | None = None) -> Sample:
    """Run ``replications`` seeded replications of a preset and audit its leads.

    ``changes`` are dotted changes to the preset (none: as shipped).
    """
    scenario = load_preset(preset, changes)
    seed = scenario.run.seed
    frames = []
    for k in range(replications):
        records = simulate(scenario, seed, k).records
        frames.append(records[list(RECORD_COLUMNS)].assign(replication=k))
    audit = {name: (np.zeros(replications), np.zeros(replications)) for name in AUDIT_WINDOWS}
    business = scenario.business
    for k in range(replications):
        questions = draw_questions(scenario, seed, k, max_arrival_factor(business))
        leads = draw_leads(business, len(questions), seed, k)
        for name, (start, end) in AUDIT_WINDOWS.items():
            delays = [start] if start == end else np.linspace(start, end, AUDIT_GRID)
            qualified = sum(qualified_at(business, leads, questions.patience, d).sum() for d in delays)
            audit[name][0][k] = qualified / len(delays)
            audit[name][1][k] = (leads.kind == 0).sum()
    return Sample(preset, scenario, pd.concat(frames, ignore_index=True), audit, replications)


def _resample(*sums: np.ndarray) -> list[np.ndarray]:
    """Bootstrap totals of each array of per-replication sums (the same resamples for all)."""
    n = len(sums[0])
    picks = np.random.default_rng(BOOTSTRAP_SEED).integers(0, n, size=(BOOTSTRAP, n))
    return [s[picks].sum(axis=1) for s in sums]


def _interval(value: float, draws: np.ndarray) -> Estimate:
    finite = draws[np.isfinite(draws)]
    if not math.isfinite(value) or len(finite) < 0.95 * len(draws):
        return Estimate(value, math.nan, math.nan)
    low, high = np.percentile(finite, [2.5, 97.5])
    return Estimate(value, float(low), float(high))


def _divide(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray | float:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(a, b)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> Estimate:
    """Pooled ratio sum(numerator) / sum(denominator) over replications, with its bootstrap interval."""
    value = float(_divide(numerator.sum(), denominator.sum()))
    num, den = _resample(numerator, denominator)
    return _interval(value, _divide(num, den))


def ratio_of_ratios(num_a: np.ndarray, den_a: np.ndarray, num_b: np.ndarray, den_b: np.ndarray) -> Estimate:
    """(sum a / sum a') / (sum b / sum b'): how many times as likely, with its bootstrap interval."""
    value = float(_divide(_divide(num_a.sum(), den_a.sum()), _divide(num_b.sum(), den_b.sum())))
    na, da, nb, db = _resample(num_a, den_a, num_b, den_b)
    return _interval(value, _divide(_divide(na, da), _divide(nb, db)))


def pooled_median(sample: Sample, values: pd.Series, among: pd.Series) -> Estimate:
    """Median of ``values`` over the selected records of all replications, with a bootstrap interval."""
    chosen = values[among]
    reps = sample.records.loc[among, "replication"].to_numpy()
    groups: Sequence[np.ndarray] = [chosen.to_numpy()[reps == k] for k in range(sample.replications)]
    value = float(np.median(chosen)) if len(chosen) else math.nan
    picks = np.random.default_rng(BOOTSTRAP_SEED).integers(0, sample.replications, size=(BOOTSTRAP // 4,
                                                                                         sample.replications))
    draws = np.array([np.median(np.concatenate([groups[k] for k in pick])) for pick in picks])
    return _interval(value, draws)
