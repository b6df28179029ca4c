"""Reconciliation: submissions checked against the master tree and against themselves.

Pure functions from (master, submissions) to a `Consolidation`: the figures the report uses
and every finding, collected, never raised.
"""

from .common import Consolidation, column_label, department_of_submission, tolerance
from .core import reconcile

__all__ = ["Consolidation", "column_label", "department_of_submission", "reconcile", "tolerance"]
