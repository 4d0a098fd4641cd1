"""Where runs execute: this process, all local cores, or a dask cluster.

:func:`open_executor` turns what the caller asked for into something with a
``concurrent.futures``-style ``submit``; :func:`completed` feeds it a bounded
window of tasks and yields results as they finish. dask is imported only
when a scheduler address is given.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

Key = TypeVar("Key", bound=Hashable)

MAX_PENDING = 1000
"""Tasks submitted ahead of their results: enough to keep a large cluster busy, few enough to stay small."""


class Submitter(Protocol):
    """Anything with ``concurrent.futures``-style ``submit``: an Executor, a dask Client, an ipyparallel executor."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


def ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the coordinating process, which cancels cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_workers(workers: int | None) -> None:
    """Refuse a pool size below 1 (None, all cores, is fine)."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers = {workers}: must be >= 1")


@contextmanager
def open_executor(executor: Submitter | str | None = None, workers: int | None = None) -> Iterator[Executor | None]:
    """An executor for the duration of a ``with`` block, or None to run in this process.

    Parameters
    ----------
    executor
        None: a local process pool (or this process, see ``workers``).
        A ``concurrent.futures.Executor`` (e.g. an ipyparallel view's
        ``executor``) or a ``dask.distributed.Client``: used as is, and left
        open. A string: the address of a dask scheduler
        (``tcp://host:8786``); a client is connected and closed at the end.
    workers
        Size of the local pool; None means ``os.cpu_count()``, 1 means no
        pool at all (runs in this process, easy to debug). Ignored when
        ``executor`` is given.
    """
    check_workers(workers)
    if isinstance(executor, str):
        try:
            from distributed import Client  # dask only when a cluster is asked for
        except ImportError:
            raise ValueError(f"scheduler {executor!r}: running on a dask cluster needs the "
                             "'distributed' package (pip install distributed)") from None
        try:
            client = Client(executor)
        except OSError as error:  # unreachable: a one-line error, not a traceback
            raise ValueError(f"cannot reach the dask scheduler at {executor}: {error}") from None
        with client:
            yield client.get_executor(pure=False)
    elif executor is not None:
        # A dask Client submits "pure" tasks keyed by a hash of their arguments;
        # its concurrent.futures face does not, and its futures work with `wait`.
        yield executor.get_executor(pure=False) if hasattr(executor, "get_executor") else executor
    elif workers == 1:
        yield None
    else:
        pool = ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=ignore_interrupts)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def completed(
    fn: Callable[..., Any], tasks: Iterable[tuple[Key, tuple]], executor: Executor | None,
    max_pending: int = MAX_PENDING,
) -> Iterator[tuple[Key, Any]]:
    """Run ``fn(*args)`` for each ``(key, args)`` and yield ``(key, result)`` as each finishes.

    With ``executor = None`` the tasks run here, in order. Otherwise at most
    ``max_pending`` tasks are submitted at a time (a sliding window), so a
    sweep of a million runs does not create a million futures. When the
    caller stops early (an error, Ctrl-C), tasks not yet started are cancelled.
    """
    if executor is None:
        for key, args in tasks:
            yield key, fn(*args)
        return
    if max_pending < 1:
        raise ValueError(f"max_pending = {max_pending}: must be >= 1")
    queue = iter(tasks)
    pending: dict[Future, Key] = {}
    try:
        while True:
            for key, args in itertools.islice(queue, max_pending - len(pending)):
                pending[executor.submit(fn, *args)] = key
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
    finally:
        for future in pending:
            future.cancel()
