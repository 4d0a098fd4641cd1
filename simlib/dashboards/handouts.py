"""Printable pages for the room: a one-page handout per session plan, and the team game's score sheet.

``make handouts`` (``python -m simlib.dashboards.handouts``) writes them as
HTML to ``build/handouts/`` (print them from the browser, one A4 page each).
The timetables are :data:`SESSIONS`; the game's brief, rules and commands
come from :mod:`simlib.dashboards.game`, so the handouts say what the
trainer guide says (a test checks the guide's timetables against these).
No expected answers are printed: those are in the guide, for the trainer.
"""

from __future__ import annotations

import argparse
import html
from collections.abc import Sequence
from pathlib import Path

from simlib.dashboards.game import FLOOR, MAX_PER_SHIFT, PRESET, REPLICATIONS, ROUNDS, Plan

Step = tuple[str, str, str]
"""(minutes, what is shown, the question for the room)."""

SESSIONS: dict[str, tuple[str, tuple[Step, ...]]] = {
    "3-hour": ("The 3-hour workshop", (
        ("0–10", "00 · Check your installation", "Does your line match the projector's?"),
        ("10–35", "01 · The open door: the weekend backlog", "A comment is posted on Saturday at 11:00. When is "
                                                            "it answered?"),
        ("35–65", "02 · The jeweller and the burger chain", "More hands, or an evening shift?"),
        ("65–80", "03 · Engagement phases", "Is silence neutral?"),
        ("80–90", "Break", ""),
        ("90–105", "04 · Most valuable first?", "Is answering the most valuable first a free lunch?"),
        ("105–125", "05 · Fast or good?", "Halve everyone's reply time: more or fewer complaints?"),
        ("125–140", "07 · Staffing scenarios", "Is the 4th person on the late shift worth it?"),
        ("140–172", "Team game: rounds 1 and 2", "The cheapest team that keeps the reputation"),
        ("172–180", "Recap: 08's checklist", "Which one sentence will you take back to your team?"),
    )),
    "90-minute": ("The 90-minute workshop", (
        ("0–5", "00 · Check your installation", "Same line as the projector?"),
        ("5–20", "01 · The open door", "When does Saturday's comment get a reply?"),
        ("20–40", "02 · The jeweller and the burger chain", "More hands or an evening shift?"),
        ("40–50", "05 · Fast or good?", "Halve reply time: more or fewer complaints?"),
        ("50–60", "07 · Staffing scenarios", "Is the 4th person worth it?"),
        ("60–85", "Team game: one round (round 2 rules)", "The cheapest team that keeps the reputation"),
        ("85–90", "Recap", "One sentence to take home"),
    )),
    "20-minute": ("If you have only 20 minutes", (
        ("0–6", "01 · The weekend backlog", "Who is behind your doors on Saturday?"),
        ("6–13", "02 · The jeweller against the burger chain", "What is one customer worth?"),
        ("13–20", "One staffing change, live", "When first, then how many?"),
    )),
}
"""Session plan -> (title, timetable)."""

GAME_ROUNDS: dict[str, tuple[Step, ...]] = {
    "3-hour": (("0–4", "Brief and rules", ""), ("4–14", "Round 1: explore, then hand in one command", ""),
               ("14–18", "The trainer runs every command; the board fills in", ""),
               ("18–26", "Round 2: the order of work too; hand in one command", ""),
               ("26–32", "Round 2 scored, the winner named, debrief", "")),
    "90-minute": (("0–3", "Brief and rules", ""), ("3–13", "Explore with round 2's rules; hand in one command", ""),
                  ("13–19", "The trainer runs every command; the board fills in", ""),
                  ("19–25", "The winner named, debrief", "")),
}
"""Session plan -> the game's own timetable (minutes from the game's start)."""

STYLE = """<style>
  @page { size: A4; margin: 14mm; }
  body { font-family: DejaVu Sans, Arial, sans-serif; font-size: 11pt; max-width: 180mm; margin: auto; }
  h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 10pt 0 4pt; }
  table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #777; padding: 3pt 5pt;
  text-align: left; vertical-align: top; } code { font-size: 9.5pt; } .blank td { height: 24pt; }
</style>"""


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], blank: bool = False) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    opening = '<tr class="blank">' if blank else "<tr>"
    body = "".join(opening + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def rules_html() -> str:
    """The game's brief, rules and the commands of both rounds, as HTML."""
    example1, example2 = Plan(2, 2).command(), Plan(2, 2, "value").command()
    orders = ", ".join(ROUNDS[2])
    return (f"<h2>Team game: staff the burger chain</h2><p>You are the burger chain's community-management agency "
            f"(<code>{PRESET}</code>: two shifts, early 08–16 and late 16–24). Find the <b>cheapest</b> team that "
            f"leaves its reputation no worse than you found it ({FLOOR:g}).</p><ol>"
            f"<li><b>Qualify:</b> no crisis in any run, and the whole 95% CI of <code>final_reputation</code> at or "
            f"above {FLOOR:g}.</li><li><b>Rank:</b> fewest people first (staff cost).</li><li><b>Ties:</b> the "
            f"higher <code>profit</code> wins when the profit intervals do not overlap; otherwise a draw.</li></ol>"
            f"<p>Each shift 0–{MAX_PER_SHIFT} people. Try plans on the <b>Team game</b> dashboard (it scores them "
            f"exactly as below). Hand in one command ({REPLICATIONS} replications of 28 days, seed 1):</p>"
            f"<p>Round 1: <code>{html.escape(example1)}</code><br>Round 2 (order of work: {orders}): "
            f"<code>{html.escape(example2)}</code><br>with your own numbers and order.</p>")


def session_handout(plan: str, url: str = "") -> str:
    """One printable page for a session plan: its timetable, and the game's brief, rules and commands."""
    title, steps = SESSIONS[plan]
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{STYLE}</head>"
             f"<body><h1>{html.escape(title)}</h1>",
             "<p>Dashboards: " + (html.escape(url) if url else "the address the trainer shows") + "</p>",
             _table(("minutes", "what", "the question"), steps)]
    if plan in GAME_ROUNDS:
        parts += [rules_html(), _table(("minutes", "the game"), [step[:2] for step in GAME_ROUNDS[plan]])]
    return "".join(parts) + "</body></html>"


def score_sheet(teams: int = 8) -> str:
    """The printable score sheet: the rules in short, and one blank row per team and round."""
    header = ("team", "round", "plan (early-late, order)", "final reputation [95% CI]", "crisis", "people",
              "profit (USD) [95% CI]", "verdict")
    rows = [("", str(r), "", "", "", "", "", "") for _ in range(teams) for r in (1, 2)]
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Score sheet</title>{STYLE}</head><body>"
            f"<h1>Team game: score sheet</h1><p>Qualify: crisis 0% and the whole CI of final reputation ≥ "
            f"{FLOOR:g}. Rank: fewest people. Ties: higher profit unless the profit intervals overlap (draw).</p>"
            + _table(header, rows, blank=True) + "</body></html>")


def write_all(folder: Path, url: str = "") -> list[Path]:
    """Write every handout and the score sheet into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for plan in SESSIONS:
        path = folder / f"handout-{plan}.html"
        path.write_text(session_handout(plan, url))
        written.append(path)
    path = folder / "score-sheet.html"
    path.write_text(score_sheet())
    return [*written, path]


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m simlib.dashboards.handouts [--output build/handouts] [--url URL]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("build/handouts"))
    parser.add_argument("--url", default="", help="the dashboards' address to print on the handouts")
    args = parser.parse_args(argv)
    for path in write_all(args.output, args.url):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
