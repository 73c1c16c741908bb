"""Continuum under load: `continuum serve` on loopback, many concurrent API clients, latency and errors.

Run from the repository root, in the project's venv:
    .venv/bin/python bench/load.py                      (200 clients for 60 s, think time 1 s, SQLite)
    .venv/bin/python bench/load.py --think 0            (saturation: no pause between requests)
    .venv/bin/python bench/load.py --workers 2 --database-url postgresql://USER@HOST/DB
    .venv/bin/python bench/load.py --kill               (kill -9 the server mid-load, restart it,
                                                         check every acknowledged referral is there)
Each client posts a profile to /api/v1/triage (80%) or /api/v1/referrals (20%), waits for the
answer, then thinks for a random time (exponential, mean --think seconds). Profiles are the
bundled examples and engine.synth families. Only 127.0.0.1 is used; the run is bounded by
--seconds and --clients. Progress goes to stderr, the table to stdout (--json for JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson
import yaml

ROOT = Path(__file__).resolve().parent.parent
for where in (ROOT, ROOT / "bench"):
    if str(where) not in sys.path:
        sys.path.insert(0, str(where))

import wrk  # noqa: E402  (bench/wrk.py)

from engine import api  # noqa: E402
from engine.synth import families, profile_of  # noqa: E402

TRIAGE, REFERRALS = "/api/v1/triage", "/api/v1/referrals"
P99_TRIAGE_MS = 100.0  # the target at 200 clients (issue 8)
MAX_CLIENTS, MAX_SECONDS = 2_000, 900  # bounds on any run


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def continuum() -> list[str]:
    """The `continuum` console script of this venv (or on PATH)."""
    here = Path(sys.executable).parent / "continuum"
    if here.exists():
        return [str(here)]
    found = shutil.which("continuum")
    if found is None:
        sys.exit("no `continuum` command: install the project first (pip install -e .)")
    return [found]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def profiles(n: int, seed: int) -> list[bytes]:
    """Request bodies: the valid bundled examples and `n` synthetic families, as JSON."""
    out = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        if not path.name.startswith("invalid"):
            out.append(orjson.dumps(yaml.safe_load(path.read_text())))
    pack = api.load(None).pack
    out += [orjson.dumps(profile_of(f)) for f in families(pack, n, seed=seed)]
    return out


def add_user(url: str) -> str:
    """A hub worker for the clients, made with `continuum users add`; its API token."""
    name = f"load.{os.getpid()}.{random.randrange(10**6)}"
    done = subprocess.run(
        [*continuum(), "users", "add", name, "--role", "hub_worker", "--database-url", url],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    found = re.search(r"API token[^:]*:\s*(\S+)", done.stdout)
    if done.returncode != 0 or found is None:
        sys.exit(f"`continuum users add` failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return found.group(1)


@dataclass
class Server:
    """`continuum serve` in a process group of its own (uvicorn's workers included)."""

    url: str
    workers: int | None
    logfile: Path
    port: int = 0
    proc: subprocess.Popen | None = None
    seen_workers: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        self.port = free_port()
        cmd = [*continuum(), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database-url", self.url]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        out = self.logfile.open("ab")
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=out, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"the server stopped ({self.proc.returncode}):\n{self.logfile.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.base + "/api/v1/openapi.json", timeout=2).status_code == 200:
                    time.sleep(0 if self.workers == 1 else 1.0)  # let every worker finish starting
                    return
            time.sleep(0.2)
        self.kill()
        sys.exit(f"the server did not answer within {timeout:.0f} s:\n{self.logfile.read_text()[-3000:]}")

    def pids(self) -> list[int]:
        """Every live process in the server's group."""
        if self.proc is None:
            return []
        found = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    stat = (d / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[2]) == self.proc.pid:
                        found.append(int(d.name))
        return found

    def rss_mib(self) -> tuple[float, float]:
        """The group's resident memory now, and the sum of each process's peak (VmHWM), in MiB."""
        now = peak = 0
        pids = self.pids()
        self.seen_workers = max(self.seen_workers, len(pids) - 1 if len(pids) > 1 else len(pids))
        for pid in pids:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        now += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        peak += int(line.split()[1])
        return now / 1024, peak / 1024

    def kill(self) -> None:
        """kill -9 the whole group: the supervisor and every worker, with no chance to clean up."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop gently (SIGTERM to the group), then kill what is left."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(15)
        self.kill()


@dataclass
class Results:
    """What the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {TRIAGE: [], REFERRALS: []})
    errors: dict[str, int] = field(default_factory=lambda: {TRIAGE: 0, REFERRALS: 0})
    error_kinds: dict[str, int] = field(default_factory=dict)
    acknowledged: dict[int, dict] = field(default_factory=dict)  # referral id -> its decision
    started: float = 0.0
    ended: float = 0.0


async def run_clients(
    base: str, token: str, bodies: list[bytes], a: argparse.Namespace, killed: asyncio.Event, res: Results
) -> None:
    """`a.clients` clients, each: send, wait for the answer, think; until `a.seconds` pass or `killed` is set."""
    limits = httpx.Limits(max_connections=a.clients + 10, max_keepalive_connections=a.clients + 10)
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    rng = random.Random(a.seed)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as http:
        res.started = time.monotonic()
        deadline = res.started + a.seconds

        async def client(n: int) -> None:
            mine = random.Random(rng.random())
            if a.think > 0:  # spread the first requests over one think time, as people arrive
                await asyncio.sleep(mine.uniform(0, a.think))
            while time.monotonic() < deadline and not killed.is_set():
                path = TRIAGE if mine.random() < a.triage_share else REFERRALS
                body = mine.choice(bodies)
                t0 = time.perf_counter()
                try:
                    r = await http.post(path, content=body)
                    ms = (time.perf_counter() - t0) * 1000
                    if killed.is_set() and r.status_code >= 500:
                        break
                    if 200 <= r.status_code < 300:
                        res.latencies[path].append(ms)
                        if path == REFERRALS:
                            got = r.json()
                            res.acknowledged[got["id"]] = got["decision"]
                    else:
                        res.errors[path] += 1
                        key = f"HTTP {r.status_code}"
                        res.error_kinds[key] = res.error_kinds.get(key, 0) + 1
                except httpx.HTTPError as exc:
                    if killed.is_set():
                        break  # the server is gone on purpose: not an error of the service
                    res.errors[path] += 1
                    key = type(exc).__name__
                    res.error_kinds[key] = res.error_kinds.get(key, 0) + 1
                if a.think > 0:
                    await asyncio.sleep(min(mine.expovariate(1 / a.think), max(0.0, deadline - time.monotonic())))

        await asyncio.gather(*(client(n) for n in range(a.clients)))
        res.ended = time.monotonic()


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def endpoint_row(ok: int, errors: int, secs: float, p50: float, p90: float, p99: float, top: float) -> dict:
    """One endpoint's figures (latencies in ms)."""
    return {
        "ok": ok,
        "errors": errors,
        "per_second": round(ok / secs, 1),
        **{f"p{p}_ms": round(v, 1) for p, v in ((50, p50), (90, p90), (99, p99))},
        "max_ms": round(top, 1),
    }


def run_figures(a: argparse.Namespace, secs: float, rows: dict, kinds: dict, rss: float, client: str) -> dict:
    """The figures of a run, however the load was generated."""
    return {
        "clients": a.clients,
        "seconds": round(secs, 1),
        "think_s": a.think,
        "workers": a.workers,
        "database": "postgresql" if a.database_url and "postgres" in a.database_url else "sqlite",
        "endpoints": rows,
        "requests_per_second": round(sum(r["ok"] for r in rows.values()) / secs, 1),
        "errors": sum(r["errors"] for r in rows.values()),
        "error_kinds": kinds,
        "server_peak_rss_mib": round(rss, 1),
        "cores": os.cpu_count(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "client": client,
    }


def summary(res: Results, a: argparse.Namespace, rss: float) -> dict:
    """The figures of the Python clients: per endpoint and in all."""
    secs = max(res.ended - res.started, 1e-9)
    rows = {
        path: endpoint_row(
            len(xs), res.errors[path], secs, *(percentile(xs, p) for p in (50, 90, 99)), max(xs, default=float("nan"))
        )
        for path, xs in res.latencies.items()
    }
    return run_figures(a, secs, rows, res.error_kinds, rss, "python")


def table(s: dict) -> str:
    lines = [
        f"Continuum load: {s['clients']} clients, {s['seconds']} s, think {s['think_s']} s, "
        f"{s['workers']} worker(s), {s['database']}, load by {s['client']}, {s['cores']} cores "
        f"(load average at the end "
        f"{s['load_average'][0]}: other work on the machine shows in the latencies)",
        f"{'endpoint':<20}{'ok':>8}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}",
    ]
    for path, r in s["endpoints"].items():
        lines.append(
            f"{'POST ' + path.removeprefix('/api/v1'):<20}{r['ok']:>8}{r['errors']:>8}{r['per_second']:>8}"
            f"{r['p50_ms']:>9}{r['p90_ms']:>9}{r['p99_ms']:>9}{r['max_ms']:>9}"
        )
    lines.append(f"throughput {s['requests_per_second']} requests/s; errors {s['errors']} {s['error_kinds'] or ''}")
    lines.append(f"server peak RSS {s['server_peak_rss_mib']} MiB (all processes)")
    if "target" in s:
        lines.append(s["target"])
    if "kill" in s:
        k = s["kill"]
        lines.append(
            f"kill -9 after {k['after_s']} s: {k['acknowledged']} referrals acknowledged before it, "
            f"{k['found_same']} found after the restart with the same decision, {len(k['lost'])} lost, "
            f"{len(k['changed'])} changed; audit verify: {'exit 0' if k['audit_ok'] else 'FAILED'} "
            f"({k['audit_says']}) -> {'ok' if k['ok'] else 'FAILED'}"
        )
    return "\n".join(lines)


async def measure(server: Server, token: str, bodies: list[bytes], a: argparse.Namespace) -> tuple[Results, float]:
    """Run the clients (killing the server mid-way with --kill), sampling the server's memory."""
    res, killed = Results(), asyncio.Event()
    peak = 0.0

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, *server.rss_mib())
            await asyncio.sleep(0.5)

    async def killer() -> None:
        await asyncio.sleep(a.kill_after)
        peak_now = max(server.rss_mib())
        killed.set()
        server.kill()
        log(f"killed the server group with SIGKILL after {a.kill_after} s")
        nonlocal peak
        peak = max(peak, peak_now)

    tasks = [asyncio.create_task(sample())]
    if a.kill:
        tasks.append(asyncio.create_task(killer()))
    try:
        await run_clients(server.base, token, bodies, a, killed, res)
    finally:
        if a.kill:
            await tasks[1]
        tasks[0].cancel()
    return res, peak


def measure_wrk(server: Server, token: str, bodies: list[bytes], a: argparse.Namespace) -> dict:
    """The same load generated by wrk; the figures as `summary` gives them, the server's memory sampled meanwhile."""
    triage = round(a.clients * a.triage_share)
    peak, stop = 0.0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.5):
            peak = max(peak, *server.rss_mib())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        got = wrk.run(
            server.base, token, bodies, {TRIAGE: triage, REFERRALS: a.clients - triage}, a.seconds, a.think, a.seed
        )
    finally:
        stop.set()
        sampler.join()
    rows, secs, kinds = {}, a.seconds, {}
    for path in (TRIAGE, REFERRALS):
        r = got.get(path)
        if r is None:
            continue
        secs = r["duration_us"] / 1e6
        for kind in ("status_errors", "socket_errors"):
            if r[kind]:
                kinds[f"{path.removeprefix('/api/v1')} {kind.replace('_', ' ')}"] = r[kind]
        ms = [r[k] / 1000 for k in ("p50", "p90", "p99", "max")]
        rows[path] = endpoint_row(
            r["requests"] - r["status_errors"], r["status_errors"] + r["socket_errors"], secs, *ms
        )
    return run_figures(a, secs, rows, kinds, peak, "wrk")


def check_after_kill(server: Server, token: str, res: Results, a: argparse.Namespace) -> dict:
    """Restart on the same store: every acknowledged referral there with the same decision; the chain verifies."""
    server.start()
    lost, changed, same = [], [], 0
    with httpx.Client(base_url=server.base, headers={"authorization": f"Bearer {token}"}, timeout=30) as http:
        for rid, decision in sorted(res.acknowledged.items()):
            r = http.get(f"{REFERRALS}/{rid}")
            if r.status_code != 200:
                lost.append(rid)
            elif r.json()["decision"] != decision:
                changed.append(rid)
            else:
                same += 1
    server.stop()
    verify = subprocess.run(
        [*continuum(), "audit", "verify", "--database-url", server.url], capture_output=True, text=True, timeout=300
    )
    return {
        "after_s": a.kill_after,
        "acknowledged": len(res.acknowledged),
        "found_same": same,
        "lost": lost,
        "changed": changed,
        "audit_ok": verify.returncode == 0,
        "audit_says": (verify.stdout + verify.stderr).strip().splitlines()[-1] if verify.stdout + verify.stderr else "",
        "ok": not lost and not changed and verify.returncode == 0 and len(res.acknowledged) > 0,
    }


def options(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=200, help="concurrent clients (default 200)")
    p.add_argument("--seconds", type=float, default=60, help="how long the clients run (default 60)")
    p.add_argument("--think", type=float, default=1.0, help="mean think time between requests, s (0: saturate)")
    p.add_argument("--workers", type=int, default=None, help="server worker processes (default: the serve default)")
    p.add_argument("--database-url", metavar="URL", help="a PostgreSQL URL (default: a new SQLite file)")
    p.add_argument("--triage-share", type=float, default=0.8, help="share of requests to triage (default 0.8)")
    p.add_argument("--profiles", type=int, default=300, help="synthetic families to draw bodies from")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--kill", action="store_true", help="kill -9 the server mid-load, restart, check nothing was lost")
    p.add_argument("--kill-after", type=float, default=None, help="seconds into the load (default: half of --seconds)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="wrk" if wrk.available() else "python",
        help="the load generator: wrk (Debian's, in C: the default when installed) or this script's own "
        "asyncio clients (always used with --kill, which needs every acknowledged referral)",
    )
    a = p.parse_args(argv)
    if not (1 <= a.clients <= MAX_CLIENTS and 0 < a.seconds <= MAX_SECONDS):
        p.error(f"--clients must be 1-{MAX_CLIENTS} and --seconds 0-{MAX_SECONDS}")
    if a.kill_after is None:
        a.kill_after = a.seconds / 2
    return a


def main(argv: list[str] | None = None) -> int:
    a = options(argv)
    tmp = Path(tempfile.mkdtemp(prefix="continuum-load-"))
    url = a.database_url or f"sqlite:///{tmp / 'continuum.db'}"
    server = Server(url, a.workers, tmp / "server.log")
    try:
        log(f"profiles: {a.profiles} synthetic families and the bundled examples")
        bodies = profiles(a.profiles, a.seed)
        token = add_user(url)
        server.start()
        with httpx.Client(base_url=server.base, headers={"authorization": f"Bearer {token}"}) as http:
            for body in bodies[:20]:  # warm up: the first requests of a worker import and compile lazily
                http.post(TRIAGE, content=body)
        log(f"serving at {server.base} on {'PostgreSQL' if a.database_url else tmp / 'continuum.db'}")
        log(f"{a.clients} clients for {a.seconds:g} s, think {a.think:g} s{', kill -9 mid-load' if a.kill else ''}")
        if a.client == "wrk" and not a.kill:
            s = measure_wrk(server, token, bodies, a)
        else:
            res, rss = asyncio.run(measure(server, token, bodies, a))
            s = summary(res, a, rss)
        s["workers"] = a.workers or f"{min(2, os.cpu_count() or 1)} (the default)"
        triage_p99 = s["endpoints"][TRIAGE]["p99_ms"]
        if not a.kill:
            met = s["errors"] == 0 and triage_p99 < P99_TRIAGE_MS
            s["target"] = (
                f"target: 0 errors and triage p99 < {P99_TRIAGE_MS:g} ms at {a.clients} clients: "
                f"{'ok' if met else 'MISS'}"
            )
            s["ok"] = met
            server.stop()
        else:
            s["kill"] = check_after_kill(server, token, res, a)
            s["ok"] = s["kill"]["ok"]
        print(json.dumps(s, indent=2) if a.json else table(s))
        return 0 if s["ok"] or not a.kill else 1
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
