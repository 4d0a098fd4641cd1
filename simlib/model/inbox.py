"""The inbox: questions waiting for a first reply, in the order the team takes them.

Abandonment under the ``leaves`` policy is lazy: a question whose customer ran
out of patience stays in the container until someone reaches it, and is then
skipped. No timer per question is needed, which keeps the model fast; the
records still show the exact moment the customer gave up (arrival + patience).

With channel concurrency (:class:`RoomInbox`) a manager with only part of
their attention free takes the first question, in the discipline's order,
that fits in it.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Sequence


class Inbox:
    """Questions waiting for a reply, taken oldest first (FIFO).

    Parameters
    ----------
    deadline
        Minute at which each question's customer gives up (arrival + patience).
    drop_expired
        True for the ``leaves`` policy: skip questions past their deadline.
    """

    def __init__(self, deadline: Sequence[float], drop_expired: bool) -> None:
        self._deadline = deadline
        self._drop_expired = drop_expired
        self._items: deque[int] | list = deque()

    def push(self, question: int) -> None:
        self._items.append(question)

    def _take(self) -> int:
        return self._items.popleft()

    def _first(self) -> int:
        return self._items[0]

    def rank(self, question: int) -> tuple[float, int]:
        """Where a question stands in the order: lower is taken first (questions are numbered in arrival order)."""
        return (0.0, question)

    def peek(self, now: float) -> int | None:
        """The question :meth:`pop` would return at minute ``now``, left in the inbox (None if none waits)."""
        while self._items:
            question = self._first()
            if not self._drop_expired or now <= self._deadline[question]:
                return question
            self._take()
        return None

    def pop(self, now: float) -> int | None:
        """The next question to answer at minute ``now``, or None if none waits."""
        while self._items:
            question = self._take()
            if not self._drop_expired or now <= self._deadline[question]:
                return question
        return None


class NewestFirstInbox(Inbox):
    """Questions taken newest first (LIFO): the latest post gets the fast reply."""

    def _take(self) -> int:
        return self._items.pop()

    def _first(self) -> int:
        return self._items[-1]

    def rank(self, question: int) -> tuple[float, int]:
        return (0.0, -question)


class PriorityInbox(Inbox):
    """Questions taken by priority (lower first), then oldest first.

    Parameters
    ----------
    priority
        One number per question, e.g. its channel's priority or minus the
        expected value of the lead.
    """

    def __init__(self, deadline: Sequence[float], drop_expired: bool, priority: Sequence[float]) -> None:
        super().__init__(deadline, drop_expired)
        self._priority = priority
        self._items = []  # a heap of (priority, question)

    def push(self, question: int) -> None:
        heapq.heappush(self._items, (self._priority[question], question))

    def _take(self) -> int:
        return heapq.heappop(self._items)[1]

    def _first(self) -> int:
        return self._items[0][1]

    def rank(self, question: int) -> tuple[float, int]:
        return (self._priority[question], question)


class RoomInbox:
    """The inbox when channels differ in how much of a manager a conversation takes (channel ``concurrency``).

    A manager's attention is ``full`` units; a question of a channel with
    concurrency ``k`` takes ``full / k`` of them (``weight``, a whole number:
    ``full`` is the least common multiple of the concurrencies). Questions are
    kept in one inbox per weight, each in the discipline's order, so that
    :meth:`pop` gives the first question, in the discipline's order over the
    whole inbox, among those that fit in the room a manager has left.

    Parameters
    ----------
    make
        Builds one empty inbox of the discipline (:class:`Inbox`,
        :class:`NewestFirstInbox` or :class:`PriorityInbox`).
    weight
        Units of attention each question takes (one number per question).
    """

    def __init__(self, make: Callable[[], Inbox], weight: Sequence[int]) -> None:
        self._weight = weight
        self._inboxes: dict[int, Inbox] = {w: make() for w in sorted(set(weight))}

    def push(self, question: int) -> None:
        self._inboxes[self._weight[question]].push(question)

    def pop(self, now: float, room: int) -> int | None:
        """The first question in order whose weight is at most ``room`` units, at minute ``now`` (None: none)."""
        if len(self._inboxes) == 1:  # one channel, or all alike: the one inbox's order
            ((weight, inbox),) = self._inboxes.items()
            return inbox.pop(now) if weight <= room else None
        best = best_rank = chosen = None
        for weight, inbox in self._inboxes.items():  # lightest first
            if weight > room:
                break
            question = inbox.peek(now)
            if question is None:
                continue
            rank = inbox.rank(question)
            if best is None or rank < best_rank:
                best, best_rank, chosen = question, rank, inbox
        if chosen is not None:
            chosen.pop(now)  # the question peek returned
        return best
