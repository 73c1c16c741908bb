"""A baseline plus one change: the pack with one threshold edited in memory, loaded, checked and compiled.

The pack's files are read as `continuum check` reads them (a pack that extends another brings its
base's files); the edited file's text differs only in the one number, on the same line, so every
problem the checker finds is reported at the line a policy officer would see in the file. Nothing
is written: the original files are never touched. The changed pack keeps the pack's name, so a
report calls the two packs baseline and proposed (engine/present/impact.py).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..check import usable
from ..errors import InputError, Problem
from ..ir import CompiledPack
from ..pack.files import PackFiles, digest_of, read_files
from ..pack.load import load_pack
from ..text import decode
from .find import Found, Threshold, found_in

KEPT = 32  # changed packs kept in this process, by digest (a page tries a few values in a row)
_kept: dict[str, CompiledPack] = {}


@lru_cache(maxsize=4)
def _tree(text: str) -> Any:
    """A pack file's YAML nodes, each with its marks (character offsets into `text`); never changed."""
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _node(text: str, path: tuple) -> Any:
    """The YAML node at `path` in `text`."""
    node = _tree(text)
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == step)
        else:
            node = node.value[step]
    return node


def edit(text: str, path: tuple, old: int, new: int) -> str:
    """`text` with the number at `path` (written as `old`) replaced by `new`; everything else as it was."""
    node = _node(text, path)
    start, end = node.start_mark.index, node.end_mark.index
    if not isinstance(node, yaml.ScalarNode) or text[start:end] != str(old):
        raise ValueError(f"expected {old} at {path}, found {text[start:end]!r}")
    return text[:start] + str(new) + text[end:]


def _refused(t: Threshold, message: str) -> InputError:
    return InputError([Problem(t.file, t.line, t.key, message)])


def find(found: list[tuple[Found, Threshold]], key: str, where: str) -> tuple[Found, Threshold]:
    """The threshold with this key, refused with a did-you-mean when the pack has none."""
    for f, t in found:
        if t.key == key:
            return f, t
    close = difflib.get_close_matches(key, [t.key for _, t in found], n=1, cutoff=0.8)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise InputError([Problem(where, None, "key", f"no threshold '{key}' in this pack{hint}")])


def _checked(files: PackFiles, t: Threshold, value: int) -> CompiledPack:
    """The changed files loaded and checked as every command checks a pack; refusals name the threshold."""
    try:
        return usable(load_pack(files.root, files))
    except InputError as exc:
        said = []
        for p in exc.problems:
            at = f"{p.file}:{p.line}" if p.line else p.file
            where = "" if (p.file, p.line) == (t.file, t.line) else f" (at {at})"
            said.append(Problem(t.file, t.line, t.key, f"{value} is refused: {p.message}{where}"))
        raise InputError(said) from None


def changed(root: Path, key: str, value: int) -> tuple[Threshold, CompiledPack]:
    """The threshold named by `key` and the pack at `root` with it set to `value`, checked and compiled."""
    root = Path(root).resolve()
    files = read_files(root)
    f, t = find(found_in(load_pack(root, files)), key, str(root))
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refused(t, f"give a whole number, not {value!r}")
    if not t.minimum <= value <= t.maximum:
        raise _refused(t, f"{value} is out of range: give a whole number from {t.minimum} to {t.maximum}")
    text = decode(files.data[f.rel], t.file)
    data = {**files.data, f.rel: edit(text, f.path, t.value, value).encode("utf-8")}
    new = replace(files, data=data)
    digest = digest_of(new)
    if digest not in _kept:
        if len(_kept) >= KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[digest] = _checked(new, t, value)
    return t, _kept[digest]


def apply(root: Path, key: str, value: int) -> CompiledPack:
    """The pack at `root` with threshold `key` set to `value`, checked and compiled; InputError if refused."""
    return changed(root, key, value)[1]
