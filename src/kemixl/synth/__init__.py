"""A deterministic synthetic organisation in kemixl's own formats, for demos and benchmarks.

`synthesize(root, departments, areas, seed)` (run.py) writes

* ``root/templates/``: master data (master.toml and the CSV files) for a fictional city
  with `departments` departments of `areas` result areas each, 8-digit codes, and two to five
  investment projects per department (projects.py);
* ``root/inputs/``: one filled submission per department, made exactly as a department would
  make it: the generated template (`write_templates`) filled by `fill_template`.

Every figure and text comes from `random.Random` seeded with the seed and the department and
result-area indices, so the same arguments always give the same content, and a department's
content does not depend on how many other departments there are.
"""

from .ledger_export import LEDGER_ACCOUNTS, LEDGER_HEADER, ledger_rows, write_ledger
from .run import SynthResult, ledger_name, synthesize, synthesize_period, write_master
from .submissions import fill_submissions, period_figures
from .vocabulary import MAX_AREAS, MAX_DEPARTMENTS

__all__ = [
    "LEDGER_ACCOUNTS",
    "LEDGER_HEADER",
    "MAX_AREAS",
    "MAX_DEPARTMENTS",
    "SynthResult",
    "fill_submissions",
    "ledger_name",
    "ledger_rows",
    "period_figures",
    "synthesize",
    "synthesize_period",
    "write_ledger",
    "write_master",
]
