"""Finance's master data: loading and validating the folder (`templates/` by default).

Owns the file formats of the master folder and every `file:line` problem found in them; the
rest of kemixl sees only the validated `model.Master`. `csvfile` reads a CSV of unknown
dialect (and exposes `sniff` for large exports); `settings` reads master.toml; `workbook` reads
the master as one .xlsx workbook and `convert` turns a folder into one and back; `fingerprint`
hashes parsed content.
"""

from .convert import folder_to_workbook, workbook_to_folder
from .csvfile import Dialect, sniff
from .ledger import ACCOUNTS_FILE
from .load import (
    CENTRAL_FILE,
    CENTRES_FILE,
    FIGURES_FILE,
    KPIS_FILE,
    MASTER_FILES,
    SETTINGS_FILE,
    STRATEGY_FILE,
    STRATEGY_SDG_FILE,
    file_hashes,
    fingerprint,
    load_limits,
    load_master,
)
from .problems import MasterError, MasterProblem
from .year import AMENDMENTS_FILE, PREVIOUS_FILE, PREVIOUS_REPORT_FILE

__all__ = [
    "ACCOUNTS_FILE",
    "AMENDMENTS_FILE",
    "CENTRAL_FILE",
    "CENTRES_FILE",
    "FIGURES_FILE",
    "KPIS_FILE",
    "MASTER_FILES",
    "PREVIOUS_FILE",
    "PREVIOUS_REPORT_FILE",
    "SETTINGS_FILE",
    "STRATEGY_FILE",
    "STRATEGY_SDG_FILE",
    "Dialect",
    "MasterError",
    "MasterProblem",
    "file_hashes",
    "fingerprint",
    "folder_to_workbook",
    "load_limits",
    "load_master",
    "sniff",
    "workbook_to_folder",
]
