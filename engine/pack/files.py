"""The files of a rule pack, read once as bytes: what is hashed is exactly what is parsed.

A pack may extend another (`extends:` in rules/pack.yaml, a bundled pack's name or a folder
relative to the pack): then it holds only rules/pack.yaml and the files it changes, and every
other file comes from the pack it extends. rules/documents.yaml is the exception: a pack's own
documents are added to its base's, so it cites both without copying them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
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
META, DOCUMENTS = "rules/pack.yaml", "rules/documents.yaml"
MAX_CHAIN = 8  # packs extending packs: more than this is surely a mistake


@dataclass(frozen=True)
class PackFiles:
    """Every file a pack is made of: for each name, the file that supplies it and its bytes."""

    root: Path
    paths: dict[str, Path]
    data: dict[str, bytes]
    # the documents files of the packs this one extends, outermost base first: merged under its own
    base_documents: tuple[tuple[Path, bytes], ...] = ()
    extends: tuple[str, ...] = field(default=())  # the packs extended, nearest first


def _own(root: Path, extending: bool) -> tuple[dict[str, Path], dict[str, bytes]]:
    paths: dict[str, Path] = {}
    data: dict[str, bytes] = {}
    problems: list[Problem] = []
    for rel in FILES:
        path = root / rel
        try:
            data[rel] = path.read_bytes()
            paths[rel] = path
        except FileNotFoundError:
            if not extending or rel == META:
                problems.append(Problem(str(path), None, "", "file is missing from the pack"))
        except OSError as exc:
            problems.append(Problem(str(path), None, "", f"cannot read: {exc.strerror}"))
    if problems:
        raise InputError(problems)
    return paths, data


def _extends(root: Path) -> tuple[str, int | None] | None:
    """The base a pack names in rules/pack.yaml (`extends:`), and its line; None for a pack of its own."""
    from ..text import decode, parse_text

    path = root / META
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # reported with the other files
    doc = parse_text(decode(raw, str(path)), str(path), fast=False)
    if not isinstance(doc.data, dict) or doc.data.get("extends") is None:
        return None
    return str(doc.data["extends"]), doc.line_of(("extends",))


def _base_dir(root: Path, name: str, line: int | None) -> Path:
    from .bundled import BUNDLED, bundled_pack_dir

    where = Path(name).expanduser()
    local = where if where.is_absolute() else root / where
    if local.is_dir() and (local / META).is_file():
        return local.resolve()
    if name in BUNDLED:
        return bundled_pack_dir(name)
    from ..text import did_you_mean

    raise InputError(
        [
            Problem(
                str(root / META),
                line,
                "extends",
                f"no pack '{name}' to extend: give a pack that ships with Continuum "
                f"({', '.join(sorted(BUNDLED))}{did_you_mean(name, BUNDLED)}) or a folder holding rules/pack.yaml",
            )
        ]
    )


def read_files(root: Path, seen: tuple[Path, ...] = ()) -> PackFiles:
    """Every pack file's bytes, from the pack and the packs it extends; every problem at once."""
    root = root.resolve()
    if not (root / "rules").is_dir():
        raise InputError([Problem(str(root), None, "", "not a rule pack: expected rules/ and pathways/")])
    base = _extends(root)
    if base is None:
        if not (root / "pathways").is_dir():
            raise InputError([Problem(str(root), None, "", "not a rule pack: expected rules/ and pathways/")])
        paths, data = _own(root, extending=False)
        return PackFiles(root, paths, data)
    name, line = base
    base_root = _base_dir(root, name, line)
    if base_root in (root, *seen) or len(seen) >= MAX_CHAIN:
        chain = " → ".join(str(p) for p in (*seen, root, base_root))
        raise InputError([Problem(str(root / META), line, "extends", f"packs extend each other in a loop: {chain}")])
    under = read_files(base_root, (*seen, root))
    paths, data = _own(root, extending=True)
    documents = under.base_documents
    if DOCUMENTS in data:
        documents = (*documents, (under.paths[DOCUMENTS], under.data[DOCUMENTS]))
    return PackFiles(
        root,
        {**under.paths, **paths},
        {**under.data, **data},
        documents,
        (name, *under.extends),
    )


def digest_of(files: PackFiles) -> str:
    """sha256 over the pack files' names and bytes (and any base documents merged in), in a fixed order."""
    h = hashlib.sha256()
    for rel in sorted(files.data):
        h.update(rel.encode() + b"\0" + files.data[rel] + b"\0")
    for _, raw in files.base_documents:
        h.update(DOCUMENTS.encode() + b"\0" + raw + b"\0")
    return "sha256:" + h.hexdigest()
