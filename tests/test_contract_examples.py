"""The public contract's examples, run through the installed `continuum` command."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "contract" / "check_examples.py"


@pytest.mark.skipif(not CHECKER.exists(), reason="the shared contract is not beside this checkout")
def test_contract_examples_hold():
    cmd = shutil.which("continuum") or str(Path(sys.executable).with_name("continuum"))
    result = subprocess.run([sys.executable, str(CHECKER), "--cmd", cmd], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9/9 examples hold" in result.stdout or "examples hold" in result.stdout
