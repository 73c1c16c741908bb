"""Find, read and validate a rule pack directory (rules/ and pathways/), and any pack it extends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..text import Document, decode, parse_text, validate
from .bundled import default_pack_dir
from .files import DOCUMENTS, FILES, PackFiles, digest_of, read_files
from .models import PACK_FILES, DocumentsFile

assert tuple(PACK_FILES) == FILES, "pack files and their models must be listed in the same order"


@dataclass(frozen=True)
class LoadedPack:
    """A pack's files parsed (with line numbers) and validated, and their digest."""

    root: Path
    docs: dict[str, Document]
    models: dict[str, Any]
    digest: str
    extends: tuple[str, ...] = ()  # the packs this one extends, nearest first

    def doc(self, rel: str) -> Document:
        return self.docs[rel]


def _parse(path: Path, raw: bytes, model: Any) -> tuple[Document, Any]:
    doc = parse_text(decode(raw, str(path)), str(path), fast=False)
    return doc, validate(doc, model)


def load_pack(root: Path | None = None, files: PackFiles | None = None) -> LoadedPack:
    """Read and validate every pack file (all problems at once); `files` are bytes already read."""
    root = (root or default_pack_dir()).resolve()
    files = files if files is not None else read_files(root)
    docs: dict[str, Document] = {}
    models: dict[str, Any] = {}
    problems: list[Problem] = []
    for rel, model in PACK_FILES.items():
        try:
            docs[rel], models[rel] = _parse(files.paths[rel], files.data[rel], model)
        except InputError as exc:
            problems.extend(exc.problems)
    merged: dict[str, Any] = {}
    for path, raw in files.base_documents:  # a base's documents, then the pack's own over them
        try:
            merged.update(_parse(path, raw, DocumentsFile)[1].documents)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    if files.base_documents:
        models[DOCUMENTS] = DocumentsFile(documents={**merged, **models[DOCUMENTS].documents})
    return LoadedPack(root, docs, models, digest_of(files), files.extends)
