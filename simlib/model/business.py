"""What a question is worth: the ``[business]`` section of a scenario.

A scenario without this section simulates the inbox only. With it, every
question becomes a lead or an after-sale request whose outcome (a sale, a
repeat purchase, a complaint, a fan) depends on how fast and how well it was
answered. Field-by-field reference: ``docs/scenario-files.md``; the model:
``docs/outcomes.md``. Times in minutes, money in the business's currency.

Every default below is either off (0, None: the mechanism does nothing until
a scenario sets it), a published figure (section of the research notes,
``domain-facts.md``), or marked "teaching assumption". The presets set their
own values and cite them.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

import numpy as np
from pydantic import Field, field_validator, model_validator

from simlib.i18n import tr
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
        raise ValueError(tr("shares must sum to 1, got {total:g}", total=total))
    return shares


class _Curve(StrictModel):
    """A value at once that fades with the reply delay (never rises).

    As ``[business.conversion]``: the shape is the chance that a lead still
    waiting is still engaged (in the conversation) when the reply comes, and
    ``at_once`` the chance that an engaged lead buys. A ``slow_share`` of the
    leads fades at its own pace, ``slow_half_life_minutes`` (None: never),
    e.g. the few who plan ahead among impulse buyers. Default 0: off.
    """

    at_once: Probability
    slow_share: Probability = 0.0
    slow_half_life_minutes: Positive | None = None

    def engaged(self, delay_minutes: np.ndarray | float) -> np.ndarray:
        """The curve relative to its value at once: 1 at 0, never rising with delay."""
        t = np.asarray(delay_minutes, dtype=float)
        slow = 1.0 if self.slow_half_life_minutes is None else np.exp2(-t / self.slow_half_life_minutes)
        return (1 - self.slow_share) * self._relative(t) + self.slow_share * slow

    def probability(self, delay_minutes: np.ndarray | float) -> np.ndarray:
        """``at_once`` times :meth:`engaged`: for a conversion curve, the chance a lead answered then buys."""
        return self.at_once * self.engaged(delay_minutes)


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
            raise ValueError(tr("after = {after} must be <= at_once = {at_once} (a late reply never sells more)",
                                after=self.after, at_once=self.at_once))
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
    )  # a missing source: 1, no difference

    @field_validator("share")
    @classmethod
    def _sum_to_one(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v)

    def shares(self) -> np.ndarray:
        return np.array([self.share.get(s, 0.0) for s in SOURCES])

    def factors(self) -> np.ndarray:
        return np.array([self.conversion_factor.get(s, 1.0) for s in SOURCES])


class AfterSale(StrictModel):
    """A customer with a problem: a good answer brings them back.

    ``repeat_if_answered``: after a reply in time that did not disappoint;
    ``repeat_if_ignored``: otherwise (gave up unanswered, or disappointed).
    """

    repeat_if_answered: Probability
    repeat_if_ignored: Probability


class Quality(StrictModel):
    """Fast is not everything: a rushed reply may promise what the business cannot keep.

    A reply whose handling time is below ``thorough_minutes`` is rushed.
    """

    thorough_minutes: NonNegative = 0.0  # off
    disappoint_if_rushed: Probability = 0.0  # off
    disappoint_if_thorough: Probability = 0.0  # off


class Reputation(StrictModel):
    """A 0-100 score: the positive share of what the public remembers about the business.

    The public's memory holds 100 points of opinion from everything else,
    ``baseline`` of them positive; each praise adds ``points_per_praise`` to
    the positive side, each complaint ``points_per_complaint`` to the
    negative side (times the channel's visibility), and those points fade
    with an e-folding time of ``recovery_days``. The score is
    ``100 x positive / all``: a first complaint at the start costs about
    ``points_per_complaint x baseline / 100`` points, and neither praise nor
    complaints can push it past 0 or 100. ``late_reply_repairs`` is the
    chance that a customer who complained after giving up, and then got a
    late public reply (``stays`` policy), is won back: the complaint stops
    counting and they leave the critics. ``complaint_reach`` is how many
    people hear of each complaint (word of mouth), reported as a KPI.
    """

    baseline: Annotated[float, Field(ge=1, le=100)] = 80.0  # teaching assumption
    crisis_below: Annotated[float, Field(ge=0, le=100)] = 50.0  # teaching assumption
    complaint_if_ignored: Probability
    complaint_if_disappointed: Probability
    points_per_complaint: NonNegative
    fast_minutes: NonNegative = 60.0  # 53% of those expecting a reply want it within 1 h (Lithium 2013, §2.4)
    praise_if_fast: Probability
    points_per_praise: NonNegative
    recovery_days: Positive = 14.0  # teaching assumption
    visibility: dict[str, NonNegative] = Field(default_factory=dict)  # each channel 1: teaching assumption
    critic_complaints_per_day: NonNegative = 0.0  # off
    late_reply_repairs: Probability = 0.0  # off; the presets: 69% (Twitter 2016 via Fortune, §2.2)
    complaint_reach: NonNegative = 0.0  # off; the presets: 16 people (AmEx 2011, §3)
    feedback: bool = True  # teaching assumption
    arrival_elasticity: Elasticity = 1.0  # teaching assumption
    conversion_elasticity: Elasticity = 1.0  # teaching assumption

    @model_validator(mode="after")
    def _crisis_below_baseline(self) -> "Reputation":
        if self.crisis_below >= self.baseline:
            raise ValueError(tr("crisis_below = {crisis} must be below baseline = {baseline}", crisis=self.crisis_below,
                                baseline=self.baseline))
        return self

    def factor(self, score: float | np.ndarray, elasticity: float) -> float | np.ndarray:
        """How reputation scales arrivals or buying: ``(score / baseline) ** elasticity`` (1 without feedback)."""
        if not self.feedback:
            return np.ones_like(score, dtype=float) if isinstance(score, np.ndarray) else 1.0
        return (np.maximum(score, 0) / self.baseline) ** elasticity

    def score(self, positive: float, negative: float) -> float:
        """The score when ``positive`` and ``negative`` points of praise and complaints are remembered."""
        return 100.0 * (self.baseline + positive) / (100.0 + positive + negative)


class Audience(StrictModel):
    """The followers, spread over the engagement phases.

    ``promote_if_answered`` / ``promote_if_ignored``: chance a customer
    recommends the business (moves up a phase) after a good reply in time /
    otherwise. ``critic_if_ignored``: chance an ignored or disappointed
    customer turns critic; a critic's anger fades after ``critic_days`` on
    average (exponential; None: never), or when a later good reply wins
    them back. ``past_customer_share``: share of the followers who bought
    before the run; a returning question comes from one of them or from a
    customer won during the run.
    """

    followers: Annotated[WholeNumber, Field(ge=0, le=1_000_000_000)]
    mix: dict[Literal["connection", "interaction", "participation", "influence", "critic"], Probability]
    promote_if_answered: Probability
    promote_if_ignored: Probability = 0.0  # off; the presets: 43% / 1.3 (Twitter 2016, §2.2)
    critic_if_ignored: Probability
    critic_days: Positive | None = 60.0  # teaching assumption
    past_customer_share: Probability = 0.1  # teaching assumption
    referral_elasticity: Elasticity = 1.0  # teaching assumption
    max_referral_factor: Annotated[float, Field(ge=1, le=100)] = 3.0  # teaching assumption

    @field_validator("mix")
    @classmethod
    def _sum_to_one(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v)

    def counts(self) -> np.ndarray:
        """Starting head count per phase, in :data:`PHASES` order."""
        return np.array([self.mix.get(p, 0.0) for p in PHASES]) * self.followers


class Business(StrictModel):
    """The economics of answering: conversion, tickets, reputation, audience, staff cost.

    A pre-sale lead answered in time is engaged with the conversion curve's
    shape at its delay and then buys with ``conversion.at_once``; a lead no
    longer engaged, or ignored, still buys with ``buy_without_reply`` (both
    times the source and reputation factors), unless, ignored, it switched
    to a competitor (``switch_if_ignored``, also for after-sale customers).
    ``reply_premium`` is the extra spend on a purchase after a good reply in
    time, fading with the delay like a curve (None: none).
    """

    currency: str = "USD"  # the presets' currency
    staff_cost_per_hour: NonNegative
    pre_sale_share: Probability
    ticket: Distribution
    conversion: ConversionCurve
    buy_without_reply: Probability = 0.0  # off: a lead without a conversation never buys
    switch_if_ignored: Probability = 0.0  # off; the presets: 1 in 3 (Sprout Social Q2 2016, §2.6)
    reply_premium: ConversionCurve | None = None  # off
    sources: Sources
    after_sale: AfterSale
    quality: Quality = Field(default_factory=Quality)
    reputation: Reputation
    audience: Audience

    @model_validator(mode="after")
    def _consistent(self) -> "Business":
        if self.buy_without_reply > self.conversion.at_once:
            raise ValueError(tr("buy_without_reply = {without} must be <= conversion.at_once = {at_once} (an engaged "
                                "lead never buys less)", without=self.buy_without_reply,
                                at_once=self.conversion.at_once))
        for name, value in (("buy_without_reply", self.buy_without_reply),
                            ("after_sale.repeat_if_ignored", self.after_sale.repeat_if_ignored)):
            if value + self.switch_if_ignored > 1:
                total = value + self.switch_if_ignored
                raise ValueError(tr("{name} + switch_if_ignored = {total:g} must be <= 1 (a customer who switched buys "
                                    "nothing)", name=name, total=total))
        return self
