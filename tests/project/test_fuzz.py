"""Fuzzing the command line (issue 16): the shipped scenarios mutated as a careless or unlucky user would,
and odd command lines. Every case must either exit 2 with one line naming the file, a field or an
option, or succeed with every KPI in its range. Nothing may escape as a traceback, run out of memory
or hang.

Seeded (hypothesis with ``derandomize``): the same cases every time. ``make test`` runs a few hundred
(:data:`EXAMPLES` per test); ``make fuzz`` runs thousands (``SIMLIB_FUZZ_EXAMPLES``) and prints the
counts (``SIMLIB_FUZZ_REPORT`` also writes them as JSON).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import signal
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simlib.analysis.registry import KPI_BOUNDS
from simlib.cli import main
from simlib.model.presets import find_scenario, preset_names

EXAMPLES = int(os.environ.get("SIMLIB_FUZZ_EXAMPLES", "150"))
HANG_SECONDS = float(os.environ.get("SIMLIB_FUZZ_HANG_SECONDS", "120"))
LIMIT_QUESTIONS = "4000"  # SIMLIB_MAX_QUESTIONS while fuzzing: every accepted case is small enough to run quickly
PRESETS = preset_names()
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=True,
                suppress_health_check=list(HealthCheck))
COUNTS: Counter[str] = Counter()
NAMES = re.compile(r"(?:^|[\s'\"(\[])(?:arrivals|channels|staff|service|run|business|name|description|scenario|calendar|"
                   r"grid point|replications|workers|targets?|kpi|--[a-z][a-z-]*|[a-z_]+ = )")


# --- scenario files ------------------------------------------------------------------------------

def base(preset: str) -> dict[str, Any]:
    """A shipped scenario, shortened so that a case that runs is quick (mutations may lengthen it)."""
    data = tomllib.loads(find_scenario(preset).read_text(encoding="utf-8"))
    data.setdefault("run", {}).update({"days": 1.0, "warmup_days": 0.0, "replications": 1})
    return data


def leaves(data: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path in the data (as a tuple of keys), tables and values alike."""
    paths = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = (*prefix, key)
            paths.append(path)
            paths.extend(leaves(value, path))
    return paths


ODD_TEXT = ["", " 3 ", "3", "true", "\n", "a\nb", "\x1b[31mred\x1b[0m", "=HYPERLINK(\"x\")", "+1", "-1", "@x",
            "x" * 5000, "é", "\u202e", "fifo", "leaves", "stays", "priority", "value", "mon", "gamma"]
ODD_NUMBERS = [0, -1, 1, 2, 3, 0.5, 1e-320, 1e-170, 1e-9, 23.99, 47.99, 24, 48, 100, 101, 3660, 3661, 1e6, 1e7,
               1e9, 1e10, 1e308, -1e308, 2**31, 2**63, 2**70, 32768, float("nan"), float("inf"), float("-inf")]
values = st.one_of(
    st.sampled_from(ODD_NUMBERS), st.sampled_from(ODD_TEXT), st.booleans(), st.none(),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10, max_value=10**6),
    st.lists(st.sampled_from([0, 1, 0.5, -1, "x", float("nan")]), max_size=30),
    st.sampled_from([[], {}, {"dist": "normal"}, {"mean": 3}, {"dist": "gamma", "mean": 3, "cv": 1e-170},
                     {"dist": "fixed", "value": 0}, {"count": 1}, {"count": 1, "days": []},
                     {"curve": "step", "at_once": 0.5}, ["mon", "mon"], ["sat", "sun"], [1.0] * 24, [1e9] * 24]),
)


@st.composite
def mutated_file(draw) -> tuple[str, bytes]:
    """A shipped scenario with one or two changes, as TOML bytes, sometimes damaged as a file."""
    preset = draw(st.sampled_from(PRESETS))
    data = base(preset)
    for _ in range(draw(st.integers(1, 2))):
        paths = leaves(data)
        kind = draw(st.sampled_from(["set", "set", "scale", "scale", "scale", "delete", "unknown", "rename", "nest"]))
        *parents, leaf = draw(st.sampled_from(paths))
        node = data
        for key in parents:
            node = node[key]
        if kind == "set":
            value = draw(values)
            if value is None:
                node.pop(leaf, None)
            else:
                node[leaf] = value
        elif kind == "scale":  # a plausible change: the same number, bigger, smaller, zero or negative
            value = node.get(leaf)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                factor = draw(st.sampled_from([0, 0.5, 0.9, 1.1, 2, 3, 10, -1]))
                node[leaf] = type(value)(value * factor)
            elif isinstance(value, list) and value and all(isinstance(v, (int, float)) for v in value):
                factor = draw(st.sampled_from([0, 0.5, 2, 10]))
                node[leaf] = [type(v)(v * factor) for v in value]
        elif kind == "delete":
            node.pop(leaf, None)
        elif kind == "unknown":
            node[draw(st.sampled_from(["cuont", "speed", "a.b", "", "dist"]))] = 1
        elif kind == "rename" and isinstance(node.get(leaf), dict | list | int | float | str):
            node[draw(st.sampled_from(["x", "a.b", "a\nb", "=cmd", "x" * 150, "dm", "late"]))] = node.pop(leaf)
        elif kind == "nest":
            node[leaf] = {"v": node.get(leaf)}
    text = to_toml(data).encode("utf-8")
    damage = draw(st.sampled_from(["none"] * 12 + ["truncate", "latin1", "bom", "deep", "empty", "binary"]))
    if damage == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "latin1":
        text = b'name = "caf\xe9"\n' + text
    elif damage == "bom":
        text = b"\xef\xbb\xbf" + text
    elif damage == "deep":
        text = b"deep = " + b"[" * 2000 + b"]" * 2000 + b"\n" + text
    elif damage == "empty":
        text = b""
    elif damage == "binary":
        text = bytes(draw(st.lists(st.integers(0, 255), max_size=200)))
    return preset, text


def to_toml(data: dict[str, Any]) -> str:
    """Plain TOML for nested data: every table inline, so any mutation can be written."""
    return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in data.items() if v is not None)


def _key(key: Any) -> str:
    return json.dumps(str(key), ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None) + "}"
    return json.dumps(str(value))


# --- command lines -----------------------------------------------------------------------------

ODD_ARGS = ["0", "-1", "1", "2", "1e9", "nan", "inf", "-inf", "abc", "", "1.5", "100000", "1000000000", "3660",
            "0.0001", "\n", "x" * 400]
ODD_PATHS = ["", "/dev/full", "/dev/null", ".", "missing/folder/out", "x" * 300, "out/\x00x", "a.csv/b",
             "ok/file"]


@st.composite
def command_line(draw) -> list[str]:
    """One command with odd options; small enough to run quickly when it is accepted."""
    command = draw(st.sampled_from(["run", "run", "compare", "sweep", "sweep", "erlang", "optimise"]))
    preset = draw(st.sampled_from([*PRESETS, "nosuch", "", "/tmp", "x" * 300]))
    number = st.sampled_from(ODD_ARGS)
    sets = draw(st.lists(st.sampled_from([
        "staff.weekdya.count=3", "staff.late.count=3", "staff.always.count=2", "arrivals.per_hour=true",
        "arrivals.per_hour=1e308", "run.seed=\" 3 \"", "service.discipline=lifo", "service.discipline=value",
        "business.reputation.arrival_elasticity=30", "channels.dm.handling={mean=3}", "nosuch=1", "=3", "x",
        "staff={}", "channels={}", "run.days=0.5", "run.warmup_days=0.25", "name=\"a\nb\"",
        "arrivals.per_hour=" + "[" * 500 + "]" * 500]), max_size=2))
    args = [command]
    tail = ["--days", draw(st.sampled_from(["0.5", "1", *ODD_ARGS[:8]]))]
    if command == "run":
        args += ["--scenario", preset, *tail, "--json"]
        if draw(st.booleans()):
            args += ["--replications", draw(st.sampled_from(["1", "2", "0", "-3", "1000000000", "100001"]))]
        if draw(st.booleans()):
            args += ["--records", draw(st.sampled_from([*ODD_PATHS, "r.csv"]))]
    elif command == "compare":
        args += [preset, draw(st.sampled_from([*PRESETS, preset])), *tail,
                 "--replications", draw(st.sampled_from(["2", "1", "0", "1000000000"])), "--json"]
        if draw(st.booleans()):
            args += ["--figure", draw(st.sampled_from([*ODD_PATHS, "f.png", "f.xyz"]))]
    elif command == "sweep":
        spec = draw(st.sampled_from(["1:2", "1:inf", "1:1e9", "1:2:1e-9", "nan:3", "2:1", "1,2", "fifo,lifo",
                                     "{count=1},{count=2}", "[[[[[[1]]]]]]", "1:2:0", "", "0:1:0.5"]))
        field = draw(st.sampled_from(["staff.late", "staff.always", "staff.weekday", "service.discipline",
                                      "run.seed", "nosuch.field", "staff"]))
        args += ["--scenario", preset, *tail, "--vary", f"{field}={spec}", "--workers",
                 draw(st.sampled_from(["1", "1", "1", "0", "-1", "100000"])),
                 "--replications", draw(st.sampled_from(["1", "2", "0", "1000000000"])),
                 "--out", draw(st.sampled_from(["s.csv", "s.csv", *ODD_PATHS])), "--figure", "s.png"]
        if draw(st.booleans()):
            args += ["--resume"]
        if draw(st.booleans()):
            args += ["--kpi", draw(st.sampled_from(["service_level", "nosuch", "profit", ""]))]
    elif command == "erlang":
        args = ["erlang", "--arrivals-per-hour", draw(number), "--handle-minutes", draw(number)]
        if draw(st.booleans()):
            args += ["--agents", draw(st.sampled_from(["0", "3", "-1", "100001", "1e9", "abc"]))]
        else:
            args += ["--service-level", draw(st.sampled_from(["0.8", "1", "1.0", "0", "-1", "nan", "0.999999"]))]
        if draw(st.booleans()):
            args += ["--patience-minutes", draw(number)]
        if draw(st.booleans()):
            args += ["--target-minutes", draw(number)]
        if draw(st.booleans()):
            args += ["--max-abandon", draw(st.sampled_from(["0", "0.1", "1.5", "nan"]))]
        return args
    else:  # optimise: only with an option no plan can satisfy, so it never searches for long
        args += ["--scenario", preset, *tail, "--service-level", "0.8", "--workers", "1",
                 draw(st.sampled_from(["--reputation-floor", "--night-premium", "--part-time-rate", "--max-count"])),
                 draw(st.sampled_from(["101", "-5", "1e9", "nan", "200000"]))]
    for text in sets:
        args += ["--set", text]
    return args


# --- one case ----------------------------------------------------------------------------------

class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    def stop(*_):
        raise Hang(f"no answer after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_case(args: list[str], folder: Path) -> tuple[int | str, str, str]:
    """Run ``simlib ARGS`` in this process, in ``folder``; the exit status (or what escaped), stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(folder)
    try:
        with time_limit(HANG_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code: int | str = main(args)
            except SystemExit as stop:  # argparse: a bad command line
                code = stop.code if isinstance(stop.code, int) else 2
    except Hang:
        code = "hang"
    except MemoryError:
        code = "memory"
    except Exception as exc:  # escaped main(): a traceback
        code = f"traceback {type(exc).__name__}: {exc}"
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


def check(args: list[str], code: int | str, out: str, err: str, file_name: str | None = None,
          scenario: dict[str, Any] | None = None) -> None:
    """The promise: exit 2 with one line naming the file, a field or an option; or success with KPIs in range."""
    COUNTS["cases"] += 1
    shown = [a[:60] for a in args]
    if code == "hang":
        COUNTS["hangs"] += 1
    elif code == "memory" or "out of memory" in err:
        COUNTS["memory errors"] += 1
    elif isinstance(code, str) or "internal error" in err or "Traceback" in err:
        COUNTS["tracebacks"] += 1
    assert code in (0, 2), f"{shown}: exit {code!r}; stderr: {err[-600:]!r}"
    command = args[0]
    if os.environ.get("SIMLIB_FUZZ_VERBOSE"):
        print(f"{code!s:>4} {' '.join(shown)[:150]!r} -> {(err.strip() or out[:80]).splitlines()[-1:]!s:.200}")
    if code == 2:
        COUNTS["refused"] += 1
        assert err.count("\n") == 1 and err.endswith("\n"), f"{shown}: not one line: {err[:600]!r}"
        line = err[:-1]
        assert line.startswith(f"simlib {command}: error: "), f"{shown}: {line!r}"
        assert line.isprintable() and len(line) <= 600, f"{shown}: {line[:700]!r}"
        message = line.removeprefix(f"simlib {command}: error: ")
        named = (file_name is not None and file_name in message) or NAMES.search(message) is not None
        assert named, f"{shown}: the line names no file, field or option: {line!r}"
        return
    COUNTS["succeeded"] += 1
    if command == "erlang" or "--json" not in args:
        return
    report = json.loads(out)
    tables = report["scenarios"].values() if command == "compare" else [report]
    ignoring_pays = scenario is not None and _ignoring_pays(scenario)
    for table in tables:
        for kpi, value in table.items():
            if kpi not in KPI_BOUNDS:
                continue
            value = value["mean"] if isinstance(value, dict) else value
            if value is None:  # NaN: undefined (no questions, no leads...)
                assert kpi != "questions", f"{shown}: questions is undefined"
                continue
            low, high = KPI_BOUNDS[kpi]
            if kpi.startswith("revenue_lost") and ignoring_pays:
                low = -math.inf  # repeat_if_ignored above repeat_if_answered: ignoring can pay
            assert math.isfinite(value) and low - 1e-9 <= value <= high + 1e-9, f"{shown}: {kpi} = {value}"


def _ignoring_pays(data: dict[str, Any]) -> bool:
    after = data.get("business", {}).get("after_sale", {}) if isinstance(data.get("business"), dict) else {}
    try:
        return float(after.get("repeat_if_ignored", 0)) > float(after.get("repeat_if_answered", 1))
    except (TypeError, ValueError):
        return True


@pytest.fixture(autouse=True)
def small_runs(monkeypatch):
    monkeypatch.setenv("SIMLIB_MAX_QUESTIONS", LIMIT_QUESTIONS)
    monkeypatch.delenv("SIMLIB_DEBUG", raising=False)


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGALRM to catch hangs")
@FUZZ
@given(case=mutated_file(), records=st.booleans())
def test_mutated_scenario_files(case, records, tmp_path_factory):
    preset, text = case
    folder = tmp_path_factory.mktemp("fuzz")
    scenario = folder / f"mutated_{preset}.toml"
    scenario.write_bytes(text)
    args = ["run", "--scenario", str(scenario), "--json", *(["--records", "r.csv"] if records else [])]
    started = time.monotonic()
    code, out, err = run_case(args, folder)
    COUNTS["seconds"] += time.monotonic() - started
    try:
        data = tomllib.loads(text.decode("utf-8-sig"))
    except Exception:
        data = None
    check(args, code, out, err, scenario.name, data)
    if code == 0 and records:
        assert (folder / "r.csv").is_file() and not (folder / "r.csv.partial").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGALRM to catch hangs")
@FUZZ
@given(args=command_line())
def test_odd_command_lines(args, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "ok").mkdir()
    started = time.monotonic()
    code, out, err = run_case(args, folder)
    COUNTS["seconds"] += time.monotonic() - started
    check(args, code, out, err, Path(args[2]).name if len(args) > 2 and args[1] == "--scenario" else None)


def test_report_the_counts():
    """Runs last in this file: the counts of the cases above (printed with -s; JSON in SIMLIB_FUZZ_REPORT)."""
    counts = {key: COUNTS.get(key, 0) for key in ("cases", "succeeded", "refused", "tracebacks", "memory errors",
                                                   "hangs")}
    counts["seconds"] = round(COUNTS.get("seconds", 0.0), 1)
    print(f"\nfuzz: {json.dumps(counts)}")
    if os.environ.get("SIMLIB_FUZZ_REPORT"):
        Path(os.environ["SIMLIB_FUZZ_REPORT"]).write_text(json.dumps(counts, indent=2), encoding="utf-8")
    assert counts["tracebacks"] == counts["memory errors"] == counts["hangs"] == 0
