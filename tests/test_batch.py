"""`continuum batch`: one decision per line in input order, every refusal reported and none
dropped (decided + refused == read), worker processes giving the same bytes as one process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from engine.caseload import progress, work
from engine.caseload.read import JsonLines
from engine.cli import main
from engine.decide import decide
from engine.errors import EngineError
from engine.evaluate import make_backend
from engine.profile import family_from
from engine.synth.caseload import Caseload
from engine.text import parse_text

CONTINUUM = os.path.join(os.path.dirname(sys.executable), "continuum")
UNKNOWN = b'{"referral": {"id": "BAD-1", "date": "2026-11-20"}, "members": [{"id": "C1", "role": "child", "age": 7, "indicators": ["depresion"]}]}'  # noqa: E501
BROKEN = b'{"referral": {"id": "BAD-2", "date": '
NOT_AN_OBJECT = b'["referral", "members"]'
BAD_ENCODING = b'{"referral": {"id": "caf\xe9", "date": "2026-11-20"}}'


@pytest.fixture(scope="module")
def profiles(pack) -> list[bytes]:
    return [orjson.dumps(p) for p in Caseload(pack, seed=21).profiles(600)]


@pytest.fixture
def run(tmp_path, capsysbinary, monkeypatch):
    """Run `continuum batch` on JSON Lines: (exit code, decisions, stderr lines, errors file lines)."""

    def run(lines: list[bytes], *options: str, stdin: bool = False) -> tuple[int, list[bytes], list[str], list[dict]]:
        data = b"\n".join(lines) + b"\n"
        source = tmp_path / "caseload.jsonl"
        source.write_bytes(data)
        if stdin:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        out = tmp_path / "decisions.jsonl"
        code = main(["batch", "-" if stdin else str(source), "--out", str(out), *options])
        captured = capsysbinary.readouterr()
        assert captured.out == b""
        errors = tmp_path / "decisions.errors.jsonl"
        found = [json.loads(line) for line in errors.read_bytes().splitlines()] if errors.exists() else []
        return code, out.read_bytes().splitlines(), captured.err.decode().splitlines(), found

    return run


def ids(decisions: list[bytes]) -> list[str]:
    return [json.loads(d)["referral_id"] for d in decisions]


def test_decisions_come_in_input_order_each_as_triage_decides_it(run, profiles, pack):
    code, decisions, err, errors = run(profiles[:40])
    assert (code, err, errors) == (0, ["40 read, 40 decided, 0 refused"], [])
    assert ids(decisions) == [json.loads(p)["referral"]["id"] for p in profiles[:40]]
    backend = make_backend("durable", pack)
    for line, profile in zip(decisions, profiles[:40], strict=True):
        decision = decide(family_from(parse_text(profile.decode(), "p"), pack), pack, backend)
        assert line + b"\n" == decision.to_json_line()
        assert json.loads(line) == json.loads(decision.to_json())


def test_broken_records_are_refused_and_the_rest_decided(run, profiles, tmp_path):
    lines = [profiles[0], BROKEN, profiles[1], NOT_AN_OBJECT, UNKNOWN, b"", b"  \t", BAD_ENCODING, profiles[2]]
    code, decisions, err, errors = run(lines)
    assert code == 1
    assert len(decisions) == 3 and ids(decisions) == [json.loads(profiles[i])["referral"]["id"] for i in (0, 1, 2)]
    assert err[-1] == "7 read, 3 decided, 4 refused; 2 blank lines passed over"
    name = str(tmp_path / "caseload.jsonl")
    assert err[:-1] == [
        f"{name}:2: not valid YAML or JSON: did not find expected node content",
        f"{name}:4: expected a mapping of fields (key: value), got a list",
        f"{name}:5: members[0].indicators: unknown indicator 'depresion' (did you mean 'depression_anxiety'?)",
        f"{name}:8: not UTF-8 text: byte 0xE9 cannot be read (save the file as UTF-8)",
    ]
    assert errors == [
        {"record": 2, "file": name, "line": 2, "field": "", "reason": err[0].split(": ", 1)[1]},
        {"record": 4, "file": name, "line": 4, "field": "", "reason": err[1].split(": ", 1)[1]},
        {
            "record": 5,
            "file": name,
            "line": 5,
            "field": "members[0].indicators",
            "reason": "unknown indicator 'depresion' (did you mean 'depression_anxiety'?)",
        },
        {"record": 6, "file": name, "line": 8, "field": "", "reason": err[3].split(": ", 1)[1]},
    ]


def test_a_refusal_reads_as_triage_gives_it(run, tmp_path, capsysbinary):
    """The same profile alone in a file, given to `continuum triage`, gets the same words."""
    single = tmp_path / "one.json"
    single.write_bytes(UNKNOWN)
    assert main(["triage", str(single)]) == 2
    said = capsysbinary.readouterr().err.decode().strip().removeprefix(f"{single}:1: ")
    _, _, err, _ = run([UNKNOWN])
    assert err[0].split(":", 2)[2].strip() == said


def test_a_line_over_the_profile_limit_is_refused_and_reading_goes_on(run, profiles):
    long = b'{"referral": {"id": "' + b"x" * 200_000 + b'"}}'
    code, decisions, err, errors = run([long, profiles[0]])
    assert (code, len(decisions)) == (1, 1)
    assert errors[0]["line"] == 1 and "larger than 100,000 bytes" in errors[0]["reason"]
    assert err[-1] == "2 read, 1 decided, 1 refused"


def test_standard_input_is_read_as_json_lines(run, profiles):
    code, decisions, err, _ = run([profiles[0], NOT_AN_OBJECT], stdin=True)
    assert (code, len(decisions)) == (1, 1)
    assert err[0] == "<stdin>:2: expected a mapping of fields (key: value), got a list"


def test_a_directory_is_read_file_by_file_in_name_order(tmp_path, profiles, capsys):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "b.json").write_bytes(profiles[1])
    (folder / "a.yaml").write_text(
        "referral: {id: R-A, date: 2026-11-20}\nmembers:\n  - {id: C1, role: child, age: 4}\n"
    )
    bad = "referral: {id: R-C, date: 2026-11-20}\nmembers:\n  - {id: C1, role: child, age: 4, indicators: [nope]}\n"
    (folder / "c.yml").write_text(bad)
    (folder / "notes.txt").write_text("not a profile")
    assert main(["batch", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert ids([line.encode() for line in out.splitlines()]) == ["R-A", json.loads(profiles[1])["referral"]["id"]]
    assert err.splitlines() == [
        f"{folder / 'c.yml'}:3: members[0].indicators: unknown indicator 'nope'",
        "3 read, 2 decided, 1 refused",
    ]


def test_an_unusable_pack_or_input_is_refused_whole(tmp_path, capsys, profiles):
    source = tmp_path / "in.jsonl"
    source.write_bytes(profiles[0] + b"\n")
    (tmp_path / "empty").mkdir()
    out = str(tmp_path / "out.jsonl")
    for args, words in [
        ([str(source), "--pack", "no-such-pack"], "--pack: 'no-such-pack' is neither a directory nor a pack"),
        ([str(tmp_path / "missing.jsonl")], "cannot read: No such file or directory"),
        ([str(tmp_path / "empty")], "holds no profile files"),
        ([str(tmp_path / "one.yaml")], "decide it with `continuum triage`"),
        ([str(source), "--errors", out], "--errors: must not be the INPUT file or the --out file"),
        ([str(source), "--errors", str(source)], "--errors: must not be the INPUT file or the --out file"),
        ([out], "--out: must not be the INPUT file"),
        ([str(source), "--out", str(tmp_path / "no" / "dir.jsonl")], "--out: cannot write"),
    ]:
        assert main(["batch", "--out", out, *args]) == 2, args
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err


def test_two_worker_processes_write_the_same_bytes_as_one(run, profiles):
    lines = [*profiles[:300], BROKEN, *profiles[300:]]
    one = run(lines)
    two = run(lines, "--jobs", "2")
    assert one == two
    assert one[2][-1] == "601 read, 600 decided, 1 refused"


def test_no_progress_bar_when_standard_error_is_not_a_terminal(run, profiles, monkeypatch):
    monkeypatch.setattr(progress, "EVERY", 0.0)  # a bar, if there were one, would be drawn at every chunk
    _, _, err, _ = run(profiles[:300])
    assert err == ["300 read, 300 decided, 0 refused"]


def test_a_terminal_gets_the_progress_bar(tmp_path, profiles, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(progress, "EVERY", 0.0)
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(profiles[:300]))
    assert main(["batch", str(source), "--out", str(tmp_path / "out.jsonl")]) == 0
    text = screen.getvalue()
    assert "\r[" in text and "| 300 decided | 0 refused |" in text and " left\x1b[K" in text
    assert text.endswith("\r\x1b[K300 read, 300 decided, 0 refused\n")


def test_the_progress_bar_shows_counts_rate_and_time_left(monkeypatch):
    clock = iter([0.0, 10.0, 20.0])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    screen = io.StringIO()
    bar = progress.Progress(screen, shown=True, size=1_000)
    bar.advance(240, 10, 250)
    assert screen.getvalue() == "\r[#####...............]  25% | 240 decided | 10 refused | 25/s | 0:30 left\x1b[K"
    bar.line("a problem")
    assert screen.getvalue().endswith("\r\x1b[Ka problem\n")
    hidden = io.StringIO()
    progress.Progress(hidden, shown=False).advance(5, 0, 5)
    assert hidden.getvalue() == ""


def test_a_family_the_engine_fails_on_is_refused_alone(run, profiles, monkeypatch):
    real = work.decide_all
    target = json.loads(profiles[1])["referral"]["id"]

    def failing(families, pack, backend):
        if any(f.referral_id == target for f in families):
            raise EngineError("boom")
        return real(families, pack, backend)

    monkeypatch.setattr(work, "decide_all", failing)
    code, decisions, err, errors = run(profiles[:3])
    assert code == 3
    assert ids(decisions) == [json.loads(profiles[i])["referral"]["id"] for i in (0, 2)]
    assert "the rules engine failed, no decision was made" in errors[0]["reason"]
    assert err[-1] == "3 read, 2 decided, 1 refused (1 because the rules engine failed)"


def test_synth_piped_into_batch_through_a_real_pipe():
    """`continuum synth 2000 | continuum batch -`, as a shell runs it."""
    synth = subprocess.Popen([CONTINUUM, "synth", "2000", "--seed", "8"], stdout=subprocess.PIPE)
    result = subprocess.run([CONTINUUM, "batch", "-"], stdin=synth.stdout, capture_output=True, timeout=300)
    assert synth.stdout is not None
    synth.stdout.close()
    assert synth.wait(timeout=60) == 0
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"2000 read, 2000 decided, 0 refused\n"
    lines = result.stdout.splitlines()
    assert len(lines) == 2000
    for n, line in enumerate(lines, 1):
        assert json.loads(line)["referral_id"].startswith(f"SYN-{n:06d}-")


def test_json_lines_reader_counts_lines_not_records(tmp_path):
    path = Path(tmp_path / "x.jsonl")
    path.write_bytes(b'{"a": 1}\r\n\n{"b": 2}')
    with path.open("rb") as stream:
        reader = JsonLines(stream, "x.jsonl", None)
        assert [(r.line, r.raw) for r in reader] == [(1, b'{"a": 1}'), (3, b'{"b": 2}')]
        assert reader.blank == 1


def test_a_census_csv_is_a_caseload_too_with_each_refused_row_at_its_line(repo, tmp_path, capsys):
    from engine.cli import main

    out = tmp_path / "d.jsonl"
    code = main(["batch", str(repo / "examples" / "cin" / "sample-with-errors.csv"), "--out", str(out)])
    err = capsys.readouterr().err
    decided = out.read_bytes().count(b"\n")
    refused = sum(1 for line in err.splitlines() if "sample-with-errors.csv:" in line)
    assert code == 1 and decided > 0 and refused > 0
    assert f"{decided + refused} read, {decided} decided, {refused} refused" in err
    assert "sample-with-errors.csv:3: AssessmentFactors: census code '18A'" in err
