"""The SimPy model of a social inbox answered by a team of community managers.

How it works (times in minutes):

- Questions join the inbox when they arrive. Arrivals are lazy: a question
  gets an event of its own only when a community manager is idle and must be
  woken for it; otherwise it is let in when someone next looks at the inbox.
- Each community manager is a process that, while on shift, takes the next
  question from the inbox, replies (a timeout of the question's handling
  time), and repeats; with nothing to do it waits until a question arrives
  or its shift ends. Off shift it sleeps until the next shift starts, so a
  question sent on Saturday night waits for Monday when nobody works weekends.
- A reply in progress when a shift ends is finished (a little overtime).
- Channel concurrency: a conversation on a channel with ``concurrency = k``
  takes a k-th of a community manager's attention, so a manager holds up to
  k of them at once (each still takes its own handling time), or one public
  reply, or any mix that fits (a third and a half). A manager with room left
  takes the first question, in the discipline's order, that fits in it; a
  question that fits nobody's room waits for a manager with more room. With
  every channel at 1 the model is the one-at-a-time model above, number for
  number.
- The run stops at the horizon: questions still waiting then stay open.
- With a ``[business]`` section, an outcome process (:mod:`simlib.model.outcomes`)
  ticks every hour beside the team; with reputation feedback, it sets the
  arrival rate, and the arrival process thins candidate questions to it.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
import simpy

from simlib.model.draws import CriticPosts, Leads, Questions, draw_acceptance, draw_leads, draw_questions
from simlib.model.inbox import Inbox, NewestFirstInbox, PriorityInbox, RoomInbox
from simlib.model.leads import lead_score
from simlib.model.outcomes import OutcomeModel, max_arrival_factor
from simlib.model.records import SimulationResult, Staffing
from simlib.model.scenario import Scenario


def simulate(
    scenario: Scenario,
    seed: int | None = None,
    replication: int = 0,
    priority: Sequence[float] | None = None,
    staffing: Staffing | None = None,
) -> SimulationResult:
    """Simulate one replication of a scenario.

    Parameters
    ----------
    scenario
        The business's inbox (see :func:`simlib.load_scenario`).
    seed
        Seed of the random streams; defaults to ``scenario.run.seed``.
    replication
        Replication number from 0; replication ``k`` uses the same random
        numbers in every scenario run with the same seed.
    priority
        With ``service.discipline = "priority"`` or ``"value"``: one number
        per question (lower is answered first) that replaces the channel
        priorities or the lead scores. Ignored by other disciplines.
    staffing
        Who is on duty when, if not the scenario's shifts as written: e.g.
        :meth:`Staffing.with_absence` for a cut during some weeks of the run.

    Returns
    -------
    SimulationResult
        One record per question plus what is needed to compute KPIs.
    """
    seed = scenario.run.seed if seed is None else seed
    questions, leads, acceptance = replication_draws(scenario, seed, replication)
    outcomes = None
    if leads is not None:
        outcomes = OutcomeModel(scenario, questions, leads, CriticPosts(seed, replication))
    staffing = Staffing.from_scenario(scenario) if staffing is None else staffing
    arrival, reply_start, handler, accepted = _run_inbox(
        scenario, questions, staffing, _queue_order(scenario, questions, outcomes, priority), outcomes, acceptance
    )
    kept = slice(None) if accepted.all() else np.flatnonzero(accepted)  # no copies unless thinned
    if outcomes is not None:  # at the baseline score the rate factor is 1: who would have asked then
        outcomes = outcomes.outcomes(kept, np.ones(len(questions), bool) if acceptance is None else acceptance < 1)
    return SimulationResult.from_run(
        scenario, seed, replication, questions, staffing, arrival, reply_start, handler, kept, outcomes)


Draws = tuple[Questions, Leads | None, np.ndarray | None]
"""A replication's questions, their leads (None without ``[business]``) and thinning thresholds (None: no thinning)."""

_DRAWN: OrderedDict[tuple[str, int, int], Draws] = OrderedDict()
_DRAWN_LOCK = threading.Lock()
KEEP_DRAWS = 4
"""Replications whose draws :func:`replication_draws` keeps (about 4 MB each for 27,000 questions)."""


def replication_draws(scenario: Scenario, seed: int, replication: int) -> Draws:
    """Everything a replication draws before it starts, from :mod:`simlib.model.draws` (the seed goes nowhere else).

    The last :data:`KEEP_DRAWS` are kept, read-only: runs that differ only in
    staff or service (which no draw reads), such as a dashboard's moves or an
    optimiser's plans, draw once and share the numbers.
    """
    key = (scenario.model_dump_json(exclude={"name", "staff", "service"}), seed, replication)
    with _DRAWN_LOCK:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
    business = scenario.business
    max_factor = max_arrival_factor(business)
    questions = draw_questions(scenario, seed, replication, max_factor)
    leads = acceptance = None
    if business is not None:
        leads = draw_leads(business, len(questions), seed, replication)
        if max_factor > 1:
            acceptance = draw_acceptance(len(questions), seed, replication, max_factor)
    for numbers in (*vars(questions).values(), *(vars(leads).values() if leads else ()), acceptance):
        if numbers is not None:
            numbers.flags.writeable = False
    with _DRAWN_LOCK:
        _DRAWN[key] = drawn = (questions, leads, acceptance)
        while len(_DRAWN) > KEEP_DRAWS:
            _DRAWN.popitem(last=False)
    return drawn


def _queue_order(
    scenario: Scenario, questions: Questions, outcomes: OutcomeModel | None, priority: Sequence[float] | None
) -> list[float]:
    """One priority number per question (lower first) for the ordered disciplines; empty otherwise.

    ``priority`` uses the given numbers, ``value`` minus each lead's score,
    and without either, ``priority`` falls back on the channels' priorities.
    """
    discipline = scenario.service.discipline
    if discipline not in ("priority", "value"):
        return []
    if priority is None and discipline == "value":
        priority = -lead_score(scenario.business, outcomes.leads.kind, outcomes.leads.source)
    if priority is None:
        by_channel = np.array([c.priority for c in scenario.channels.values()], dtype=float)
        priority = by_channel[questions.channel]
    if len(priority) != len(questions):
        raise ValueError(f"priority has {len(priority)} numbers for {len(questions)} questions")
    return np.asarray(priority, dtype=float).tolist()


def attention_units(scenario: Scenario) -> tuple[np.ndarray, int] | None:
    """How much of a community manager one conversation of each channel takes, in whole units.

    Returns ``(units, full)``: a manager's whole attention is ``full`` units,
    the least common multiple of the channels' ``concurrency``, and a
    conversation on channel ``c`` takes ``units[c] = full // concurrency[c]``
    (int32, one per channel, in the scenario's order). None when every
    channel has concurrency 1 (one question at a time).
    """
    concurrency = [channel.concurrency for channel in scenario.channels.values()]
    if all(k == 1 for k in concurrency):
        return None
    full = math.lcm(*concurrency)
    return np.array([full // k for k in concurrency], dtype=np.int32), full


def _run_inbox(
    scenario: Scenario,
    questions: Questions,
    staffing: Staffing,
    priority: list[float],
    outcomes: OutcomeModel | None,
    acceptance: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run the SimPy model.

    Returns, per candidate question, its arrival on the simulation clock,
    reply start (NaN: no reply), handler (-1: nobody) and whether it was
    accepted (always, unless feedback thins the arrivals).
    """
    env = simpy.Environment()
    n = len(questions)
    horizon = scenario.horizon_minutes
    # Typed arrays: 8 bytes a number instead of a boxed Python float.
    arrival = array("d", questions.arrival.tobytes())
    handling = array("d", questions.handling.tobytes())
    deadline = array("d", (questions.arrival + questions.patience).tobytes())
    reply_start = array("d", [np.nan]) * n
    handler = array("i", [-1]) * n
    accepted = array("b", [acceptance is None]) * n
    drop_expired = scenario.service.abandonment == "leaves"
    new_inbox = {
        "fifo": lambda: Inbox(deadline, drop_expired),
        "lifo": lambda: NewestFirstInbox(deadline, drop_expired),
        "priority": lambda: PriorityInbox(deadline, drop_expired, priority),
        "value": lambda: PriorityInbox(deadline, drop_expired, priority),
    }[scenario.service.discipline]
    attention = attention_units(scenario)
    weight = room = None  # with concurrency: units each question takes, units each manager has free
    if attention is None:
        inbox = new_inbox()
    else:
        weight = array("i", attention[0][questions.channel].tobytes())
        room = array("i", [attention[1]]) * len(staffing.labels)
        inbox = RoomInbox(new_inbox, weight)
    idle: dict[int, simpy.Event] = {}  # idle community managers (with room left), longest idle first
    waiting = idle if attention is None else {}  # idle, or with no room left until a conversation ends
    on_duty_until: dict[int, float] = {}  # an idle manager's end of shift
    someone_idle = [env.event()]  # the event wake_on_arrival waits on while nobody is idle
    released = 0  # questions 0..released-1 have reached the inbox (or been thinned away)

    def wake(me: int) -> None:
        """Let a waiting community manager look at the inbox again (a question, the end of a conversation or shift)."""
        event = waiting.pop(me, None)
        if event is not None:
            idle.pop(me, None)
            event.succeed()

    def release(question: int) -> None:
        """Let one question in: thinned by reputation feedback, else into the inbox."""
        if acceptance is not None:
            if acceptance[question] >= outcomes.rate_factor:
                return
            accepted[question] = 1
        inbox.push(question)

    def release_arrived(now: float) -> None:
        """Let in every question that has arrived by ``now``, in arrival order.

        Arrivals are lazy: while the whole team is busy nobody can react to a
        new question, so it needs no event of its own; it joins the inbox when
        someone next looks (or when the outcome clock ticks, so thinning uses
        the rate in force when it arrived).
        """
        nonlocal released
        while released < n and arrival[released] <= now:
            release(released)
            released += 1

    def wake_on_arrival():
        """While someone is idle, wake the longest idle at each arrival; else wait for someone to be idle."""
        nonlocal released
        timeout = env.timeout
        while released < n:
            if not idle:
                someone_idle[0] = env.event()
                yield someone_idle[0]
                continue
            question = released
            yield timeout(arrival[question] - env.now)
            if released > question:  # a colleague already let it in
                continue
            arrival[question] = env.now  # the exact clock value, so "replied at once" is exact
            release(question)
            released += 1
            if idle and accepted[question]:
                if weight is None:
                    me = next(iter(idle))
                    if env.now < on_duty_until[me]:
                        start_reply(me, idle.pop(me))
                    else:  # the shift ends this very minute: the manager goes home, the question waits
                        idle.pop(me).succeed()
                else:  # the longest idle with room for it, if any
                    fits = next((me for me in idle if room[me] >= weight[question]), None)
                    if fits is not None:
                        wake(fits)

    def start_reply(me: int, wake: simpy.Event) -> None:
        """An idle manager takes the question that has just arrived, without a wake-up of its own.

        The event the manager waits on fires when the reply ends, as if it had
        woken, taken the question and waited out its handling time: one event
        per question instead of two. (SimPy has no public call to succeed an
        event later; this is what ``simpy.Timeout`` does to itself.)
        """
        question = inbox.pop(env.now)
        if question is None:  # gone already (no patience at all, under "leaves"): the manager looks, finds nothing
            wake.succeed()
            return
        reply_start[question] = env.now
        handler[question] = me
        wake._ok, wake._value = True, None
        env.schedule(wake, delay=handling[question])

    def outcome_clock():
        while True:
            yield env.timeout(outcomes.tick_minutes)
            release_arrived(env.now)
            outcomes.tick(env.now)

    def community_manager(me: int, periods: list[tuple[float, float]]):
        timeout, event = env.timeout, env.event
        for start, end in periods:
            if env.now < start:
                yield timeout(start - env.now)
            while (now := env.now) < end:
                if released < n and arrival[released] <= now:
                    release_arrived(now)
                question = inbox.pop(now)
                if question is None:
                    idle[me] = wake = event()
                    on_duty_until[me] = end
                    if not someone_idle[0].triggered:
                        someone_idle[0].succeed()
                    yield wake
                    continue
                reply_start[question] = now
                handler[question] = me
                yield timeout(handling[question])

    def juggling_manager(me: int, periods: list[tuple[float, float]]):
        """A community manager holding several conversations at once (channel concurrency).

        Each conversation ends on a timer of its own, which gives its units
        back and wakes the manager; a reply in progress at the end of the
        shift is finished, but no new one is started.
        """
        timeout, event = env.timeout, env.event

        def conversation_ends(ended: simpy.Event) -> None:
            room[me] += ended.value
            wake(me)

        for start, end in periods:
            if env.now < start:
                yield timeout(start - env.now)
            while (now := env.now) < end:
                if released < n and arrival[released] <= now:
                    release_arrived(now)
                question = inbox.pop(now, room[me]) if room[me] else None
                if question is None:
                    waiting[me] = wake_me = event()
                    if room[me]:
                        idle[me] = wake_me
                        if not someone_idle[0].triggered:
                            someone_idle[0].succeed()
                    yield wake_me
                    continue
                reply_start[question] = now
                handler[question] = me
                room[me] -= weight[question]
                timeout(handling[question], weight[question]).callbacks.append(conversation_ends)

    def shift_bell(members: range, periods: list[tuple[float, float]]):
        """At the end of each period, send the shift's idle members home (the others go when their replies end)."""
        for _, end in periods:
            if end >= horizon:
                return
            yield env.timeout(end - env.now)
            for me in members:
                if me in idle:
                    wake(me)

    env.process(wake_on_arrival())
    if outcomes is not None:
        outcomes.attach(np.frombuffer(reply_start, dtype=float), np.frombuffer(accepted, dtype=np.int8))
        env.process(outcome_clock())
    for members, periods in staffing.teams():
        for me in members:
            env.process((community_manager if weight is None else juggling_manager)(me, periods))
        if members:
            env.process(shift_bell(members, periods))
    env.run(until=horizon)
    release_arrived(np.nextafter(horizon, -np.inf))  # what arrived before the end, never waited on
    if outcomes is not None and outcomes.last_tick < horizon:
        outcomes.tick(horizon)
    return (
        np.frombuffer(arrival, dtype=float),
        np.frombuffer(reply_start, dtype=float),
        np.frombuffer(handler, dtype=np.intc).astype(np.int32),
        np.frombuffer(accepted, dtype=np.int8).astype(bool),
    )
