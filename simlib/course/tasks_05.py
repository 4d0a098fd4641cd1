"""Checkers of the exercises of notebook 05, *Customer experience* (tasks 05.1-05.5).

Every checker is here, readable: no hidden tests. The simulated tasks use the
presets ``restaurant`` and ``high_volume`` (the burger chain) with their own
seeds, so your runs and the checker's runs meet the same customers.

- 05.1 (concept, dict): the leg of the experience (branding, purchase, use) each of six actions belongs to.
- 05.2 (concept, one letter): the reply that does not create a false expectation.
- 05.3 (calculation): the jeweller's after-sale revenue lost in a week to silence.
- 05.4 (analysis, pandas): how many of the restaurant's after-sale customers came back, by how long they waited.
- 05.5 (simulation): the time per reply that makes the fewest public complaints for a mid-sized burger team.
- 05.6 (analysis, pandas): where people stop on the restaurant's booking path (step 2 of building an experience).
- 05.7 (concept, one letter): whose image it is.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from simlib.analysis import crm
from simlib.course.checks import (
    Hint,
    require_choice,
    require_close,
    require_labels,
    require_number,
    require_shares,
    require_table,
    task,
)
from simlib.course.experience import EXPERIENCE_LEGS, booking_path, handling_sweep
from simlib.i18n import N_, tr
from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.scenario import Scenario

__all__ = [
    "ACTION_LEGS",
    "BANDS",
    "COMPLAINT_TOLERANCE",
    "FACTORS",
    "MIDSIZE_TEAM",
    "came_back_by_band",
    "factor_complaints",
    "reply_band",
]

# --- 05.1 ---------------------------------------------------------------------------

ACTION_LEGS = {"a": "purchase", "b": "use", "c": "branding", "d": "purchase", "e": "use", "f": "branding"}
"""Task 05.1: the leg of the experience each action of the exercise belongs to."""
ACTION_HINTS = {
    "a": N_("is the customer still choosing and buying, or already using what they bought?"),
    "b": N_("these people are already customers of the bank. Which moment of their experience is that?"),
    "c": N_("the brand did nothing here, yet it counts: the definition includes what others lived. Is anyone buying "
            "at that moment?"),
    "d": N_("the person has not bought yet and is asking to decide. Which leg covers every contact while choosing?"),
    "e": N_("the customer already has the bike. Which leg follows the purchase?"),
    "f": N_("nobody is buying or using anything yet: which leg prepares the ground for everything else?"),
}


LEG_WORDS = {
    "purchase process": "purchase", "purchasing": "purchase", "buying": "purchase", "the purchase": "purchase",
    "choosing": "purchase", "usage": "use", "using": "use", "use and after-sales": "use", "after-sales": "use",
    "after-sale": "use", "after sale": "use", "after sales": "use", "after-sale service": "use",
    "brand": "branding", "brand image": "branding",
}
"""The notebook's other words for each leg (its table and prose say "purchase process", "after-sales"...)."""


@task("05.1", N_("that your dict gives each action (a-f) its leg of the customer experience: branding, purchase or "
                 "use, after \"Creating customer experiences with social media\""))
def _check_legs(answer: Any) -> None:
    require_labels(answer, ACTION_LEGS, tr("action -> leg"), tuple(EXPERIENCE_LEGS), ACTION_HINTS, LEG_WORDS)


# --- 05.2 ---------------------------------------------------------------------------


@task("05.2", N_("that you chose the one letter (a-d) of the reply that creates no expectation the restaurant "
                 "cannot meet, after \"Services only\""))
def _check_promise(answer: Any) -> None:
    require_choice(answer, "b", "abcd", {
        "a": N_("A happy customer today, and on Saturday at 21:00? Think about what happens if the terrace is full: "
                "whose promise was broken?"),
        "c": N_("Silence is not neutral (notebook 03): an ignored question is the likeliest to make a critic."),
        "d": N_("It sounds safe, but what will the couple expect on Saturday after reading it? A vague promise is "
                "still a promise."),
    })


# --- 05.3 ---------------------------------------------------------------------------

WEEK_QUESTIONS, GIVE_UP_SHARE = 55, 1 / 3


def _loss(business, questions: float, share_ignored: float, after_share: float | None = None,
          ignored_repeat: float | None = None) -> float:
    after = business.after_sale
    after_share = 1 - business.pre_sale_share if after_share is None else after_share
    ignored_repeat = after.repeat_if_ignored if ignored_repeat is None else ignored_repeat
    return questions * after_share * share_ignored * (after.repeat_if_answered - ignored_repeat) * business.ticket.mean


@task("05.3", N_("your number against the jeweller's preset for 55 questions a week and 1 in 3 after-sale "
                 "customers who give up, within 2%"),
      method=N_("55 questions x share asked after a sale x 1/3 who give up x (chance of coming back if answered "
                "well - if ignored) x mean ticket"))
def _check_after_sale_loss(answer: Any) -> None:
    business = load_preset("luxury").business
    what = tr("the revenue lost in a week, in USD")
    value = require_number(answer, what)
    for other, hint in [
        (_loss(business, WEEK_QUESTIONS, GIVE_UP_SHARE, ignored_repeat=0.0),
         N_("An ignored customer does not always leave for good: some come back anyway. The loss is the DIFFERENCE "
            "between the two chances of coming back.")),
        (_loss(business, WEEK_QUESTIONS, GIVE_UP_SHARE, after_share=business.pre_sale_share),
         N_("pre_sale_share is the share of questions asked BEFORE buying. Which share is asked after?")),
        (_loss(business, WEEK_QUESTIONS, 1.0),
         N_("That is what the jeweller would lose if every after-sale customer gave up; only one in three does.")),
    ]:
        if math.isclose(value, other, rel_tol=0.02):
            raise Hint(tr(hint))
    require_close(value, _loss(business, WEEK_QUESTIONS, GIVE_UP_SHARE), what,
                  rel=0.02, hint=tr("Count the after-sale customers who give up in a week, then ask what each "
                                    "one's silence costs on average."),
                  more=tr("Each one costs (repeat_if_answered - repeat_if_ignored) x mean ticket."))


# --- 05.4 ---------------------------------------------------------------------------

BANDS = ("within 1 h", "1 to 4 h", "later or never")
"""Task 05.4: bands of time to a first reply: at most 60 min, at most 240 min, more or never answered."""
BAND_WORDS = {"within 1 hour": "within 1 h", "within an hour": "within 1 h", "1 to 4 hours": "1 to 4 h",
              "1-4 h": "1 to 4 h", "1 - 4 h": "1 to 4 h", "later": "later or never", "never or later": "later or never"}
"""Other ways to write the three bands."""


def reply_band(first_response: pd.Series) -> pd.Series:
    """The band of :data:`BANDS` of each time to a first reply (minutes; missing = never answered)."""
    return pd.cut(first_response.fillna(np.inf), [-np.inf, 60.0, 240.0, np.inf], labels=list(BANDS))


def came_back_by_band(talks: pd.DataFrame) -> pd.Series:
    """Share of after-sale questions whose customer came back, by :func:`reply_band` of the first reply."""
    after = talks[talks["kind"] == "after_sale"]
    return (after["outcome"] == "came_back").groupby(reply_band(after["first_response"]), observed=False).mean()


@lru_cache(maxsize=1)
def _restaurant_talks() -> pd.DataFrame:
    """:func:`simlib.analysis.crm.interactions` of one run of the ``restaurant`` preset as it is (28 days, its seed)."""
    return crm.interactions(simulate(load_preset("restaurant")))


@task("05.4", N_("your share of the restaurant's after-sale questions whose outcome is 'came_back', for each band "
                 "of time to a first reply (within 1 h, 1 to 4 h, later or never), against crm.interactions of "
                 "one seeded run (28 days), each within 0.01"),
      method=N_("reply_band(first_response) of the after-sale rows, never answered counted as 'later or never'; "
                "the mean of (outcome == 'came_back') within each band"))
def _check_came_back(answer: Any) -> None:
    talks = _restaurant_talks()
    after = talks[talks["kind"] == "after_sale"]
    answered = after[after["first_response"].notna()]
    dropped = (answered["outcome"] == "came_back").groupby(reply_band(answered["first_response"]),
                                                           observed=False).mean()
    require_shares(answer, came_back_by_band(talks), tr("share that came back, by band"), 0.01, aliases=BAND_WORDS,
                   how=tr("Keep the rows whose kind is 'after_sale'; a first_response of at most 60 minutes is "
                          "'within 1 h', at most 240 is '1 to 4 h', anything longer or missing (never answered) is "
                          "'later or never'; then the share whose outcome is 'came_back' in each band."),
                   wrong={N_("Customers never answered have no first_response, and your table left them out: they "
                             "belong in 'later or never'."): dropped})


# --- 05.5 ---------------------------------------------------------------------------

MIDSIZE_TEAM = {"staff.early.count": 2, "staff.late.count": 4, "run.days": 7}
"""Task 05.5: the burger chain with 2 people early and 4 late (one more in the evening than the preset), for one week."""
FACTORS = (0.5, 0.75, 1.0, 1.25)
"""Task 05.5: the times per reply to choose from (x the preset's mean handling time)."""
REPLICATIONS = 3
COMPLAINT_TOLERANCE = 0.03
"""Task 05.5: a factor passes if its complaints are at most 3% above the fewest of any factor."""


def midsize_scenario() -> Scenario:
    """The ``high_volume`` preset with :data:`MIDSIZE_TEAM`."""
    return load_preset("high_volume", MIDSIZE_TEAM)


@lru_cache(maxsize=8)
def factor_complaints(factor: float) -> tuple[float, float]:
    """Mean public complaints and mean service level of the mid-sized team at this time per reply (3 seeded runs)."""
    sweep = handling_sweep({"team": midsize_scenario()}, [factor], REPLICATIONS)
    return float(sweep["complaints"].mean()), float(sweep["service_level"].mean())


@task("05.5", N_("that your time per reply (one of 0.5, 0.75, 1.0, 1.25, as a factor of the normal time) gives the "
                 "burger chain with 2 early and 4 late people no more than 3% more public complaints than the best "
                 "of those four (3 seeded runs of 7 days each)"),
      method=N_("factor_complaints(factor) for each of the four factors, on the same customers"))
def _check_factor(answer: Any) -> None:
    value = require_number(answer, tr("a time per reply, as a factor"))
    matches = [f for f in FACTORS if math.isclose(value, f, abs_tol=1e-6)]
    if not matches:
        raise Hint(tr("{value:g} is not one of the factors to choose from: {factors}.", value=value,
                      factors=", ".join(map(str, FACTORS))))
    factor = matches[0]
    complaints, level = factor_complaints(factor)
    best = min(factor_complaints(f)[0] for f in FACTORS)
    if complaints > best * (1 + COMPLAINT_TOLERANCE):
        slower = factor > min(FACTORS)
        said = tr("With {factor:g} x the time per reply this team makes {complaints:.0f} public complaints a week "
                  "(and replies to {level:.0%} within 15 minutes); another choice makes clearly fewer.",
                  factor=factor, complaints=complaints, level=level)
        why = (tr("Complaints come from silence AND from disappointing replies: where does this team's queue stand?")
               if slower else tr("Rushed replies disappoint more often: is this team drowning, or only busy?"))
        raise Hint(f"{said} {why}")


# --- 05.6 ---------------------------------------------------------------------------


def went_on(path: pd.Series) -> pd.Series:
    """Task 05.6: the share of the people at each step of the path who reached the next one, by the next step."""
    return (path / path.shift()).iloc[1:]


@task("05.6", N_("your share of people who went on to each step of the booking path from the step before, for the "
                 "five steps after the first, against booking_path(), each within 0.005"),
      method=N_("path / path.shift(), without the first step (nobody comes before it)"))
def _check_went_on(answer: Any) -> None:
    path = booking_path()
    expected = went_on(path)
    how = tr("For each step, divide its people by the people of the step before (Series.shift moves a column down "
             "one).")
    require_table(answer, expected, tr("share who went on, by step"), abs_tol=0.005, index="label", share=True,
                  how=how,
                  wrong={N_("Those are shares of everyone who saw a post. A barrier shows between one step and the "
                            "next: divide by the step BEFORE, not by the first."): (path / path.iloc[0]).iloc[1:],
                         N_("Upside down: divide each step by the step before it."): (path.shift() / path).iloc[1:]})


# --- 05.7 ---------------------------------------------------------------------------

IMAGE_HINTS = {
    "a": N_("An average of reviews is a number about many people. The text says the image belongs to each customer: "
            "whose story is it?"),
    "b": N_("The brand's own posts are what the brand says. The text puts the image somewhere else: in whose head?"),
    "d": N_("A logo is part of what a brand shows. Did the rain on the way to dinner change the logo, or the guest's "
            "evening?"),
}


@task("05.7", N_("that you chose the one letter (a-d) matching the idea of image in \"Services only\""))
def _check_image(answer: Any) -> None:
    require_choice(answer, "c", "abcd", IMAGE_HINTS)
