"""Refusals of bad input, as `FILE:LINE: field: message` problems."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that move the cursor, clear the screen, reorder text or break lines on a terminal:
# C0 and C1 controls, DEL, bidirectional and zero-width format characters, line and paragraph
# separators, lone surrogates, non-characters. Never printed raw; refused outright in what a profile holds.
CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character written as an escape (\\x1b, \\u202e), so it prints as it is."""
    if keep_newlines:
        return "\n".join(CONTROL.sub(_escape, line) for line in text.split("\n"))
    return CONTROL.sub(_escape, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One refusal: the file, the line where it can be known, the field, and what was expected."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return printable(text)


class InputError(Exception):
    """Input (a profile or a pack) that cannot be decided on. Exit code 2."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
        super().__init__("\n".join(map(str, self.problems)))


class EngineError(Exception):
    """A backend failed while evaluating (an action raised, or a fact went unseen)."""
