"""Bind the families-first pack's .feature files; the steps live in features/conftest.py."""

from pathlib import Path

from pytest_bdd import scenarios

scenarios(str(Path(__file__).resolve().parents[2] / "packs" / "families-first" / "features"))
