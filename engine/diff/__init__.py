"""Stage 9, diff: what changed between two rule packs, in policy words, each with FILE:LINE."""

from .changes import Change, diff_packs
from .present import render_json, render_text

__all__ = ["Change", "diff_packs", "render_json", "render_text"]
