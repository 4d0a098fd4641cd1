"""A small SimPy inbox you change yourself: notebook 06, its exercises, and one task of notebook 07.

One day of a small business's inbox. The questions are drawn from a seed
before the day starts (:func:`day_of_questions`): each one knows when it
arrives, on which channel, how long its reply takes and how long its author
will wait. A *model* is a plain function ``model(env, questions, log)`` that
builds SimPy processes; it reports what happens through ``log``:

- ``log.arrives(q)``: question ``q`` comes in;
- ``log.reply(q, "Ana")``: Ana starts the first reply to ``q``;
- ``log.gives_up(q)``: the author of ``q`` stops waiting and leaves.

:func:`run_inbox` runs a model for one day and returns what happened to each
question; with ``trace=True`` it also prints the first events in words
("09:03 question 4 arrives", "09:05 Ana replies to question 4").
:func:`starter_inbox` is the model you start from: Ana alone, 09:00-17:00,
oldest question first. Because the questions are drawn before the day starts,
two models run on the same seed meet the same customers, so any difference in
what happens comes from the model: that is how the exercises' checkers
compare your model with theirs.

Times are minutes since 00:00 of the day.
"""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import simpy
from pandas.io.formats.style import Styler

from simlib.i18n import N_, tr

__all__ = [
    "DAY",
    "Log",
    "ModelError",
    "Question",
    "clock",
    "compare_models",
    "day_of_questions",
    "describe_day",
    "run_inbox",
    "show_models",
    "starter_inbox",
    "summary",
]

DAY = 24 * 60.0
"""Minutes in the simulated day; a run stops at midnight."""
MAX_EVENTS = 200_000
"""A run that processes more events than this is stopped (a loop that never waits)."""
MAX_SECONDS = 10.0
"""A run that takes longer than this (wall clock) is stopped."""


@dataclass(frozen=True)
class Question:
    """One question of the day, drawn before the day starts.

    Attributes
    ----------
    id
        1, 2, 3... in order of arrival.
    arrival
        Minute it arrives (minutes since 00:00).
    channel
        ``"DM"`` (a direct message) or ``"comment"`` (under a post).
    reply_minutes
        Minutes a community manager needs to write its first reply.
    patience
        Minutes its author waits for a first reply before giving up.
    """

    id: int
    arrival: float
    channel: str
    reply_minutes: float
    patience: float


def day_of_questions(seed: int = 1, per_hour: float = 12.0, first_hour: float = 9.0, last_hour: float = 21.0,
                     dm_share: float = 0.6, reply_minutes: float = 4.0, patience_minutes: float = 40.0
                     ) -> list[Question]:
    """The questions of one day, drawn from ``seed``.

    Arrivals are random (Poisson, ``per_hour`` an hour) from ``first_hour`` to
    ``last_hour``; a share ``dm_share`` are direct messages, the rest
    comments; reply times and patience are exponential with the given means
    (minutes). Each random quantity has its own stream, so changing one
    setting never changes the others.
    """
    arrivals, channels, replies, patience = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))
    out, minute = [], first_hour * 60.0
    while True:
        minute += arrivals.exponential(60.0 / per_hour)
        if minute >= last_hour * 60.0:
            return out
        out.append(Question(len(out) + 1, round(minute, 3),
                            "DM" if channels.random() < dm_share else "comment",
                            round(replies.exponential(reply_minutes), 3), round(patience.exponential(patience_minutes), 3)))


def clock(minutes: float) -> str:
    """A minute of the day as a clock time: 543.2 -> "09:03"."""
    whole = math.floor(minutes)
    return f"{whole // 60 % 24:02d}:{whole % 60:02d}"


class ModelError(Exception):
    """A model that broke a rule of the log (a second reply to a question, a reply after giving up...)."""


_EVENTS = {"reply": N_("{time} {who} replies to question {question}"),
           "arrives": N_("{time} question {question} arrives"),
           "gives_up": N_("{time} question {question} gives up")}
"""How :meth:`Log.say` words each kind of event."""


class Log:
    """What happened in a run, as the model reports it; prints the first events with ``trace``.

    Parameters
    ----------
    env
        The run's SimPy environment (its clock stamps each event).
    trace
        Print the first ``events`` events in words as they happen.
    events
        How many events a trace prints.
    """

    def __init__(self, env: simpy.Environment, trace: bool = False, events: int = 12) -> None:
        self.env, self.trace, self.events = env, trace, events
        self.lines: list[tuple[float, int, str, str]] = []  # (minute, question id, what, who)
        self.reply_at: dict[int, float] = {}
        self.by: dict[int, str] = {}
        self.gave_up_at: dict[int, float] = {}

    def _write(self, question: Question, what: str, who: str = "") -> None:
        self.lines.append((self.env.now, question.id, what, who))
        if self.trace and len(self.lines) <= self.events:
            print(self.say(self.lines[-1]))

    @staticmethod
    def say(line: tuple[float, int, str, str]) -> str:
        """One event in words, in the reader's language: "09:05 Ana replies to question 4"."""
        minute, qid, what, who = line
        return tr(_EVENTS[what], time=clock(minute), who=who, question=qid)

    def arrives(self, question: Question) -> None:
        """Question ``question`` comes in."""
        self._write(question, "arrives")

    def reply(self, question: Question, who: str) -> None:
        """``who`` starts the first reply to ``question`` (once per question)."""
        if question.id in self.reply_at:
            raise ModelError(tr("question {question} got a second first reply (by {who} at {time})",
                                question=question.id, who=who, time=clock(self.env.now)))
        if question.id in self.gave_up_at:
            raise ModelError(tr("{who} replies at {time} to question {question}, whose author gave up at {gave_up}",
                                who=who, time=clock(self.env.now), question=question.id,
                                gave_up=clock(self.gave_up_at[question.id])))
        self.reply_at[question.id], self.by[question.id] = self.env.now, str(who)
        self._write(question, "reply", str(who))

    def gives_up(self, question: Question) -> None:
        """The author of ``question`` stops waiting and leaves."""
        if question.id in self.reply_at:
            raise ModelError(tr("question {question} gives up at {time} although it was answered at {answered}",
                                question=question.id, time=clock(self.env.now),
                                answered=clock(self.reply_at[question.id])))
        self.gave_up_at.setdefault(question.id, self.env.now)
        self._write(question, "gives_up")

    def outcomes(self, questions: Iterable[Question]) -> pd.DataFrame:
        """One row per question: ``arrival``, ``channel``, ``reply`` (minute, NaN if none), ``by``,
        ``gave_up`` (minute, NaN if not) and ``wait`` (minutes to the first reply, NaN if none)."""
        rows = []
        for q in questions:
            reply = self.reply_at.get(q.id, np.nan)
            rows.append({"id": q.id, "arrival": q.arrival, "channel": q.channel, "reply": reply,
                         "by": self.by.get(q.id, ""), "gave_up": self.gave_up_at.get(q.id, np.nan),
                         "wait": reply - q.arrival})
        return pd.DataFrame(rows).set_index("id")


def run_inbox(model: Callable[..., Any], seed: int = 1, trace: bool = False, events: int = 12,
              questions: list[Question] | None = None, **settings: Any) -> pd.DataFrame:
    """Run ``model(env, questions, log, **settings)`` for one day; what happened to each question.

    Parameters
    ----------
    model
        A function that builds the day's SimPy processes (see :func:`starter_inbox`).
    seed
        Draws the day's questions (:func:`day_of_questions`): the same seed, the same customers.
    trace
        Print the first ``events`` events in words.
    questions
        Use these questions instead of drawing them.
    settings
        Passed on to the model (e.g. ``start_hour=17``).

    Returns
    -------
    DataFrame
        :meth:`Log.outcomes`; ``attrs["events"]`` holds every event in words.

    Raises
    ------
    ModelError
        The model broke a rule of the log, never stops (more than
        :data:`MAX_EVENTS` events or :data:`MAX_SECONDS` seconds), or raised.
    """
    day = list(questions) if questions is not None else day_of_questions(seed)
    env = simpy.Environment()
    log = Log(env, trace, events)
    model(env, day, log, **settings)
    started, processed = time.perf_counter(), 0
    while env.peek() < DAY:
        env.step()
        processed += 1
        if processed > MAX_EVENTS or (processed % 1000 == 0 and time.perf_counter() - started > MAX_SECONDS):
            raise ModelError(tr("the model never settles: {count:,} events before {time}. Does every loop wait "
                                "(yield) for something that takes time?", count=processed, time=clock(env.now)))
    if trace and len(log.lines) > events:
        print(tr("... and {count} more events", count=len(log.lines) - events))
    table = log.outcomes(day)
    table.attrs["events"] = [Log.say(line) for line in log.lines]
    return table


def summary(table: pd.DataFrame, within_minutes: float = 30.0) -> dict[str, float]:
    """The day in a few numbers: questions, answered, gave up, still waiting, median wait, share answered in time."""
    answered = table["reply"].notna()
    gave_up = table["gave_up"].notna()
    return {
        "questions": len(table),
        "answered": int(answered.sum()),
        "gave up": int(gave_up.sum()),
        "still waiting at midnight": int((~answered & ~gave_up).sum()),
        "median wait (min)": float(table.loc[answered, "wait"].median()) if answered.any() else np.nan,
        f"answered within {within_minutes:g} min": float((table["wait"] <= within_minutes).mean()),
    }


def describe_day(table: pd.DataFrame, within_minutes: float = 30.0) -> str:
    """One run of :func:`run_inbox` in a sentence (the reader's language): questions, answered (median wait),
    gave up, still waiting."""
    figures = summary(table, within_minutes)
    wait = figures["median wait (min)"]
    message = N_("{questions} questions: {answered} answered, {gave_up} gave up, {waiting} still waiting at "
                 "midnight; {share:.0%} answered within {within:g} minutes") if math.isnan(wait) else N_(
        "{questions} questions: {answered} answered (median wait {wait:.0f} min), {gave_up} gave up, {waiting} still "
        "waiting at midnight; {share:.0%} answered within {within:g} minutes")
    return tr(message, questions=figures["questions"], answered=figures["answered"], wait=wait,
              gave_up=figures["gave up"], waiting=figures["still waiting at midnight"],
              share=figures[f"answered within {within_minutes:g} min"], within=within_minutes)


def compare_models(models: Mapping[str, Callable[..., Any]], seeds: Iterable[int] = (1, 2, 3),
                   within_minutes: float = 30.0, **settings: Any) -> pd.DataFrame:
    """Several models on the same days (seeds): the mean of each :func:`summary` figure, one row per model."""
    seeds = list(seeds)
    rows = {name: pd.DataFrame([summary(run_inbox(model, seed, **settings), within_minutes) for seed in seeds]
                               ).mean() for name, model in models.items()}
    table = pd.DataFrame(rows).T
    table.index.name = f"mean of {len(seeds)} days"
    return table


def show_models(table: pd.DataFrame) -> Styler:
    """A :func:`compare_models` table for reading: counts and waits rounded, the share answered in time as %."""
    formats = {column: "{:.0%}" if column.startswith("answered within") else "{:.0f}" if "wait" in column
               else "{:.1f}" for column in table.columns}
    return table.style.format(formats, na_rep="n/a")


def starter_inbox(env, questions, log):
    """Ana answers every question, oldest first, from 09:00 to 17:00."""
    inbox = simpy.Store(env)                      # the questions waiting for a first reply

    def door():                                   # each question arrives at its minute
        for q in questions:
            yield env.timeout(q.arrival - env.now)
            log.arrives(q)
            inbox.put(q)

    def community_manager(name, start, end):      # one person's shift (minutes since 00:00)
        yield env.timeout(start - env.now)
        while env.now < end:
            if not inbox.items:                   # nothing to answer: look again in a minute
                yield env.timeout(1)
                continue
            q = yield inbox.get()                 # the oldest question waiting
            log.reply(q, name)
            yield env.timeout(q.reply_minutes)    # writing the reply

    env.process(door())
    env.process(community_manager("Ana", 9 * 60, 17 * 60))


# --- checking a student's model ----------------------------------------------------------------------------

def _describe(row: pd.Series | None, qid: int) -> str:
    """What happened to one question, in words (the reader's language)."""
    if row is None:
        return tr("nothing")
    if not pd.isna(row["reply"]):
        return tr("{who} replies to it at {time}", who=row["by"], time=clock(row["reply"]))
    if not pd.isna(row["gave_up"]):
        return tr("its author gives up at {time}", time=clock(row["gave_up"]))
    return tr("it is still waiting at midnight")


_CHANNELS = {"DM": N_("a DM"), "comment": N_("a comment")}
"""A question's channel as :func:`check_model`'s hints name it."""


def first_difference(mine: pd.DataFrame, theirs: pd.DataFrame) -> int | None:
    """The id of the first question (by arrival) whose reply, replier or giving up differs; None if none does."""
    for qid in theirs.index:
        if qid not in mine.index:
            return int(qid)
        a, b = mine.loc[qid], theirs.loc[qid]
        same_reply = (pd.isna(a["reply"]) and pd.isna(b["reply"])) or (
            not pd.isna(a["reply"]) and not pd.isna(b["reply"]) and math.isclose(a["reply"], b["reply"], abs_tol=1e-6))
        same_give_up = (pd.isna(a["gave_up"]) and pd.isna(b["gave_up"])) or (
            not pd.isna(a["gave_up"]) and not pd.isna(b["gave_up"])
            and math.isclose(a["gave_up"], b["gave_up"], abs_tol=1e-6))
        if not (same_reply and same_give_up and str(a["by"]) == str(b["by"])):
            return int(qid)
    return None


def _where(error: BaseException) -> str:
    """The line of the student's code where an error happened (the last frame outside simlib and SimPy)."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if "/simlib/" not in f.filename.replace("\\", "/") and "simpy" not in f.filename and f.line]
    return tr(" (at the line `{line}`)", line=frames[-1].line.strip()) if frames else ""


def _shape(function: Callable[..., Any]) -> str | None:
    """A function's code as a syntax tree, without its name, docstrings, comments or layout (None if its source is
    unknown): the Spanish exercise's starter, whose docstring is translated, is still the starter."""
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None
    definition = tree.body[0]
    if isinstance(definition, ast.FunctionDef):
        definition.name = "_"
    for node in ast.walk(definition):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(definition)


def is_unchanged(function: Callable[..., Any], starter: Callable[..., Any]) -> bool:
    """Whether a student's function is still the starter: the same code (comments and name aside), or, when its
    source cannot be read, the same behaviour on the three checking days."""
    mine = _shape(function)
    if mine is not None:
        return mine == _shape(starter)
    try:
        return all(first_difference(run_inbox(function, seed), run_inbox(starter, seed)) is None for seed in (1, 2, 3))
    except Exception:  # noqa: BLE001 - a model that fails is not the starter
        return False


def check_model(model: Any, name: str, reference: Callable[..., Any], starter: Callable[..., Any],
                seeds: Iterable[int] = (1, 2, 3), settings: Iterable[Mapping[str, Any]] = ({},),
                parameters: tuple[str, ...] = ("env", "questions", "log"), hint: str = "") -> None:
    """Run a student's model on fixed seeds and compare what happens to every question with the reference model.

    Raises :class:`~simlib.course.checks.NotAttempted` while the model is
    still the ``starter`` (same code), and :class:`~simlib.course.checks.Hint`
    naming the first question, seed and setting where it differs from the
    ``reference``, in words ("question 7, a DM that arrived at 10:14: in the
    reference model its author gives up at 10:31; in yours Ana replies to it
    at 10:40"), or the error it raised and where.
    """
    from simlib.course.checks import Hint, NotAttempted, require_function

    function = require_function(model, name, [])
    if is_unchanged(function, starter):
        raise NotAttempted(tr("Change the model as the task asks, then run this cell again."))
    function = require_function(function, name, list(parameters))
    for extra in [dict(s) for s in settings]:
        for seed in seeds:
            day = day_of_questions(seed)
            try:
                mine = run_inbox(function, questions=day, **extra)
            except ModelError as error:
                raise Hint(tr("With seed {seed}: {error}.", seed=seed, error=error)) from None
            except Exception as error:  # noqa: BLE001 - any error in the student's code becomes a hint
                raise Hint(tr("Your model stopped with {kind}: {error}{where}.", kind=type(error).__name__,
                              error=error, where=_where(error))) from None
            if not mine.attrs["events"]:
                raise Hint(tr("Nothing was logged: call log.arrives(q) when a question comes in, log.reply(q, name) "
                              "when someone starts its reply and log.gives_up(q) when its author leaves."))
            theirs = run_inbox(reference, questions=day, **extra)
            qid = first_difference(mine, theirs)
            if qid is None:
                continue
            q = next(q for q in day if q.id == qid)
            setting = "".join(f", {k} = {v!r}" for k, v in extra.items())
            starter_settings = {k: v for k, v in extra.items()
                                if k in inspect.signature(starter).parameters}
            still = tr(" (which still behaves like the starter)") if first_difference(
                mine, run_inbox(starter, questions=day, **starter_settings)) is None else ""
            raise Hint(tr("With seed {seed}{setting}, question {question} ({channel} that arrived at {time}): in the "
                          "reference model {theirs}; in yours{still}, {mine}. {hint}", seed=seed, setting=setting,
                          question=qid, channel=tr(_CHANNELS.get(q.channel, q.channel)), time=clock(q.arrival),
                          theirs=_describe(theirs.loc[qid], qid), still=still,
                          mine=_describe(mine.loc[qid] if qid in mine.index else None, qid), hint=hint).strip())
