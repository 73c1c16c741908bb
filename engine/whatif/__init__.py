"""What-if: a baseline pack plus one change to a threshold, and what it does to a caseload.

`thresholds(root)` lists every number a policy officer may change in a pack, with a stable key,
its file and line, a plain label, the values it may take and the source of its rule.
`apply(root, key, value)` is the pack with that one number changed, checked and compiled as
every command checks a pack (refused with InputError otherwise); the files are never touched.
`whatif(families, baseline, key, value, root)` compares the two packs on a caseload and gives
the figures of `continuum impact`; a `Caseload` kept across calls decides each pack once.
"""

from .change import apply
from .find import Cited, Threshold, thresholds
from .run import Caseload, whatif

__all__ = ["Caseload", "Cited", "Threshold", "apply", "thresholds", "whatif"]
