"""`continuum diff` output: one line per change, FILE:LINE first, or the changes as JSON."""

from __future__ import annotations

import json

from .changes import Change


def render_text(changes: list[Change]) -> str:
    if not changes:
        return "no policy changes\n"
    return "".join(f"{c.file}:{c.line}: {c.text}\n" if c.line else f"{c.file}: {c.text}\n" for c in changes)


def render_json(changes: list[Change]) -> str:
    return json.dumps([c.as_json() for c in changes], indent=2, ensure_ascii=False) + "\n"
