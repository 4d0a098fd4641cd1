"""What each dashboard puts on the projector for one answer: a few headline numbers, notes, one picture, a table.

No widgets here: :func:`explorer_screen`, :func:`change_screen` and
:func:`plan_screen` turn the answers of :mod:`simlib.dashboards.answers`
into a :class:`Screen`; :mod:`simlib.dashboards.projector` shows it.
Labels and units come from the KPI registry, values are written by
:mod:`simlib.dashboards.headline` (durations in min, h or days). A change
that closes a business (0 people on every shift) is said in a note, with
why its revenue lost falls. Everything a person reads is in the current
language (:mod:`simlib.i18n`); the tables' data keep the KPI names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from simlib.analysis.registry import heading, label
from simlib.dashboards.answers import ChangeView, ScenarioView, StaffingPlan
from simlib.dashboards.headline import Number, business_name, kpi_number, readable, readable_change
from simlib.dashboards.tables import PER_QUESTION_KPI
from simlib.i18n import fmt, tr


@dataclass(frozen=True)
class Screen:
    """One answer as the projector shows it.

    Attributes
    ----------
    numbers
        Three or four headline numbers.
    picture
        The figure as PNG bytes.
    table
        Every number behind the answer, as readable text (index: readable labels).
    notes
        Sentences that say what happened when a number alone would mislead.
    data
        The numbers of ``table`` (for code and tests).
    command
        A command to copy, shown under the numbers' notes ("" for none).
    """

    numbers: tuple[Number, ...]
    picture: bytes
    table: pd.DataFrame
    notes: tuple[str, ...] = ()
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    command: str = ""


def text_table(data: pd.DataFrame, currencies: Mapping[str, str] | str = "") -> pd.DataFrame:
    """A KPI table (index KPI names) as text: readable labels with units, values by :func:`readable`.

    ``currencies`` is one currency, or one per first-level column label.
    Non-numeric columns are kept as they are.
    """
    def currency(column: object) -> str:
        key = column[0] if isinstance(column, tuple) else column
        return currencies if isinstance(currencies, str) else currencies.get(key, "")

    text = pd.DataFrame(index=data.index, columns=data.columns, dtype=object)
    for column in data.columns:
        numeric = pd.api.types.is_numeric_dtype(data[column])
        for kpi, value in data[column].items():
            if not numeric:
                text.loc[kpi, column] = value
            elif isinstance(column, tuple) and column[-1] == "change":
                text.loc[kpi, column] = tr("n/a") if math.isnan(value) else readable_change(kpi, value,
                                                                                             currency(column))
            else:
                text.loc[kpi, column] = readable(kpi, value, currency(column))
    text.index = pd.Index([label(kpi) for kpi in data.index])
    return text


def explorer_screen(view: ScenarioView, picture: bytes) -> Screen:
    """The scenario explorer's screen: service level, median first reply, reputation, profit."""
    k, currency = view.kpis, view.currency
    target = view.scenario.service.target_minutes
    numbers = [
        kpi_number("service_level", k["service_level"],
                   title=tr("{label} (within {target:g} min)", label=label("service_level"), target=target),
                   detail=f"{label('answered_share')}: {readable('answered_share', k['answered_share'])}"),
        kpi_number("median_first_response_minutes", k["median_first_response_minutes"],
                   detail=tr("slowest tenth: over {time}",
                             time=readable("p90_first_response_minutes", k["p90_first_response_minutes"]))),
    ]
    if not math.isnan(k.get("final_reputation", math.nan)):
        outcomes = view.result.outcomes
        start = float(outcomes.reputation.iloc[0]) if outcomes is not None else math.nan
        numbers.append(kpi_number("final_reputation", k["final_reputation"],
                                  detail=tr("start {start:.0f} · lowest {lowest:.1f}", start=start,
                                            lowest=k["lowest_reputation"])))
        numbers.append(kpi_number("profit", k["profit"], currency,
                                  detail=f"{label('staff_cost')}: {readable('staff_cost', k['staff_cost'], currency)}"))
    data = view.table()[["value"]]
    table = text_table(data, currency)
    table.columns = [tr("value")]
    return Screen(tuple(numbers), picture, table, (), data)


def closed_shifts(change: ChangeView, preset: str) -> list[str]:
    """Shifts of ``preset`` that had people before the change and none after."""
    before, after = change.before[preset].scenario.staff, change.after[preset].scenario.staff
    return [name for name, shift in after.items() if shift.count == 0 and before[name].count > 0]


def change_notes(change: ChangeView) -> list[str]:
    """What the change did that the numbers alone would hide: the shifts it closed, and revenue lost that fell
    for a bad reason (fewer customers writing)."""
    notes = []
    for preset, after in change.after.items():
        before = change.before[preset]
        name = business_name(after.scenario.name)
        closed = closed_shifts(change, preset)
        if not closed:
            continue
        everyone = all(shift.count == 0 for shift in after.scenario.staff.values())
        people = abs(change.staff_change)
        fewer = (tr("1 person fewer on every shift") if people == 1
                 else tr("{people} people fewer on every shift", people=people))
        if everyone:
            note = tr("{name}: {fewer} leaves nobody on duty at all, so no question is answered.",
                      name=name, fewer=fewer)
        elif len(closed) == 1:
            note = tr("{name}: {fewer} closes the {shift} shift: nobody answers in those hours.",
                      name=name, fewer=fewer, shift=tr(closed[0]))
        else:
            note = tr("{name}: {fewer} closes the {shifts} shifts: nobody answers in those hours.",
                      name=name, fewer=fewer, shifts=tr(" and ").join(tr(shift) for shift in closed))
        lost = change.deltas.loc["revenue_lost", (preset, "change")]
        if lost < 0:
            note += tr(" Its revenue lost falls ({lost}) only because fewer customers write ({after:,.0f} questions "
                       "instead of {before:,.0f}) as its reputation drops to {reputation:.0f}: profit {profit}.",
                       lost=readable_change("revenue_lost", lost, after.currency), after=after.questions,
                       before=before.questions, reputation=after.kpis["final_reputation"],
                       profit=readable_change("profit", change.deltas.loc["profit", (preset, "change")],
                                              after.currency))
        notes.append(note)
    return notes


def change_screen(change: ChangeView, picture: bytes) -> Screen:
    """The side-by-side screen: for each business, the change in profit and the share answered after."""
    numbers = []
    for preset, after in change.after.items():
        name, currency = business_name(after.scenario.name), after.currency
        d = change.deltas[preset]
        profit = d.loc["profit", "change"]
        numbers.append(Number(f"{name}: {label('profit')}", readable_change("profit", profit, currency),
                              tr("wages {change}", change=readable_change("staff_cost", d.loc["staff_cost", "change"],
                                                                          currency)),
                              "good" if profit > 0 else "bad" if profit < 0 else ""))
        numbers.append(kpi_number("answered_share", d.loc["answered_share", "after"],
                                  title=f"{name}: {label('answered_share')}",
                                  detail=tr("before: {share}", share=readable("answered_share",
                                                                              d.loc["answered_share", "before"]))))
    rows = [kpi for kpi in change.deltas.index if kpi != PER_QUESTION_KPI] + [PER_QUESTION_KPI]
    data = change.deltas.loc[rows]
    currencies = {preset: view.currency for preset, view in change.after.items()}
    table = text_table(data, currencies)
    table.columns = pd.MultiIndex.from_tuples(
        [(business_name(change.after[p].scenario.name), tr(when)) for p, when in data.columns])
    return Screen(tuple(numbers), picture, table, tuple(change_notes(change)), data)


def people(count: int) -> str:
    """ "1 person", "3 people", in the current language."""
    return tr("1 person") if count == 1 else tr("{count} people", count=count)


def plan_screen(plan: StaffingPlan, picture: bytes) -> Screen:
    """The planner's screen: best head count and its profit, Erlang's guess, the reputation it buys."""
    s, currency = plan.summary, plan.currency
    best = plan.best_count
    numbers = [Number(tr("best profit at"), people(best),
                      readable("profit", s.loc[best, "profit"], currency)),
               Number(tr("Erlang C first guess"),
                      tr("none") if plan.erlang_guess is None else people(plan.erlang_guess),
                      tr("80% within {target:g} min at {rate:.1f} questions/h", target=plan.target_minutes,
                         rate=plan.peak_per_hour))]
    if best - 1 in s.index:
        gain = s.loc[best, "profit"] - s.loc[best - 1, "profit"]
        numbers.append(Number(tr("person {count} adds", count=best), readable_change("profit", gain, currency),
                              f"{label('final_reputation')} {fmt(s.loc[best - 1, 'final_reputation'], '.1f')} → "
                              f"{fmt(s.loc[best, 'final_reputation'], '.1f')}"))
    data = s.T
    table = text_table(data, currency)
    table.columns = [people(count) for count in s.index]
    table.index = [heading(kpi, currency) if kpi in ("profit",) else label(kpi) for kpi in data.index]
    return Screen(tuple(numbers), picture, table, (), data)
