"""The readable summary a hub worker reads (a Jinja2 template).

The template is given the decision with every control character in every text escaped
(engine.errors.printable), so nothing in a profile or a pack can move the cursor, clear the
screen or start a line of its own (a fake "LEVEL OF NEED" above the safeguarding banner).
"""

from __future__ import annotations

from typing import Any

import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..decide.decision import Decision
from ..errors import printable

_ENV = Environment(
    loader=PackageLoader("engine.present", "templates"),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,
)
_ENV.filters["human"] = lambda role: (role or "none").replace("_", " ")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escaped(v) for v in value]
    return value


def render_text(decision: Decision) -> str:
    """The readable summary a hub worker reads, with every control character escaped."""
    return _ENV.get_template("triage.txt.j2").render(d=_escaped(orjson.loads(decision.to_json())))
