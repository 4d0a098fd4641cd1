"""The run cache: results kept, likely next runs computed in a background process."""

from __future__ import annotations

import multiprocessing

import pytest

from simlib.dashboards.run_cache import RunCache, prefetch_by_default


def square(k: int) -> tuple[int, bool]:
    """k squared, and whether a background process computed it."""
    return k * k, multiprocessing.parent_process() is not None


def fails_in_the_background(k: int) -> int:
    if multiprocessing.parent_process() is not None:
        raise RuntimeError("a prefetch that went wrong")
    return -k


@pytest.fixture
def cache():
    runs = RunCache(square, max_entries=3, workers=1)
    yield runs
    runs.close()


def test_a_result_is_computed_once_then_served_from_the_cache(cache):
    assert cache.get(4) == (16, False)
    assert cache.get(4) == (16, False)
    assert cache.computed_here == 1 and 4 in cache


def test_the_least_recently_used_result_is_forgotten_first(cache):
    for k in (1, 2, 3):
        cache.get(k)
    cache.get(1)  # used again: 2 is now the oldest
    cache.get(4)
    assert 2 not in cache and all(k in cache for k in (1, 3, 4))


def test_prefetched_runs_come_from_another_process_and_are_not_computed_again(cache):
    cache.prefetch([5, 6])
    cache.wait()
    assert cache.get(5) == (25, True) and cache.get(6) == (36, True)
    assert cache.computed_here == 0 and cache.prefetched == 2


def test_a_prefetch_that_fails_is_computed_here_instead():
    runs = RunCache(fails_in_the_background, workers=1)
    try:
        runs.prefetch([3])
        runs.wait()
        assert 3 not in runs
        assert runs.get(3) == -3 and runs.computed_here == 1
    finally:
        runs.close()


def test_clear_forgets_everything(cache):
    cache.get(2)
    cache.prefetch([7])
    cache.clear()
    assert 2 not in cache and 7 not in cache


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("off", False), ("1", True), ("", True)])
def test_prefetching_can_be_switched_off_by_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("SIMLIB_PREFETCH", value)
    assert prefetch_by_default() is expected


def test_max_entries_must_be_positive():
    with pytest.raises(ValueError, match="max_entries = 0"):
        RunCache(square, max_entries=0)


def slow_square(k: int) -> int:
    import time

    time.sleep(0.3)
    return k * k


def test_each_group_keeps_its_own_queue_and_a_new_prefetch_drops_only_its_stale_work():
    runs = RunCache(slow_square, workers=1)
    try:
        runs.prefetch([1, 2, 3], group="explorer")
        runs.prefetch([10, 20], group="side by side")  # the explorer's queue is untouched
        assert runs.pending("explorer") + runs.pending("side by side") >= 3
        runs.prefetch([4], group="explorer")  # the trainer moved on: 2 and 3 (queued) are dropped
        assert runs.dropped >= 2
        runs.wait()
        assert all(k in runs for k in (4, 10, 20)) and 3 not in runs and 2 not in runs
    finally:
        runs.close()


def test_an_answer_not_ready_is_computed_here_at_once_never_after_the_background_queue():
    import time

    runs = RunCache(slow_square, workers=1)
    try:
        runs.prefetch([1, 2, 3, 4, 5], group="explorer")
        time.sleep(0.1)  # 1 is running in the background by now
        for k in (5, 1):  # 5 queued behind the others, 1 running: both computed here at once
            start = time.perf_counter()
            assert runs.get(k) == k * k
            assert time.perf_counter() - start < 0.3 + 0.25
        assert runs.computed_here == 2 and runs.pending("explorer") <= 3
    finally:
        runs.close()
