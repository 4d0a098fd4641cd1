"""The team game: staff the burger chain for the least money without hurting its reputation.

The rules, the commands teams hand in, the scoring, and the answer key, all
computed here (no widgets): the trainer guide, the score sheet and
:mod:`simlib.dashboards.game_dashboard` read them, and ``make game-key``
(``python -m simlib.dashboards.game``) writes the key to
``workshop/game-key.md``, and the same key in Spanish to
``workshop/game-key.es.md`` (:mod:`simlib.i18n`), which tests check against
seeded runs. The words of a score (its row, why a plan is out) are in the
current language; :func:`ranking`'s verdicts stay English (``"winner"``,
``"place 2"``) and :func:`verdict_text` shows them.

Rules (seed 1, 28 days, 5 replications, as ``simlib run`` gives them):

1. *Qualify*: no crisis in any replication, and the whole 95% CI of
   ``final_reputation`` at or above :data:`FLOOR` (where the chain starts).
2. *Rank* qualifying plans by people on duty (the staff cost), fewest first.
3. *Ties* (same number of people): the higher profit wins when the two profit
   intervals do not overlap; otherwise it is a draw.

Round 1 changes the head counts of the early and late shifts (0-6 each);
round 2 may also change the order of work (``service.discipline``).
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simlib.dashboards.answers import DISCIPLINES
from simlib.experiments.replications import run_replications, summarise
from simlib.i18n import N_, get_language, set_language, tr
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

PRESET = "high_volume"
"""The business the teams staff."""
FLOOR = 75.0
"""The reputation the chain starts at: the whole CI of the final reputation must stay at or above it."""
REPLICATIONS = 5
"""Replications of every scored plan (seed 1, the preset's 28 days)."""
MAX_PER_SHIFT = 6
"""Most people a team may put on one shift."""
ROUNDS: dict[int, tuple[str, ...]] = {1: ("fifo",), 2: DISCIPLINES}
"""Round -> the orders of work teams may choose."""
KEY_FILE = Path(__file__).resolve().parents[2] / "workshop" / "game-key.md"
"""Where ``make game-key`` writes the answer key."""
KEY_FILES = {"en": KEY_FILE, "es": KEY_FILE.with_suffix(".es.md")}
"""The answer key in each language (``workshop/game-key.es.md`` in Spanish)."""
VERDICTS = (N_("winner"), N_("draw for first"), N_("out"), N_("out (one person fewer)"))
"""The ranks of the key, marked for the catalogue (``place N`` is written by :func:`verdict_text`)."""


@dataclass(frozen=True, order=True)
class Plan:
    """A team's plan: people on the early (08-16) and late (16-24) shifts, and the order of work."""

    early: int
    late: int
    discipline: str = "fifo"

    def __post_init__(self) -> None:
        for shift, count in (("early", self.early), ("late", self.late)):
            if not isinstance(count, int) or not 0 <= count <= MAX_PER_SHIFT:
                raise ValueError(f"staff.{shift}.count = {count!r}: the game allows a whole number from 0 "
                                 f"to {MAX_PER_SHIFT}")
        if self.discipline not in DISCIPLINES:
            raise ValueError(f"service.discipline = {self.discipline!r}: one of {', '.join(DISCIPLINES)}")

    @property
    def people(self) -> int:
        """People on duty in a day (what the staff cost counts)."""
        return self.early + self.late

    @property
    def name(self) -> str:
        """``"1-2 lifo"``: early-late, order of work."""
        return f"{self.early}-{self.late} {self.discipline}"

    def changes(self) -> dict[str, object]:
        """The scenario changes of this plan (dotted fields)."""
        return {"staff.early.count": self.early, "staff.late.count": self.late, "service.discipline": self.discipline}

    def command(self) -> str:
        """The command a team hands in (round 1 plans leave the order of work as the preset's, fifo)."""
        order = "" if self.discipline == "fifo" else f" --set service.discipline={self.discipline}"
        return (f"simlib run --scenario {PRESET} --set staff.early.count={self.early} "
                f"--set staff.late.count={self.late}{order} --replications {REPLICATIONS}")

    def scenario(self) -> Scenario:
        """The preset with this plan's changes."""
        return load_preset(PRESET).with_changes(self.changes())


@dataclass(frozen=True)
class Score:
    """A plan's KPIs over :data:`REPLICATIONS` runs: means with 95% CIs (money in USD, reputation 0-100)."""

    plan: Plan
    final_reputation: tuple[float, float, float]
    crisis: float
    staff_cost: tuple[float, float, float]
    profit: tuple[float, float, float]

    @property
    def qualifies(self) -> bool:
        """No crisis in any run, and the whole CI of the final reputation at or above :data:`FLOOR`."""
        return self.crisis == 0 and self.final_reputation[1] >= FLOOR

    def why_out(self) -> str:
        """Why a plan is out ("" when it qualifies)."""
        if self.crisis > 0:
            return tr("a crisis in {share:.0%} of the runs", share=self.crisis)
        if self.final_reputation[1] < FLOOR:
            return tr("final reputation's CI reaches {low:.1f}, below {floor:g}", low=self.final_reputation[1],
                      floor=FLOOR)
        return ""

    def verdict(self) -> str:
        """"qualifies", or "out: " and why, in the current language."""
        return tr("qualifies") if self.qualifies else tr("out: {why}", why=self.why_out())

    def row(self) -> dict[str, str]:
        """The plan's line on the board: readable text, in the current language."""
        mean, low, high = self.final_reputation
        profit, plow, phigh = self.profit
        return {tr("plan (early-late order)"): self.plan.name,
                tr("final reputation [95% CI]"): tr("{mean:.1f} [{low:.1f}, {high:.1f}]", mean=mean, low=low,
                                                    high=high),
                tr("crisis"): tr("{share:.0%}", share=self.crisis),
                tr("staff cost (USD)"): tr("{cost:,.0f}", cost=self.staff_cost[0]),
                tr("profit (USD) [95% CI]"): tr("{mean:,.0f} [{low:,.0f}, {high:,.0f}]", mean=profit, low=plow,
                                                high=phigh),
                tr("verdict"): self.verdict()}


def score_runs(plan: Plan, replications: int = REPLICATIONS) -> tuple[Score, list[SimulationResult]]:
    """Score a plan as ``plan.command()`` does (same runs, same CIs), with the runs themselves."""
    table, results = run_replications(plan.scenario(), replications)
    s = summarise(table)

    def estimate(kpi: str) -> tuple[float, float, float]:
        return float(s.loc[kpi, "mean"]), float(s.loc[kpi, "ci_low"]), float(s.loc[kpi, "ci_high"])

    return Score(plan, estimate("final_reputation"), float(s.loc["crisis", "mean"]), estimate("staff_cost"),
                 estimate("profit")), results


def score(plan: Plan, replications: int = REPLICATIONS) -> Score:
    """Score one plan (:func:`score_runs` without the runs)."""
    return score_runs(plan, replications)[0]


def overlap(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    """Whether two (mean, low, high) intervals overlap."""
    return a[1] <= b[2] and b[1] <= a[2]


def ranking(scores: Iterable[Score]) -> list[tuple[Score, str]]:
    """Qualifying plans best first, each with its verdict ("winner", "draw for first", "2nd"...), then the rest.

    Fewer people first; among as many people, higher profit first, and plans
    whose profit intervals overlap the leader's share its place ("draw").
    """
    scores = list(scores)
    qualifying = sorted((s for s in scores if s.qualifies), key=lambda s: (s.plan.people, -s.profit[0]))
    ranked: list[tuple[Score, str]] = []
    place = 0
    for _, group in itertools.groupby(qualifying, key=lambda s: s.plan.people):
        group = list(group)
        leader, tied = group[0], [s for s in group[1:] if overlap(s.profit, group[0].profit)]
        place += 1
        first = "winner" if place == 1 and not tied else ("draw for first" if place == 1 else f"place {place}")
        ranked.append((leader, first))
        ranked += [(s, first if place > 1 else "draw for first") for s in tied]
        rest = [s for s in group[1:] if s not in tied]
        for s in rest:
            place += 1
            ranked.append((s, f"place {place}"))
    return ranked + [(s, "out") for s in scores if not s.qualifies]


def verdict_text(verdict: str) -> str:
    """A verdict of :func:`ranking` (``"winner"``, ``"place 2"``...) in the current language."""
    if verdict.startswith("place "):
        return tr("place {place}", place=int(verdict.removeprefix("place ")))
    return tr(verdict)


def candidates(round_: int, people: int) -> list[Plan]:
    """Every plan of a round with ``people`` on duty (each shift 0-6), in a fixed order."""
    return [Plan(early, people - early, discipline) for discipline in ROUNDS[round_]
            for early in range(max(0, people - MAX_PER_SHIFT), min(people, MAX_PER_SHIFT) + 1)]


def answer_key(round_: int, replications: int = REPLICATIONS) -> tuple[list[tuple[Score, str]], list[Score]]:
    """The round's ranking at the fewest people that can qualify, and the best plan with one person fewer.

    Scores every plan with 1, 2, 3... people until some plan qualifies; returns
    :func:`ranking` of the plans with that many people, and the scores of the
    plans with one person fewer (all out: why the winner needs as many).
    """
    fewer: list[Score] = []
    for people in range(1, 2 * MAX_PER_SHIFT + 1):
        scores = [score(plan, replications) for plan in candidates(round_, people)]
        if any(s.qualifies for s in scores):
            return ranking(scores), fewer
        fewer = scores
    raise RuntimeError("no plan qualifies")


def key_table(ranked: Sequence[tuple[Score, str]], fewer: Sequence[Score], shown_out: int = 3) -> pd.DataFrame:
    """The key as a table: the ranked plans, then the ``shown_out`` closest misses with as many people and
    with one person fewer (closest: the highest lower end of the final reputation's CI); in the current
    language."""
    def closest(scores: Iterable[Score]) -> list[Score]:
        return sorted(scores, key=lambda s: -s.final_reputation[1])[:shown_out]

    rank = tr("rank")
    rows = [{**s.row(), rank: verdict_text(verdict)} for s, verdict in ranked if verdict != "out"]
    rows += [{**s.row(), rank: verdict_text("out")} for s in closest(s for s, verdict in ranked if verdict == "out")]
    rows += [{**s.row(), rank: verdict_text("out (one person fewer)")} for s in closest(fewer)]
    return pd.DataFrame(rows)


def markdown_table(frame: pd.DataFrame) -> str:
    """A table as Markdown (pipes), its columns as headers, cells as text."""
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


Keys = dict[int, tuple[list[tuple[Score, str]], list[Score]]]
"""Round -> :func:`answer_key`'s ranking and plans with one person fewer."""


def answer_keys(replications: int = REPLICATIONS) -> Keys:
    """:func:`answer_key` of every round (the slow part: scoring the plans)."""
    return {round_: answer_key(round_, replications) for round_ in ROUNDS}


def key_markdown(replications: int = REPLICATIONS, keys: Keys | None = None) -> str:
    """The answer key of both rounds as Markdown, in the current language (what ``make game-key`` writes);
    ``keys`` already computed by :func:`answer_keys`, or None to compute them."""
    keys = answer_keys(replications) if keys is None else keys
    parts = [tr("# Team game: answer key (trainer only)"), "",
             tr("Computed by `make game-key` (`python -m simlib.dashboards.game key`): {preset}, seed 1, 28 days, "
                "{replications} replications; a plan qualifies with no crisis and the whole 95% CI of the final "
                "reputation at or above {floor:g}. Do not edit by hand: a test re-runs the winners.",
                preset=PRESET, replications=replications, floor=FLOOR), ""]
    for round_, (ranked, fewer) in keys.items():
        orders = ", ".join(ROUNDS[round_])
        parts += [tr("## Round {round} (order of work: {orders})", round=round_, orders=orders), "",
                  markdown_table(key_table(ranked, fewer)), ""]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m simlib.dashboards.game [key | score E L [ORDER]]``: write the key, or score one plan."""
    parser = argparse.ArgumentParser(description="The team game: write the answer key, or score one plan.")
    sub = parser.add_subparsers(dest="what", required=True)
    key = sub.add_parser("key", help=f"compute the answer key and write it to {KEY_FILE.name} (and, in "
                                     f"Spanish, to the same name ending .es.md)")
    key.add_argument("--output", type=Path, default=KEY_FILE)
    one = sub.add_parser("score", help="score one plan as the game does (for the board)")
    one.add_argument("early", type=int)
    one.add_argument("late", type=int)
    one.add_argument("order", nargs="?", default="fifo", choices=DISCIPLINES)
    args = parser.parse_args(argv)
    if args.what == "key":
        keys, language = answer_keys(), get_language()
        for code, path in (("en", args.output), ("es", args.output.with_suffix(".es.md"))):
            set_language(code)
            path.write_text(key_markdown(keys=keys) + "\n")
            print(f"wrote {path}")
        set_language(language)
    else:
        row = score(Plan(args.early, args.late, args.order)).row()
        width = max(28, *(len(name) + 2 for name in row))
        for name, value in row.items():
            print(f"{name:<{width}}{value}")


if __name__ == "__main__":
    main()
