"""The calendar from the command line: the Black Friday preset runs, and a bad event is one line (exit 2)."""

from __future__ import annotations

import json

from simlib.cli import main


def test_simlib_run_black_friday(capsys):
    assert main(["run", "--scenario", "black_friday", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["questions"] > 5000  # about 4,600 an ordinary week, more with Black Friday's x3


def test_an_event_outside_the_run_is_one_line_and_exit_2(capsys):
    assert main(["run", "--scenario", "black_friday", "--set", "run.days=3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "calendar.events: event 'Thanksgiving' (2026-11-26 to 2026-11-26) falls outside the run, " \
           "2026-11-23 to 2026-11-25" in err


def test_a_start_date_set_from_the_command_line(capsys):
    assert main(["run", "--scenario", "erlang_a", "--days", "2", "--set", "run.start_date=2026-11-26",
                 "--json"]) == 0
    assert main(["run", "--scenario", "erlang_a", "--set", "run.start_date=26.11.2026"]) == 2
    assert "run.start_date = '26.11.2026': not a date" in capsys.readouterr().err
