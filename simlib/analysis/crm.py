"""The social CRM: every contact and every interaction, as pandas tables to query.

A CRM gathers what the business knows about each person who talks to it:
who they are, through which channel they came, where they stand on the
engagement ladder, how the conversation went, and what they are worth.

    from simlib import crm
    people = crm.contacts(result)
    talks = crm.interactions(result)
    talks.groupby("channel", observed=True)["revenue_lost"].sum()   # which channel loses most?
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simlib.model.records import SimulationResult

STATUSES = ("lead", "prospect", "customer", "repeat_customer", "advocate", "lost")
"""Lead status, from first contact to advocate, or lost to a competitor."""
OUTCOMES = ("sale", "no_sale", "came_back", "did_not_come_back", "ignored", "open")


def _require_business(result: SimulationResult) -> None:
    if result.outcomes is None:
        raise ValueError("this scenario has no [business] section, so there is no CRM to show")


def interactions(result: SimulationResult) -> pd.DataFrame:
    """One row per question: who asked, through which channel, when, how it went, what it was worth.

    ``outcome`` is ``sale`` / ``no_sale`` for an answered pre-sale lead,
    ``came_back`` / ``did_not_come_back`` for an answered after-sale
    customer, ``ignored`` if the customer gave up first, ``open`` if still
    waiting when the run ended. ``switched``: the customer gave up
    unanswered and went to a competitor.
    """
    _require_business(result)
    r = result.records
    pre = r["kind"] == "pre_sale"
    outcome = np.select(
        [r["answered_in_time"] & pre & r["bought"], r["answered_in_time"] & pre,
         r["answered_in_time"] & r["repeat_purchase"], r["answered_in_time"], r["abandoned"]],
        ["sale", "no_sale", "came_back", "did_not_come_back", "ignored"],
        default="open",
    )
    columns = ["contact", "channel", "kind", "source", "arrival", "reply_start", "first_response", "handler",
               "lead_score", "revenue", "revenue_lost", "complaint", "praise", "switched"]
    table = r[columns].assign(outcome=pd.Categorical(outcome, OUTCOMES))
    table.index.name = "question"
    return table


def contacts(result: SimulationResult) -> pd.DataFrame:
    """One row per contact: first channel and source, questions, answers, purchases, value, phase, status.

    ``ignored`` counts the questions whose customer gave up unanswered;
    ``purchases`` includes one from before the run for past customers;
    ``status`` is the furthest the contact got (see :data:`STATUSES`): lost
    if their last question ended with them going to a competitor, advocate
    if a customer who now promotes the brand, repeat customer, customer,
    prospect (answered, has not bought) or lead. Critics show in ``phase``.
    """
    _require_business(result)
    talks = interactions(result)
    answered = talks["outcome"].isin(["sale", "no_sale", "came_back", "did_not_come_back"])
    grouped = talks.assign(answered=answered, ignored=talks["outcome"] == "ignored").groupby("contact")
    table = pd.DataFrame({
        "first_channel": grouped["channel"].first(),
        "first_source": grouped["source"].first(),
        "first_contact_minute": grouped["arrival"].min(),
        "questions": grouped.size(),
        "answered": grouped["answered"].sum(),
        "ignored": grouped["ignored"].sum(),
        "revenue": grouped["revenue"].sum(),
        "revenue_lost": grouped["revenue_lost"].sum(),
        "switched": grouped["switched"].last(),
    })
    known = result.outcomes.contacts.loc[table.index]
    table["purchases"] = known["purchases"]
    table["phase"] = known["phase"]
    status = np.select(
        [table["switched"],
         (table["purchases"] >= 1) & (table["phase"] == "influence"),
         table["purchases"] >= 2, table["purchases"] == 1, table["answered"] >= 1],
        ["lost", "advocate", "repeat_customer", "customer", "prospect"],
        default="lead",
    )
    table["status"] = pd.Categorical(status, STATUSES)
    return table
