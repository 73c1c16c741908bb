"""Find, read and validate a rule pack directory (rules/ and pathways/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..text import Document, decode, parse_text, validate
from .bundled import default_pack_dir
from .files import FILES, digest_of, read_files
from .models import PACK_FILES

assert tuple(PACK_FILES) == FILES, "pack files and their models must be listed in the same order"


@dataclass(frozen=True)
class LoadedPack:
    """A pack's files parsed (with line numbers) and validated, and their digest."""

    root: Path
    docs: dict[str, Document]
    models: dict[str, Any]
    digest: str

    def doc(self, rel: str) -> Document:
        return self.docs[rel]


def load_pack(root: Path | None = None, files: dict[str, bytes] | None = None) -> LoadedPack:
    """Read and validate every pack file (all problems at once); `files` are bytes already read."""
    root = (root or default_pack_dir()).resolve()
    files = files if files is not None else read_files(root)
    docs: dict[str, Document] = {}
    models: dict[str, Any] = {}
    problems: list[Problem] = []
    for rel, model in PACK_FILES.items():
        name = str(root / rel)
        try:
            docs[rel] = parse_text(decode(files[rel], name), name, fast=False)
            models[rel] = validate(docs[rel], model)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return LoadedPack(root, docs, models, digest_of(files))
