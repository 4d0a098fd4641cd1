"""``simlib fit`` on odd exports and options: it writes a scenario ``simlib run`` accepts, or says no in one line.

Hypothesis draws messy exports (odd times, offsets, years out of range,
replies before arrivals, odd channel names, short or long spans, empty
cells, stray commas) and odd options; every case must end with exit 0 and a
valid scenario file, or exit 2 and one line naming the export, a column, a
row or an option. Never a traceback.
"""

from __future__ import annotations

import tomllib

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simlib import validate_scenario
from simlib.cli import main

TIMES = ["2026-01-05 09:00", "2026-01-05T09:00:00+01:00", "2026-01-05T09:00:00Z", "2026-01-12 23:59:59",
         "2026-03-29 02:30", "2026-10-25 02:30", "1600-01-01 00:00", "9999-12-31 00:00", "2026-13-45 10:00",
         "yesterday", "", "nan", "2026-01-05", "1700-01-01 00:00", "2262-04-10 00:00", "05/01/2026 09:00",
         "2026-01-05T09:00:00+25:00", "0"]
CHANNELS = ["dm", "comments", "Facebook Messenger", "a.b", "", "\u00e9t\u00e9", "x" * 150, '"quoted"', "1", " dm "]


@st.composite
def export(draw) -> str:
    """A CSV text: a week or more of plausible rows, with odd rows and odd columns mixed in."""
    start = pd.Timestamp("2026-01-05") + pd.Timedelta(minutes=draw(st.integers(0, 10_000)))
    rows = []
    for k in range(draw(st.sampled_from([0, 30, 60, 60, 60]))):
        arrived = start + pd.Timedelta(minutes=k * draw(st.sampled_from([7, 180, 400])))
        reply = arrived + pd.Timedelta(minutes=draw(st.sampled_from([0, 1, 30, 600] * 20 + [-5])))
        row = [str(arrived), draw(st.sampled_from(["dm", "comments", "reviews"])),
               draw(st.sampled_from([str(reply), "", str(reply)])),
               draw(st.sampled_from([str(reply + pd.Timedelta(minutes=4)), "", str(reply)])),
               draw(st.sampled_from(["", "", str(arrived + pd.Timedelta(minutes=20)), str(reply)]))]
        if draw(st.integers(0, 199)) == 0:  # an odd row
            row = [draw(st.sampled_from(TIMES)), draw(st.sampled_from(CHANNELS)), draw(st.sampled_from(TIMES)),
                   draw(st.sampled_from(TIMES)), draw(st.sampled_from(TIMES))]
        rows.append(",".join(f'"{v}"' if "," in v or '"' in v else v for v in row))
    if rows and draw(st.integers(0, 9)) == 0:  # a row with a stray column
        rows[draw(st.integers(0, len(rows) - 1))] += ",extra"
    header = draw(st.sampled_from(["arrived,channel,first_reply,closed,gave_up"] * 12 + [
                                   "created_at,channel,first_reply,closed,gave_up",
                                   "arrived,channel,first_reply", "arrived", ""]))
    if header.count(",") < 4:
        rows = [",".join(r.split(",")[: header.count(",") + 1]) for r in rows]
    return "\n".join([header, *rows]) + "\n"


OPTIONS = st.lists(st.sampled_from([
    [], [], [], [], [], ["--time-zone", "Europe/Madrid"], ["--time-zone", "America/New_York"], ["--time-zone", "Mars/Olympus"], ["--time-zone", ""],
    ["--column", "arrived=created_at"], ["--column", "arrived=channel"], ["--column", "nosuch=x"],
    ["--column", "arrived"], ["--target-minutes", "nan"], ["--target-minutes", "0"], ["--target-minutes", "1e300"],
    ["--name", "a\nb"], ["--staff-from", "shop_weekdays"], ["--staff-from", "nosuch"],
]), max_size=1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=export(), options=OPTIONS)
def test_fit_writes_a_valid_scenario_or_refuses_in_one_line(tmp_path, capsys, text, options):
    path, out = tmp_path / "export.csv", tmp_path / "fitted.toml"
    path.write_text(text, encoding="utf-8")
    out.unlink(missing_ok=True)
    args = ["fit", str(path), "--out", str(out), *[a for option in options for a in option]]
    code = main(args)
    captured = capsys.readouterr()
    assert code in (0, 2), (args, text, captured.err)
    event("written" if code == 0 else captured.err.split("export.csv'")[-1][:50])
    if code == 2:
        assert captured.err.count("\n") == 1 and captured.err.startswith("simlib fit: error: "), captured.err
        line = captured.err
        assert any(name in line for name in ("export", "--", "scenario", "name")), line
        assert not out.exists()
    else:
        validate_scenario(tomllib.loads(out.read_text()))
