"""Stage 8, check: prove things about a compiled pack by deciding synthetic families with it.

`continuum check` reports every problem; every other command refuses a pack with any (exit 2).
A pack that passed is remembered by its digest, so the proof runs once per edit, not per call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from ..ir import CompiledPack, Origin
from ..pack.bundled import default_pack_dir
from ..pack.files import digest_of, read_files
from . import cache

if TYPE_CHECKING:
    from ..pack.load import LoadedPack


def _origin(lp: LoadedPack, rel: str, path: tuple) -> Origin:
    doc = lp.doc(rel)
    return Origin(doc.name, doc.line_of(path))


def check_pack(lp: LoadedPack) -> tuple[CompiledPack | None, list[Problem]]:
    """Every problem `continuum check` reports, and the compiled pack if it compiled.

    The proofs run on the rules in force in each period of a pack with dated values.
    """
    from ..compile import by_period, compile_pack  # here: a checked pack from the cache needs none of it
    from .mandatory import broken
    from .reachability import unreachable

    pack, problems = compile_pack(lp)
    if problems:
        return None, sorted(set(problems))
    safeguarding = _origin(lp, "rules/safeguarding.yaml", ("triggers",))
    levels = _origin(lp, "rules/levels.yaml", ("levels",))
    found = [(view.period, broken(view, safeguarding, levels) + unreachable(view)) for view in pack.views]
    problems = by_period(found)
    return pack, sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))


def usable_pack(root: Path | None = None) -> CompiledPack:
    """The pack at `root` (default: the bundled one), refused with every problem unless it passes check."""
    root = (root or default_pack_dir()).resolve()
    files = read_files(root)
    pack = cache.get(digest_of(files))
    if pack is not None:
        return pack
    from ..pack.load import load_pack

    return usable(load_pack(root, files))


def usable(lp: LoadedPack) -> CompiledPack:
    """A loaded pack compiled, refused with every problem unless it passes check."""
    pack = cache.get(lp.digest)
    if pack is not None:
        return pack
    pack, problems = check_pack(lp)
    if problems or pack is None:
        raise InputError(problems)
    cache.put(pack)
    return pack
