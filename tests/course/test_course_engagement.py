"""Notebook 03 helpers: classifying followers, participation inequality, replies moving people."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import make_business

from simlib import load_scenario, simulate
from simlib.course import engagement as eng
from simlib.model.business import PHASES
from simlib.model.presets import find_scenario


@pytest.mark.parametrize(("likes", "comments", "creations", "complaints", "expected"), [
    (0, 0, 0, 0, "inactive"),
    (5, 0, 0, 0, "spectator"),
    (5, 2, 0, 0, "semi-active"),
    (0, 0, 1, 0, "creator"),
    (9, 9, 1, 0, "creator"),
    (0, 0, 0, 1, "critic"),
    (3, 1, 0, 1, "critic"),          # as many complaints as positive posts: mostly negative
    (0, 2, 1, 2, "creator"),         # creates more than complains: not a critic
])
def test_classify_user_follows_its_rules(likes, comments, creations, complaints, expected):
    assert eng.classify_user(likes, comments, creations, complaints) == expected


def test_classify_user_rejects_negative_counts():
    with pytest.raises(ValueError, match="likes = -1"):
        eng.classify_user(-1, 0, 0, 0)


def test_every_user_type_has_a_phase_and_the_guide_follows_the_ladder():
    assert set(eng.PHASE_OF_TYPE) == set(eng.USER_TYPES)
    assert set(eng.PHASE_OF_TYPE.values()) == set(PHASES)
    guide = eng.phase_guide()
    assert list(guide.index) == list(PHASES)
    assert [eng.PHASE_OF_TYPE[t] for t in guide["user type"]] == list(PHASES)


def test_the_worked_example_has_three_brands_and_every_type():
    classified = eng.classify_users(eng.example_users())
    mix = eng.brand_mix(classified)
    assert list(mix.index) == ["international", "launching", "unknown"]
    assert list(mix.columns) == list(eng.USER_TYPES)
    assert mix.to_numpy().sum() == len(classified) == 12
    assert (mix.sum(axis=0) > 0).all()  # every type appears somewhere
    assert mix.loc["unknown", "inactive"] == mix.loc["unknown"].max()  # the unknown brand is mostly silent
    assert (classified["phase"].astype(str) == classified["type"].astype(str).map(eng.PHASE_OF_TYPE)).all()


def test_participation_figure_shows_the_cited_shares():
    assert sum(eng.NIELSEN_PEOPLE.values()) == pytest.approx(1)
    assert sum(eng.VAN_MIERLO_POSTS.values()) == pytest.approx(1, abs=1e-3)
    fig = eng.plot_participation_inequality()
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 3) for p in ax.patches)
    assert widths == sorted([0.9, 0.09, 0.01, 0.013, 0.24, 0.747])
    assert "75%" in ax.get_title()


def test_good_replies_promote_and_ignored_ones_make_critics():
    result = simulate(make_business(**{"staff.always.count": 2, "run.days": 3}))
    moves = eng.reply_moves(result)
    well, ignored = moves.loc["answered well"], moves.loc["ignored (gave up)"]
    assert well["questions"] > 100 and ignored["questions"] > 100
    assert well["turned critic"] == 0 and ignored["moved up a phase"] == 0
    # the chances in the scenario, within a generous binomial margin
    for share, p, n in ((well["moved up a phase"], 0.43, well["questions"]),
                        (ignored["turned critic"], 0.6, ignored["questions"])):
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / n)


def test_reply_moves_needs_a_business():
    from conftest import make_scenario
    with pytest.raises(ValueError, match="no \\[business\\] section"):
        eng.reply_moves(simulate(make_scenario(**{"run.days": 0.2})))


def test_the_jewellers_replies_move_people_as_notebook_03_says():
    # notebook 03: "nearly half of the well-answered climbed, none turned critic; of those who gave up, more
    # than half became critics and only about one in six climbed" (four weeks of the preset, its seed)
    moves = eng.reply_moves(simulate(load_scenario(find_scenario("luxury"))))
    well, ignored = moves.loc["answered well"], moves.loc["ignored (gave up)"]
    assert 0.4 <= well["moved up a phase"] < 0.5 and well["turned critic"] == 0
    assert ignored["turned critic"] > 0.5
    assert 1 / 8 <= ignored["moved up a phase"] <= 1 / 5


@pytest.fixture(scope="module")
def four_weeks():
    return eng.audience_after(find_scenario("luxury"), eng.JEWELLER_STAFFING, replications=5)


def test_better_staffing_makes_fewer_critics_and_more_climbers_in_four_weeks(four_weeks):
    table = four_weeks
    poor, good = table.loc["weekdays only"], table.loc["shop hours + evenings and Sundays"]
    # notebook 03: "less than a third of the critics ... about half as many people again climb"
    assert good["critics high"] < poor["critics low"] and good["critics"] < poor["critics"] / 3
    assert good["climbed low"] > poor["climbed high"] and 1.3 < good["climbed"] / poor["climbed"] < 1.7
    assert good["service level"] > poor["service level"]
    # "one or two creators in every team": two climbs take two good conversations
    assert table["new creators"].between(0.5, 2.5).all()
    for column in ("critics", "climbed", "new creators"):
        assert (table[f"{column} low"] <= table[column]).all() and (table[column] <= table[f"{column} high"]).all()


def test_over_half_a_year_creators_grow_and_critics_settle(four_weeks):
    table = eng.audience_after(find_scenario("luxury"), eng.JEWELLER_STAFFING, replications=3, days=182)
    poor, good = table.loc["weekdays only"], table.loc["shop hours + evenings and Sundays"]
    # notebook 03: "more than three times as many creators"
    assert good["new creators low"] > poor["new creators high"] and good["new creators"] > 3 * poor["new creators"]
    # "about 40 critics, not six times the 27 of the first month": anger fades, the count settles
    assert 35 <= poor["critics"] <= 45 and poor["critics"] < 2 * four_weeks.loc["weekdays only", "critics"]
    assert good["critics high"] < poor["critics low"]


def test_explorer_redraws_when_staffing_changes():
    explorer = eng.engagement_explorer(find_scenario("luxury"), days=14)
    fig, text = explorer.result
    assert fig.axes and "critics" in text
    explorer.controls["staffing"].value = "weekdays only"
    poor = explorer.result[1]
    explorer.controls["staffing"].value = "shop hours + evenings and Sundays"
    good = explorer.result[1]
    assert poor != good
    critics = [int(t.split(": ")[1].split(" critics")[0]) for t in (poor, good)]
    assert critics[1] < critics[0]


def test_sharing_someone_elses_post_is_semi_active_as_the_glossary_says():
    from simlib.course.setup import GLOSSARY

    participation = next(meaning for spanish, _, meaning in GLOSSARY if spanish == "participación")
    assert "share" in participation and "semi-active" in participation
    classified = eng.classify_users(eng.example_users())
    sharers = classified[classified["what they did"].str.contains("shared")]
    assert (sharers["type"] != "creator").all()
