"""Shared by the task tests: run a check and read what it printed, with a clean slate each test."""

from __future__ import annotations

import pytest

from simlib.course import checks
from simlib.course.checks import check


@pytest.fixture(autouse=True)
def fresh_results():
    """Forget the checks of the previous test (``all_passed`` reads them)."""
    yield
    checks.reset()


def feedback(capsys, task_id, answer):
    """The status of ``check(task_id, answer)`` and the line it printed."""
    status = check(task_id, answer)
    return status, capsys.readouterr().out
