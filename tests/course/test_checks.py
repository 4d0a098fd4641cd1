"""The exercise checker: says what it checked, hints kindly, never raises."""

from __future__ import annotations

import pytest

from simlib.course import checks
from simlib.course.checks import Hint, check, require_close, require_function, task


@pytest.fixture(autouse=True)
def demo_task():
    @task("99.1", "the expected revenue of one lead, in USD, within 2%")
    def _(answer):
        require_close(answer, 150.0, "the expected revenue", hint="Multiply the chance of buying by the ticket.")

    @task("99.2", "a function discount(price, share) that returns the discounted price")
    def _(namespace):
        discount = require_function(namespace, "discount", ["price", "share"])
        if discount(100, 0.2) != pytest.approx(80):
            raise Hint("discount(100, 0.2) should leave 80.")

    yield
    checks.TASKS.pop("99.1"), checks.TASKS.pop("99.2")
    checks.RESULTS.clear()


def test_a_blank_answer_is_not_attempted_yet(capsys):
    assert check("99.1") == "not attempted"
    assert check("99.1", ...) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def test_a_right_answer_says_what_was_checked(capsys):
    assert check("99.1", 151.0) == "correct"
    assert "correct. (Checked: the expected revenue of one lead, in USD, within 2%.)" in capsys.readouterr().out


def test_a_wrong_answer_gets_a_hint_not_the_answer(capsys):
    assert check("99.1", 300) == "not yet"
    out = capsys.readouterr().out
    assert "too high" in out and "Multiply the chance of buying by the ticket." in out and "150" not in out
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


def test_an_unknown_task_is_named(capsys):
    assert check("00.0", 1) == "unknown"
    assert "There is no task '00.0'" in capsys.readouterr().out


def test_all_passed_raises_only_when_a_check_failed():
    check("99.1", 150)
    checks.all_passed()
    check("99.2", {})
    with pytest.raises(AssertionError, match="99.2"):
        checks.all_passed()


def test_a_function_still_blank_is_not_attempted(capsys):
    def discount(price, share):
        """Return the discounted price."""
        ...

    assert check("99.2", {"discount": discount}) == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def test_the_returned_status_shows_nothing_in_a_notebook():
    status = check("99.1", 150)
    assert status == "correct" and status._ipython_display_() is None
