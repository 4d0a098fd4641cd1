"""What a question is worth: the ``[business]`` section of a scenario.

A scenario without this section simulates the inbox only. With it, every
question becomes a lead or an after-sale request whose outcome (a sale, a
repeat purchase, a complaint, a fan) depends on how fast and how well it was
answered. Field-by-field reference: ``docs/scenario-files.md``; the model:
``docs/outcomes.md``. Times in minutes, money in the business's currency.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

import numpy as np
from pydantic import Field, field_validator, model_validator

from simlib.model.base import StrictModel, WholeNumber
from simlib.model.distributions import Distribution

Probability = Annotated[float, Field(ge=0, le=1)]
LARGEST = 1e9
"""The largest amount, duration or weight a business field takes: beyond it sums overflow to NaN."""
NonNegative = Annotated[float, Field(ge=0, le=LARGEST)]
Positive = Annotated[float, Field(gt=0, le=LARGEST)]
Elasticity = Annotated[float, Field(ge=0, le=10)]
"""An exponent on a ratio of at most 100 (score / baseline): 100 ** 10 stays finite."""

PHASES = ("connection", "interaction", "participation", "influence", "critic")
"""Engagement phases from inactive follower to creator, plus the critics a bad experience makes."""
SOURCES = ("search", "social", "referral", "returning")
"""Where a lead comes from: search and ads, social channels, a creator's referral, a past customer."""


def _shares_sum_to_one(shares: dict[str, float]) -> dict[str, float]:
    """Validate that a table of shares adds up to 1."""
    total = sum(shares.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must sum to 1, got {total:g}")
    return shares


class _Curve(StrictModel):
    at_once: Probability  # chance of buying when answered immediately

    def probability(self, delay_minutes: np.ndarray) -> np.ndarray:
        """Chance that a lead answered after ``delay_minutes`` buys (never rises with delay)."""
        return self.at_once * self._relative(np.asarray(delay_minutes, dtype=float))


class ExponentialCurve(_Curve):
    """Halves every ``half_life_minutes``."""

    curve: Literal["exponential"]
    half_life_minutes: Positive

    def _relative(self, t: np.ndarray) -> np.ndarray:
        return np.exp2(-t / self.half_life_minutes)


class PowerCurve(_Curve):
    """``(1 + t / scale_minutes) ** -exponent``: steep at first, then a long tail."""

    curve: Literal["power"]
    scale_minutes: Positive
    exponent: Positive

    def _relative(self, t: np.ndarray) -> np.ndarray:
        return (1 + t / self.scale_minutes) ** -self.exponent


class LogisticCurve(_Curve):
    """Holds up, then falls around ``midpoint_minutes`` over about ``steepness_minutes``."""

    curve: Literal["logistic"]
    midpoint_minutes: NonNegative
    steepness_minutes: Positive

    def _relative(self, t: np.ndarray) -> np.ndarray:
        m, s = self.midpoint_minutes, self.steepness_minutes
        return (1 + math.exp(-m / s)) / (1 + np.exp(np.minimum((t - m) / s, 700)))


class StepCurve(_Curve):
    """``at_once`` within ``within_minutes``, then ``after``."""

    curve: Literal["step"]
    within_minutes: NonNegative
    after: Probability

    @model_validator(mode="after")
    def _falls(self) -> "StepCurve":
        if self.after > self.at_once:
            raise ValueError(f"after = {self.after} must be <= at_once = {self.at_once} (a late reply never sells more)")
        return self

    def _relative(self, t: np.ndarray) -> np.ndarray:
        late = self.after / self.at_once if self.at_once else 0.0
        return np.where(t <= self.within_minutes, 1.0, late)


ConversionCurve = Annotated[
    Union[ExponentialCurve, PowerCurve, LogisticCurve, StepCurve], Field(discriminator="curve")
]
CURVE_NAMES = ("exponential", "power", "logistic", "step")


class Sources(StrictModel):
    """Share of leads from each source, and how much likelier each is to buy."""

    share: dict[Literal["search", "social", "referral", "returning"], Probability]
    conversion_factor: dict[Literal["search", "social", "referral", "returning"], NonNegative] = Field(
        default_factory=dict
    )

    @field_validator("share")
    @classmethod
    def _sum_to_one(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v)

    def shares(self) -> np.ndarray:
        return np.array([self.share.get(s, 0.0) for s in SOURCES])

    def factors(self) -> np.ndarray:
        return np.array([self.conversion_factor.get(s, 1.0) for s in SOURCES])


class AfterSale(StrictModel):
    """A customer with a problem: a good answer brings them back."""

    repeat_if_answered: Probability
    repeat_if_ignored: Probability


class Quality(StrictModel):
    """Fast is not everything: a rushed reply may promise what the business cannot keep.

    A reply whose handling time is below ``thorough_minutes`` is rushed.
    """

    thorough_minutes: NonNegative = 0.0
    disappoint_if_rushed: Probability = 0.0
    disappoint_if_thorough: Probability = 0.0


class Reputation(StrictModel):
    """A 0-100 score moved by what the public sees, drifting back to ``baseline``.

    ``late_reply_repairs`` is the share of a complaint's cost won back when
    the ignored question is answered late after all (``stays`` policy: the
    public sees the reply). ``complaint_reach`` is how many people hear of
    each complaint (word of mouth), reported as a KPI.
    """

    baseline: Annotated[float, Field(ge=1, le=100)] = 80.0
    crisis_below: Annotated[float, Field(ge=0, le=100)] = 50.0
    complaint_if_ignored: Probability
    complaint_if_disappointed: Probability
    points_per_complaint: NonNegative
    fast_minutes: NonNegative = 60.0
    praise_if_fast: Probability
    points_per_praise: NonNegative
    recovery_days: Positive = 14.0
    visibility: dict[str, NonNegative] = Field(default_factory=dict)
    critic_complaints_per_day: NonNegative = 0.0
    late_reply_repairs: Probability = 0.0
    complaint_reach: NonNegative = 0.0
    feedback: bool = True
    arrival_elasticity: Elasticity = 1.0
    conversion_elasticity: Elasticity = 1.0

    @model_validator(mode="after")
    def _crisis_below_baseline(self) -> "Reputation":
        if self.crisis_below >= self.baseline:
            raise ValueError(f"crisis_below = {self.crisis_below} must be below baseline = {self.baseline}")
        return self

    def factor(self, score: float | np.ndarray, elasticity: float) -> float | np.ndarray:
        """How reputation scales arrivals or buying: ``(score / baseline) ** elasticity`` (1 without feedback)."""
        if not self.feedback:
            return np.ones_like(score, dtype=float) if isinstance(score, np.ndarray) else 1.0
        return (np.maximum(score, 0) / self.baseline) ** elasticity


class Audience(StrictModel):
    """The followers, spread over the engagement phases."""

    followers: Annotated[WholeNumber, Field(ge=0, le=1_000_000_000)]
    mix: dict[Literal["connection", "interaction", "participation", "influence", "critic"], Probability]
    promote_if_answered: Probability
    critic_if_ignored: Probability
    referral_elasticity: Elasticity = 1.0
    max_referral_factor: Annotated[float, Field(ge=1, le=100)] = 3.0

    @field_validator("mix")
    @classmethod
    def _sum_to_one(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v)

    def counts(self) -> np.ndarray:
        """Starting head count per phase, in :data:`PHASES` order."""
        return np.array([self.mix.get(p, 0.0) for p in PHASES]) * self.followers


class Business(StrictModel):
    """The economics of answering: conversion, tickets, reputation, audience, staff cost."""

    currency: str = "EUR"
    staff_cost_per_hour: NonNegative
    pre_sale_share: Probability
    ticket: Distribution
    conversion: ConversionCurve
    sources: Sources
    after_sale: AfterSale
    quality: Quality = Field(default_factory=Quality)
    reputation: Reputation
    audience: Audience
