"""Time the policy what-if page on a stored caseload: N synthetic referrals in a SQLite store.

Run from the repository root: `.venv/bin/python bench/whatif_page.py [--referrals 5000]`. The
referrals are inserted straight into the store (as tests/hub/synthetic.py does); the page is
fetched through the app (no network) as the policy officer, first cold (the caseload read and
decided under the pack in force), then warm with a new value each time and with a value tried
before. Checked packs are cached in a temporary directory, so each new value is checked afresh.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

KEY = "rules/needs.yaml:combinations.several-needs-across-domains.when.needs.count"


def main() -> None:
    """Print the seconds the result page takes, cold and warm."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--referrals", type=int, default=5000)
    n = ap.parse_args().referrals
    tmp = Path(tempfile.mkdtemp(prefix="continuum-whatif-page-"))
    os.environ["CONTINUUM_CACHE"] = str(tmp / "cache")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.hub.conftest import make_service
    from tests.hub.synthetic import store_families

    svc = make_service(f"sqlite:///{tmp / 'continuum.db'}")
    t = time.perf_counter()
    store_families(svc.store, svc.app.state.pack.pack, n)
    print(f"{n} referrals stored in {time.perf_counter() - t:.2f} s")
    c = svc.browser("policy")

    def page(value: int) -> float:
        t = time.perf_counter()
        r = c.get("/policy/what-if", params={"key": KEY, "value": str(value)})
        assert r.status_code == 200, r.text[:500]
        assert f"of {n:,} would get" in r.text or f"of {n} would get" in r.text
        return time.perf_counter() - t

    print(f"first what-if (cold: {n} profiles read, encoded and decided): {page(4):.3f} s")
    fresh = [page(v) for v in (2, 5, 6, 1)]
    again = [page(v) for v in (4, 2, 5, 6, 1)]
    for what, times in (("a new value each time (changed pack checked)", fresh), ("a value tried before", again)):
        print(f"warm, {what}: median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    svc.store.close()


if __name__ == "__main__":
    main()
