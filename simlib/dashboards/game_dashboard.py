"""The team game's dashboard: a team tries a plan and sees it scored exactly as the trainer will score it.

:func:`game_dashboard` is a :class:`~simlib.dashboards.projector.Dashboard`
with the early and late head counts and the order of work; its button scores
the plan by the game's own goals (:mod:`simlib.dashboards.game`: no crisis,
final reputation's whole CI at or above the starting 75; then fewest people,
then profit) over the same 5 replications of 28 days as the command the team
hands in, which it shows written out. The figure shows the reputation of each
replication against the line to stay above.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from matplotlib.ticker import MaxNLocator

from simlib.dashboards.game import FLOOR, MAX_PER_SHIFT, ROUNDS, Plan, Score, score_runs
from simlib.dashboards.headline import Number
from simlib.dashboards.projector import Dashboard
from simlib.dashboards.screens import Screen
from simlib.dashboards.views import MINUTES_PER_DAY, SMALL, TEXT, png, projector_figure
from simlib.i18n import fmt, tr
from simlib.model.records import SimulationResult


def game_png(score: Score, results: list[SimulationResult]) -> bytes:
    """Reputation over the run for each replication, the line to stay above, and the verdict as the title."""
    fig, (ax,) = projector_figure(1)
    for k, result in enumerate(results):
        series = result.outcomes.reputation
        ax.plot(series.index.to_numpy() / MINUTES_PER_DAY, series.to_numpy(), lw=2, color="C0", alpha=0.75,
                label=tr("reputation, one line per replication") if k == 0 else None)
    ax.axhline(FLOOR, color="C3", ls="--", lw=2, label=tr("stay at or above {floor:g} at the end", floor=FLOOR))
    ax.set_ylim(min(50.0, ax.get_ylim()[0]), 100)
    ax.set_xlim(0, results[0].horizon_minutes / MINUTES_PER_DAY)
    ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
    ax.set_xlabel(tr("day of the run"), fontsize=SMALL)
    ax.set_ylabel(tr("reputation (0-100)"), fontsize=TEXT)
    ax.set_title(f"{score.plan.name}: {score.verdict()}", fontsize=TEXT, loc="left")
    ax.legend(fontsize=SMALL, loc="lower right", frameon=False)
    return png(fig)


def game_screen(score: Score, results: list[SimulationResult]) -> Screen:
    """The game's screen: verdict, final reputation [CI], people and staff cost, profit [CI]; the command to hand in."""
    mean, low, high = score.final_reputation
    profit, plow, phigh = score.profit
    numbers = (
        Number(tr("verdict"), tr("qualifies") if score.qualifies else tr("out"),
               score.why_out() or tr("no crisis, CI at or above {floor:g}", floor=FLOOR),
               "good" if score.qualifies else "bad"),
        Number(tr("final reputation"), fmt(mean, ".1f"), tr("95% CI {low:.1f} to {high:.1f}", low=low, high=high)),
        Number(tr("people on duty"), f"{score.plan.people}",
               tr("staff cost {cost:,.0f} USD", cost=score.staff_cost[0])),
        Number(tr("profit"), tr("{profit:,.0f} USD", profit=profit),
               tr("95% CI {low:,.0f} to {high:,.0f}", low=plow, high=phigh)),
    )
    table = pd.DataFrame([score.row()]).T.rename(columns={0: ""})
    return Screen(numbers, game_png(score, results), table, command=score.plan.command())


def game_dashboard(round_: int = 2) -> Dashboard:
    """The team game's dashboard for round 1 (head counts) or 2 (head counts and order of work)."""
    controls: dict[str, widgets.ValueWidget] = {
        "early": widgets.IntSlider(value=2, min=0, max=MAX_PER_SHIFT, description=tr("early (08-16)")),
        "late": widgets.IntSlider(value=3, min=0, max=MAX_PER_SHIFT, description=tr("late (16-24)")),
        "order": widgets.Dropdown(options=ROUNDS[round_], value="fifo", description=tr("order of work")),
    }

    def draw(early: int, late: int, order: str) -> Screen:
        return game_screen(*score_runs(Plan(early, late, order)))

    return Dashboard(draw, controls, tr("Team game, round {round}: staff the burger chain", round=round_),
                     button=tr("Score this plan"))
