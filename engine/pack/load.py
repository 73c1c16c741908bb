"""Find, read and validate a rule pack directory (rules/ and pathways/)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..text import Document, load_file, validate
from .bundled import default_pack_dir
from .models import PACK_FILES


@dataclass(frozen=True)
class LoadedPack:
    root: Path
    docs: dict[str, Document]
    models: dict[str, Any]
    digest: str

    def doc(self, rel: str) -> Document:
        return self.docs[rel]


def digest_of(root: Path, rels: list[str]) -> str:
    h = hashlib.sha256()
    for rel in sorted(rels):
        h.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    return "sha256:" + h.hexdigest()


def load_pack(root: Path | None = None) -> LoadedPack:
    root = (root or default_pack_dir()).resolve()
    if not (root / "rules").is_dir() or not (root / "pathways").is_dir():
        raise InputError([Problem(str(root), None, "", "not a rule pack: expected rules/ and pathways/")])
    docs: dict[str, Document] = {}
    models: dict[str, Any] = {}
    problems: list[Problem] = []
    for rel, model in PACK_FILES.items():
        path = root / rel
        name = str(path)
        if not path.is_file():
            problems.append(Problem(name, None, "", "file is missing from the pack"))
            continue
        try:
            docs[rel] = load_file(path, name)
            models[rel] = validate(docs[rel], model)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return LoadedPack(root, docs, models, digest_of(root, list(PACK_FILES)))
