"""Stage 9, cases: a pack's own tests. Families a policy team writes down in `cases/*.yaml`, with
what each decision must show; `continuum test` decides them and names every difference.
"""

from .models import DEFAULT_DATE, CasesFile, Expect
from .read import CASES_DIR, LoadedCase, case_files, count_cases, read_cases, shown
from .run import Outcome, differences, run_cases, summary

__all__ = [
    "CASES_DIR",
    "DEFAULT_DATE",
    "CasesFile",
    "Expect",
    "LoadedCase",
    "Outcome",
    "case_files",
    "count_cases",
    "differences",
    "read_cases",
    "run_cases",
    "shown",
    "summary",
]
