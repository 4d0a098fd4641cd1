"""Printable pages for the room: a one-page handout per session plan, and the team game's score sheet.

``make handouts`` (``python -m simlib.dashboards.handouts``) writes them as
HTML to ``build/handouts/`` (print them from the browser, one A4 page each).
The timetables are :data:`SESSIONS`; the game's brief, rules and commands
come from :mod:`simlib.dashboards.game`, so the handouts say what the
trainer guide says (a test checks the guide's timetables against these).
No expected answers are printed: those are in the guide, for the trainer.
The pages are in the current language (:mod:`simlib.i18n`); ``make handouts``
writes the English ones to ``build/handouts/`` and the Spanish ones to
``build/handouts/es/``.
"""

from __future__ import annotations

import argparse
import html
from collections.abc import Sequence
from pathlib import Path

from simlib.dashboards.game import FLOOR, MAX_PER_SHIFT, PRESET, REPLICATIONS, ROUNDS, Plan
from simlib.i18n import N_, get_language, set_language, tr

Step = tuple[str, str, str]
"""(minutes, what is shown, the question for the room)."""

SESSIONS: dict[str, tuple[str, tuple[Step, ...]]] = {
    "3-hour": (N_("The 3-hour workshop"), (
        ("0–10", N_("00 · Check your installation"), N_("Does your line match the projector's?")),
        ("10–35", N_("01 · The open door: the weekend backlog"),
         N_("A comment is posted on Saturday at 11:00. When is it answered?")),
        ("35–65", N_("02 · The jeweller and the burger chain"), N_("More hands, or an evening shift?")),
        ("65–80", N_("03 · Engagement phases"), N_("Is silence neutral?")),
        ("80–90", N_("Break"), ""),
        ("90–105", N_("04 · Most valuable first?"), N_("Is answering the most valuable first a free lunch?")),
        ("105–125", N_("05 · Fast or good?"), N_("Halve everyone's reply time: more or fewer complaints?")),
        ("125–140", N_("07 · Staffing scenarios"), N_("Is the 4th person on the late shift worth it?")),
        ("140–172", N_("Team game: rounds 1 and 2"), N_("The cheapest team that keeps the reputation")),
        ("172–180", N_("Recap: 08's checklist"), N_("Which one sentence will you take back to your team?")),
    )),
    "90-minute": (N_("The 90-minute workshop"), (
        ("0–5", N_("00 · Check your installation"), N_("Same line as the projector?")),
        ("5–20", N_("01 · The open door"), N_("When does Saturday's comment get a reply?")),
        ("20–40", N_("02 · The jeweller and the burger chain"), N_("More hands or an evening shift?")),
        ("40–50", N_("05 · Fast or good?"), N_("Halve reply time: more or fewer complaints?")),
        ("50–60", N_("07 · Staffing scenarios"), N_("Is the 4th person worth it?")),
        ("60–85", N_("Team game: one round (round 2 rules)"), N_("The cheapest team that keeps the reputation")),
        ("85–90", N_("Recap"), N_("One sentence to take home")),
    )),
    "20-minute": (N_("If you have only 20 minutes"), (
        ("0–6", N_("01 · The weekend backlog"), N_("Who is behind your doors on Saturday?")),
        ("6–13", N_("02 · The jeweller against the burger chain"), N_("What is one customer worth?")),
        ("13–20", N_("One staffing change, live"), N_("When first, then how many?")),
    )),
}
"""Session plan -> (title, timetable), in English (marked for the catalogue: shown with :func:`tr`)."""

GAME_ROUNDS: dict[str, tuple[Step, ...]] = {
    "3-hour": (("0–4", N_("Brief and rules"), ""), ("4–14", N_("Round 1: explore, then hand in one command"), ""),
               ("14–18", N_("The trainer runs every command; the board fills in"), ""),
               ("18–26", N_("Round 2: the order of work too; hand in one command"), ""),
               ("26–32", N_("Round 2 scored, the winner named, debrief"), "")),
    "90-minute": (("0–3", N_("Brief and rules"), ""),
                  ("3–13", N_("Explore with round 2's rules; hand in one command"), ""),
                  ("13–19", N_("The trainer runs every command; the board fills in"), ""),
                  ("19–25", N_("The winner named, debrief"), "")),
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
    """A table; its header and cells translated (:func:`tr`; minutes and blanks stay as they are)."""
    head = "".join(f"<th>{html.escape(tr(h))}</th>" for h in header)
    opening = '<tr class="blank">' if blank else "<tr>"
    body = "".join(opening + "".join(f"<td>{html.escape(tr(c) if c else c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def rules_html() -> str:
    """The game's brief, rules and the commands of both rounds, as HTML (in the current language)."""
    example1, example2 = Plan(2, 2).command(), Plan(2, 2, "value").command()
    orders = ", ".join(ROUNDS[2])
    return (tr("<h2>Team game: staff the burger chain</h2><p>You are the burger chain's community-management "
               "agency (<code>{preset}</code>: two shifts, early 08–16 and late 16–24). Find the <b>cheapest</b> "
               "team that leaves its reputation no worse than you found it ({floor:g}).</p>", preset=PRESET,
               floor=FLOOR)
            + tr("<ol><li><b>Qualify:</b> no crisis in any run, and the whole 95% CI of <code>final_reputation</code> "
                 "at or above {floor:g}.</li><li><b>Rank:</b> fewest people first (staff cost).</li><li><b>Ties:</b> "
                 "the higher <code>profit</code> wins when the profit intervals do not overlap; otherwise a "
                 "draw.</li></ol>", floor=FLOOR)
            + tr("<p>Each shift 0–{most} people. Try plans on the <b>Team game</b> dashboard (it scores them "
                 "exactly as below). Hand in one command ({replications} replications of 28 days, seed 1):</p>",
                 most=MAX_PER_SHIFT, replications=REPLICATIONS)
            + tr("<p>Round 1: <code>{first}</code><br>Round 2 (order of work: {orders}): <code>{second}</code><br>"
                 "with your own numbers and order.</p>", first=html.escape(example1), orders=orders,
                 second=html.escape(example2)))


def session_handout(plan: str, url: str = "") -> str:
    """One printable page for a session plan: its timetable, and the game's brief, rules and commands."""
    title, steps = tr(SESSIONS[plan][0]), SESSIONS[plan][1]
    where = html.escape(url) if url else html.escape(tr("the address the trainer shows"))
    parts = [f"<!DOCTYPE html><html lang='{get_language()}'><head><meta charset='utf-8'>"
             f"<title>{html.escape(title)}</title>{STYLE}</head><body><h1>{html.escape(title)}</h1>",
             "<p>" + html.escape(tr("Dashboards:")) + f" {where}</p>",
             _table((N_("minutes"), N_("what"), N_("the question")), steps)]
    if plan in GAME_ROUNDS:
        parts += [rules_html(), _table((N_("minutes"), N_("the game")), [step[:2] for step in GAME_ROUNDS[plan]])]
    return "".join(parts) + "</body></html>"


def score_sheet(teams: int = 8) -> str:
    """The printable score sheet: the rules in short, and one blank row per team and round."""
    header = (N_("team"), N_("round"), N_("plan (early-late, order)"), N_("final reputation [95% CI]"),
              N_("crisis"), N_("people"), N_("profit (USD) [95% CI]"), N_("verdict"))
    rows = [("", str(r), "", "", "", "", "", "") for _ in range(teams) for r in (1, 2)]
    title, heading = html.escape(tr("Score sheet")), html.escape(tr("Team game: score sheet"))
    return (f"<!DOCTYPE html><html lang='{get_language()}'><head><meta charset='utf-8'>"
            f"<title>{title}</title>{STYLE}</head><body><h1>{heading}</h1><p>"
            + html.escape(tr("Qualify: crisis 0% and the whole CI of final reputation ≥ {floor:g}. Rank: fewest "
                             "people. Ties: higher profit unless the profit intervals overlap (draw).", floor=FLOOR))
            + "</p>" + _table(header, rows, blank=True) + "</body></html>")


def write_all(folder: Path, url: str = "") -> list[Path]:
    """Write every handout and the score sheet into ``folder``, in the current language; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for plan in SESSIONS:
        path = folder / f"handout-{plan}.html"
        path.write_text(session_handout(plan, url), encoding="utf-8")
        written.append(path)
    path = folder / "score-sheet.html"
    path.write_text(score_sheet(), encoding="utf-8")
    return [*written, path]


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m simlib.dashboards.handouts [--output build/handouts] [--url URL]``: the English pages in
    the output folder, the Spanish ones in its ``es/`` folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("build/handouts"))
    parser.add_argument("--url", default="", help="the dashboards' address to print on the handouts")
    args = parser.parse_args(argv)
    language = get_language()
    for code, folder in (("en", args.output), ("es", args.output / "es")):
        set_language(code)
        for path in write_all(folder, args.url):
            print(f"wrote {path}")
    set_language(language)


if __name__ == "__main__":
    main()
