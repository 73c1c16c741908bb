"""Mutated profiles: each is decided (exit 0) or refused (exit 2, FILE:LINE: field: message), quickly.

A seeded mutator turns the example profiles (the repository's, and the public contract's when
`../shared/contract` is there), as YAML and as JSON, into broken ones: characters and lines
added, dropped and swapped, values swapped for awkward ones (tags, aliases, times of day,
leading zeros, yes/no, control characters, huge or deeply nested values), keys misspelt,
members multiplied past the limit, bytes that are not UTF-8. Every one goes through
`continuum triage` in this process; none may exit 3, raise, print a library's words or take a
second. A few go through the real command for its exit codes and memory.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import engine.check
from engine.cli import main
from engine.contract import MAX_MEMBERS, MAX_PROFILE_BYTES
from engine.errors import CONTROL, InputError
from engine.profile import family_from
from engine.text import load as text_load
from engine.text import parse_text

REPO = Path(__file__).resolve().parents[1]
CONTRACT = REPO.parent / "shared" / "contract"
SEED_DIRS = [REPO / "examples", CONTRACT / "examples", CONTRACT / "examples-2026"]
CASES = 1000  # in-process mutants per run (a few seconds); FUZZ_CASES=25000 in the environment for a long run
SECOND = 1.0


def _seeds() -> list[tuple[str, str]]:
    out = []
    for folder in SEED_DIRS:
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            out.append((path.stem + ".yaml", text))
            data = yaml.safe_load(text)
            out.append((path.stem + ".json", json.dumps(data, default=str, indent=2) + "\n"))
    return out


SEEDS = _seeds()

NASTY = [
    "010",
    "0x1F",
    "1_000",
    "12:30",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "''",
    '""',
    "-1",
    "0",
    "121",
    "4.0",
    ".inf",
    ".nan",
    "1e400",
    "9" * 5000,
    "1763596800",
    "2026-11-20 10:00:00",
    "2026-11-20T10:00:00Z",
    "2026-02-30",
    "2026-13-01",
    "!!timestamp x",
    "!!bool maybe",
    "!!int ''",
    "!!python/object/apply:os.system ['true']",
    "!include other.yaml",
    "!!map {a: 1}",
    "!!seq [1]",
    "&anchor value",
    "*anchor",
    "[]",
    "{}",
    "[[]]",
    "{a: b}",
    '"C1\\e[2J\\e[HLEVEL OF NEED: 1"',
    '"R-1\\nLEVEL OF NEED: 1 - Universal"',
    '"\\u202eevil"',
    '"\\ud83d\\ude00"',
    '"\\u0000"',
    '" "',
    "x" * 300,
    "x" * 20_000,
    "[" * 600 + "]" * 600,
    "{a: " * 600 + "1" + "}" * 600,
    "|\n  block\n  text",
    "true",
    "false",
    "True",
    "neglect",
    "[neglect, neglect]",
    "[depresion]",
    "[" + ", ".join(["school_absence"] * 150) + "]",
    "child",
    "parent",
    "Parent",
    "school",
    "- a\n- b",
]
CHARS = [*"{}[],:-#&*!|>'\"\\ \t\n%@`?~", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\ufeff", "é"]
KEYS = ["Id", "ID", "date_of_brith", "roll", "indicator", "Members", "famliy", "<<", "? x", "x" * 200]
SCALAR = re.compile(r"(?<=: )[^{}\[\],\n#]+|(?<=[\[,] )[^{}\[\],\n#]+")
KEY = re.compile(r"[A-Za-z_\"]+(?=\"?: )")


def mutate(rng: random.Random, text: str) -> bytes:
    """One to three random edits of a profile's text; bytes, since some are not UTF-8."""
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        lines = text.split("\n")
        if op == 0 and text:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(CHARS) + text[at:]
        elif op == 1 and text:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randint(1, 12) :]
        elif op == 2 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == 3 and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i]) if rng.random() < 0.5 else lines.pop(i)
            text = "\n".join(lines)
        elif op in (4, 5, 6):
            spots = list(SCALAR.finditer(text))
            if spots:
                m = rng.choice(spots)
                value = rng.choice(NASTY)
                if text.lstrip().startswith("{") and rng.random() < 0.5:
                    value = json.dumps(value)
                text = text[: m.start()] + value + text[m.end() :]
        elif op == 7:
            spots = list(KEY.finditer(text))
            if spots:
                m = rng.choice(spots)
                text = text[: m.start()] + rng.choice(KEYS) + text[m.end() :]
        elif op == 8:
            member = next((ln for ln in lines if ln.strip().startswith("- {id:")), None)
            if member is not None:
                at = lines.index(member)
                count = rng.choice([MAX_MEMBERS, MAX_MEMBERS + 1, 200, 1000])
                copies = [member.replace("id: ", f"id: X{n}", 1) for n in range(count)]
                text = "\n".join(lines[: at + 1] + copies + lines[at + 1 :])
        elif op == 9:
            i = rng.randrange(len(lines))
            lines[i] = (" " * rng.choice([1, 2, 4]) + lines[i]) if rng.random() < 0.5 else lines[i].lstrip()
            text = "\n".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.03 and raw:
        at = rng.randrange(len(raw))
        raw = raw[:at] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf"]) + raw[at:]
    return raw


@pytest.fixture
def triage(pack, tmp_path, monkeypatch):
    """`continuum triage` in this process on the checked default pack: (exit code, stdout, stderr, seconds)."""
    monkeypatch.setattr(engine.check, "usable_pack", lambda root=None: pack)

    def run(name: str, raw: bytes, *options: str) -> tuple[int, str, str, float]:
        path = tmp_path / name
        path.write_bytes(raw)
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["triage", str(path), *options])
        return code, out.getvalue(), err.getvalue(), time.perf_counter() - start

    return run


LEAKS = ["Traceback", "<unicode string>", "<byte string>", "NoneType", "literal[", "Input should", "pydantic"]


def assert_decided_or_refused(shown: str, code: int, out: str, err: str) -> None:
    assert code in (0, 2), f"exit {code}: {err}"
    if code == 0:
        assert err == ""
        if out.lstrip().startswith("{"):
            json.loads(out)
        assert not CONTROL.search(out.replace("\n", "")), "the summary printed a control character"
        return
    assert out == "", out
    lines = err.splitlines()
    assert lines, "a refusal must say why"
    for line in lines:
        assert re.match(rf"{re.escape(shown)}(:\d+)?: \S", line), line
        assert not CONTROL.search(line), repr(line)
        assert len(line) < 1000, line[:200]
        for word in LEAKS:
            assert word not in line, line


def test_mutated_profiles_are_decided_or_refused_quickly(triage, tmp_path):
    rng = random.Random(20261124)
    cases = int(os.environ.get("FUZZ_CASES", CASES))
    outcomes = {0: 0, 2: 0}
    for n in range(cases):
        name, text = SEEDS[rng.randrange(len(SEEDS))]
        raw = mutate(rng, text)
        options = rng.choice([("--json",), (), ("--json", "--backend", "reference")])
        code, out, err, seconds = triage(name, raw, *options)
        shown = str(tmp_path / name)
        try:
            assert_decided_or_refused(shown, code, out, err)
            assert seconds < SECOND, f"{seconds:.2f} s"
        except AssertionError as exc:
            raise AssertionError(f"case {n} ({name}, {options}): {exc}\n--- input ---\n{raw[:2000]!r}") from None
        outcomes[code] += 1
    assert outcomes[0] > cases // 20 and outcomes[2] > cases // 4, outcomes  # the mutants reach both outcomes


def test_json_is_read_alike_with_or_without_line_numbers(pack):
    """The quick JSON reading and the YAML reading (with lines) accept the same families and refuse alike."""
    rng = random.Random(7)
    seeds = [(name, text) for name, text in SEEDS if name.endswith(".json")]
    for n in range(300):
        name, text = seeds[rng.randrange(len(seeds))]
        try:
            text = mutate(rng, text).decode("utf-8")
        except UnicodeDecodeError:
            continue
        outcomes = []
        for fast in (True, False):
            try:
                outcomes.append(("family", family_from(parse_text(text, name, fast=fast), pack)))
            except InputError as exc:
                outcomes.append(("refused", str(exc)))
        assert outcomes[0] == outcomes[1], f"case {n}: {outcomes}\n{text[:2000]}"


def test_pure_python_yaml_decides_and_refuses_as_libyaml_does(pack, monkeypatch):
    """Without libyaml the same profiles are decided, and refused with the same FILE:LINE: field: message.

    The two parsers differ only in corners of YAML's grammar (a tab before a flow-style key, a
    '?' inside a flow-style value), where PyYAML's own refuses what libyaml reads: both refuse
    then, each naming the line it stopped at.
    """
    rng = random.Random(11)
    texts = []
    for _ in range(300):
        name, text = SEEDS[rng.randrange(len(SEEDS))]
        try:
            texts.append((name, mutate(rng, text).decode("utf-8")))
        except UnicodeDecodeError:
            continue

    def outcome(name: str, text: str) -> object:
        try:
            return family_from(parse_text(text, name, fast=False), pack)
        except InputError as exc:
            return [str(p) for p in exc.problems]

    with_c = [outcome(name, text) for name, text in texts]
    monkeypatch.setattr(text_load, "_CParser", None)
    without = [outcome(name, text) for name, text in texts]
    for (_, text), a, b in zip(texts, with_c, without, strict=True):
        syntax = [isinstance(o, list) and any("not valid YAML or JSON" in p for p in o) for o in (a, b)]
        if any(syntax):
            assert isinstance(b, list), (text, a, b)  # refused by PyYAML's own parser whenever by libyaml's
        else:
            assert a == b, (text, a, b)


def _largest(make) -> str:
    """The text `make(n)` for the largest n that fits within the size limit."""
    n = 1
    while len(make(2 * n)) <= MAX_PROFILE_BYTES:
        if len(make(2 * n)) == len(make(n)):  # it does not grow with n
            return make(n)
        n *= 2
    lo, hi = n, 2 * n
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if len(make(mid)) <= MAX_PROFILE_BYTES else (lo, mid)
    return make(lo)


_REFERRAL = "referral: {id: R-1, date: 2026-11-20}\nmembers:\n"
_CHILD = "  - {id: C1, role: child, age: 4}\n"
WORST = {  # the costliest profiles found within the size limit: many keys, items, members or problems
    "unknown keys": lambda n: _REFERRAL + _CHILD + "family:\n" + "".join(f"  k{i}: 1\n" for i in range(n)),
    "unknown keys, flow style": lambda n: (
        _REFERRAL + _CHILD + "family: {" + ", ".join(f"k{i}: 1" for i in range(n)) + "}"
    ),
    "members": lambda n: _REFERRAL + "".join(f"  - {{id: M{i}, role: child, age: 5}}\n" for i in range(n)),
    "unknown codes": lambda n: (
        _REFERRAL
        + "".join(
            f"  - {{id: M{i}, role: child, age: 5, indicators: [{', '.join(f'z{i}_{j}' for j in range(100))}]}}\n"
            for i in range(min(n, 50))
        )
    ),
    "a flat list": lambda n: _REFERRAL + _CHILD + "family: {indicators: [" + "a," * n + "a]}\n",
    "small mappings": lambda n: _REFERRAL + _CHILD + "family: {indicators: [" + ", ".join(["{a: 1}"] * n) + "]}",
    "wrong members": lambda n: (
        _REFERRAL
        + "".join(f"  - {{id: M{i}, role: kid, age: x, indicators: [a, b], foo: 1}}\n" for i in range(50))
        + "family:\n"
        + "".join(f"  k{i}: 1\n" for i in range(n))
    ),
    "JSON keys": lambda n: json.dumps(
        {"referral": {"id": "R-1", "date": "2026-11-20"}, "family": {f"k{i}": 1 for i in range(n)}}
    ),
}


@pytest.mark.parametrize("make", WORST.values(), ids=WORST.keys())
def test_the_costliest_profiles_within_the_limit_are_refused_within_a_second(make, pack):
    text = _largest(make)
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        family_from(parse_text(text, "family.yaml"), pack)
    seconds = time.perf_counter() - start
    assert seconds < SECOND, f"{seconds:.2f} s"
    assert len(caught.value.problems) <= 101
    assert all(len(str(p)) < 300 for p in caught.value.problems)


# ---------------------------------------------------------------- the real command

HEAD = "referral: {id: R-1, date: 2026-11-20}\nmembers:\n  - {id: C1, role: child, age: 4}\n"
EXTREMES = [  # (case, profile, line, field, words of the message)
    (
        "deep lists",
        HEAD + "family: {indicators: " + "[" * 5000 + "]" * 5000 + "}\n",
        4,
        "family.indicators[0][0][0][0]...",
        "nested more than 32 levels deep",
    ),
    (
        "deep mappings",
        HEAD + "family:\n" + "".join(f"{' ' * (i + 1)}a{i}:\n" for i in range(400)),
        36,
        "family.a0.a1.a2.a3.a4...",
        "nested more than 32 levels deep",
    ),
    (
        "a thousand members",
        HEAD + "".join(f"  - {{id: M{i}, role: child, age: 5}}\n" for i in range(1000)),
        2,
        "members",
        "lists 1,001 members; at most 50 are allowed",
    ),
    (
        "deep flow mappings",
        HEAD + "family: " + "{a: " * 600 + "1" + "}" * 600 + "\n",
        4,
        "family.a.a.a.a.a...",
        "nested more than 32 levels deep",
    ),
    (
        "a time of day",
        HEAD.replace("2026-11-20", "2026-11-20 09:30:00"),
        1,
        "referral.date",
        "without a time of day",
    ),
    ("a tag", HEAD.replace("age: 4", "age: !!int ''"), 3, "members[0].age", "YAML tag '!!int' is not accepted"),
    ("an escape code in an id", HEAD.replace("id: C1", 'id: "C1\\e[2J"'), 3, "members[0].id", "control character"),
    ("a huge id", HEAD.replace("R-1", "R" * 90_000), 1, "referral.id", "90,000 characters long; at most 100"),
]


def _run(path: Path) -> tuple[subprocess.CompletedProcess, float, int]:
    """The real command in a fresh child: its result, wall time and peak memory (MiB)."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60); "
        "print(r.returncode, time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); "
        "sys.stderr.write(r.stderr); sys.stdout.write(r.stdout)"
    )
    continuum = Path(sys.executable).with_name("continuum")
    result = subprocess.run(
        [sys.executable, "-c", probe, str(continuum), "triage", str(path)], capture_output=True, text=True, timeout=120
    )
    head, _, rest = result.stdout.partition("\n")
    code, seconds, mib = head.split()
    return subprocess.CompletedProcess(result.args, int(code), rest, result.stderr), float(seconds), int(mib)


@pytest.mark.parametrize(("text", "line", "field", "words"), [c[1:] for c in EXTREMES], ids=[c[0] for c in EXTREMES])
def test_the_command_refuses_extreme_profiles_with_exit_2(text, line, field, words, tmp_path):
    path = tmp_path / "family.yaml"
    path.write_text(text, encoding="utf-8")
    result, seconds, mib = _run(path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:{line}: {field}: "), result.stderr[:500]
    assert words in result.stderr, result.stderr[:500]
    assert len(result.stderr) < 1000
    assert mib < 200, f"{mib} MiB"
    assert seconds < 10  # the command's own start-up is most of it; the in-process cases hold the 1 s


def test_a_file_past_the_size_limit_is_refused_by_its_size(tmp_path):
    path = tmp_path / "family.yaml"
    path.write_text(HEAD + "# " + "x" * MAX_PROFILE_BYTES + "\n", encoding="utf-8")
    result, _, mib = _run(path)
    assert result.returncode == 2
    assert result.stderr == f"{path}: the file is larger than {MAX_PROFILE_BYTES:,} bytes, the most a profile may be\n"
    assert mib < 200


def test_standard_input_past_the_size_limit_is_refused_without_reading_it_all():
    continuum = Path(sys.executable).with_name("continuum")
    big = (HEAD + "# " + "x" * (5 * MAX_PROFILE_BYTES) + "\n").encode()
    result = subprocess.run([str(continuum), "triage", "-"], input=big, capture_output=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("<stdin>: the file is larger than")


def test_no_memory_is_needed_beyond_the_limit(tmp_path):
    """The largest profile the limit allows, of a million tiny items, stays well under 200 MiB."""
    item = "a,"
    body = "[" + item * ((MAX_PROFILE_BYTES - len(HEAD) - 40) // len(item)) + "a]"
    path = tmp_path / "family.yaml"
    path.write_text(HEAD + "family: {indicators: " + body + "}\n", encoding="utf-8")
    assert path.stat().st_size <= MAX_PROFILE_BYTES
    result, _, mib = _run(path)
    assert result.returncode == 2, result.stderr
    assert "at most 100 are allowed" in result.stderr
    assert mib < 200, f"{mib} MiB"
