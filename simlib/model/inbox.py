"""The inbox: questions waiting for a first reply, in the order the team takes them.

Abandonment under the ``leaves`` policy is lazy: a question whose customer ran
out of patience stays in the container until someone reaches it, and is then
skipped. No timer per question is needed, which keeps the model fast; the
records still show the exact moment the customer gave up (arrival + patience).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence


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
