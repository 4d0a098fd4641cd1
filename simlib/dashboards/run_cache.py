"""A cache of simulation runs that can fill itself in the background.

The dashboards know what a trainer is likely to try next (one more or one
fewer person on a shift, another queue policy). While the room looks at the
current answer, :meth:`RunCache.prefetch` computes those runs in a separate
process, so the next slider move is answered from the cache. A run asked for
before its prefetch has started is computed here instead; one already running
is waited for. Results are the same either way (runs are deterministic).

Set the environment variable ``SIMLIB_PREFETCH=0`` to switch prefetching off
by default (the test suite does, to keep both cores for the tests).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

from simlib.experiments.executors import ignore_interrupts

Key = TypeVar("Key", bound=Hashable)
Result = TypeVar("Result")


def prefetch_by_default() -> bool:
    """True unless the environment variable ``SIMLIB_PREFETCH`` is ``0`` (or ``false``/``no``/``off``)."""
    return os.environ.get("SIMLIB_PREFETCH", "1").strip().lower() not in ("0", "false", "no", "off")


class RunCache(Generic[Key, Result]):
    """Results of ``compute(key)``, the ``max_entries`` most recently used kept.

    Parameters
    ----------
    compute
        A module-level function (it is sent to another process) of one key.
    max_entries
        Results kept; the least recently used is forgotten first.
    workers
        Background processes for :meth:`prefetch` (started on first use);
        default one core fewer than the machine has (at least 1, at most 4),
        so the notebook itself keeps a core.
    """

    def __init__(self, compute: Callable[[Key], Result], max_entries: int = 48, workers: int | None = None) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries = {max_entries}: must be >= 1")
        self._compute = compute
        self._max_entries = max_entries
        self._workers = workers or min(4, max(1, (os.cpu_count() or 2) - 1))
        self._done: OrderedDict[Key, Result] = OrderedDict()
        self._pending: dict[Key, Future] = {}
        self._pool: ProcessPoolExecutor | None = None
        self.computed_here = 0
        """Runs computed in this process because no prefetch had them."""
        self.prefetched = 0
        """Runs that came from a background process."""

    def __contains__(self, key: Key) -> bool:
        self._collect()
        return key in self._done

    def get(self, key: Key) -> Result:
        """The result for ``key``: cached, waited for if being prefetched, else computed now."""
        self._collect()
        if key in self._done:
            self._done.move_to_end(key)
            return self._done[key]
        future = self._pending.pop(key, None)
        result = None
        if future is not None and not future.cancel():  # already running: wait for it
            try:
                result = future.result()
                self.prefetched += 1
            except Exception:  # noqa: BLE001 - a failed prefetch is simply computed again, here
                result = None
        if result is None:
            result = self._compute(key)
            self.computed_here += 1
        self._store(key, result)
        return result

    def put(self, key: Key, result: Result) -> None:
        """Keep a result computed elsewhere (e.g. a run that came inside a prefetched answer)."""
        self._store(key, result)

    def prefetch(self, keys: Iterable[Key]) -> None:
        """Compute ``keys`` (most likely first) in the background; drop queued work not among them."""
        self._collect()
        wanted = [k for k in dict.fromkeys(keys) if k not in self._done]
        for key in [k for k in self._pending if k not in wanted]:
            if self._pending[key].cancel():  # queued, not started: no longer needed
                del self._pending[key]
        if not wanted:
            return
        pool = self._ensure_pool()
        for key in wanted[: self._max_entries]:
            if key not in self._pending:
                self._pending[key] = pool.submit(self._compute, key)

    def wait(self) -> None:
        """Block until every prefetch has finished (for tests and benchmarks)."""
        for future in list(self._pending.values()):
            try:
                future.result()
            except Exception:  # noqa: BLE001 - computed again by get()
                pass
        self._collect()

    def clear(self) -> None:
        """Forget every result and cancel queued prefetches."""
        for future in self._pending.values():
            future.cancel()
        self._pending.clear()
        self._done.clear()

    def close(self) -> None:
        """Clear, and stop the background processes."""
        self.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a clean interpreter, safe beside the threads of a Jupyter kernel; Ctrl-C is the caller's
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=ignore_interrupts)
        return self._pool

    def _collect(self) -> None:
        """Move finished prefetches into the cache."""
        for key in [k for k, f in self._pending.items() if f.done()]:
            future = self._pending.pop(key)
            if not future.cancelled() and future.exception() is None:
                self._store(key, future.result())
                self.prefetched += 1

    def _store(self, key: Key, result: Result) -> None:
        self._done[key] = result
        self._done.move_to_end(key)
        while len(self._done) > self._max_entries:
            self._done.popitem(last=False)
