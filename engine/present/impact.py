"""The impact report for people: a self-contained HTML page for a policy board, and a text summary.

The page holds its styles and charts (inline SVG) in the one file, so it opens offline, can be
mailed, and prints cleanly. Every text from a pack or a profile is escaped (autoescape).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..errors import printable

_ENV = Environment(
    loader=PackageLoader("engine.present", "templates"),
    undefined=StrictUndefined,
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["human"] = lambda role: (role or "none").replace("_", " ")
_ENV.filters["signed"] = lambda n: n if isinstance(n, str) else (f"+{n:,}" if n > 0 else f"{n:,}")
_ENV.filters["n"] = lambda n: n if isinstance(n, str) else f"{n:,}"


def _bars(values: list[Any]) -> list[float]:
    """Bar heights as fractions of the largest count ('c' and 0 draw nothing)."""
    nums = [v if isinstance(v, int) else 0 for v in values]
    top = max(nums, default=0) or 1
    return [v / top for v in nums]


def render_html(fig: dict[str, Any]) -> str:
    """The board's page: escalations first, then levels, programmes, leads, Supporting Families, samples."""
    levels = fig["levels"]
    heights = _bars(levels["before"] + levels["after"])  # one scale for both packs
    changes = [abs(d["change"]) if isinstance(d["change"], int) else 0 for d in fig["interventions"]]
    a, b = fig["baseline"], fig["proposed"]
    same = a["name"] == b["name"]  # a working copy keeps its base's name: call them what they are
    labels = {"before": "baseline" if same else a["name"], "after": "proposed" if same else b["name"]}
    return _ENV.get_template("impact.html.j2").render(
        f=fig,
        label=labels,
        level_bars=list(zip(heights[:4], heights[4:], strict=True)),
        demand_bars=_bars(changes),
    )


def _row(label: str, before: Any, after: Any, width: int = 58) -> str:
    n = _ENV.filters["n"]
    return f"  {label[:width]:<{width}} {n(before):>9} -> {n(after):>9}"


def render_summary(fig: dict[str, Any]) -> str:
    """A short plain-text summary for the terminal."""
    n, esc, sf = _ENV.filters["n"], fig["escalations"], fig["supporting_families"]
    lines = [
        f"IMPACT: {fig['baseline']['name']} {fig['baseline']['version']} -> "
        f"{fig['proposed']['name']} {fig['proposed']['version']}, {n(fig['families'])} families"
        + (f" ({n(fig['refused'])} records refused)" if fig["refused"] else ""),
        "",
        f"ESCALATIONS LOST: {n(esc['lost'])}" + ("   <-- a safety question: check each one" if esc["lost"] else ""),
        f"ESCALATIONS GAINED: {n(esc['gained'])}",
        *(f"  - {s['referral_id']}: {s['before']} -> {s['after']}" for s in esc["lost_families"]),
        "",
        "LEVELS (rows: baseline, columns: proposed)",
        "      " + "".join(f"{'L' + str(j + 1):>9}" for j in range(4)),
        *(f"  L{i + 1}  " + "".join(f"{n(v):>9}" for v in row) for i, row in enumerate(fig["levels"]["matrix"])),
        "",
        f"Families whose level, escalation or lead changed: {n(fig['moved'])}",
        "",
        "PROGRAMMES (members recommended each, largest change first)",
        *(_row(d["name"], d["before"], d["after"]) for d in fig["interventions"][:12]),
        "",
        "LEAD ROLES (families led)",
        *(_row(x["role"].replace("_", " "), x["before"], x["after"]) for x in fig["leads"]),
        "",
        f"SUPPORTING FAMILIES eligible: {n(sf['eligible_before'])} -> {n(sf['eligible_after'])} "
        f"(gained {n(sf['gained'])}, lost {n(sf['lost'])})",
    ]
    return printable("\n".join(lines), keep_newlines=True) + "\n"
