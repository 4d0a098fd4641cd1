"""Reading a message export: column names, time zones, the days covered, and one-line errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simlib.errors import ScenarioError
from simlib.fit import Columns, read_export
from simlib.fit.arrivals import weekly_profile


def week(rows_per_day: int = 2, **extra) -> pd.DataFrame:
    """One message at 09:00 and one at 15:00 every day of the week from Monday 5 January 2026."""
    days = pd.date_range("2026-01-05", periods=7, freq="D")
    arrived = [d + pd.Timedelta(hours=h) for d in days for h in (9, 15)[:rows_per_day]]
    frame = pd.DataFrame({"arrived": [a.strftime("%Y-%m-%d %H:%M") for a in arrived],
                          "channel": ["dm"] * len(arrived)})
    for name, value in extra.items():
        frame[name] = value
    return frame


def test_clock_times_minutes_and_the_days_covered():
    frame = week()
    frame["first_reply"] = [(pd.Timestamp(a) + pd.Timedelta(minutes=12)).isoformat() for a in frame["arrived"]]
    frame["closed"] = [(pd.Timestamp(a) + pd.Timedelta(minutes=20)).isoformat() for a in frame["arrived"]]
    frame.loc[1, ["first_reply", "closed"]] = None
    messages = read_export(frame)
    assert messages.days == 7 and messages.start == pd.Timestamp("2026-01-05") and messages.weeks == 1
    assert messages.frame["wait"].iloc[0] == 12 and np.isnan(messages.frame["wait"].iloc[1])
    assert messages.frame["handling"].iloc[0] == 8
    assert messages.frame["observed"].iloc[0] == 7 * 1440 - 9 * 60  # from arrival to the export's last midnight
    assert messages.has == {"arrived": True, "channel": True, "first_reply": True, "closed": True, "gave_up": False}


def test_column_names_are_mapped_from_the_export():
    frame = week().rename(columns={"arrived": "created_at", "channel": "source"})
    messages = read_export(frame, Columns.parse(["arrived=created_at", "channel=source"]))
    assert len(messages.frame) == 14
    assert Columns.parse({"first_reply": "answered_at"}).first_reply == "answered_at"


def test_times_with_offsets_are_converted_to_the_time_zone_and_waits_count_real_minutes():
    # 2026-03-29 is the spring change in Madrid: 02:00 becomes 03:00
    frame = pd.DataFrame({"arrived": ["2026-03-29T00:30:00+00:00", "2026-03-28 23:00"],
                          "channel": ["dm", "dm"], "first_reply": ["2026-03-29T01:30:00Z", "2026-03-29 04:00"]})
    messages = read_export(frame, time_zone="Europe/Madrid")
    assert messages.frame["arrived"].tolist() == [pd.Timestamp("2026-03-28 23:00"), pd.Timestamp("2026-03-29 01:30")]
    # 23:00 to 04:00 on the clock, but only 4 hours passed (02:00-03:00 did not exist); 00:30 UTC is 01:30 there
    assert messages.frame["wait"].tolist() == [240.0, 60.0]


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns="channel"), "export: no column 'channel' for channel (columns: arrived); name yours "
                                          "with --column channel=NAME"),
    (lambda f: f.assign(arrived=["yesterday"] + list(f["arrived"][1:])),
     "export, row 2, column 'arrived': 'yesterday' is not a date and time"),
    (lambda f: f.assign(first_reply=["2026-01-05 08:00"] + [None] * 13),
     "export, row 2, column 'first_reply': 2026-01-05 08:00 is before the arrival 2026-01-05 09:00"),
    (lambda f: f.assign(channel=["a.b"] * 14), "export, column 'channel': channel name 'a.b': must not contain '.'"),
    (lambda f: f.assign(channel=[None] + ["dm"] * 13), "export, row 2, column 'channel': empty"),
    (lambda f: f.iloc[:0], "export: no messages"),
    (lambda f: f.assign(gave_up=["1700-01-01 00:00"] + [None] * 13),
     "export, row 2, column 'gave_up': '1700-01-01 00:00' is outside the years 1900-2199"),
    (lambda f: f.assign(arrived=["2015-01-05 09:00"] + list(f["arrived"][1:])),
     "export: covers 4,025 days (2015-01-05 to 2026-01-12); at most 3,660"),
])
def test_bad_exports_are_refused_in_one_line_naming_the_column_row_and_value(change, message):
    with pytest.raises(ScenarioError) as error:
        read_export(change(week()))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_bad_options_are_refused_in_one_line():
    with pytest.raises(ScenarioError, match=r"^--time-zone 'Europe/Madird': not a time zone name"):
        read_export(week(), time_zone="Europe/Madird")
    with pytest.raises(ScenarioError, match=r"^--column 'arived': unknown field \(fields: arrived, channel"):
        Columns.parse(["arived=created_at"])
    with pytest.raises(ScenarioError, match=r"^--column 'created_at': expected FIELD=COLUMN"):
        Columns.parse(["created_at"])


def test_a_csv_file_is_read_and_its_problems_name_the_file(tmp_path):
    path = tmp_path / "inbox.csv"
    week().to_csv(path, index=False)
    assert len(read_export(path).frame) == 14
    with pytest.raises(ScenarioError, match=r"^export '.*missing.csv': not found$"):
        read_export(tmp_path / "missing.csv")
    (tmp_path / "latin.csv").write_bytes("arrived,channel\n2026-01-05 09:00,caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"not UTF-8 text"):
        read_export(tmp_path / "latin.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ScenarioError, match=r"empty \(no header, no rows\)"):
        read_export(tmp_path / "empty.csv")


def test_the_profile_needs_a_whole_week():
    short = week().iloc[:10]  # Monday to Friday
    with pytest.raises(ScenarioError, match=r"^export: covers 5 days \(2026-01-05 to 2026-01-10\); the weekly "
                                            r"profile needs at least 7"):
        weekly_profile(read_export(short))


def test_the_profile_counts_each_interval_over_the_times_it_occurs():
    two_weeks = pd.concat([week(), week().assign(arrived=lambda f: (pd.to_datetime(f["arrived"]) +
                                                                    pd.Timedelta(days=7)).astype(str))])
    profile = weekly_profile(read_export(two_weeks.iloc[:-1]))  # the last Sunday 15:00 missing
    table = profile.table.set_index(["day", "start"])
    assert profile.per_hour == pytest.approx(27 / (14 * 24))
    assert table.loc[("mon", "09:00"), "messages"] == 2 and table.loc[("sun", "15:00"), "messages"] == 1
    assert table.loc[("mon", "09:00"), "rate"] == 2.0  # 2 messages in 2 x 0.5 hours
    assert table.loc[("mon", "09:00"), "factor"] == pytest.approx(2.0 / profile.per_hour)
    assert table["factor"].mean() == pytest.approx(1.0)
    assert table.loc[("mon", "10:00"), "factor_low"] == 0 and table.loc[("mon", "10:00"), "factor_high"] > 0
    assert profile.weekly.shape == (2, 336) and profile.weekly.to_numpy().sum() == 27


def test_pandas_times_are_read_too_naive_or_aware():
    frame = pd.DataFrame({"arrived": pd.date_range("2026-01-05", periods=20, freq="9h"), "channel": "dm",
                          "first_reply": pd.date_range("2026-01-05 00:10", periods=20, freq="9h")})
    assert read_export(frame).frame["wait"].eq(10).all()
    frame["arrived"] = frame["arrived"].dt.tz_localize("Europe/Madrid")
    frame["first_reply"] = frame["first_reply"].dt.tz_localize("UTC")  # 00:10 UTC is 01:10 in Madrid
    messages = read_export(frame, time_zone="Europe/Madrid")
    assert messages.frame["wait"].eq(70).all() and messages.frame["arrived"].iloc[0] == pd.Timestamp("2026-01-05")
