"""Helpers behind the course notebooks: one module per topic, plus shared widgets.

Notebooks stay thin: a cell calls a named, tested function from here or from
the rest of simlib, and a figure function returns its figure.
"""
