"""Benchmark: simlib's engine vs a minimal hand-written SimPy model of the same queue.

Both simulate the Erlang A queue (M/M/c+M: Poisson arrivals, exponential
handling and patience, c agents always on duty, impatient customers leave)
on the same number of questions, in one run. Prints questions per second for
each, their ratio, and simlib's peak memory per question recorded. Then the
same queue with channel concurrency 3 (three times the arrivals, so the same
load per person) and the high-volume preset with and without its business
outcomes.

    python benchmarks/engine.py [--questions 200000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import numpy as np
import simpy

from simlib import load_scenario, simulate

SCENARIO = "scenarios/erlang_a.toml"
PRESET = "scenarios/high_volume.toml"


def minimal_model(arrivals_per_hour: float, handle: float, patience: float, agents: int,
                  questions: int, seed: int) -> int:
    """The textbook SimPy call centre: a process per customer, reneging with ``request | timeout``."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    team = simpy.Resource(env, capacity=agents)
    served = 0

    def customer():
        nonlocal served
        with team.request() as request:
            result = yield request | env.timeout(rng.exponential(patience))
            if request in result:
                served += 1
                yield env.timeout(rng.exponential(handle))

    def source():
        for _ in range(questions):
            yield env.timeout(rng.exponential(60.0 / arrivals_per_hour))
            env.process(customer())

    env.process(source())
    env.run()
    return served


def time_call(function, repeats: int) -> float:
    """Best wall-clock seconds of ``repeats`` calls (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    base = load_scenario(SCENARIO)
    rate = base.arrivals.per_hour
    days = args.questions / (rate * 24)  # expected arrivals = questions
    scenario = load_scenario(SCENARIO, {"run.days": days, "run.warmup_days": 0})
    channel = scenario.channels["dm"]
    agents = scenario.staff["always"].count
    n = len(simulate(scenario).records)

    engine_s = time_call(lambda: simulate(scenario), args.repeats)
    minimal_s = time_call(
        lambda: minimal_model(rate, channel.handling.mean, channel.patience.mean, agents, n, 1),
        args.repeats,
    )
    tracemalloc.start()
    result = simulate(scenario)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    kept = result.records.memory_usage(deep=True).sum()

    print(f"Erlang A queue: {rate:g}/h, handle {channel.handling.mean:g} min, "
          f"patience {channel.patience.mean:g} min, {agents} agents; {n:,} questions; best of {args.repeats}")
    print(f"  simlib engine   {n / engine_s:>10,.0f} questions/s  ({engine_s:.2f} s)")
    print(f"  minimal SimPy   {n / minimal_s:>10,.0f} questions/s  ({minimal_s:.2f} s)")
    print(f"  ratio (simlib / minimal) = {minimal_s / engine_s:.2f}   (target >= 1.0, never below 0.8)")
    print(f"  memory: peak {peak / n:.0f} bytes per question while running, "
          f"{kept / n:.0f} bytes per question in the records  (target < 300)")

    # The price of concurrency: each manager holds 3 conversations, three times the questions an hour.
    juggling = load_scenario(SCENARIO, {"run.days": days / 3, "run.warmup_days": 0, "arrivals.per_hour": 3 * rate,
                                        "channels.dm.concurrency": 3})
    n_juggling = len(simulate(juggling).records)
    juggling_s = time_call(lambda: simulate(juggling), args.repeats)
    print(f"  concurrency 3   {n_juggling / juggling_s:>10,.0f} questions/s  ({juggling_s:.2f} s, {n_juggling:,} "
          f"questions at {3 * rate:g}/h, {agents} agents x 3)")

    # The price of business outcomes: the burger-chain preset with and without its [business] section.
    preset = load_scenario(PRESET)
    bare = preset.model_copy(update={"business": None})
    with_s = time_call(lambda: simulate(preset), args.repeats)
    without_s = time_call(lambda: simulate(bare), args.repeats)
    n_with, n_without = len(simulate(preset).records), len(simulate(bare).records)
    print(f"{PRESET} ({preset.run.days:g} days), best of {args.repeats}:")
    print(f"  inbox only           {n_without / without_s:>10,.0f} questions/s  ({without_s:.2f} s, {n_without:,} questions)")
    print(f"  with outcomes        {n_with / with_s:>10,.0f} questions/s  ({with_s:.2f} s, {n_with:,} questions)")


if __name__ == "__main__":
    main()
