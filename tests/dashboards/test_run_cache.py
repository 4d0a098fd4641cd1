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
