"""Safe YAML (and JSON) loading that keeps line numbers and accepts plain data only.

YAML is read as a stream of parser events (libyaml's C parser when PyYAML has it, else PyYAML's
own) and built here in a loop, without recursion, so deep nesting, aliases, tags and duplicate
keys are refused at their line before they cost time or memory. Scalars follow a strict subset of
YAML: true and false, null, decimal numbers and YYYY-MM-DD dates; anything else (yes, no, 010,
0x1f, 1_000, 12:30, .inf, a date with a time of day) stays text, for the schema to refuse with
its field. JSON (text that starts with '{') is read by the json module; line numbers are only
needed when there are problems, and then `Document.located()` reads the same text as YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from ..contract import MAX_DEPTH
from ..errors import CONTROL, InputError, Problem

try:  # libyaml's C parser gives the same events and line numbers as PyYAML's own, several times faster
    from yaml import cyaml

    _CParser: Any = getattr(cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

Path_ = tuple[str | int, ...]

# What YAML's reader refuses (PyYAML's own set), found first so the refusal has a line.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN: dict[str, bool | None] = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_PLAIN |= dict.fromkeys(("true", "True", "TRUE"), True) | dict.fromkeys(("false", "False", "FALSE"), False)
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Document:
    """Parsed data plus the line on which each key or item starts (None until asked for, for JSON)."""

    name: str
    data: Any
    lines: dict[Path_, int] | None = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)

    def located(self) -> Document:
        """This document with line numbers: itself, or the same text read again as YAML."""
        if self.lines is not None or self.text is None:
            return self
        return parse_text(self.text, self.name, fast=False)

    def line_of(self, path: Path_) -> int | None:
        if self.lines is None:
            try:
                self.lines = self.located().lines
            except InputError:
                self.lines = {}
        return nearest_line(self.lines or {}, path)


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


def _scalar(value: str) -> Any:
    """A plain (unquoted, untagged) scalar: true/false, null, a decimal number, a date, or text."""
    known = _PLAIN.get(value, value)
    if known is not value or value[:1] not in "0123456789+-.":
        return known
    try:
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        if _DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:  # an impossible date, or a number too long to read: the schema refuses the text
        pass
    return value


def _tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_NO_KEY = object()


def _build(get: Any, name: str) -> tuple[Any, dict[Path_, int]]:
    """Data and line numbers from parser events; every refusal carries its line."""

    def fail(line: int, path: Path_, message: str) -> InputError:
        return InputError([Problem(name, line, format_path(path), message)])

    lines: dict[Path_, int] = {}
    get()  # stream start
    event = get()
    if type(event) is StreamEndEvent:
        raise InputError([Problem(name, None, "", "the file holds no data")])
    stack: list[list[Any]] = []  # [container, path, key awaited or its key]
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            if stack:
                continue
            break
        if kind is DocumentEndEvent:  # the document was one scalar
            break
        line = event.start_mark.line + 1
        if stack:
            frame = stack[-1]
            container, parent = frame[0], frame[1]
            if type(container) is dict:
                key = frame[2]
                if key is _NO_KEY:  # this node is a key
                    if kind is not ScalarEvent or event.tag is not None:
                        what = "a YAML tag" if kind is ScalarEvent else "a list, a mapping or an alias"
                        raise fail(line, parent, f"keys must be plain text, not {what}")
                    key = event.value
                    if key == "<<" and event.implicit[0]:
                        raise fail(line, parent, "YAML merge keys ('<<') are not accepted: write the fields out")
                    if key in container:
                        first = lines.get((*parent, key))
                        raise fail(line, (*parent, key), f"duplicate key '{key}' (first at line {first})")
                    frame[2] = key
                    lines[(*parent, key)] = line
                    continue
                frame[2] = _NO_KEY
                path: Path_ = (*parent, key)
            else:
                path = (*parent, len(container))
                lines[path] = line
        else:
            path = ()
            lines[path] = line
        if kind is AliasEvent:
            raise fail(line, path, "YAML aliases (*name) are not accepted: write the value out in full")
        if event.tag is not None:
            raise fail(line, path, f"YAML tag '{_tag(event.tag)}' is not accepted: write plain data only")
        if kind is ScalarEvent:
            value = _scalar(event.value) if event.implicit[0] else event.value
        else:
            if len(stack) >= MAX_DEPTH:
                shown = format_path(path[:6]) + ("..." if len(path) > 6 else "")
                message = f"lists and fields are nested more than {MAX_DEPTH} levels deep"
                raise InputError([Problem(name, line, shown, message)])
            value = {} if kind is MappingStartEvent else []
        if stack:
            container = stack[-1][0]
            if type(container) is dict:
                container[path[-1]] = value
            else:
                container.append(value)
        else:
            root = value
        if kind is not ScalarEvent:
            stack.append([value, path, _NO_KEY])
        elif not stack:
            break
    event = get()
    if type(event) is DocumentEndEvent:
        event = get()
    if type(event) is not StreamEndEvent:
        line = event.start_mark.line + 1
        raise InputError([Problem(name, line, "", "a second YAML document ('---'): one profile or pack file each")])
    return root, lines


# Parser problems in plain words: (words the problem starts with, the context's words or "", what to say)
_SYNTAX = [
    ("did not find expected ',' or '}'", "", "expected ',' or '}': a comma is missing, or a '{' is not closed"),
    ("expected ',' or '}'", "", "expected ',' or '}': a comma is missing, or a '{' is not closed"),
    ("did not find expected ',' or ']'", "", "expected ',' or ']': a comma is missing, or a '[' is not closed"),
    ("expected ',' or ']'", "", "expected ',' or ']': a comma is missing, or a '[' is not closed"),
    ("did not find expected key", "", "this line does not line up with the fields above it: check the indentation"),
    ("did not find expected '-'", "", "this line does not line up with the list above it: check the indentation"),
    ("expected <block end>", "collection", "this line does not line up with the list above it: check the indentation"),
    ("expected <block end>", "", "this line does not line up with the fields above it: check the indentation"),
    ("found character", "", "a character that cannot start a value (a tab used to indent, or '@' or '`' unquoted)"),
    ("mapping values are not allowed", "", "a ':' that cannot be here: put text holding ': ' in quotes"),
    ("found unexpected end of stream", "quoted", "the file ends inside quoted text: a closing quote is missing"),
    ("found unexpected end of stream", "", "the file ends too soon"),
    ("found unknown escape character", "", "an unknown escape ('\\' and a letter) in double-quoted text"),
    ("found undefined tag handle", "", "YAML tags are not accepted: write plain data only"),
]
_OPENED = {
    "flow mapping": "'{'",
    "flow sequence": "'['",
    "quoted scalar": "quoted text",
    "block mapping": "fields",
    "block collection": "list",
}


def _syntax(exc: yaml.YAMLError, name: str, text: str) -> Problem:
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):  # not reached: _NOT_YAML finds these first
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        problem = f"a character that is not allowed ({exc.reason})"
    said = problem.splitlines()[0] if problem else "the text cannot be read"
    for start, where, words in _SYNTAX:
        if problem.startswith(start) and where in context:
            said = words
            break
    context_mark = getattr(exc, "context_mark", None)
    opened = next((shown for what, shown in _OPENED.items() if what in context), None)
    if opened is not None and context_mark is not None and context_mark.line + 1 != line:
        said += f" (the {opened} from line {context_mark.line + 1})"
    return Problem(name, line, "", f"not valid YAML or JSON: {said}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a number")


def _from_json(text: str) -> Any:
    """JSON read by the json module, or None to read it as YAML (for a problem's line)."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None


def parse_text(text: str, name: str, fast: bool = True) -> Document:
    """YAML or JSON text as plain data. `fast`: JSON without line numbers until they are asked for."""
    bad = _NOT_YAML.search(text)
    if bad is not None:
        char = bad.group()
        kind = "a control character" if CONTROL.match(char) else "a character that is not allowed"
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError([Problem(name, line, "", f"{kind} (U+{ord(char):04X}): remove it")])
    if not text.strip():
        raise InputError([Problem(name, None, "", "the file is empty")])
    if fast and text.lstrip()[:1] == "{":
        data = _from_json(text)
        if isinstance(data, dict):
            return Document(name, data, None, text)
    if "\t" in text and text.lstrip()[:1] == "{" and _from_json(text) is not None:
        text = text.replace("\t", " ")  # tabs in valid JSON lie between tokens; PyYAML's own parser refuses some
    get = _CParser(text).get_event if _CParser is not None else yaml.SafeLoader(text).get_event
    try:
        data, lines = _build(get, name)
    except yaml.YAMLError as exc:
        raise InputError([_syntax(exc, name, text)]) from None
    return Document(name, data, lines, text)


def decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise InputError([Problem(name, None, "", "this is a binary file, not YAML or JSON text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text: byte 0x{raw[exc.start]:02X} cannot be read (save the file as UTF-8)"
        raise InputError([Problem(name, line, "", message)]) from None


def read_bytes(path: Path, name: str, limit: int | None = None) -> bytes:
    """A file's bytes; refused when it cannot be read or holds more than `limit` bytes."""
    try:
        with path.open("rb") as f:
            raw = f.read() if limit is None else f.read(limit + 1)
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    if limit is not None:
        refuse_large(raw, name, limit)
    return raw


def refuse_large(raw: bytes, name: str, limit: int) -> None:
    if len(raw) > limit:
        message = f"the file is larger than {limit:,} bytes, the most a profile may be"
        raise InputError([Problem(name, None, "", message)])


def load_file(path: Path, name: str | None = None, limit: int | None = None) -> Document:
    shown = name or str(path)
    return parse_text(decode(read_bytes(path, shown, limit), shown), shown)
