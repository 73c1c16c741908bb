"""Refusals of bad input, as `FILE:LINE: field: message` problems."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One refusal: the file, the line where it can be known, the field, and what was expected."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """Input (a profile or a pack) that cannot be decided on. Exit code 2."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
        super().__init__("\n".join(map(str, self.problems)))


class EngineError(Exception):
    """A backend failed while evaluating (an action raised, or a fact went unseen)."""
