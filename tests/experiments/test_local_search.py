"""The optimiser's local search (simlib.experiments.optimise.local_search) on plans judged by formulas.

A fake judge stands in for the simulation: each "interval" needs a number of
people from the shifts covering it, and a plan's slack is the smallest
relative margin. So every case below has a known answer, and the search's
rules (ties by slack, moves between shifts of equal cost, today's plan as a
start, the stopping rule) are checked without simulating anything.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from conftest import make_scenario

from simlib.experiments.optimise import local_search
from simlib.experiments.plan_space import PlanSpace


class FormulaJudge:
    """Judges a plan by ``cover @ plan >= need`` per interval; remembers what it was asked, step by step."""

    replications = 1

    def __init__(self, cover: list[list[int]], need: list[int]) -> None:
        self.cover, self.need = np.array(cover), np.array(need, dtype=float)
        self.asked: list[tuple[int, list[tuple[int, ...]]]] = []
        self.seen: set[tuple[int, ...]] = set()

    def margins(self, plan) -> np.ndarray:
        return (self.cover @ np.array(plan) - self.need) / self.need

    def evaluate(self, plans, step) -> None:
        new = [p for p in dict.fromkeys(plans) if p not in self.seen]
        self.seen.update(new)
        if new:
            self.asked.append((step, new))

    def meets(self, plan) -> bool:
        assert plan in self.seen, "judged before it was simulated"
        return bool((self.margins(plan) >= 0).all())

    def score(self, plan) -> tuple[float, float]:
        margins = self.margins(plan)
        return float(margins.min()), float(margins.sum())

    @property
    def checks(self):
        return {p: pd.DataFrame({"target": ["cover"], "at_least": [0.0], "value": [self.score(p)[0]],
                                 "slack": [self.score(p)[0]]}) for p in self.seen}


def space(costs, most=20) -> PlanSpace:
    return PlanSpace(tuple(f"s{i}" for i in range(len(costs))), make_scenario(), tuple(costs),
                     (0,) * len(costs), (most,) * len(costs))


def brute_force(judge: FormulaJudge, plans: PlanSpace) -> float:
    return min(plans.cost(p) for p in itertools.product(range(8), repeat=len(plans.costs))
               if (judge.cover @ np.array(p) >= judge.need).all())


def test_ties_in_cost_are_broken_by_slack_not_by_the_first_shift():
    # Two intervals, one shift each; the second needs more people, so removing from the first costs more slack.
    judge = FormulaJudge([[1, 0], [0, 1]], [4, 2])
    plans = space([1.0, 1.0])
    chosen = local_search(plans, judge, [(5, 4)])
    assert judge.asked[1] == (1, [(4, 4), (5, 3)])  # both removals meet the targets at the same cost...
    assert chosen == (4, 2)
    assert judge.score((5, 3)) > judge.score((4, 4))  # ...and the second, leaving more slack, was taken first
    assert set(plans.removes((5, 3))) <= set(judge.asked[2][1])  # the next step started from (5, 3)


def test_people_move_between_shifts_of_equal_cost_when_that_leaves_more_slack():
    # Shift 1 covers both intervals; 0 and 2 cover one each. From (3, 1, 3) no single removal works,
    # but moving people onto shift 1 does, then removing them elsewhere: the best plan is (0, 4, 0).
    judge = FormulaJudge([[1, 1, 0], [0, 1, 1]], [4, 4])
    plans = space([1.0, 1.0, 1.0])
    chosen = local_search(plans, judge, [(3, 1, 3)])
    assert plans.cost(chosen) == brute_force(judge, plans) == 4.0 and chosen == (0, 4, 0)
    assert not any(judge.meets(p) for p in plans.removes((3, 1, 3)))  # the old search stopped at cost 7


def test_today_is_a_start_and_a_cheaper_today_wins_over_the_integer_program():
    judge = FormulaJudge([[1, 0], [0, 1]], [3, 3])
    plans = space([1.0, 1.0])
    today, program = (3, 3), (5, 4)
    assert local_search(plans, judge, [today, program]) == today
    assert judge.asked[0] == (0, [today, program])


def test_a_start_that_misses_is_repaired_where_it_helps_most():
    judge = FormulaJudge([[1, 0], [0, 1]], [2, 6])
    plans = space([1.0, 1.0])
    chosen = local_search(plans, judge, [(2, 2)])
    assert chosen == (2, 6)
    added = [plans for step, plans in judge.asked[1:5]]
    assert all((2, n + 1) in batch for n, batch in zip(range(2, 6), added))  # always the short shift


def test_a_move_to_a_cheaper_shift_counts_as_cheaper():
    judge = FormulaJudge([[1, 1], [1, 1]], [3, 3])  # both shifts cover everything; the second costs less
    plans = space([2.0, 1.0])
    assert local_search(plans, judge, [(3, 0)]) == (0, 3)


def test_the_search_stops_only_when_no_cheaper_neighbour_meets_the_targets():
    judge = FormulaJudge([[1, 0, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1]], [3, 5, 6, 2])
    plans = space([1.0, 1.2, 0.9])
    chosen = local_search(plans, judge, [(6, 6, 6)])
    assert judge.meets(chosen)
    cost = plans.cost(chosen)
    cheaper = [p for p in [*plans.removes(chosen), *plans.moves(chosen)] if plans.cost(p) < cost - 1e-9]
    assert cheaper and all(p in judge.seen and not judge.meets(p) for p in cheaper)


def test_a_start_outside_the_allowed_head_counts_is_simulated_but_never_chosen():
    judge = FormulaJudge([[1]], [2])
    plans = space([1.0], most=1)
    with pytest.raises(ValueError, match=r"^no plan up to 1 per shift meets cover >= 0 \(judged on 1 replications; "
                                         r"the closest, s0=1, reaches -0.5\)"):
        local_search(plans, judge, [(5,), (1,)])
    assert (5,) in judge.seen
