"""`continuum pack show` and `pack init`: what a pack holds, and what to do with a fresh copy."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from ..cases import case_files, count_cases
from ..check import usable
from ..errors import InputError
from ..pack import LoadedPack, load_pack

HOLDERS = {"child": "child", "adult": "adult", "any": "any member", "family": "family"}


def _cases(root: Path) -> dict[str, Any]:
    files = case_files(root)
    count: int | None = 0
    for path in files:
        try:
            count = None if count is None else count + count_cases(path)
        except InputError:
            count = None
    return {"files": len(files), "count": count}


def describe(root: Path) -> dict[str, Any]:
    """A pack's name, version, digest, dates, levels, indicators, programmes and cases (it must pass check)."""
    lp = load_pack(root)
    pack = usable(lp)
    meta = lp.models["rules/pack.yaml"]
    codes: dict[str, list[str]] = {k: [] for k in HOLDERS}
    for info in pack.indicators.values():
        codes[info.applies_to].append(info.code)
    return {
        "name": pack.name,
        "version": pack.version,
        "title": meta.title,
        "directory": str(lp.root),
        "extends": list(lp.extends),
        "digest": pack.digest,
        "effective_from": pack.effective_from.isoformat(),
        "levels": [{"code": c, "name": pack.levels[c].name} for c in sorted(pack.levels)],
        "indicators": {"count": len(pack.indicators), **codes},
        "programmes": [
            {"id": iv.id, "name": iv.name, "ages": list(iv.ages), "evidence": iv.evidence}
            for iv in pack.interventions.values()
        ],
        "cases": _cases(lp.root),
    }


def _cases_line(cases: dict[str, Any]) -> str:
    files, count = cases["files"], cases["count"]
    if not files:
        return "none (add cases/*.yaml: see `continuum test`)"
    in_files = f"{files} file{'s' if files != 1 else ''}"
    if count is None:
        return f"{in_files}, not all readable (run `continuum test` to see why)"
    return f"{count} in {in_files} (`continuum test` runs them)"


def render_description(about: dict[str, Any]) -> str:
    """The readable form of `describe`."""
    out = [
        f"{about['name']} {about['version']}: {about['title']}",
        f"  directory  {about['directory']}",
        *(
            [f"  extends    {' → '.join(about['extends'])} (the files this pack does not hold come from there)"]
            if about.get("extends")
            else []
        ),
        f"  digest     {about['digest']}",
        f"  in force   from {about['effective_from']}",
        f"  cases      {_cases_line(about['cases'])}",
        "",
        "Levels of need",
        *(f"  {lv['code']}  {lv['name']}" for lv in about["levels"]),
        "",
        f"Indicators ({about['indicators']['count']}), by who may carry them",
    ]
    for key, label in HOLDERS.items():
        codes = about["indicators"][key]
        head = f"  {label} ({len(codes)}): "
        out += textwrap.wrap(", ".join(codes), 100, initial_indent=head, subsequent_indent=" " * 6) or [head.rstrip()]
    programmes = about["programmes"]
    width = max((len(p["id"]) for p in programmes), default=0)
    out += ["", f"Programmes ({len(programmes)})"]
    for p in programmes:
        ages = f"ages {p['ages'][0]}-{p['ages'][1]}"
        out.append(f"  {p['id']:<{width}}  {ages:<10} {p['evidence']:<25} {p['name']}".rstrip())
    return "\n".join(out) + "\n"


def next_steps(lp: LoadedPack, source: str, written: list[str]) -> str:
    """What `pack init` wrote, and what a policy team does next."""
    root = lp.root
    meta = lp.models["rules/pack.yaml"]
    cases = _cases(root)
    what = {
        "rules": "thresholds: levels, indicators, needs, safeguarding triggers, age bands",
        "pathways": "the programme catalogue and the lead professional rules",
        "cases": f"families and the decisions they must get: {_cases_line(cases)}",
        "schema": "JSON Schemas your editor uses to check the files as you type",
    }
    where = str(root)
    lines = [f"Wrote an editable copy of the '{source}' pack ({meta.name} {meta.version}) to {where}:"]
    lines += [f"  {part + '/':<10} {what[part]}" for part in written]
    lines += [
        "",
        "Next:",
        f"  1. give the copy its own name and version in {root / 'rules' / 'pack.yaml'}",
        "  2. change the thresholds; write a case in cases/ for each change of policy",
        f"  3. continuum check --pack {where}     (the pack is sound)",
        f"  4. continuum test --pack {where}      (every case still gets the decision it should)",
        f"  5. continuum triage family.yaml --pack {where}",
    ]
    return "\n".join(lines) + "\n"
