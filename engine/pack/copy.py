"""`continuum pack init`: an editable copy of a pack for a policy team, with its cases and schemas."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..errors import InputError, Problem
from .load import load_pack

PARTS = ("rules", "pathways", "cases")


SCHEMA_LINE = re.compile(r"^(# yaml-language-server: \$schema=)(?:\.\./)+schema/", re.M)


def _point_at_own_schemas(target: Path) -> None:
    """Each copied file's editor hint points at the copy's own schema/ (a bundled pack's may sit deeper)."""
    for part in PARTS:
        for path in (target / part).glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            fixed = SCHEMA_LINE.sub(r"\1../schema/", text, count=1)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")


def copy_pack(source: Path, target: Path) -> list[str]:
    """Copy a pack's rules/, pathways/ and cases/ into a new or empty `target`, and write schema/ there."""
    from .jsonschema import write_schemas

    load_pack(source)  # refuse anything that is not a pack before writing a byte
    shown = str(target)
    if target.exists() and not target.is_dir():
        raise InputError([Problem(shown, None, "", "is a file: give a new directory for the copy")])
    if target.is_dir() and any(target.iterdir()):
        raise InputError(
            [Problem(shown, None, "", "is not empty: give a new or empty directory (nothing was written)")]
        )
    written = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for part in PARTS:
            if (source / part).is_dir():
                shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns(".*", "__pycache__"))
                written.append(part)
        _point_at_own_schemas(target)
        write_schemas(target / "schema", target)
    except OSError as exc:
        raise InputError([Problem(shown, None, "", f"cannot write the copy: {exc.strerror or exc}")]) from None
    return [*written, "schema"]
