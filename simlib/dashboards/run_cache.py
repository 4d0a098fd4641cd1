"""A cache of simulation runs that can fill itself in the background.

The dashboards know what a trainer is likely to try next (one more or one
fewer person on a shift, another queue policy). While the room looks at the
current answer, :meth:`RunCache.prefetch` computes those runs in a separate
process, so the next slider move is answered from the cache. Results are the
same either way (runs are deterministic).

Each dashboard prefetches in its own *group*: a new prefetch replaces that
group's queue (stale work the trainer has moved past is dropped) and leaves
the other dashboards' queues alone. The background processes are never given
more than one run each, so nothing waits in a queue that cannot be cancelled.
An answer asked for that is not ready is computed here at once, never waiting
for background work; and the background processes run at the lowest CPU
priority, so stale work still running beside it does not slow it: a quick
succession of moves is never slower than cold answers.

Set the environment variable ``SIMLIB_PREFETCH=0`` to switch prefetching off
by default (the test suite does, to keep both cores for the tests).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

from simlib.experiments.executors import ignore_interrupts

Key = TypeVar("Key", bound=Hashable)
Result = TypeVar("Result")


def background_worker() -> None:
    """Set up a prefetching process: lowest CPU priority (a trainer's answer computed in the notebook's
    process always comes first), and Ctrl-C left to the notebook."""
    os.nice(19)
    ignore_interrupts()


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
        self._queues: dict[Hashable, list[Key]] = {}
        self._running: dict[Key, Future] = {}
        self._turns = itertools.count()
        self._lock = threading.RLock()
        self._pool: ProcessPoolExecutor | None = None
        self.computed_here = 0
        """Runs computed in this process because no prefetch had them."""
        self.prefetched = 0
        """Runs that came from a background process."""
        self.dropped = 0
        """Queued prefetches dropped because their group moved on."""

    def __contains__(self, key: Key) -> bool:
        with self._lock:
            return key in self._done

    def get(self, key: Key) -> Result:
        """The result for ``key``: cached, else computed now (never waiting for background work)."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            for queue in self._queues.values():  # queued, not started: no longer needed there
                if key in queue:
                    queue.remove(key)
        result = self._compute(key)
        with self._lock:
            self.computed_here += 1
        self._store(key, result)
        return result

    def put(self, key: Key, result: Result) -> None:
        """Keep a result computed elsewhere (e.g. a run that came inside a prefetched answer)."""
        self._store(key, result)

    def prefetch(self, keys: Iterable[Key], group: Hashable = None) -> None:
        """Compute ``keys`` (most likely first) in the background, in place of ``group``'s earlier queue.

        Other groups' queues are left alone; runs already started go on.
        """
        with self._lock:
            wanted = [k for k in dict.fromkeys(keys) if k not in self._done and k not in self._running]
            old = self._queues.get(group, [])
            self.dropped += len([k for k in old if k not in wanted])
            self._queues[group] = wanted[: self._max_entries]
            self._submit()

    def pending(self, group: Hashable = None) -> int:
        """Prefetches of ``group`` still queued."""
        with self._lock:
            return len(self._queues.get(group, []))

    def wait(self) -> None:
        """Block until every queued and running prefetch has finished (for tests and benchmarks)."""
        while True:
            with self._lock:
                futures = list(self._running.values())
                if not futures and not any(self._queues.values()):
                    return
            for future in futures:
                try:
                    future.result()
                except Exception:  # noqa: BLE001 - computed again by get()
                    pass
            with self._lock:
                self._submit()

    def clear(self) -> None:
        """Forget every result and every queued prefetch (runs already started finish unseen)."""
        with self._lock:
            self._queues.clear()
            self._running.clear()
            self._done.clear()

    def close(self) -> None:
        """Clear, and stop the background processes."""
        self.clear()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _submit(self) -> None:
        """Start queued prefetches, taking turns between groups, while a background process is free."""
        while len(self._running) < self._workers:
            groups = [g for g, queue in self._queues.items() if queue]
            if not groups:
                return
            group = groups[next(self._turns) % len(groups)]
            key = self._queues[group].pop(0)
            if key in self._done or key in self._running:
                continue
            future = self._ensure_pool().submit(self._compute, key)
            self._running[key] = future
            future.add_done_callback(lambda done, key=key: self._finished(key, done))

    def _finished(self, key: Key, future: Future) -> None:
        """A background run ended (in the pool's thread): keep its result, start the next one."""
        with self._lock:
            if self._running.get(key) is not future:
                return  # cleared meanwhile
            del self._running[key]
            if not future.cancelled() and future.exception() is None:
                self._store(key, future.result())
                self.prefetched += 1
            self._submit()

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a clean interpreter, safe beside the threads of a Jupyter kernel
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=background_worker)
        return self._pool

    def _store(self, key: Key, result: Result) -> None:
        with self._lock:
            self._done[key] = result
            self._done.move_to_end(key)
            while len(self._done) > self._max_entries:
                self._done.popitem(last=False)
