"""Fit a scenario to a message export: ``fit_export(path_or_frame, columns=..., time_zone=...)``.

A team's inbox export (one row per message: arrival, channel, first reply,
close, give-up) becomes a scenario file with the weekly arrival profile per
30-minute interval, the channel mix, handling times and patience, each
value commented with how it was estimated and from how many messages.
``docs/fit.md`` explains the export format, the methods and their limits.
"""

from simlib.fit.export import Columns, Messages, export_from_result, read_export
from simlib.fit.fit import FitResult, fit_export

__all__ = ["Columns", "FitResult", "Messages", "export_from_result", "fit_export", "read_export"]
