"""The files of a rule pack, read once as bytes: what is hashed is exactly what is parsed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError, Problem

FILES = (
    "rules/pack.yaml",
    "rules/documents.yaml",
    "rules/levels.yaml",
    "rules/indicators.yaml",
    "rules/needs.yaml",
    "rules/safeguarding.yaml",
    "rules/age_bands.yaml",
    "rules/cin_codes.yaml",
    "rules/urgency.yaml",
    "rules/supporting_families.yaml",
    "pathways/interventions.yaml",
    "pathways/lead_professional.yaml",
    "rules/reviews.yaml",
)


def read_files(root: Path) -> dict[str, bytes]:
    """Every pack file's bytes; every missing or unreadable file is reported at once."""
    if not (root / "rules").is_dir() or not (root / "pathways").is_dir():
        raise InputError([Problem(str(root), None, "", "not a rule pack: expected rules/ and pathways/")])
    out: dict[str, bytes] = {}
    problems: list[Problem] = []
    for rel in FILES:
        path = root / rel
        try:
            out[rel] = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(str(path), None, "", "file is missing from the pack"))
        except OSError as exc:
            problems.append(Problem(str(path), None, "", f"cannot read: {exc.strerror}"))
    if problems:
        raise InputError(problems)
    return out


def digest_of(files: dict[str, bytes]) -> str:
    """sha256 over the pack files' names and bytes, in a fixed order."""
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode() + b"\0" + files[rel] + b"\0")
    return "sha256:" + h.hexdigest()
