"""Finance's master data: loading and validating the folder (`templates/` by default).

Owns the file formats of the master folder and every `file:line` problem found in them; the
rest of kemixl sees only the validated `model.Master`.
"""

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
    MasterError,
    MasterProblem,
    file_hashes,
    fingerprint,
    load_master,
)
from .year import AMENDMENTS_FILE, PREVIOUS_FILE

__all__ = [
    "ACCOUNTS_FILE",
    "AMENDMENTS_FILE",
    "CENTRAL_FILE",
    "CENTRES_FILE",
    "FIGURES_FILE",
    "KPIS_FILE",
    "MASTER_FILES",
    "PREVIOUS_FILE",
    "SETTINGS_FILE",
    "STRATEGY_FILE",
    "STRATEGY_SDG_FILE",
    "MasterError",
    "MasterProblem",
    "file_hashes",
    "fingerprint",
    "load_master",
]
