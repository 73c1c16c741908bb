"""kill -9 of `continuum serve` under load loses no acknowledged referral, and the audit chain still verifies.

A short run of `bench/load.py --kill`: 20 clients, killed 1.5 s in, restarted on the same store.
"""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REPO


def test_no_acknowledged_referral_is_lost_after_kill_9(database_url):
    short = ["--clients", "20", "--seconds", "3", "--kill-after", "1.5", "--think", "0.02", "--profiles", "30"]
    mix = ["--triage-share", "0.5", "--workers", "2", "--database-url", database_url]
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "load.py"), "--kill", "--json", *short, *mix],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    found = json.loads(done.stdout)
    kill = found["kill"]
    assert kill["acknowledged"] > 10, kill  # the kill came mid-load, after referrals were made
    assert kill["lost"] == [] and kill["changed"] == []
    assert kill["found_same"] == kill["acknowledged"]
    assert kill["audit_ok"], kill["audit_says"]
    assert found["errors"] == 0  # none before the kill
