"""Stage 1, text: safe YAML/JSON loading with line numbers, and problems shaped for people.

Everything a person writes (pack files, profiles, cases) enters through here, so every refusal
has the same form: FILE:LINE: field: message.
"""

from .load import Document, decode, format_path, load_file, nearest_line, parse_text, read_bytes, refuse_large
from .problems import did_you_mean, problems_of, validate
from .words import describe, quote

__all__ = [
    "Document",
    "decode",
    "describe",
    "did_you_mean",
    "format_path",
    "load_file",
    "nearest_line",
    "parse_text",
    "problems_of",
    "quote",
    "read_bytes",
    "refuse_large",
    "validate",
]
