"""The readable summary a hub worker reads (a Jinja2 template)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..decide.decision import Decision

_ENV = Environment(
    loader=PackageLoader("engine.present", "templates"),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,
)
_ENV.filters["human"] = lambda role: (role or "none").replace("_", " ")


def render_text(decision: Decision) -> str:
    """The readable summary a hub worker reads."""
    return _ENV.get_template("triage.txt.j2").render(d=decision)
