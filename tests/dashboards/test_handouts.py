"""Printable handouts: one page per session plan, and the game's score sheet."""

from __future__ import annotations

from pathlib import Path

from simlib.dashboards.game import Plan
from simlib.dashboards.handouts import SESSIONS, score_sheet, session_handout, write_all


def test_each_session_has_a_handout_with_its_timetable(tmp_path: Path) -> None:
    written = write_all(tmp_path, url="http://192.0.2.1:8866/?token=abc")
    assert sorted(p.name for p in written) == sorted([*(f"handout-{p}.html" for p in SESSIONS), "score-sheet.html"])
    for plan, (title, steps) in SESSIONS.items():
        page = (tmp_path / f"handout-{plan}.html").read_text()
        assert title in page and "http://192.0.2.1:8866/?token=abc" in page
        assert all(minutes in page for minutes, _, _ in steps)


def test_the_game_handouts_write_out_both_rounds_commands() -> None:
    page = session_handout("3-hour")
    assert Plan(2, 2).command() in page and Plan(2, 2, "value").command() in page
    assert "whole 95% CI" in page and "Team game" in page
    assert "Team game" not in session_handout("20-minute")


def test_the_score_sheet_has_a_row_per_team_and_round() -> None:
    sheet = score_sheet(teams=6)
    assert sheet.count('<tr class="blank">') == 12 and "final reputation [95% CI]" in sheet
