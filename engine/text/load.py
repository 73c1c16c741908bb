"""Safe YAML (and JSON) loading that keeps line numbers and accepts plain data only.

YAML is read as a stream of parser events (libyaml's C parser when PyYAML has it, else PyYAML's
own) and built here, one level of nesting at a time, so deep nesting (past MAX_DEPTH), aliases,
tags and duplicate keys are refused at their line before they cost time or memory. Scalars
follow a strict subset of YAML: true and false, null, decimal numbers and YYYY-MM-DD dates;
anything else (yes, no, 010, 0x1f, 1_000, 12:30, .inf, a date with a time of day) stays text,
for the schema to refuse with its field. JSON (text that starts with '{') is read by the json
module. A profile that is accepted never needs line numbers, so `parse_text` keeps none by
default; a refusal asks `Document.line_of`, which reads the same text again as YAML with them.
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
from .words import QUOTE_LIMIT, quote

try:  # libyaml's C parser gives the same events and line numbers as PyYAML's own, several times faster
    from yaml import cyaml

    _CParser: Any = getattr(cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

Path_ = tuple[str | int, ...]

# What YAML's readers refuse (PyYAML's set, and libyaml's: a byte order mark inside the text too).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN: dict[str, bool | None] = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
_PLAIN |= dict.fromkeys(("true", "True", "TRUE"), True) | dict.fromkeys(("false", "False", "FALSE"), False)
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BARE_KEY = re.compile(r"[^\s.\[\]'][^.\[\]']*(?<=[^\s.\[\]'])|[^\s.\[\]']")
_MAYBE_NOT_TEXT = frozenset(["", *"0123456789+-.~nNtTfF"])  # how a plain scalar that is not text starts


@dataclass
class Document:
    """Parsed data plus the line on which each key or item starts (`lines` is None until asked for)."""

    name: str
    data: Any
    lines: dict[Path_, int] | None = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)

    def located(self) -> Document:
        """This document with line numbers: itself, or the same text read again (which may refuse it)."""
        if self.lines is not None or self.text is None:
            return self
        return parse_text(self.text, self.name, fast=False)

    def line_of(self, path: Path_) -> int | None:
        if self.lines is None:
            try:
                self.lines = self.located().lines
            except InputError:  # the text itself is refused: family_from reports that instead
                return None
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
    """members[1].indicators; a long key is cut short (see words.quote)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if len(part) <= QUOTE_LIMIT else part[:QUOTE_LIMIT] + "..."
            if not _BARE_KEY.fullmatch(shown):  # a key with spaces at its ends, or empty: shown in quotes
                shown = f"'{shown}'"
            out += f".{shown}" if out else shown
    return out


def _scalar(value: str) -> Any:
    """A plain (unquoted, untagged) scalar: true/false, null, a decimal number, a date, or text."""
    if value in _PLAIN:
        return _PLAIN[value]
    if value[:1] not in "0123456789+-.":
        return value
    try:
        if len(value) == 10 and _DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
    except ValueError:  # an impossible date, or a number too long to read: the schema refuses the text
        pass
    return value


def _tag(tag: str) -> str:
    return quote("!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag)


def _build(get: Any, name: str, track: bool = True) -> tuple[Any, dict[Path_, int]]:
    """Data and (when `track`) line numbers from parser events; every refusal carries its line.

    It recurses once per level of nesting, and refuses nesting deeper than MAX_DEPTH first.
    Without `track` it keeps no paths: a refusal then names no field, and the caller reads the
    text again with `track` to say where.
    """
    lines: dict[Path_, int] = {}

    def fail(event: Any, path: Path_, message: str) -> InputError:
        return InputError([Problem(name, event.start_mark.line + 1, format_path(path), message)])

    def refuse(event: Any, path: Path_) -> InputError:
        if type(event) is AliasEvent:
            return fail(event, path, "YAML aliases (*name) are not accepted: write the value out in full")
        return fail(event, path, f"YAML tag {_tag(event.tag)} is not accepted: write plain data only")

    def collection(start: Any, path: Path_, depth: int) -> Any:
        if start.tag is not None:
            raise refuse(start, path)
        if depth >= MAX_DEPTH:
            shown = format_path(path[:6]) + ("..." if len(path) > 6 else "")
            message = f"lists and fields are nested more than {MAX_DEPTH} levels deep"
            raise InputError([Problem(name, start.start_mark.line + 1, shown, message)])
        if type(start) is MappingStartEvent:
            out: dict[str, Any] = {}
            while True:
                key = get()
                kind = type(key)
                if kind is MappingEndEvent:
                    return out
                if kind is not ScalarEvent or key.tag is not None:
                    what = "a YAML tag" if kind is ScalarEvent else "a list, a mapping or an alias"
                    raise fail(key, path, f"keys must be plain text, not {what}")
                k = key.value
                at = (*path, k) if track else path
                if k in out or (k == "<<" and key.implicit[0]):
                    if k == "<<":
                        raise fail(key, path, "YAML merge keys ('<<') are not accepted: write the fields out")
                    raise fail(key, at, f"duplicate key {quote(k)} (first at line {lines.get(at)})")
                if track:
                    lines[at] = key.start_mark.line + 1
                event = get()
                kind = type(event)
                if kind is ScalarEvent:
                    if event.tag is not None:
                        raise refuse(event, at)
                    value = event.value
                    out[k] = _scalar(value) if event.implicit[0] and value[:1] in _MAYBE_NOT_TEXT else value
                elif kind is AliasEvent:
                    raise refuse(event, at)
                else:
                    out[k] = collection(event, at, depth + 1)
        items: list[Any] = []
        while True:
            event = get()
            kind = type(event)
            if kind is SequenceEndEvent:
                return items
            if track:
                at = (*path, len(items))
                lines[at] = event.start_mark.line + 1
            else:
                at = path
            if kind is ScalarEvent:
                if event.tag is not None:
                    raise refuse(event, at)
                value = event.value
                items.append(_scalar(value) if event.implicit[0] and value[:1] in _MAYBE_NOT_TEXT else value)
            elif kind is AliasEvent:
                raise refuse(event, at)
            else:
                items.append(collection(event, at, depth + 1))

    get()  # stream start
    if type(get()) is StreamEndEvent:
        raise InputError([Problem(name, None, "", "the file holds no data")])
    event = get()  # after the document start: the root
    lines[()] = event.start_mark.line + 1
    kind = type(event)
    if kind is ScalarEvent:
        if event.tag is not None:
            raise refuse(event, ())
        root = _scalar(event.value) if event.implicit[0] else event.value
    elif kind is AliasEvent:
        raise refuse(event, ())
    else:
        root = collection(event, (), 0)
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
    if isinstance(exc, yaml.reader.ReaderError):  # not reached: _yaml finds such characters first
        return Problem(name, None, "", f"a character that is not allowed: {exc.reason}")
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
    """YAML or JSON text as plain data.

    `fast`: keep no line numbers until a problem asks for them (`Document.line_of` then reads the
    text again); a profile that is accepted never needs them.
    """
    if not text.strip():
        raise InputError([Problem(name, None, "", "the file is empty")])
    if fast and text.lstrip()[:1] == "{":
        data = _from_json(text)
        if isinstance(data, dict):
            return Document(name, data, None, text)
    return _yaml(text, name, not fast or _CParser is None)  # PyYAML's own parser is too slow to read twice


_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _as_yaml(text: str) -> str:
    """Valid JSON as YAML reads it alike: tabs between tokens as spaces (PyYAML's own parser refuses
    some), and a character written as two escaped halves ("\\ud83d\\ude00") as one escape."""

    def one(m: re.Match[str]) -> str:
        high, low = int(m.group(2), 16), int(m.group(3), 16)
        return f"{m.group(1)}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    if _CParser is None:
        text = text.replace("\t", " ")
    return _SURROGATE_PAIR.sub(one, text)


def _yaml(text: str, name: str, track: bool) -> Document:
    bad = _NOT_YAML.search(text)  # found first, so libyaml and PyYAML refuse it alike, wherever it is
    if bad is not None:
        char = bad.group()
        kind = "a control character" if CONTROL.match(char) else "a character that is not allowed"
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError([Problem(name, line, "", f"{kind} (U+{ord(char):04X}): remove it")])
    if text.lstrip()[:1] == "{" and ("\t" in text or "\\u" in text) and _from_json(text) is not None:
        text = _as_yaml(text)
    try:
        get = _CParser(text).get_event if _CParser is not None else yaml.SafeLoader(text).get_event
        data, lines = _build(get, name, track)
    except InputError:
        if track:
            raise
        return _yaml(text, name, True)  # the same refusal, with its field
    except yaml.YAMLError as exc:
        raise InputError([_syntax(exc, name, text)]) from None
    return Document(name, data, lines if track else None, text)


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


def load_file(path: Path, name: str | None = None, limit: int | None = None, fast: bool = False) -> Document:
    """A file read, refused past `limit` bytes; with line numbers unless `fast` (see parse_text)."""
    shown = name or str(path)
    return parse_text(decode(read_bytes(path, shown, limit), shown), shown, fast)
