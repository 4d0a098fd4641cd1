"""Tests for simlib.analysis.queueing: published Erlang C figures, limits, invariants, validation."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from simlib.analysis.queueing import (
    QueueFigures,
    agents_needed,
    erlang_a,
    erlang_b,
    erlang_c,
    queue_figures,
)

SECOND = 1 / 60  # one second, in minutes


# --- 1. Published Erlang C figures -------------------------------------------------------------


def test_pyworkforce_example():
    # pyworkforce docs (ErlangC example) and R package ErlangC: 100 contacts per 30 min,
    # AHT 3 min, target 20 s, 14 agents.
    f = erlang_c(200, 3, 14, target_minutes=20 * SECOND)
    assert f.offered_load == pytest.approx(10.0, abs=1e-12)
    assert f.p_wait == pytest.approx(0.1741319, abs=1e-6)
    assert f.service_level == pytest.approx(0.88835, abs=1e-6)
    assert f.mean_wait_minutes / SECOND == pytest.approx(7.836, abs=1e-3)
    assert f.occupancy == pytest.approx(0.7142857, abs=1e-6)
    # pyworkforce "raw_positions": 14 for 80 % within 20 s
    assert agents_needed(200, 3, 20 * SECOND, 0.8) == 14


def test_mitan_example():
    # Mitan Ltd, "Erlang C formula - made simple": 360 calls/h, 180 s per call, 80 % in 15 s.
    assert agents_needed(360, 3, 15 * SECOND, 0.8) == 22
    assert erlang_c(360, 3, 22, 15 * SECOND).service_level == pytest.approx(0.8007, abs=5e-5)
    assert erlang_c(360, 3, 21, 15 * SECOND).service_level == pytest.approx(0.6917, abs=5e-5)


def test_portage_example():
    # portagecommunications.com, "Erlang C calculation": 430 calls per 30 min, 170 s handle, 80/20.
    handle, target = 170 * SECOND, 20 * SECOND
    assert agents_needed(860, handle, target, 0.8) == 46
    f = erlang_c(860, handle, 46, target)
    assert f.service_level == pytest.approx(0.834, abs=5e-4)
    assert f.mean_wait_minutes / SECOND == pytest.approx(9.9, abs=0.05)
    assert f.occupancy == pytest.approx(0.883, abs=5e-4)
    assert erlang_c(860, handle, 45, target).service_level == pytest.approx(0.763, abs=5e-4)


# --- 5. Single agent: textbook M/M/1 -----------------------------------------------------------


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.75, 0.95])
def test_mm1_textbook(rho):
    handle = 1.5
    arrivals = rho / handle * 60
    f = erlang_c(arrivals, handle, 1, target_minutes=2.0)
    assert f.p_wait == pytest.approx(rho, rel=1e-12)
    assert f.mean_wait_minutes == pytest.approx(rho * handle / (1 - rho), rel=1e-12)
    assert f.mean_queue_length == pytest.approx(rho**2 / (1 - rho), rel=1e-12)
    assert f.service_level == pytest.approx(1 - rho * math.exp(-(1 - rho) * 2.0 / handle), rel=1e-12)
    assert f.occupancy == pytest.approx(rho, rel=1e-12)


# --- 3. Erlang B -------------------------------------------------------------------------------


@pytest.mark.parametrize(("load", "agents"), [(0.5, 1), (2.0, 3), (5.0, 4), (8.0, 10), (20.0, 25)])
def test_erlang_b_direct_formula(load, agents):
    terms = [load**k / math.factorial(k) for k in range(agents + 1)]
    assert erlang_b(load, agents) == pytest.approx(terms[-1] / sum(terms), rel=1e-12)


def test_erlang_b_edges():
    assert erlang_b(3.0, 0) == 1.0
    assert erlang_b(0.0, 5) == 0.0
    assert 0 < erlang_b(5000.0, 5000) < 0.02  # recursion stays finite for big systems


@pytest.mark.parametrize(("arrivals", "agents"), [(100, 4), (200, 14), (600, 5), (50, 0)])
def test_zero_patience_is_erlang_b(arrivals, agents):
    f = queue_figures(arrivals, 3, agents, patience_minutes=0.0, target_minutes=1.0)
    lost = erlang_b(arrivals / 60 * 3, agents)
    assert f.p_abandon == pytest.approx(lost, rel=1e-12)
    assert f.p_wait == pytest.approx(lost, rel=1e-12)
    assert f.service_level == pytest.approx(1 - lost, rel=1e-12)
    assert f.mean_wait_minutes == 0.0 and f.mean_queue_length == 0.0


# --- 2. Erlang A tends to Erlang C -------------------------------------------------------------


def _distance(a: QueueFigures, c: QueueFigures) -> float:
    """Largest gap in p_wait and service level, and relative gap in mean wait."""
    return max(abs(a.p_wait - c.p_wait), abs(a.service_level - c.service_level),
               abs(a.mean_wait_minutes / c.mean_wait_minutes - 1))


@pytest.mark.parametrize(("arrivals", "agents"), [(200, 14), (860, 46), (15, 1), (540, 30)])
def test_erlang_a_tends_to_erlang_c(arrivals, agents):
    # the gap shrinks like 1 / patience, with a constant that grows steeply as the load nears c
    handle, target = 3.0, 0.5
    c = erlang_c(arrivals, handle, agents, target)
    far = erlang_a(arrivals, handle, agents, 1e7, target)
    assert _distance(far, c) < 1e-5
    assert far.p_abandon < 1e-5
    errors = [_distance(erlang_a(arrivals, handle, agents, p, target), c) for p in (1e3, 1e5)]
    assert errors[0] > errors[1]


# --- Independent reference for Erlang A: dense birth-death chain ---------------------------


def _reference_erlang_a(arrivals, handle, agents, patience, target, states=120):
    """Stationary law by a dense linear solve, service level by a dense matrix exponential."""
    lam, mu, theta = arrivals / 60, 1 / handle, 1 / patience
    n = np.arange(states)
    gen = np.zeros((states, states))
    gen[n[:-1], n[:-1] + 1] = lam
    gen[n[1:], n[1:] - 1] = np.minimum(n[1:], agents) * mu + np.maximum(n[1:] - agents, 0) * theta
    gen -= np.diag(gen.sum(axis=1))
    balance = np.vstack([gen.T[:-1], np.ones(states)])  # pi Q = 0 with one equation swapped for sum 1
    pi = np.linalg.solve(balance, np.r_[np.zeros(states - 1), 1.0])
    busy = np.minimum(n, agents) @ pi
    # tagged arrival: state 0 = served, state j = queue position j; abandonment leaks out
    m = states - agents
    pos = np.zeros((m + 1, m + 1))
    for j in range(1, m + 1):
        pos[j, j - 1] = agents * mu + (j - 1) * theta
        pos[j, j] = -(agents * mu + j * theta)
    start = np.r_[0.0, pi[agents:]]
    served = (start @ scipy.linalg.expm(pos * target))[0]
    return {"p_wait": pi[agents:].sum(), "p_abandon": 1 - mu * busy / lam,
            "mean_queue_length": np.maximum(n - agents, 0) @ pi,
            "service_level": pi[:agents].sum() + served}


@pytest.mark.parametrize(("arrivals", "agents", "patience", "target"),
                         [(60, 1, 2.0, 1.0), (200, 8, 1.0, 0.5), (200, 14, 5.0, 1 / 3), (900, 10, 3.0, 2.0)])
def test_erlang_a_matches_dense_reference(arrivals, agents, patience, target):
    f = erlang_a(arrivals, 3, agents, patience, target)
    ref = _reference_erlang_a(arrivals, 3, agents, patience, target)
    for name, value in ref.items():
        assert getattr(f, name) == pytest.approx(value, abs=1e-9), name


# --- 4. Invariants on a grid ---------------------------------------------------------------


@pytest.mark.parametrize(("rho", "agents", "patience"),
                         list(itertools.product([0.5, 0.9, 1.5, 3.0], [1, 2, 5, 12, 30], [1.0, 10.0, 100.0])))
def test_erlang_a_invariants(rho, agents, patience):
    handle = 3.0
    arrivals = rho * agents / handle * 60
    levels = [erlang_a(arrivals, handle, agents, patience, t).service_level for t in (0.0, 0.5, 2.0, 8.0)]
    f = erlang_a(arrivals, handle, agents, patience, 1e9)
    for p in (f.p_wait, f.p_abandon, f.occupancy, *levels):
        assert 0.0 <= p <= 1.0
    assert f.p_abandon == pytest.approx(f.mean_wait_minutes / patience, abs=1e-9)
    assert f.mean_queue_length == pytest.approx(arrivals / 60 * f.mean_wait_minutes, rel=1e-12)
    assert f.occupancy == pytest.approx(arrivals / 60 * (1 - f.p_abandon) * handle / agents, rel=1e-12)
    assert levels[0] == pytest.approx(1 - f.p_wait, abs=1e-12)  # target 0: only those served at once
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise([*levels, f.service_level]))
    assert f.service_level == pytest.approx(1 - f.p_abandon, abs=1e-6)
    fewer, more = (erlang_a(arrivals, handle, c, patience, 2.0) for c in (agents, agents + 1))
    assert more.service_level >= fewer.service_level - 1e-12
    assert more.p_abandon <= fewer.p_abandon + 1e-12


@settings(max_examples=40, deadline=None)
@given(arrivals=st.floats(1, 600), handle=st.floats(0.5, 10), agents=st.integers(0, 20),
       patience=st.floats(0.2, 50), target=st.floats(0, 5))
def test_erlang_a_properties(arrivals, handle, agents, patience, target):
    f = erlang_a(arrivals, handle, agents, patience, target)
    for p in (f.p_wait, f.p_abandon, f.service_level, f.occupancy):
        assert 0.0 <= p <= 1.0
    assert f.service_level <= 1 - f.p_abandon + 1e-9
    assert f.p_abandon == pytest.approx(f.mean_wait_minutes / patience, abs=1e-9)


def test_long_target_uniformisation_reaches_one_minus_abandonment():
    # 30 patience spans: computed by uniformisation, not by the eventual-service shortcut
    f = erlang_a(300, 3, 4, 1.0, 30.0)
    assert f.service_level == pytest.approx(1 - f.p_abandon, abs=1e-9)


def test_erlang_a_no_agents_everyone_abandons():
    f = erlang_a(100, 3, 0, 5.0, 1.0)
    assert (f.p_wait, f.p_abandon, f.service_level) == pytest.approx((1, 1, 0), abs=1e-12)
    assert f.mean_wait_minutes == pytest.approx(5.0, rel=1e-12)


# --- 7. Unstable Erlang C, zero arrivals -------------------------------------------------------


@pytest.mark.parametrize("agents", [0, 5, 10])  # offered load 10 Erlangs
def test_unstable_erlang_c(agents):
    f = erlang_c(200, 3, agents, 1.0)
    assert (f.p_wait, f.service_level, f.p_abandon, f.occupancy) == (1.0, 0.0, 0.0, 1.0 if agents else 0.0)
    assert math.isinf(f.mean_wait_minutes) and math.isinf(f.mean_queue_length)


@pytest.mark.parametrize("patience", [math.inf, 5.0, 0.0])
def test_zero_arrivals_is_ideal(patience):
    f = queue_figures(0, 3, 0, patience, 1.0)
    assert (f.p_wait, f.mean_wait_minutes, f.p_abandon, f.service_level) == (0, 0, 0, 1)
    assert agents_needed(0, 3, 1.0, 0.9, patience) == 0


# --- Dispatch, staffing, as_dict ---------------------------------------------------------------


def test_queue_figures_dispatch():
    assert queue_figures(200, 3, 14, target_minutes=0.5) == erlang_c(200, 3, 14, 0.5)
    assert queue_figures(200, 3, 14, 2.0, 0.5) == erlang_a(200, 3, 14, 2.0, 0.5)


@pytest.mark.parametrize(("arrivals", "patience", "max_abandon"),
                         [(200, math.inf, None), (900, math.inf, None), (200, 2.0, None),
                          (600, 1.0, 0.02), (1200, 5.0, 0.05)])
def test_agents_needed_is_smallest(arrivals, patience, max_abandon):
    def ok(c):
        f = queue_figures(arrivals, 3, c, patience, 0.5)
        return f.service_level >= 0.8 and (max_abandon is None or f.p_abandon <= max_abandon)

    c = agents_needed(arrivals, 3, 0.5, 0.8, patience, max_abandon)
    assert ok(c) and not ok(c - 1)


def test_agents_needed_unreachable():
    with pytest.raises(ValueError, match="max_agents = 12"):
        agents_needed(200, 3, 1 / 3, 0.8, max_agents=12)
    with pytest.raises(ValueError, match="not reachable"):
        agents_needed(200, 3, 1 / 3, 0.8, patience_minutes=2.0, max_abandon=0.0, max_agents=40)


def test_as_dict_is_json_friendly():
    f = erlang_c(200, 3, 10)
    d = f.as_dict()
    assert list(d) == [field.name for field in dataclasses.fields(QueueFigures)]
    assert json.loads(json.dumps(d))["mean_wait_minutes"] == math.inf


# --- 6. Validation -----------------------------------------------------------------------------

NAN, INF = math.nan, math.inf


@pytest.mark.parametrize(("call", "name"), [
    (lambda: erlang_c(-1, 3, 5), "arrivals_per_hour"),
    (lambda: erlang_c(NAN, 3, 5), "arrivals_per_hour"),
    (lambda: erlang_c(INF, 3, 5), "arrivals_per_hour"),
    (lambda: erlang_c(100, -2.0, 5), "handle_minutes"),
    (lambda: erlang_c(100, 0, 5), "handle_minutes"),
    (lambda: erlang_c(100, "3", 5), "handle_minutes"),
    (lambda: erlang_c(100, 3, -1), "agents"),
    (lambda: erlang_c(100, 3, 2.5), "agents"),
    (lambda: erlang_c(100, 3, 5, -0.1), "target_minutes"),
    (lambda: erlang_c(100, 3, 5, NAN), "target_minutes"),
    (lambda: erlang_a(100, 3, 5, -1.0), "patience_minutes"),
    (lambda: erlang_a(100, 3, 5, NAN), "patience_minutes"),
    (lambda: erlang_a(100, 3, 5, INF), "patience_minutes"),
    (lambda: queue_figures(100, 3, 5, -1.0), "patience_minutes"),
    (lambda: erlang_b(-1.0, 3), "offered_load"),
    (lambda: erlang_b(NAN, 3), "offered_load"),
    (lambda: erlang_b(2.0, -1), "agents"),
    (lambda: agents_needed(100, 3, 1.0, 1.5), "service_level"),
    (lambda: agents_needed(100, 3, 1.0, NAN), "service_level"),
    (lambda: agents_needed(100, 3, -1.0, 0.8), "target_minutes"),
    (lambda: agents_needed(100, 3, 1.0, 0.8, max_abandon=-0.1), "max_abandon"),
    (lambda: agents_needed(100, 3, 1.0, 0.8, max_agents=-1), "max_agents"),
])
def test_bad_argument_is_named(call, name):
    with pytest.raises(ValueError, match=rf"^{name} = .*: must be "):
        call()


def test_error_message_format():
    with pytest.raises(ValueError, match=r"^handle_minutes = -2\.0: must be a finite number > 0$"):
        erlang_c(100, -2.0, 5)
