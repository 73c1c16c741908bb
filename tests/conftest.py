"""Shared fixtures: the default pack, both backends, generated families and pack copies.

The PostgreSQL and SQLite databases for store tests (`postgres_url`, `database_url`) come from
tests/postgres.py, imported below.

Families are built once, by `build_family`, from a source of choices: hypothesis draws them
for the property tests and a seeded `random.Random` for the large agreement run, so both
explore the same space of valid profiles.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import strategies as st
from postgres import database_url, postgres_server, postgres_url, pytest_terminal_summary  # noqa: F401 (fixtures)

from engine.compile import compile_or_refuse
from engine.decide import decide
from engine.errors import InputError
from engine.evaluate import Backend, make_backend
from engine.ir import CompiledPack
from engine.pack import load_pack
from engine.profile import Family, family_from
from engine.synth import Choices, Generator, Seeded, Vocabulary, profile_of
from engine.text import parse_text

REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")

# ---------------------------------------------------------------- the pack and backends


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def pack() -> CompiledPack:
    return compile_or_refuse(load_pack())


@pytest.fixture(scope="session")
def durable(pack: CompiledPack) -> Backend:
    """durable-rules keeps one host per process, so one backend serves the whole session."""
    return make_backend("durable", pack)


@pytest.fixture(scope="session")
def reference(pack: CompiledPack) -> Backend:
    return make_backend("reference", pack)


@dataclass(frozen=True)
class Engine:
    """The pack and both backends, with a short repr for hypothesis' falsifying examples."""

    pack: CompiledPack
    durable: Backend
    reference: Backend

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"Engine({self.pack.name} {self.pack.version})")

    def decide(self, family: Family, backend: str = "durable") -> dict:
        return json.loads(decide(family, self.pack, getattr(self, backend)).to_json())


@pytest.fixture(scope="session")
def engine(pack: CompiledPack, durable: Backend, reference: Backend) -> Engine:
    return Engine(pack, durable, reference)


# ---------------------------------------------------------------- generated families


class Drawn(Choices):
    """Choices drawn by hypothesis, so a failing family shrinks to a small one."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]):
        self.draw = draw

    def number(self, lo: int, hi: int) -> int:
        return int(self.draw(st.integers(lo, hi)))

    def pick(self, items: Sequence[T], weights: Sequence[int] | None = None) -> T:
        return self.draw(st.sampled_from(items))


def build_family(c: Choices, pack: CompiledPack, referral_id: str = "R-GEN") -> Family:
    """A valid family from the one synthetic generator, with referral dates over two years."""
    family = Generator(pack, c, as_of=AS_OF_FIRST, spread_days=730).family()
    return dataclasses.replace(family, referral_id=referral_id)


AS_OF_FIRST = dt.date(2026, 1, 1)  # before and after the default pack's effective_from


@pytest.fixture(scope="session")
def vocab(pack: CompiledPack) -> Vocabulary:
    return Vocabulary.of(pack)


@pytest.fixture(scope="session")
def families(pack: CompiledPack) -> st.SearchStrategy[Family]:
    """Hypothesis strategy of valid families (draw it with `data.draw`)."""
    return st.composite(lambda draw: build_family(Drawn(draw), pack))()


@pytest.fixture(scope="session")
def seeded_families(pack: CompiledPack) -> Callable[[int, int], list[Family]]:
    def make(count: int, seed: int) -> list[Family]:
        choices = Seeded(random.Random(seed))
        return [build_family(choices, pack, f"R-{seed}-{n:05d}") for n in range(count)]

    return make


# ---------------------------------------------------------------- profiles as text


@pytest.fixture(scope="session")
def as_profile() -> Callable[..., dict]:
    return profile_of


@pytest.fixture(scope="session")
def read_family(pack: CompiledPack) -> Callable[..., Family]:
    """Profile text (YAML or JSON) or a profile dict -> Family, as `continuum triage` reads it."""

    def read(source: str | dict, name: str = "family.yaml") -> Family:
        text = source if isinstance(source, str) else json.dumps(source)
        return family_from(parse_text(text, name), pack)

    return read


@pytest.fixture(scope="session")
def decide_yaml(engine: Engine, read_family: Callable[..., Family]) -> Callable[[str], dict]:
    """Members and family as YAML text (a referral on 2026-11-20 is added) -> the decision as JSON data."""

    def run(body: str) -> dict:
        return engine.decide(read_family("referral: {id: T-1, date: 2026-11-20, consent: true}\n" + body))

    return run


@pytest.fixture(scope="session")
def refusal(read_family: Callable[..., Family]) -> Callable[..., list[str]]:
    """Profile text that must be refused: the refusals, one `FILE:LINE: field: message` each."""

    def refuse(text: str, name: str = "family.yaml") -> list[str]:
        with pytest.raises(InputError) as caught:
            read_family(text, name)
        lines = str(caught.value).splitlines()
        assert lines == [str(p) for p in caught.value.problems]
        return lines

    return refuse


# ---------------------------------------------------------------- copies of the pack


@dataclass
class PackCopy:
    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel

    def edit(self, rel: str, old: str, new: str) -> int:
        """Replace the first `old` in a pack file; the line number where it starts."""
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        at = text.find(old)
        assert at >= 0, f"{old!r} is not in {rel}"
        path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
        return text.count("\n", 0, at) + 1

    def line_of(self, rel: str, needle: str) -> int:
        text = self.path(rel).read_text(encoding="utf-8")
        at = text.find(needle)
        assert at >= 0, f"{needle!r} is not in {rel}"
        return text.count("\n", 0, at) + 1


@pytest.fixture
def pack_copy(tmp_path: Path, repo: Path) -> PackCopy:
    """A policy team's working copy of the default pack (rules/ and pathways/)."""
    root = tmp_path / "pack"
    for part in ("rules", "pathways"):
        shutil.copytree(repo / part, root / part)
    return PackCopy(root)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download its own browser here)."""
    assert CHROMIUM.exists(), "the browser tests need Debian's chromium: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    flags = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=flags)
        yield b
        b.close()
