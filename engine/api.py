"""The engine's public API: what a service, an audit store or another program may use.

Everything else in `engine/` is internal. The service (`service/`) imports only this module, so
the engine never depends on the service and the service survives the engine's refactors.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import orjson

from .decide import Decision
from .errors import InputError, Problem
from .ir import CompiledPack
from .profile.family import Family
from .whatif import Caseload as WhatIfCaseload
from .whatif import Threshold, thresholds, whatif

__all__ = [
    "CompiledPack",
    "Decision",
    "Family",
    "InputError",
    "LoadedPackRef",
    "Problem",
    "Threshold",
    "WhatIfCaseload",
    "check_results",
    "decide",
    "decision_data",
    "describe",
    "impact",
    "load",
    "pack_from_snapshot",
    "panel_choices",
    "read_profile",
    "render_text",
    "snapshot",
    "thresholds",
    "vocabulary",
    "whatif",
]


@dataclass(frozen=True)
class LoadedPackRef:
    """A pack ready to decide with, and the folder it was read from."""

    root: Path
    pack: CompiledPack


def load(name_or_dir: str | Path | None = None) -> LoadedPackRef:
    """A bundled pack by name, or a pack folder, refused with every problem unless it passes check."""
    from .check import usable_pack
    from .pack import resolve_pack

    root = resolve_pack(str(name_or_dir) if name_or_dir is not None else None)
    return LoadedPackRef(root, usable_pack(root))


def read_profile(raw: bytes | str, pack: CompiledPack, name: str = "profile") -> Family:
    """A family profile (JSON or YAML text) checked against the pack's vocabulary, or InputError."""
    from .contract import MAX_PROFILE_BYTES
    from .profile.read import family_from
    from .text import decode, parse_text, refuse_large

    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    refuse_large(data, name, MAX_PROFILE_BYTES)
    return family_from(parse_text(decode(data, name), name), pack)


def decide(family: Family, pack: CompiledPack) -> Decision:
    """Decide one family with the durable-rules backend (its adapter serialises calls itself)."""
    from .decide import decide as run
    from .evaluate import make_backend

    backend = pack.cache.get("api.backend")
    if backend is None:
        backend = pack.cache["api.backend"] = make_backend("durable", pack)
    return run(family, pack, backend)


def decision_data(decision: Decision) -> dict[str, Any]:
    """The decision object of contract section 3 as plain data."""
    data: dict[str, Any] = orjson.loads(orjson.dumps(decision))
    return data


def render_text(decision: Decision) -> str:
    """The readable summary `continuum triage` prints."""
    from .present.text import render_text as render

    return render(decision)


def describe(root: Path) -> dict[str, Any]:
    """A pack's name, version, digest, dates, levels, indicators, programmes and cases."""
    from .present.pack import describe as about

    return about(root)


def check_results(root: Path) -> dict[str, Any]:
    """`continuum check` and `continuum test` on a pack: its problems, and each failing case."""
    from .cases import case_files, read_cases, run_cases, summary
    from .check import check_pack
    from .evaluate import make_backend
    from .pack import load_pack

    try:
        pack, problems = check_pack(load_pack(root))
    except InputError as exc:
        pack, problems = None, exc.problems
    out: dict[str, Any] = {"problems": [str(p) for p in problems], "cases": None, "failed": []}
    if pack is None or problems:
        return out
    try:
        outcomes = run_cases(read_cases(case_files(root), pack), pack, make_backend("reference", pack))
    except InputError as exc:
        out["problems"] = [str(p) for p in exc.problems]
        return out
    out["cases"] = summary(outcomes)
    out["passed"] = sum(o.passed for o in outcomes)
    out["total"] = len(outcomes)
    out["failed"] = [str(o) for o in outcomes if not o.passed]
    return out


def impact(families: list[Family], baseline: CompiledPack, proposed: CompiledPack) -> dict[str, Any]:
    """What moving these families from one pack to the other changes, as `continuum impact --json` prints it."""
    from .impact import compare
    from .impact.figures import figures

    return figures(compare(families, baseline, proposed))


def snapshot(root: Path) -> dict[str, Any]:
    """Every byte a pack was compiled from (its base packs' included), as JSON-ready data.

    Kept beside a decision so it can be decided again under exactly that pack (`pack_from_snapshot`)."""
    from .pack.files import digest_of, read_files

    files = read_files(root)
    b64 = base64.b64encode
    return {
        "digest": digest_of(files),
        "files": {rel: b64(raw).decode() for rel, raw in sorted(files.data.items())},
        "base_documents": [b64(raw).decode() for _, raw in files.base_documents],
        "extends": list(files.extends),
    }


def pack_from_snapshot(snap: dict[str, Any]) -> CompiledPack:
    """The pack a snapshot holds, compiled again; refused if its bytes no longer give its digest."""
    from .check import usable
    from .pack.files import DOCUMENTS, PackFiles, digest_of
    from .pack.load import load_pack

    where = Path(f"<pack {snap.get('digest', '?')}>")
    data = {rel: base64.b64decode(text) for rel, text in snap["files"].items()}
    files = PackFiles(
        where,
        {rel: where / rel for rel in data},
        data,
        tuple((where / "base" / DOCUMENTS, base64.b64decode(t)) for t in snap["base_documents"]),
        tuple(snap["extends"]),
    )
    if digest_of(files) != snap["digest"]:
        raise InputError([Problem(str(where), None, "", "the stored pack's files do not match its digest")])
    return usable(load_pack(where, files))


def panel_choices(pack: CompiledPack) -> dict[str, Any]:
    """What a panel may choose instead of a recommendation: the pack's levels, lead roles and programmes."""
    from .contract import ROLES

    roles = list(ROLES) + sorted({r for s in pack.services.values() for r in s.roles} - set(ROLES))
    return {
        "levels": [{"code": c, "name": i.name, "lead_title": i.lead_title} for c, i in sorted(pack.levels.items())],
        "lead_roles": roles,
        "programmes": [
            {"id": i.id, "name": i.name, "ages": list(i.ages), "evidence": i.evidence}
            for i in pack.interventions.values()
        ],
    }


def vocabulary(ref: LoadedPackRef) -> dict[str, Any]:
    """What a form needs to build a profile: domains, indicators (label, meaning, domain, who), roles, services."""
    got: dict[str, Any] | None = ref.pack.cache.get("api.vocabulary")
    if got is not None:
        return got
    from .contract import ROLES as LEAD_ROLES
    from .contract import MemberRole
    from .pack import load_pack

    models = load_pack(ref.root).models["rules/indicators.yaml"]
    meanings = {ind.code: ind.meaning for ind in models.indicators}
    got = ref.pack.cache["api.vocabulary"] = {
        "domains": {name: d.label for name, d in models.domains.items()},
        "indicators": [
            {
                "code": info.code,
                "label": info.label,
                "meaning": meanings.get(info.code),
                "domain": info.domain,
                "applies_to": info.applies_to,
            }
            for info in ref.pack.indicators.values()
        ],
        "member_roles": list(get_args(MemberRole)),
        "lead_roles": list(LEAD_ROLES),
        "services": {k: {"label": v.label, "roles": list(v.roles)} for k, v in ref.pack.services.items()},
        "levels": {c: {"name": v.name, "response": v.response} for c, v in ref.pack.levels.items()},
        "supporting_families": {code: c.text for code, c in ref.pack.supporting_families.outcomes.items()},
    }
    return got
