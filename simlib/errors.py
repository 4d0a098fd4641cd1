"""The one error type users see: a bad scenario field, named and explained."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario field has a value outside what the model accepts.

    The message is one line: the dotted field path, the value given and
    what is allowed, e.g. ``staff.day.count = -1: must be >= 0``.
    """
