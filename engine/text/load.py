"""Safe YAML (and JSON) loading that keeps line numbers and refuses duplicate keys and tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem

Path_ = tuple[str | int, ...]
_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass
class Document:
    """Parsed data plus the line on which each key or item starts."""

    name: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        return nearest_line(self.lines, path)


def nearest_line(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Walker:
    def __init__(self, name: str):
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, path: Path_, message: str) -> InputError:
        return InputError([Problem(self.name, node.start_mark.line + 1, format_path(path), message)])

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:  # an alias: refused, so a small file cannot expand without bound
                message = "YAML aliases (*name) are not accepted: write the value out in full"
                raise InputError([Problem(self.name, nearest_line(self.lines, path), format_path(path), message)])
            self.seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(node, path, f"YAML tag '{node.tag}' is not accepted: plain data only")
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, path, "YAML merge keys ('<<') are not accepted")
                key = self.build(key_node, path)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise self.fail(key_node, path, f"keys must be text, got {key!r}")
                key = str(key)
                if key in out:
                    first = self.lines.get((*path, key))
                    raise self.fail(key_node, (*path, key), f"duplicate key '{key}' (first at line {first})")
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            raise self.fail(node, path, f"cannot read value {node.value!r}: {exc}") from None


def parse_text(text: str, name: str) -> Document:
    if not text.strip():
        raise InputError([Problem(name, None, "", "the file is empty")])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(name, line, "", f"not valid YAML or JSON: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, None, "", f"not valid YAML or JSON: {exc}")]) from None
    if node is None:
        raise InputError([Problem(name, None, "", "the file holds no data")])
    walker = _Walker(name)
    data = walker.build(node, ())
    return Document(name, data, walker.lines)


def decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise InputError([Problem(name, None, "", "this is a binary file, not YAML or JSON text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, None, "", f"not UTF-8 text (byte {exc.start})")]) from None


def load_file(path: Path, name: str | None = None) -> Document:
    shown = name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(shown, None, "", f"cannot read: {exc.strerror}")]) from None
    return parse_text(decode(raw, shown), shown)
