"""Analytic steady-state figures for contact-centre queues (no simulation).

All times are in minutes; arrival rates are questions per hour at the API and
are converted to per minute inside. Arrivals are Poisson, handling times are
exponential with mean ``handle_minutes`` and ``agents`` identical agents answer
in order of arrival (FCFS).

``agents`` counts servers. With channel concurrency (a community manager
holding k conversations at once, each for its own handling time), n people
are n x k servers: pass ``agents = n * k`` (the simulation is checked against
exactly this in ``tests/claims/test_statistical.py``), and read ``occupancy``
as the share of the conversation slots in use, which is the share of the
people's attention in use.

Models
------
Erlang C (M/M/c)
    Nobody gives up. Stable only while the offered load ``A = lambda * handle``
    (in Erlangs) is below the number of agents.
Erlang A (M/M/c+M)
    Palm's model: each waiting customer gives up after an exponential patience
    with mean ``patience_minutes`` (Garnett, Mandelbaum & Reiman 2002,
    "Designing a call center with impatient customers", MSOM 4(3)). Stable at
    any load. The stationary law of the number in system is computed in log
    space; the service level follows a tagged arrival (PASTA) through its
    queue positions until its reply starts or it abandons (by uniformisation).
Erlang B (M/M/c/c)
    The zero-patience limit of Erlang A: whoever finds all agents busy leaves.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.special import gammaln, logsumexp

_NEGLIGIBLE = 1e-16  # truncate the stationary tail and the transient mass below this
_MOST_STATES = 1 << 22  # queue lengths Erlang A may need before its tail is negligible (4 million)
_MOST_STEPS = 500_000_000  # uniformisation events x queue positions for one service level


@dataclass(frozen=True)
class QueueFigures:
    """Steady-state figures of one queue (times in minutes, probabilities over all arrivals)."""

    arrivals_per_hour: float
    handle_minutes: float  # mean handling time
    agents: int
    patience_minutes: float  # mean patience: math.inf for Erlang C, 0.0 for Erlang B (loss)
    target_minutes: float  # service-level target
    offered_load: float  # Erlangs, A = lambda * handle
    p_wait: float  # P(an arrival finds all agents busy) = P(N >= c)
    mean_wait_minutes: float  # E[time in queue]; abandoners count until they leave, the unqueued 0
    p_abandon: float  # share of arrivals who give up before their reply starts
    service_level: float  # P(reply starts within target); abandoners are misses
    occupancy: float  # carried load per agent, lambda * (1 - p_abandon) * handle / agents
    mean_queue_length: float  # E[number waiting, not in service]

    def as_dict(self) -> dict[str, float]:
        """Return all fields as a JSON-friendly dict (infinities stay ``inf``)."""
        return dataclasses.asdict(self)


def _require(name: str, value: object, ok: bool, allowed: str) -> None:
    if not ok:
        raise ValueError(f"{name} = {value!r}: must be {allowed}")


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isnan(value)


def _is_count(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 0


def _check_queue(arrivals: float, handle: float, agents: int, patience: float, target: float) -> None:
    finite = "a finite number >= 0"
    _require("arrivals_per_hour", arrivals, _is_real(arrivals) and 0 <= arrivals < math.inf, finite)
    _require("handle_minutes", handle, _is_real(handle) and 0 < handle < math.inf, "a finite number > 0")
    _require("agents", agents, _is_count(agents), "an integer >= 0")
    _require("patience_minutes", patience, _is_real(patience) and patience >= 0, "a number >= 0")
    _require("target_minutes", target, _is_real(target) and target >= 0, "a number >= 0")


def erlang_b(offered_load: float, agents: int) -> float:
    """Blocking probability of the Erlang loss system M/M/c/c.

    Parameters
    ----------
    offered_load : float
        Erlangs (arrival rate times mean handling time), >= 0.
    agents : int
        Number of agents, >= 0.

    Returns
    -------
    float
        ``B(A, c)``, by the stable recursion ``B_n = A B_{n-1} / (n + A B_{n-1})``.
    """
    ok = _is_real(offered_load) and 0 <= offered_load < math.inf
    _require("offered_load", offered_load, ok, "a finite number >= 0")
    _require("agents", agents, _is_count(agents), "an integer >= 0")
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = offered_load * blocking / (n + offered_load * blocking)
    return blocking


def _figures(arrivals: float, handle: float, agents: int, patience: float, target: float,
             **results: float) -> QueueFigures:
    return QueueFigures(float(arrivals), float(handle), int(agents), float(patience), float(target),
                        offered_load=arrivals / 60 * handle, **results)


def _no_arrivals(*args: float) -> QueueFigures:
    return _figures(*args, p_wait=0.0, mean_wait_minutes=0.0,
                    p_abandon=0.0, service_level=1.0, occupancy=0.0, mean_queue_length=0.0)


def erlang_c(arrivals_per_hour: float, handle_minutes: float, agents: int,
             target_minutes: float = 0.0) -> QueueFigures:
    """Figures of the M/M/c queue (Erlang C, infinitely patient customers).

    Parameters
    ----------
    arrivals_per_hour : float
        Poisson arrival rate, questions per hour, >= 0.
    handle_minutes : float
        Mean (exponential) handling time, minutes, > 0.
    agents : int
        Number of agents, >= 0.
    target_minutes : float
        Service-level target, minutes, >= 0.

    Returns
    -------
    QueueFigures
        With ``p_abandon = 0``. When ``agents <= offered_load`` the queue grows
        without bound; no error is raised and the figures are ``p_wait = 1``,
        ``mean_wait_minutes = mean_queue_length = inf``, ``service_level = 0``
        and ``occupancy = 1`` (0 with no agents: nobody is busy, as in
        :func:`erlang_a`). Zero arrivals give ideal figures (no wait, SL 1).
    """
    _check_queue(arrivals_per_hour, handle_minutes, agents, math.inf, target_minutes)
    args = (arrivals_per_hour, handle_minutes, agents, math.inf, target_minutes)
    if arrivals_per_hour == 0:
        return _no_arrivals(*args)
    rate = arrivals_per_hour / 60
    load = rate * handle_minutes
    if agents <= load:
        return _figures(*args, p_wait=1.0, mean_wait_minutes=math.inf, p_abandon=0.0,
                        service_level=0.0, occupancy=1.0 if agents else 0.0, mean_queue_length=math.inf)
    blocking = erlang_b(load, agents)
    p_wait = agents * blocking / (agents - load * (1 - blocking))
    mean_wait = p_wait * handle_minutes / (agents - load)
    late = p_wait * math.exp(-(agents - load) * target_minutes / handle_minutes)
    return _figures(*args, p_wait=p_wait, mean_wait_minutes=mean_wait, p_abandon=0.0,
                    service_level=1 - late, occupancy=load / agents,
                    mean_queue_length=rate * mean_wait)


def _erlang_a_distribution(rate: float, mu: float, theta: float, agents: int) -> np.ndarray:
    """Stationary ``P(N = n)`` of M/M/c+M for ``n = 0 .. c + K``; the mass beyond is < 1e-16."""
    n = np.arange(agents + 1)
    head = n * math.log(rate / mu) - gammaln(n + 1)  # log A^n / n!
    size = 256
    while True:
        # pi_n / pi_(n-1) for n = c+1 .. c+size, decreasing in n
        ratios = rate / (agents * mu + np.arange(1, size + 1) * theta)
        log_p = np.concatenate([head, head[-1] + np.cumsum(np.log(ratios))])
        log_total = logsumexp(log_p)
        # once the ratio r is below 1, the mass beyond pi_n is at most pi_n r / (1 - r)
        with np.errstate(divide="ignore", invalid="ignore"):
            rest = np.where(ratios < 1, log_p[agents + 1:] + np.log(ratios / (1 - ratios)), np.inf)
        done = np.flatnonzero(rest < log_total + math.log(_NEGLIGIBLE))
        if done.size:
            return np.exp(log_p[: agents + 2 + done[0]] - log_total)
        size *= 2
        if size > _MOST_STATES:
            raise ValueError(f"patience_minutes = {1 / theta:g}: with {rate * 60:g} arrivals an hour the queue "
                             f"would need more than {_MOST_STATES:,} lengths to compute; for patience this long "
                             "use Erlang C (no patience)")


def _erlang_a_served_by(joins: np.ndarray, agents: int, mu: float, theta: float, target: float) -> float:
    """P(reply starts within target) if an arrival joins queue position j w.p. ``joins[j-1]``.

    Position j moves to j-1 at rate ``c mu + (j-1) theta``, the reply starts from
    position 1 at rate ``c mu`` and the customer abandons at rate ``theta``.
    """
    j = np.arange(1, len(joins) + 1)
    moving_up = agents * mu + (j - 1) * theta
    # still queueing at `target` needs patience > target and fewer than len(joins) moves, each
    # at rate >= c mu; below 1e-16, take the eventual service probability (telescoped product)
    unsettled = math.exp(-theta * target)
    if agents > 0:
        unsettled = min(unsettled, stats.gamma.sf(target, len(joins), scale=1 / (agents * mu)))
    if unsettled < _NEGLIGIBLE:
        return float(joins @ (agents * mu / (agents * mu + j * theta)))
    # uniformisation: events at the top exit rate, a Poisson number of them by `target`
    rate = moving_up[-1] + theta
    events = stats.poisson.isf(_NEGLIGIBLE, rate * target) + 1
    if events * len(joins) > _MOST_STEPS:
        raise ValueError(f"target_minutes = {target:g}: the service level would take more than "
                         f"{_MOST_STEPS:,} steps to compute at this load and patience; use a shorter target")
    events = np.arange(events)
    up, stay = moving_up / rate, 1 - (moving_up + theta) / rate  # per-event move probabilities
    position, served, result = joins.astype(float), 0.0, 0.0
    for weight in stats.poisson.pmf(events, rate * target):
        result += weight * served  # served within this many events
        served += position[0] * up[0]
        position = position * stay + np.r_[position[1:] * up[1:], 0.0]
    return result


def erlang_a(arrivals_per_hour: float, handle_minutes: float, agents: int, patience_minutes: float,
             target_minutes: float = 0.0) -> QueueFigures:
    """Figures of the M/M/c+M queue (Erlang A, exponential patience).

    Parameters
    ----------
    arrivals_per_hour : float
        Poisson arrival rate, questions per hour, >= 0.
    handle_minutes : float
        Mean (exponential) handling time, minutes, > 0.
    agents : int
        Number of agents, >= 0 (0 agents: everyone waits and abandons).
    patience_minutes : float
        Mean (exponential) patience, minutes, finite and >= 0; 0 gives the
        Erlang B loss system (whoever finds all agents busy is lost at once).
    target_minutes : float
        Service-level target, minutes, >= 0.

    Returns
    -------
    QueueFigures
        Stable at any load. ``occupancy`` is 0 when there are no agents.
    """
    _check_queue(arrivals_per_hour, handle_minutes, agents, patience_minutes, target_minutes)
    _require("patience_minutes", patience_minutes, patience_minutes < math.inf,
             "a finite number >= 0 (use erlang_c for infinite patience)")
    args = (arrivals_per_hour, handle_minutes, agents, patience_minutes, target_minutes)
    if arrivals_per_hour == 0:
        return _no_arrivals(*args)
    rate, mu = arrivals_per_hour / 60, 1 / handle_minutes
    load = rate * handle_minutes
    if patience_minutes == 0:
        lost = erlang_b(load, agents)
        return _figures(*args, p_wait=lost, mean_wait_minutes=0.0, p_abandon=lost,
                        service_level=1 - lost, mean_queue_length=0.0,
                        occupancy=load * (1 - lost) / agents if agents else 0.0)
    theta = 1 / patience_minutes
    p = _erlang_a_distribution(rate, mu, theta, agents)
    queue = (np.arange(len(p) - agents) @ p[agents:]).item()
    mean_wait = queue / rate  # Little's law over all arrivals
    p_abandon = min(1.0, theta * mean_wait)  # abandonment flow theta E[Q] over arrival flow
    served = _erlang_a_served_by(p[agents:], agents, mu, theta, target_minutes)
    return _figures(*args, p_wait=min(1.0, float(p[agents:].sum())), mean_wait_minutes=mean_wait,
                    p_abandon=p_abandon, service_level=min(1.0, float(p[:agents].sum()) + served),
                    occupancy=min(1.0, load * (1 - p_abandon) / agents) if agents else 0.0,
                    mean_queue_length=queue)


def queue_figures(arrivals_per_hour: float, handle_minutes: float, agents: int,
                  patience_minutes: float = math.inf, target_minutes: float = 0.0) -> QueueFigures:
    """Erlang C for infinite patience, Erlang A otherwise (Erlang B at patience 0).

    Parameters and result as in :func:`erlang_c` and :func:`erlang_a` (minutes, per hour).
    """
    _check_queue(arrivals_per_hour, handle_minutes, agents, patience_minutes, target_minutes)
    if math.isinf(patience_minutes):
        return erlang_c(arrivals_per_hour, handle_minutes, agents, target_minutes)
    return erlang_a(arrivals_per_hour, handle_minutes, agents, patience_minutes, target_minutes)


def agents_needed(arrivals_per_hour: float, handle_minutes: float, target_minutes: float,
                  service_level: float, patience_minutes: float = math.inf,
                  max_abandon: float | None = None, max_agents: int = 10_000) -> int:
    """Smallest head count meeting a service level (and optionally an abandonment cap).

    Parameters
    ----------
    arrivals_per_hour, handle_minutes, patience_minutes, target_minutes
        As in :func:`queue_figures` (per hour, minutes).
    service_level : float
        Required share of replies started within ``target_minutes``, in [0, 1].
    max_abandon : float or None
        If given, the largest acceptable ``p_abandon``, in [0, 1].
    max_agents : int
        Largest head count considered, >= 0.

    Returns
    -------
    int
        For Erlang C only stable head counts (above the offered load) qualify.
        Found by bisection, since more agents never lower the service level nor
        raise abandonment.

    Raises
    ------
    ValueError
        For a bad argument, or if ``max_agents`` agents are not enough.
    """
    _check_queue(arrivals_per_hour, handle_minutes, 0, patience_minutes, target_minutes)
    share = "a number in [0, 1]"
    _require("service_level", service_level, _is_real(service_level) and 0 <= service_level <= 1, share)
    ok = max_abandon is None or (_is_real(max_abandon) and 0 <= max_abandon <= 1)
    _require("max_abandon", max_abandon, ok, f"None or {share}")
    _require("max_agents", max_agents, _is_count(max_agents), "an integer >= 0")
    if arrivals_per_hour > 0:  # random arrivals: some always wait, so 100% and 0% are limits, not targets
        _require("service_level", service_level, service_level < 1,
                 "below 1 (100% is not reachable: with questions arriving at random some always wait)")
        _require("max_abandon", max_abandon, max_abandon is None or max_abandon > 0 or math.isinf(patience_minutes),
                 "above 0 (0% is not reachable: customers with a finite patience give up at any head count)")

    def enough(agents: int) -> bool:
        f = queue_figures(arrivals_per_hour, handle_minutes, agents, patience_minutes,
                          target_minutes)
        return f.service_level >= service_level and (max_abandon is None or f.p_abandon <= max_abandon)

    load = arrivals_per_hour / 60 * handle_minutes
    low = math.floor(load) + 1 if math.isinf(patience_minutes) and load > 0 else 0
    if low > max_agents or not enough(max_agents):
        raise ValueError(f"service_level = {service_level!r} within {target_minutes!r} min"
                         f" (max_abandon = {max_abandon!r}): not reachable with"
                         f" max_agents = {max_agents} agents")
    high = max_agents
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if enough(middle) else (middle + 1, high)
    return low


def fractional_agents(arrivals_per_hour: float, handle_minutes: float, target_minutes: float,
                      service_level: float, patience_minutes: float = math.inf,
                      max_abandon: float | None = None, max_agents: int = 10_000) -> float:
    """Staffing as a real number: where the targets are just met between N - 1 and N agents.

    Parameters
    ----------
    arrivals_per_hour, handle_minutes, target_minutes, service_level, patience_minutes, max_abandon, max_agents
        As in :func:`agents_needed` (per hour, minutes, shares).

    Returns
    -------
    float
        ``N - 1 + f`` where ``N = agents_needed(...)`` and ``f`` in [0, 1] is
        how far along the straight line from ``N - 1`` to ``N`` agents the
        service level reaches its target (and the abandonment falls to
        ``max_abandon``, whichever needs more). Integer head counts round
        it up to ``N``; the difference is the price of whole people, and
        fractional figures of several intervals or queues can be added
        before rounding. 0 when no agent is needed. For Erlang C, ``N - 1``
        agents at or below the offered load count as a service level of 0.

    Raises
    ------
    ValueError
        As :func:`agents_needed`.
    """
    needed = agents_needed(arrivals_per_hour, handle_minutes, target_minutes, service_level, patience_minutes,
                           max_abandon, max_agents)
    if needed == 0:
        return 0.0
    below, at = (queue_figures(arrivals_per_hour, handle_minutes, n, patience_minutes, target_minutes)
                 for n in (needed - 1, needed))
    steps = [(service_level - below.service_level) / (at.service_level - below.service_level)
             if at.service_level > below.service_level else 1.0]
    if max_abandon is not None and below.p_abandon > max_abandon:
        steps.append((below.p_abandon - max_abandon) / (below.p_abandon - at.p_abandon))
    return needed - 1 + min(1.0, max(0.0, *steps))
