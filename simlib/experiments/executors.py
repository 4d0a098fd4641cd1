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
import sys
import threading
import time
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

from simlib.errors import ScenarioError

Key = TypeVar("Key", bound=Hashable)

MAX_PENDING = 1000
"""Tasks submitted ahead of their results: enough to keep a large cluster busy, few enough to stay small."""


class Submitter(Protocol):
    """Anything with ``concurrent.futures``-style ``submit``: an Executor, a dask Client, an ipyparallel executor."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


def ignore_interrupts() -> None:
    """Pool workers leave Ctrl-C to the coordinating process, which cancels cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_worker(parent: int | None = None) -> None:
    """Set up a pool worker: leave Ctrl-C to the coordinator, and exit when the coordinator dies.

    A coordinator killed with SIGKILL cannot shut its pool down, so each
    worker watches it (every :data:`WATCH_SECONDS`, from a daemon thread) and
    exits at once when it is gone, even in the middle of a run.
    """
    ignore_interrupts()
    parent = os.getppid() if parent is None else parent
    threading.Thread(target=_watch_parent, args=(parent,), name="simlib-watch-parent", daemon=True).start()


WATCH_SECONDS = 0.2
"""How often a pool worker checks that its coordinating process is alive."""


def _watch_parent(parent: int) -> None:
    while _alive(parent):
        time.sleep(WATCH_SECONDS)
    os._exit(1)  # no clean-up to do: the coordinator that would read our results is gone


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie awaiting its parent counts as gone on Linux)."""
    if sys.platform == "win32":  # no signal 0 there; the parent id of a dead parent is not reused quickly
        return os.getppid() == pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else (cannot be our coordinator, but do not exit)
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True  # no /proc (macOS): signal 0 said alive


def available_memory() -> float | None:
    """Bytes of memory free for new work (Linux ``MemAvailable``, else free pages), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


def check_memory(needed: float, what: str, processes: int = 1) -> None:
    """Refuse, before running, work whose estimated memory (``needed`` bytes per process) does not fit.

    Raises :class:`ScenarioError` naming the estimate and what is free.
    """
    free = available_memory()
    total = needed * processes
    if free is not None and total > 0.9 * free:
        each = f" ({processes} processes x {_size(needed)})" if processes > 1 else ""
        raise ScenarioError(f"{what} needs about {_size(total)} of memory{each}, and about {_size(free)} is free: "
                            "ask for fewer questions (arrivals, run.days)" + (" or fewer workers" if processes > 1
                                                                               else ""))


def _size(amount: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if amount >= size:
            return f"{amount / size:,.3g} {unit}"
    return f"{amount / 1e3:,.3g} kB"


MAX_WORKERS = 512
"""The largest local pool: each worker is a process with its own copy of Python."""


def check_workers(workers: int | None) -> None:
    """Refuse a pool size below 1 or above :data:`MAX_WORKERS` (None, all cores, is fine)."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers = {workers}: must be >= 1")
    if workers is not None and workers > MAX_WORKERS:
        raise ValueError(f"workers = {workers:,}: at most {MAX_WORKERS} local processes (this machine has "
                         f"{os.cpu_count()} cores; more workers than cores only add memory)")


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
        except (TypeError, ValueError) as error:  # e.g. tls:// without dask's TLS settings
            raise ValueError(f"cannot connect to the dask scheduler at {executor}: {error} (for tls://, set "
                             "dask's TLS configuration: docs/experiments.md, 'A real cluster')") from None
        with client:
            yield client.get_executor(pure=False)
    elif executor is not None:
        # A dask Client submits "pure" tasks keyed by a hash of their arguments;
        # its concurrent.futures face does not, and its futures work with `wait`.
        yield executor.get_executor(pure=False) if hasattr(executor, "get_executor") else executor
    elif workers == 1:
        yield None
    else:
        pool = ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=start_worker,
                                   initargs=(os.getpid(),))
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
