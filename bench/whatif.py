"""Time a policy what-if end to end: 5,000 synthetic families, the default pack plus one change.

Run from the repository root: `.venv/bin/python bench/whatif.py [--families N]`. The checked-pack
cache is pointed at a temporary directory, so every changed pack is checked afresh (as on a
first try of each value); the figures are the median of the runs of each kind.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

KEY = "rules/needs.yaml:combinations.several-needs-across-domains.when.needs.count"


def main() -> None:
    """Print the seconds a what-if takes, with a fresh caseload and with one kept across what-ifs."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", type=int, default=5000)
    n = ap.parse_args().families
    os.environ["CONTINUUM_CACHE"] = tempfile.mkdtemp(prefix="continuum-whatif-")
    from engine.check import usable_pack
    from engine.pack import resolve_pack
    from engine.synth import families
    from engine.whatif import Caseload, whatif
    from engine.whatif.change import _kept

    root = resolve_pack("default")
    baseline = usable_pack(root)
    fams = families(baseline, n, seed=2026)
    fresh, kept = [], []
    caseload = Caseload(fams)
    for value in (4, 2, 5, 6, 1):  # each a new pack: compiled and checked, then compared
        t = time.perf_counter()
        whatif(fams, baseline, KEY, value, root)
        fresh.append(time.perf_counter() - t)
    _kept.clear()  # check each changed pack again: the second run must not reuse the first's
    os.environ["CONTINUUM_CACHE"] = tempfile.mkdtemp(prefix="continuum-whatif-")
    whatif(caseload, baseline, KEY, 3, root)  # the caseload encoded and decided under the baseline once
    for value in (4, 2, 5, 6, 1):
        t = time.perf_counter()
        out = whatif(caseload, baseline, KEY, value, root)
        kept.append(time.perf_counter() - t)
    print(f"{n} families, {KEY} set to 4, 2, 5, 6, 1; seconds per what-if (each changed pack checked afresh):")
    print(f"  families as a list each time: median {statistics.median(fresh):.3f}, max {max(fresh):.3f}")
    print(f"  a Caseload kept across what-ifs: median {statistics.median(kept):.3f}, max {max(kept):.3f}")
    level3 = f"{out['levels']['before'][2]} -> {out['levels']['after'][2]}"
    print(f"  last: level 3 {level3}, escalations lost {out['escalations']['lost']}")


if __name__ == "__main__":
    main()
