"""``simlib erlang --concurrency K``: people holding K conversations are K servers each."""

from __future__ import annotations

import json
import math

import pytest

from simlib.analysis.queueing import agents_needed, queue_figures
from simlib.cli.main import main

QUEUE = ["erlang", "--arrivals-per-hour", "90", "--handle-minutes", "6", "--patience-minutes", "10",
         "--target-minutes", "5"]


def test_figures_for_people_are_those_of_people_times_k_servers(capsys):
    assert main([*QUEUE, "--agents", "3", "--concurrency", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = queue_figures(90, 6, 9, 10, 5)
    assert out["people"] == 3 and out["concurrency"] == 3 and out["agents"] == 9
    assert out["service_level"] == pytest.approx(expected.service_level)
    assert main([*QUEUE, "--agents", "3", "--concurrency", "3"]) == 0
    assert "on 3 people x 3 conversations = 9 servers" in capsys.readouterr().out


def test_people_needed_are_the_slots_needed_over_k_rounded_up(capsys):
    assert main([*QUEUE, "--service-level", "0.8", "--concurrency", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    slots = agents_needed(90, 6, 5, 0.8, 10)
    assert out["agents"] == math.ceil(slots / 3) and out["offered_load"] == pytest.approx(3.0)
    assert out["figures"][str(out["agents"])]["agents"] == 3 * out["agents"]
    assert slots - 3 < 3 * out["fractional_agents"] <= slots
    assert main([*QUEUE, "--service-level", "0.8", "--concurrency", "3"]) == 0
    text = capsys.readouterr().out
    assert f"people needed for 80.0% within 5 min: {out['agents']}" in text and "  people  service_level" in text


def test_concurrency_out_of_range_is_one_line(capsys):
    assert main([*QUEUE, "--agents", "3", "--concurrency", "21"]) != 0
    assert capsys.readouterr().err.strip() == "simlib erlang: error: --concurrency 21: a whole number from 1 to 20"
