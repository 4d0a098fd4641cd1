"""Progress that tells the truth: one bar whose total is known before its runs start, and never grows."""

from __future__ import annotations

from typing import ClassVar, Self

import pytest
from conftest import make_scenario

import simlib.experiments.sweeps
from simlib.analysis.intervals import Targets
from simlib.experiments.optimise import cheapest_plan
from simlib.experiments.sweeps import sweep


class RecordingBar:
    """Stands in for tqdm: remembers every total it was given and checks it is never passed."""

    bars: ClassVar[list[RecordingBar]] = []

    def __init__(self, total=None, initial=0, desc="", **_) -> None:
        self.total, self.n, self.desc, self.postfix = total, initial, desc, ""
        self.totals = [total]  # one entry per start or reset
        self.finished: list[tuple[int, int]] = []  # (runs done, total) when a reset comes
        RecordingBar.bars.append(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_) -> None:
        self.finished.append((self.n, self.total))

    def update(self, n: int = 1) -> None:
        self.n += n
        assert self.n <= self.total, "the bar went past its total"

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfix = text

    def set_description(self, text: str) -> None:
        self.desc = text

    def reset(self, total=None) -> None:
        self.finished.append((self.n, self.total))
        self.totals.append(total)
        self.total, self.n = total, 0


@pytest.fixture
def bars(monkeypatch):
    RecordingBar.bars = []
    monkeypatch.setattr(simlib.experiments.sweeps, "tqdm", RecordingBar)
    return RecordingBar.bars


def test_a_sweep_has_one_bar_whose_total_is_every_run_from_the_start(bars):
    sweep(make_scenario(**{"run.days": 0.5}), {"staff.always": [2, 3, 4]}, 2, workers=1)
    assert len(bars) == 1
    (bar,) = bars
    assert bar.totals == [6] and bar.finished == [(6, 6)]
    assert bar.postfix == "0 left"


def test_the_optimiser_has_one_bar_that_says_which_step_and_knows_each_steps_runs(bars):
    scenario = make_scenario(**{"run.days": 1.0})
    search = cheapest_plan(scenario, Targets.service_level(0.8), replications=2, workers=1)
    assert len(bars) == 1
    (bar,) = bars
    per_step = search.evaluated.groupby("step").size() * 2  # runs of each step that simulated something
    assert bar.totals[1:] == list(per_step)  # the first total is 0: nothing is known before the starts
    assert all(done == total for done, total in bar.finished[1:])  # every step ran exactly what it said
    last = search.evaluated["step"].max()
    assert bar.desc.startswith(f"step {last}: ")
