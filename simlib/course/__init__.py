"""Helpers behind the course notebooks: one module per topic, plus shared widgets.

Notebooks stay thin: a cell calls a named, tested function from here or from
the rest of simlib, and a figure function returns its figure.

Importing the course sets pandas to show tables a student can read
(:func:`simlib.course.tables.course_display`): whole text in every cell (no
cut at 50 characters) and two decimals for raw floats.
"""

from simlib.course.tables import course_display

course_display()
