"""The exercise checker: says what it checked, hints kindly, never raises, reads every reasonable answer form."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from simlib.course import checks
from simlib.course.checks import (
    Hint,
    as_table,
    check,
    choice_letters,
    plain,
    read_label,
    require_close,
    require_function,
    require_number,
    require_table,
    require_whole,
    rounding_hint,
    task,
)


@pytest.fixture(autouse=True)
def demo_task():
    @task("99.1", "the expected revenue of one lead, in USD, within 2%", method="chance of buying x ticket")
    def _(answer):
        require_close(answer, 150.0, "the expected revenue", hint="Which two numbers make a lead's value?",
                      more="Multiply the chance of buying by the ticket.")

    @task("99.2", "a function discount(price, share) that returns the discounted price")
    def _(namespace):
        discount = require_function(namespace, "discount", ["price", "share"])
        if discount(100, 0.2) != pytest.approx(80):
            raise Hint("discount(100, 0.2) should leave 80.")

    yield
    checks.TASKS.pop("99.1"), checks.TASKS.pop("99.2")
    checks.reset()


def test_a_blank_answer_is_not_attempted_yet(capsys):
    assert check("99.1") == "not attempted"
    assert check("99.1", ...) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def test_a_right_answer_says_what_was_checked_and_then_how(capsys):
    assert check("99.1", 151.0) == "correct"
    out = capsys.readouterr().out
    assert "correct. (Checked: the expected revenue of one lead, in USD, within 2%.)" in out
    assert "How it is computed: chance of buying x ticket" in out


def test_a_wrong_answer_gets_a_hint_not_the_method_then_a_stronger_hint(capsys):
    assert check("99.1", 300) == "not yet"
    out = capsys.readouterr().out
    assert "too high" in out and "Which two numbers" in out and "150" not in out
    assert "Multiply" not in out and "chance of buying x ticket" not in out  # no method before a right answer
    assert check("99.1", 300) == "not yet"
    assert "Multiply the chance of buying by the ticket." in capsys.readouterr().out  # second try: more help
    assert check("99.1", "a lot") == "not yet"
    assert "Expected a number" in capsys.readouterr().out


def test_a_missing_or_renamed_function_is_named_kindly(capsys):
    def discont(price, share):
        return price * (1 - share)

    assert check("99.2", {"discont": discont}) == "not yet"
    assert "Did you mean 'discont'?" in capsys.readouterr().out

    def discount(amount, share):
        return amount * (1 - share)

    assert check("99.2", {"discount": discount}) == "not yet"
    assert "should take (price, share); yours takes (amount, share)" in capsys.readouterr().out

    def discount(price, share):  # noqa: F811
        return price * (1 - share)

    assert check("99.2", {"discount": discount}) == "correct"


def test_an_unknown_task_is_named_with_the_likeliest_one(capsys):
    assert check("00.0", 1) == "unknown"
    assert "There is no task '00.0'" in capsys.readouterr().out
    assert check("99.l", 150) == "unknown"
    assert "Did you mean '99.1'?" in capsys.readouterr().out


def test_all_passed_requires_every_task_of_the_notebook():
    check("99.1", 150)
    with pytest.raises(AssertionError, match="99.2.*never checked"):
        checks.all_passed()
    check("99.2", {"discount": lambda price, share: price * (1 - share)})
    checks.all_passed()
    checks.all_passed("99")
    check("99.2", {})
    with pytest.raises(AssertionError, match="99.2"):
        checks.all_passed("99")


def test_all_passed_refuses_a_mistyped_task_id():
    check("99.1", 150)
    check("99.2", {"discount": lambda price, share: price * (1 - share)})
    check("99.l", 150)
    with pytest.raises(AssertionError, match="99.l.*unknown"):
        checks.all_passed("99")
    checks.reset()
    with pytest.raises(AssertionError, match="never checked"):
        checks.all_passed("99")


def test_a_function_still_blank_is_not_attempted(capsys):
    def discount(price, share):
        """Return the discounted price."""
        ...

    assert check("99.2", {"discount": discount}) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def test_the_returned_status_shows_nothing_in_a_notebook():
    status = check("99.1", 150)
    assert status == "correct" and status._ipython_display_() is None


# --- one reading of answers ---------------------------------------------------------------------------------

def test_plain_turns_numpy_numbers_into_python_numbers_in_containers_too():
    value = plain({"early": np.int64(3), "late": [np.float64(0.5), np.bool_(True)], np.int64(1): np.array(2.0)})
    assert value == {"early": 3, "late": [0.5, True], 1: 2.0}
    assert type(value["early"]) is int and type(value[1]) is float


@pytest.mark.parametrize("form", [150, 150.0, np.int64(150), np.float64(150.0), np.float32(150.0),
                                  Fraction(300, 2), np.array(150.0)])
def test_numbers_in_any_numeric_type_are_accepted(capsys, form):
    assert check("99.1", form) == "correct"


def test_a_number_in_quotes_a_bool_or_nan_gets_a_hint():
    with pytest.raises(Hint, match="without quotes"):
        require_number("1,640", "the revenue")
    with pytest.raises(Hint, match="Expected a number"):
        require_number(True, "the revenue")
    with pytest.raises(Hint, match="NaN"):
        require_number(float("nan"), "the revenue")


def test_whole_numbers_read_3_3point0_and_numpy_alike():
    assert require_whole(3.0, "a head count") == require_whole(np.int64(3), "a head count") == 3
    with pytest.raises(Hint, match="whole number from 1 to 30"):
        require_whole(2.5, "a head count", 1, 30)


def test_a_value_rounded_too_far_is_told_so_not_too_high():
    with pytest.raises(Hint, match="looks rounded to 2 decimals: give 3 decimals"):
        require_close(0.09, 0.0943, "the share who give up", rel=0.02)
    require_close(0.094, 0.0943, "the share who give up", rel=0.02)  # rounded within the tolerance passes
    with pytest.raises(Hint, match="too high"):
        require_close(0.12, 0.0943, "the share who give up", rel=0.02)
    assert rounding_hint(0.0943, 0.0943) == "" and rounding_hint(0.2, 0.0943) == ""  # only a rounding explains


def test_a_percentage_for_a_share_gets_its_own_hint():
    with pytest.raises(Hint, match="not a percentage"):
        require_close(9.43, 0.0943, "the share who give up", share=True)


@pytest.mark.parametrize("form", ["b", "B", " (b) ", "b)", "b.", {"b"}, ["b"], ("B",), "b) the second option"])
def test_one_letter_in_any_spelling(form):
    assert choice_letters(form, "abcd") == {"b"}


@pytest.mark.parametrize("form", ["a, c", "a and c", "ac", "A C", {"a", "c"}, ["a", "c"], ("c", "a")])
def test_several_letters_in_any_spelling(form):
    assert choice_letters(form, "abcd") == {"a", "c"}


def test_words_that_are_not_letters_get_a_hint():
    with pytest.raises(Hint, match="not one of the options"):
        choice_letters("both", "abcd")
    with pytest.raises(Hint, match="Expected letters"):
        choice_letters(4, "abcd")


def test_labels_read_the_notebooks_own_words():
    legs = ("branding", "purchase", "use")
    aliases = {"purchase process": "purchase", "after-sales": "use"}
    for form, label in [("Purchase process", "purchase"), ("the purchase leg", "purchase"), ("PURCHASE", "purchase"),
                        ("after_sales", "use"), ("Use", "use"), ("brandings", "branding")]:
        assert read_label(form, legs, aliases) == label, form
    assert read_label("semiactive", ("semi-active",)) == read_label("Semi Active", ("semi-active",)) == "semi-active"
    assert read_label("shopping", legs, aliases) is None


EXPECTED_DAYS = pd.Series([0.1, 0.2, 0.3, 0.25, 0.15, 0.4, 0.35], index=range(7))
DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@pytest.mark.parametrize("form", [
    EXPECTED_DAYS,
    EXPECTED_DAYS.set_axis([float(d) for d in range(7)]),  # arrival // 1440 % 7 on float minutes
    EXPECTED_DAYS.set_axis(DAY_NAMES),
    EXPECTED_DAYS.set_axis(["monday", "Tuesday", "WEDNESDAY", "thu", "Fri", "sat", "Sunday"]),
    EXPECTED_DAYS.set_axis(np.arange(7, dtype=np.int64)).to_frame("share"),
    EXPECTED_DAYS.to_dict(),
    list(EXPECTED_DAYS),
    EXPECTED_DAYS.round(2),
    EXPECTED_DAYS.iloc[::-1],
])
def test_a_day_of_week_table_in_any_reasonable_form_passes(form):
    require_table(form, EXPECTED_DAYS, "share by day", abs_tol=0.01, index="day", how="")


def test_a_table_rounded_too_far_or_with_percentages_gets_its_own_hint():
    expected = EXPECTED_DAYS + 0.0432
    with pytest.raises(Hint, match="look rounded to 1 decimal: give 2 decimals"):
        require_table(expected.round(1), expected, "share by day", abs_tol=0.01, index="day", how="")
    with pytest.raises(Hint, match="not percentages"):
        require_table(expected * 100, expected, "share by day", abs_tol=0.01, index="day", how="")
    with pytest.raises(Hint, match="more than seven days"):
        require_table(pd.Series(0.1, index=range(14)), expected, "share by day", abs_tol=0.01, index="day", how="")


def test_clock_hours_read_numbers_and_text():
    expected = pd.Series([1.0, 2.0, 3.0], index=[8, 9, 10])
    for keys in ([8, 9, 10], [8.0, 9.0, 10.0], ["08:00", "09:00", "10:00"], ["8h", "9h", "10h"]):
        require_table(pd.Series([1.0, 2.0, 3.0], index=keys), expected, "by hour", abs_tol=0.01, index="hour", how="")


def test_text_labelled_tables_forgive_case_and_aliases():
    expected = pd.Series({"within 1 h": 0.8, "1 to 4 h": 0.6, "later or never": 0.3})
    given = {"Within 1 hour": 0.8, "1-4 h": 0.6, "LATER OR NEVER": 0.3}
    require_table(given, expected, "share", abs_tol=0.01, index="label", how="",
                  aliases={"within 1 hour": "within 1 h", "1-4 h": "1 to 4 h"})


def test_a_dataframe_with_several_columns_is_named():
    with pytest.raises(Hint, match="2 columns"):
        as_table(pd.DataFrame({"a": [1], "b": [2]}), "share by day")
