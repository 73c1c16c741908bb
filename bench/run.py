"""Continuum benchmark: compile time, decisions/s, latency and memory, against a no-op baseline.

Run from the repository root:  .venv/bin/python bench/run.py          (full, a few minutes)
                               .venv/bin/python bench/run.py --quick  (about half a minute)
                               .venv/bin/python bench/run.py --profile (adds cProfile hot spots)
See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import sysconfig
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(HERE), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from noop import NoopBackend  # noqa: E402

from engine.compile import compile_or_refuse  # noqa: E402
from engine.decide import (  # noqa: E402
    Decision,
    decide,
    decide_all,
)
from engine.evaluate import (  # noqa: E402
    Backend,
    FamilyFacts,
    make_backend,
)
from engine.ir import STAGES, CompiledPack  # noqa: E402
from engine.pack import load_pack  # noqa: E402
from engine.profile import Family  # noqa: E402
from engine.synth import Generator, Seeded  # noqa: E402

TARGET_RATE = 5_000  # decisions/s in one process
TARGET_P99_MS = 2.0
TARGET_COMPILE_S = 1.0
FLAT_RSS = 0.05  # memory is "flat" if RSS grows by less than 5% from the first sample to the last
FLAT_TRACED = 1 << 20  # ... and Python-traced memory by less than 1 MiB


@dataclass(frozen=True)
class Config:
    seed: int
    compile_runs: int
    families: int
    warmup: int
    mem_decisions: int
    mem_every: int
    mem_batch: int
    profile_families: int


FULL = Config(
    seed=2026,
    compile_runs=7,
    families=5_000,
    warmup=300,
    mem_decisions=100_000,
    mem_every=10_000,
    mem_batch=1_000,
    profile_families=3_000,
)
QUICK = Config(
    seed=2026,
    compile_runs=3,
    families=600,
    warmup=100,
    mem_decisions=10_000,
    mem_every=1_000,
    mem_batch=1_000,
    profile_families=600,
)


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    decisions: int
    seconds: float
    latencies_ns: list[int] | None = None
    gc_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.decisions / self.seconds

    @property
    def us_per(self) -> float:
        return self.seconds / self.decisions * 1e6

    def pct_ms(self, q: float) -> float:
        assert self.latencies_ns
        xs = sorted(self.latencies_ns)
        return xs[min(len(xs) - 1, round(q / 100 * (len(xs) - 1)))] / 1e6


def one_at_a_time(label: str, families: Sequence[Family], pack: CompiledPack, backend: Backend) -> Run:
    lat: list[int] = []
    clock = time.perf_counter_ns
    start = clock()
    for f in families:
        t = clock()
        decide(f, pack, backend)
        lat.append(clock() - t)
    return Run(label, len(families), (clock() - start) / 1e9, lat)


def batched(label: str, families: Sequence[Family], pack: CompiledPack, backend: Backend, size: int) -> Run:
    start = time.perf_counter()
    for i in range(0, len(families), size):
        decide_all(families[i : i + size], pack, backend)  # dropped, as one_at_a_time drops its decisions
    return Run(label, len(families), time.perf_counter() - start)


def all_decisions(families: Sequence[Family], pack: CompiledPack, backend: Backend, size: int) -> list[Decision]:
    out: list[Decision] = []
    for i in range(0, len(families), size):
        out += decide_all(families[i : i + size], pack, backend)
    return out


class GcClock:
    """Time spent in CPython's cyclic garbage collector, via gc.callbacks."""

    def __init__(self) -> None:
        self.seconds, self.full, self._t = 0.0, 0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t
            self.full += info["generation"] == 2

    def reset(self) -> None:
        self.seconds, self.full = 0.0, 0


def facts_only(families: Sequence[Family], pack: CompiledPack) -> Run:
    start = time.perf_counter()
    for k, f in enumerate(families):
        ff = FamilyFacts(f, pack, k)
        for stage in STAGES:
            ff.facts(stage)
    return Run("facts only", len(families), time.perf_counter() - start)


def load_and_compile(runs: int) -> tuple[CompiledPack, list[float], list[float]]:
    loads, compiles = [], []
    pack = None
    for _ in range(runs):
        t0 = time.perf_counter()
        lp = load_pack()
        t1 = time.perf_counter()
        pack = compile_or_refuse(lp)
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        compiles.append(t2 - t1)
    assert pack is not None
    return pack, loads, compiles


# -- memory (in a fresh child process, so RSS reflects the decisions and nothing else) -------


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def _sample(decisions: int) -> dict:
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    return {
        "decisions": decisions,
        "traced": current,
        "traced_peak": peak,
        "rss_kb": _status_kb("VmRSS"),
        "hwm_kb": _status_kb("VmHWM"),
        # ru_maxrss is kept for reference only: Linux carries it over exec from the forking parent
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "tracemalloc_own": tracemalloc.get_tracemalloc_memory(),
    }


def memory_child(total: int, every: int, size: int, seed: int) -> dict:
    pack = compile_or_refuse(load_pack())
    backend = make_backend("durable", pack)
    maker = Generator(pack, Seeded(seed))
    decide_all(maker.many(size), pack, backend)  # warm up caches and the durable host
    gc.collect()
    before = {"rss_kb": _status_kb("VmRSS"), "hwm_kb": _status_kb("VmHWM")}
    tracemalloc.start()
    samples = []
    done = 0
    start = time.perf_counter()
    while done < total:
        n = min(size, total - done)
        decide_all(maker.many(n), pack, backend)  # families made per batch and dropped with the decisions
        done += n
        if done % every == 0 or done == total:
            samples.append(_sample(done))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"before": before, "samples": samples, "traced_peak": peak, "seconds": seconds}


def run_memory(cfg: Config) -> dict:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--memory-child",
        f"{cfg.mem_decisions},{cfg.mem_every},{cfg.mem_batch},{cfg.seed + 1}",
    ]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- profiling -------------------------------------------------------------------------------


def profile(families: Sequence[Family], pack: CompiledPack, backend: Backend) -> str:
    out = io.StringIO()
    for title, work in (
        ("durable, one at a time (decide per family)", lambda: [decide(f, pack, backend) for f in families]),
        ("durable, batched 1000 (decide_all)", lambda: batched("", families, pack, backend, 1000)),
    ):
        pr = cProfile.Profile()
        pr.enable()
        work()
        pr.disable()
        print(f"\n== cProfile: {title}, {len(families)} families: top by own time ==", file=out)
        stats = pstats.Stats(pr, stream=out)
        stats.sort_stats("tottime").print_stats(15)
        print(f"== cProfile: {title}: top by cumulative time ==", file=out)
        stats.sort_stats("cumulative").print_stats(15)
    prefixes = (sysconfig.get_path("purelib") + "/", str(ROOT) + "/", sysconfig.get_path("stdlib") + "/")
    lines = []
    for line in out.getvalue().splitlines():
        for p in prefixes:
            line = line.replace(p, "")
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


# -- reporting -------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    right = {1, 3}  # numbers

    def fmt(r: tuple[str, ...]) -> str:
        cells = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(header), line, *(fmt(r) if r[0] else "" for r in rows)])


def mix_summary(families: Sequence[Family], decisions: Sequence[Decision]) -> str:
    n = len(families)
    members = sum(len(f.members) for f in families)
    needs = sum(len(p.indicators) for f in families for p in f.members)
    levels = Counter(d.level.code for d in decisions)
    return (
        f"{n} families, {members / n:.1f} members and {needs / members:.2f} member indicators each on average; "
        f"{sum(bool(f.indicators) for f in families) / n:.0%} with family indicators, "
        f"{sum(f.domestic_abuse_risk is not None for f in families) / n:.0%} with a domestic abuse grade, "
        f"{sum(any(p.pregnant for p in f.members) for f in families) / n:.0%} with a pregnancy.\n"
        f"Outcomes: level " + ", ".join(f"{k}: {levels[k] / n:.0%}" for k in sorted(levels)) + "; "
        f"{sum(d.safeguarding.escalate for d in decisions) / n:.0%} escalated; "
        f"{sum(len(d.interventions) for d in decisions) / n:.2f} interventions, "
        f"{sum(len(d.near_misses) for d in decisions) / n:.2f} near misses per decision."
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a short run (fewer families, 10k decisions for memory)")
    ap.add_argument("--profile", action="store_true", help="also print cProfile hot spots for durable")
    ap.add_argument("--seed", type=int, default=None, help="random seed for the family mix")
    ap.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        total, every, size, seed = map(int, args.memory_child.split(","))
        print(json.dumps(memory_child(total, every, size, seed)))
        return 0
    cfg = QUICK if args.quick else FULL
    if args.seed is not None:
        cfg = Config(**{**cfg.__dict__, "seed": args.seed})
    wall = time.perf_counter()
    say = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731

    say("compiling the pack ...")
    pack, loads, compiles = load_and_compile(cfg.compile_runs)
    totals = [a + b for a, b in zip(loads, compiles, strict=True)]
    t = time.perf_counter()
    durable = make_backend("durable", pack)
    durable_setup = time.perf_counter() - t
    reference = make_backend("reference", pack)
    noop = NoopBackend()

    maker = Generator(pack, Seeded(cfg.seed))
    warm = maker.many(cfg.warmup)
    families = maker.many(cfg.families)
    for b in (noop, durable, reference):
        for f in warm:
            decide(f, pack, b)
        decide_all(warm, pack, b)

    runs: dict[str, Run] = {}
    results: dict[str, list[Decision]] = {}

    gc_clock = GcClock()

    def measure(key: str, fn: Callable[[], Run]) -> None:
        say(f"measuring {key} ...")
        gc.collect()
        gc_clock.reset()
        runs[key] = fn()
        runs[key].gc_seconds = gc_clock.seconds

    for name, b in (("noop", noop), ("durable", durable), ("reference", reference)):
        measure(f"{name}/1", lambda b=b, name=name: one_at_a_time(name, families, pack, b))
        for size in (100, 1000):
            measure(f"{name}/{size}", lambda b=b, name=name, size=size: batched(name, families, pack, b, size))
    measure("facts", lambda: facts_only(families, pack))
    say("checking that the backends agree ...")
    for b in ("durable", "reference"):
        for size in (100, 1000):
            results[f"{b}/{size}"] = all_decisions(families, pack, durable if b == "durable" else reference, size)
    differ = [(d, r) for d, r in zip(results["durable/1000"], results["reference/1000"], strict=True) if d != r]
    consistent = all(results[f"{b}/100"] == results[f"{b}/1000"] for b in ("durable", "reference"))
    fields = sorted({k for d, r in differ for k in d.__dict__ if getattr(d, k) != getattr(r, k)})

    say(f"memory: {cfg.mem_decisions} durable decisions in batches of {cfg.mem_batch}, fresh process ...")
    mem = run_memory(cfg)

    # ---- the table
    base = runs["noop/1"]
    rows: list[tuple[str, ...]] = []
    compile_med = statistics.median(totals)
    rows.append(
        (
            f"pack compile: load_pack + compile_or_refuse (median of {cfg.compile_runs})",
            f"{compile_med * 1e3:.1f}",
            "ms",
            "",
            f"< {TARGET_COMPILE_S * 1e3:.0f} ms",
            verdict(compile_med < TARGET_COMPILE_S),
        )
    )
    rows.append(
        ("  of which load_pack (read + validate YAML)", f"{statistics.median(loads) * 1e3:.1f}", "ms", "", "", "")
    )
    rows.append(("  of which compile_or_refuse", f"{statistics.median(compiles) * 1e3:.1f}", "ms", "", "", ""))
    rows.append(
        ("durable backend setup (rulesets into the host, once)", f"{durable_setup * 1e3:.1f}", "ms", "", "", "")
    )
    rows.append(("",) * 6)

    def rate_row(key: str, label: str, baseline: str, target: bool) -> tuple[str, ...]:
        r, b = runs[key], runs[baseline]
        ratio = "1.00 (baseline)" if key == baseline else f"{r.us_per / b.us_per:.2f}"
        return (
            label,
            f"{r.rate:,.0f}",
            f"dec/s ({r.us_per:,.0f} us each, {r.gc_seconds / r.seconds:.0%} in gc)",
            ratio,
            f">= {TARGET_RATE:,}" if target else "",
            verdict(r.rate >= TARGET_RATE) if target else "",
        )

    n = cfg.families
    rows += [
        rate_row("noop/1", f"noop backend, one at a time ({n} decide calls)", "noop/1", False),
        rate_row("noop/100", "noop backend, batched 100 (decide_all)", "noop/100", False),
        rate_row("noop/1000", "noop backend, batched 1000", "noop/1000", False),
        rate_row("facts", "facts only: FamilyFacts(...).facts x 3 stages", "noop/1", False),
        rate_row("durable/1", f"durable-rules, one at a time ({n} decide calls)", "noop/1", True),
        rate_row("durable/100", "durable-rules, batched 100 (decide_all)", "noop/100", True),
        rate_row("durable/1000", "durable-rules, batched 1000", "noop/1000", True),
        rate_row("reference/1", "reference, one at a time", "noop/1", True),
        rate_row("reference/100", "reference, batched 100", "noop/100", True),
        rate_row("reference/1000", "reference, batched 1000", "noop/1000", True),
        ("",) * 6,
    ]
    for key, label, target in (
        ("durable/1", "durable-rules", True),
        ("reference/1", "reference", True),
        ("noop/1", "noop (baseline)", False),
    ):
        for q in (50, 99):
            v = runs[key].pct_ms(q)
            rows.append(
                (
                    f"latency p{q}, one decide(), {label}",
                    f"{v:.3f}",
                    "ms",
                    "1.00 (baseline)" if key == "noop/1" else f"{v / base.pct_ms(q):.2f}",
                    f"< {TARGET_P99_MS:g} ms" if target and q == 99 else "",
                    verdict(v < TARGET_P99_MS) if target and q == 99 else "",
                )
            )
    rows.append(("",) * 6)

    s0, s1 = mem["samples"][0], mem["samples"][-1]
    rss0, rss1 = s0["rss_kb"] / 1024, s1["rss_kb"] / 1024
    tr0, tr1 = s0["traced"] / 2**20, s1["traced"] / 2**20
    before = mem["before"]["rss_kb"] / 1024
    flat = (rss1 - rss0) < FLAT_RSS * rss0 and (s1["traced"] - s0["traced"]) < FLAT_TRACED
    md = cfg.mem_decisions
    rows += [
        (
            f"memory: RSS before the {md:,} decisions (after setup)",
            f"{before:.1f}",
            "MiB",
            "1.00 (baseline)",
            "",
            "",
        ),
        (
            f"RSS (VmRSS) at {s0['decisions']:,} -> {s1['decisions']:,} decisions",
            f"{rss0:.1f} -> {rss1:.1f}",
            "MiB",
            f"{rss0 / before:.2f} -> {rss1 / before:.2f}",
            "",
            "",
        ),
        (
            "  RSS growth, first sample to last",
            f"{rss1 - rss0:+.1f}",
            f"MiB ({(rss1 - rss0) / rss0:+.1%})",
            "",
            f"< {FLAT_RSS:.0%}",
            "",
        ),
        (
            "peak RSS (VmHWM, whole child process)",
            f"{s1['hwm_kb'] / 1024:.1f}",
            "MiB",
            f"{s1['hwm_kb'] / 1024 / before:.2f}",
            "",
            "",
        ),
        (
            f"tracemalloc current at {s0['decisions']:,} -> {s1['decisions']:,}",
            f"{tr0:.2f} -> {tr1:.2f}",
            f"MiB ({(tr1 - tr0) * 1024:+.1f} KiB)",
            "",
            "< +1 MiB",
            "",
        ),
        (
            f"tracemalloc peak over {md:,} decisions (batches of {cfg.mem_batch})",
            f"{mem['traced_peak'] / 2**20:.2f}",
            "MiB",
            "",
            "",
            "",
        ),
        ("memory flat?", "yes" if flat else "NO", "", "", "flat", verdict(flat)),
        ("",) * 6,
    ]
    for key, label in (
        ("1", "one at a time"),
        ("100", "batched 100"),
        ("1000", "batched 1000"),
    ):
        d, r = runs[f"durable/{key}"], runs[f"reference/{key}"]
        rows.append((f"durable / reference time, {label}", f"{d.us_per / r.us_per:.2f}", "x", "", "", ""))
    for q in (50, 99):
        d, r = runs["durable/1"].pct_ms(q), runs["reference/1"].pct_ms(q)
        rows.append((f"durable / reference latency p{q}", f"{d / r:.2f}", "x", "", "", ""))

    print(
        f"Continuum benchmark ({'quick' if args.quick else 'full'} run), seed {cfg.seed}: "
        f"Python {platform.python_version()}, durable-rules {metadata.version('durable_rules')}, "
        f"{os.cpu_count()} CPUs, pack {pack.name} {pack.version} ({len(pack.rules)} rules)"
    )
    print(mix_summary(families, results["durable/1000"]))
    print(
        "durable and reference decisions identical: "
        + ("yes" if not differ else f"NO: {len(differ)} of {cfg.families} differ (in {', '.join(fields)})")
        + f"; batches of 100 and 1000 give the same decisions: {'yes' if consistent else 'NO'}"
    )
    print()
    print(table(rows, ("measurement", "value", "unit", "x baseline", "target", "")))
    print()
    print(
        f"x baseline: time per decision divided by the noop backend's in the same calling mode (1.00 = the cost "
        f"of facts + explain alone); memory rows: divided by RSS before the run. Memory ran in a fresh process "
        f"with tracemalloc on ({mem['seconds']:.0f} s, slowed by tracing). Whole benchmark: "
        f"{time.perf_counter() - wall:.0f} s."
    )
    print(
        "memory samples (decisions: RSS / peak RSS / tracemalloc current, MiB): "
        + ", ".join(
            f"{s['decisions'] // 1000}k: {s['rss_kb'] / 1024:.1f}/{s['hwm_kb'] / 1024:.0f}/{s['traced'] / 2**20:.2f}"
            for s in mem["samples"]
        )
    )
    if args.profile:
        say("profiling ...")
        print(profile(families[: cfg.profile_families], pack, durable))
    return 0


if __name__ == "__main__":
    sys.exit(main())
