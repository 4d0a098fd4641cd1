"""``simlib fit`` as a user types it: the shipped export becomes a scenario ``simlib run`` accepts."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from simlib.cli import main
from simlib.fit.example import example_path

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "scenarios" / "shop_export.csv"


def test_the_shipped_export_is_the_package_data_file_and_has_no_personal_data():
    assert EXPORT.resolve() == example_path().resolve()
    frame = pd.read_csv(EXPORT)
    assert list(frame.columns) == ["arrived", "channel", "first_reply", "closed", "gave_up"]
    assert 1500 <= len(frame) <= 5000
    assert set(frame["channel"]) == {"comments", "dm", "reviews"}


def test_fit_on_the_shipped_export_writes_a_scenario_that_run_accepts(tmp_path, capsys):
    out = tmp_path / "my_inbox.toml"
    report = tmp_path / "fit" / "report.md"
    assert main(["fit", str(EXPORT), "--out", str(out), "--time-zone", "Europe/Madrid", "--staff-from",
                 "shop_weekdays", "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    assert f"{out}: scenario fitted to 2,086 messages over 42 days (3 channels)" in printed
    assert "warning: the export covers only 42 days (6.0 weeks)" in printed
    data = tomllib.loads(out.read_text())
    assert len(data["arrivals"]["interval_factor"]) == 7 and data["staff"]["weekday"]["count"] == 2
    assert "patience" not in data["channels"]["reviews"]  # nobody gave up on a review
    text = out.read_text()
    assert "# patience (minutes): censored data:" in text and "lifelines" in text
    assert report.is_file() and (report.parent / "report_arrivals.png").is_file()
    assert "![Patience curves" in report.read_text() and (report.parent / "report_patience.png").is_file()
    intervals = pd.read_csv(report.parent / "report_intervals.csv")
    assert len(intervals) == 336 and (intervals["factor_low"] <= intervals["factor"]).all()
    assert "[report_intervals.csv](report_intervals.csv)" in report.read_text()

    assert main(["run", "--scenario", str(out), "--json"]) == 0
    kpis = json.loads(capsys.readouterr().out)
    assert kpis["questions"] > 0 and 0 <= kpis["service_level"] <= 1


def test_fit_without_shifts_writes_a_labelled_placeholder_team(tmp_path, capsys):
    out = tmp_path / "inbox.toml"
    assert main(["fit", str(EXPORT), "--out", str(out), "--name", "My shop"]) == 0
    text = out.read_text()
    assert 'name = "My shop"' in text and "# PLACEHOLDER, not in the export" in text
    assert tomllib.loads(text)["staff"]["team"]["end_hour"] == 24.0


@pytest.mark.parametrize("args, message", [
    (["--column", "arrived=created_at"], "no column 'created_at' for arrived (columns: arrived, channel, "
                                         "first_reply, closed, gave_up); name yours with --column arrived=NAME"),
    (["--column", "arived=created_at"], "--column 'arived': unknown field"),
    (["--time-zone", "Mars/Olympus"], "--time-zone 'Mars/Olympus': not a time zone name"),
    (["--target-minutes", "-5"], "--target-minutes -5: must be 0 to 10,000,000 minutes"),
    (["--target-minutes", "1e300"], "--target-minutes 1e+300: must be 0 to 10,000,000 minutes"),
    (["--staff-from", "nowhere"], "scenario 'nowhere': no such file or preset"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    assert main(["fit", str(EXPORT), "--out", str(tmp_path / "x.toml"), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simlib fit: error: ") and message in err, err
    assert err.count("\n") == 1
    assert not (tmp_path / "x.toml").exists()


def test_a_bad_export_file_is_named(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("arrived,channel\n2026-01-05 09:00,dm\nnot a time,dm\n")
    assert main(["fit", str(bad), "--out", str(tmp_path / "x.toml")]) == 2
    err = capsys.readouterr().err
    assert f"export '{bad}', row 3, column 'arrived': 'not a time' is not a date and time" in err
    assert main(["fit", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x.toml")]) == 2
    assert "missing.csv': not found" in capsys.readouterr().err
    assert main(["fit", str(EXPORT), "--out", str(tmp_path / "x.txt")]) == 2
    assert "--out" in capsys.readouterr().err


def test_the_shipped_export_is_what_its_script_writes():
    from simlib.fit.example import example_export

    shipped = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    assert shipped.equals(example_export().astype(str)), \
        "scenarios/shop_export.csv is stale: run `python -m simlib.fit.example` (then the 07.7 numbers move too)"
