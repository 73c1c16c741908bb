"""The families-first pack's own scenarios (packs/families-first/features) run against that pack.

The steps are the ones in features/conftest.py; only the pack (and what is read from it) differs.
"""

from __future__ import annotations

import pytest
from conftest import PackFacts

from engine.check import usable_pack
from engine.evaluate import make_backend
from engine.ir import CompiledPack
from engine.pack import bundled_pack_dir

FAMILIES_FIRST = bundled_pack_dir("families-first")


@pytest.fixture(scope="session")
def pack() -> CompiledPack:
    return usable_pack(FAMILIES_FIRST)


@pytest.fixture(scope="session")
def facts(pack: CompiledPack) -> PackFacts:
    return PackFacts.read(FAMILIES_FIRST)


@pytest.fixture(scope="session")
def backend(pack: CompiledPack):
    return make_backend("durable", pack)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(f"The families-first scenarios ran against the rule pack in {FAMILIES_FIRST}")
