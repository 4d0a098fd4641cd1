"""Command line: ``simlib run`` simulates a scenario, ``simlib compare`` puts scenarios side by
side, ``simlib sweep`` runs a grid of changes (resumable), ``simlib optimise`` searches for a
staffing plan, ``simlib report`` writes a staffing report notebook and ``simlib erlang`` gives the
formulas. One module per command family; :mod:`simlib.cli.main` holds the options and the error
boundary.

Bad input prints one line naming the file, field or option and exits with status 2, before anything
is simulated when it can be known then (fields, limits, output paths); Ctrl-C exits with status 130.
"""

from simlib.cli.main import main

__all__ = ["main"]
