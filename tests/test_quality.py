"""The code passes the project's linters and type checker (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TREES = ["engine", "service", "tests", "features", "bench"]


def tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    assert path.exists(), f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'"
    return str(path)


@pytest.mark.parametrize(
    "command",
    [["ruff", "check"], ["ruff", "format", "--check"], ["mypy"]],
    ids=["ruff check", "ruff format", "mypy"],
)
def test_the_code_is_clean(command, repo):
    trees = [t for t in TREES if (repo / t).is_dir()] if command[0] == "ruff" else []
    result = subprocess.run(
        [tool(command[0]), *command[1:], *trees], cwd=repo, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
