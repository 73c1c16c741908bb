"""JSON Schema for rule-pack files, family profiles and decisions, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from ..decide.decision import Decision
from ..profile.models import Profile
from .models import PACK_FILES


def _profile_schema(codes: dict[str, list[str]]) -> dict:
    """The profile schema, with the pack's indicator codes listed where each may be used (on any date)."""
    schema = Profile.model_json_schema()
    defs = schema["$defs"]
    member_codes = sorted(set(codes["child"]) | set(codes["adult"]) | set(codes["any"]))
    defs["Member"]["properties"]["indicators"]["items"] = {"enum": member_codes}
    defs["FamilyPart"]["properties"]["indicators"]["items"] = {"enum": sorted(set(codes["family"]))}
    return schema


def _cases_schema(profile: dict) -> dict:
    """The case file schema: members and family as in the profile schema (members may also be a table)."""
    from ..cases.models import CasesFile

    schema = CasesFile.model_json_schema()
    defs = schema["$defs"]
    for name in ("Member", "FamilyPart"):
        defs[name] = profile["$defs"][name]
    case = defs["Case"]["properties"]
    case["members"] = {
        "description": case["members"].get("description", ""),
        "anyOf": [
            {"type": "string", "description": "a table: a header row (id | role | age | indicators ...), then rows"},
            {"type": "array", "items": {"$ref": "#/$defs/Member"}, "minItems": 1},
        ],
    }
    case["family"] = {"anyOf": [{"$ref": "#/$defs/FamilyPart"}, {"type": "null"}], "default": None}
    return schema


def schemas(pack_dir: Path | None = None) -> dict[str, dict]:
    """JSON Schema for every pack file, for profiles (listing the pack's codes) and for decisions."""
    from .load import load_pack

    lp = load_pack(pack_dir)
    codes: dict[str, list[str]] = {"child": [], "adult": [], "any": [], "family": []}
    for ind in lp.models["rules/indicators.yaml"].indicators:
        codes[ind.applies_to].append(ind.code)
    out = {
        rel.replace("/", ".").removesuffix(".yaml") + ".schema.json": model.model_json_schema()
        for rel, model in PACK_FILES.items()
    }
    out["profile.schema.json"] = _profile_schema(codes)
    out["cases.schema.json"] = _cases_schema(out["profile.schema.json"])
    out["decision.schema.json"] = TypeAdapter(Decision).json_schema()
    return out


def write_schemas(out_dir: Path, pack_dir: Path | None = None) -> list[Path]:
    """Write the schemas into `out_dir`; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in sorted(schemas(pack_dir).items()):
        path = out_dir / name
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written
