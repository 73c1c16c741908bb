"""Impact: what changing from one pack to another does to a caseload (`continuum impact`).

A what-if is a baseline plus a change: both packs decide the same families, and the report
counts what moved. It depends on the engine's public API only (packs, families, decisions).
"""

from .caseload import read_caseload
from .outcome import Columnar, Outcome, decide_outcomes
from .report import Impact, compare

__all__ = ["Columnar", "Impact", "Outcome", "compare", "decide_outcomes", "read_caseload"]
