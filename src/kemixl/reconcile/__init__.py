"""Reconciliation: submissions checked against the master tree and against themselves.

Pure functions from (master, submissions) to a `Consolidation`: the figures the report uses
and every finding, collected, never raised.
"""

from .binding import binding_overruns, overrun_summary, shortfall_summary
from .common import Consolidation, column_label, department_of_submission, tolerance
from .core import Checked, check_workbook, inputs_of, reconcile

__all__ = [
    "Checked",
    "Consolidation",
    "binding_overruns",
    "check_workbook",
    "column_label",
    "department_of_submission",
    "inputs_of",
    "overrun_summary",
    "reconcile",
    "shortfall_summary",
    "tolerance",
]
