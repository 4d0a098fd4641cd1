"""The inbox orders, and the inbox by room that channel concurrency uses."""

from __future__ import annotations

import pytest

from simlib.model.inbox import Inbox, NewestFirstInbox, PriorityInbox, RoomInbox

NEVER = [float("inf")] * 10


@pytest.mark.parametrize("make, order", [
    (lambda d: Inbox(d, True), [0, 1, 2, 3]),
    (lambda d: NewestFirstInbox(d, True), [3, 2, 1, 0]),
    (lambda d: PriorityInbox(d, True, [2, 1, 2, 1]), [1, 3, 0, 2]),
], ids=["fifo", "lifo", "priority"])
def test_peek_shows_what_pop_takes_and_rank_agrees_with_the_order(make, order):
    inbox = make(NEVER)
    for question in range(4):
        inbox.push(question)
    assert sorted(range(4), key=inbox.rank) == order
    taken = []
    while (question := inbox.peek(0.0)) is not None:
        assert inbox.pop(0.0) == question
        taken.append(question)
    assert taken == order


def test_peek_drops_questions_whose_customer_has_gone_under_leaves_only():
    deadline = [5.0, 50.0]
    leaves, stays = Inbox(deadline, True), Inbox(deadline, False)
    for inbox in (leaves, stays):
        inbox.push(0)
        inbox.push(1)
    assert leaves.peek(10.0) == 1 and leaves.pop(10.0) == 1 and leaves.peek(10.0) is None
    assert stays.peek(10.0) == 0


@pytest.mark.parametrize("make, first", [
    (lambda d: Inbox(d, True), 0),
    (lambda d: NewestFirstInbox(d, True), 3),
    (lambda d: PriorityInbox(d, True, [1, 0, 1, 2]), 1),
], ids=["fifo", "lifo", "priority"])
def test_room_inbox_gives_the_first_question_in_order_that_fits(make, first):
    # questions 0 and 2 take a whole manager (6 units), 1 and 3 a third (2 units)
    inbox = RoomInbox(lambda: make(NEVER), [6, 2, 6, 2])
    for question in range(4):
        inbox.push(question)
    assert inbox.pop(0.0, 6) == first  # a free manager takes the head of the whole inbox
    assert inbox.pop(0.0, 2) in (1, 3)  # a third of a manager left: only a third fits
    assert inbox.pop(0.0, 1) is None  # no question fits in less
    rest = {0, 1, 2, 3} - {first}
    taken = set()
    while (question := inbox.pop(0.0, 6)) is not None:
        taken.add(question)
    assert len(taken) == 2 and taken < rest


def test_room_inbox_in_fifo_order_takes_the_oldest_that_fits():
    inbox = RoomInbox(lambda: Inbox(NEVER, True), [3, 2, 3, 2, 6])
    for question in range(5):
        inbox.push(question)
    assert [inbox.pop(0.0, 2), inbox.pop(0.0, 3), inbox.pop(0.0, 6), inbox.pop(0.0, 6), inbox.pop(0.0, 6)] == \
        [1, 0, 2, 3, 4]
    assert inbox.pop(0.0, 6) is None


def test_room_inbox_skips_customers_who_have_gone():
    inbox = RoomInbox(lambda: Inbox([1.0, 100.0, 100.0], True), [1, 1, 3])
    for question in range(3):
        inbox.push(question)
    assert inbox.pop(10.0, 3) == 1
    assert inbox.pop(10.0, 3) == 2
