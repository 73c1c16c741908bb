"""Stage 1, text: safe YAML/JSON loading with line numbers, and problems shaped for people.

Everything a person writes (pack files, profiles, cases) enters through here, so every refusal
has the same form: FILE:LINE: field: message.
"""

from .load import Document, decode, format_path, load_file, nearest_line, parse_text
from .problems import did_you_mean, problems_of, validate

__all__ = [
    "Document",
    "decode",
    "did_you_mean",
    "format_path",
    "load_file",
    "nearest_line",
    "parse_text",
    "problems_of",
    "validate",
]
