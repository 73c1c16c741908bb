"""Every editable numeric threshold of a pack, read through the pack loader, with label, line and source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pack.files import read_files
from ..pack.load import LoadedPack, load_pack
from . import words

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Cited:
    """A source of the rule a threshold belongs to: document id, how it is cited, and the section."""

    doc: str
    cite: str
    section: str


@dataclass(frozen=True)
class Threshold:
    """One number a policy officer may change, where it is written and what it may be."""

    key: str  # "rules/needs.yaml:combinations.several-needs-across-domains.when.needs.count"
    file: str  # the file that holds it (a base pack's file, for a pack that extends one)
    line: int
    label: str  # "Level 3 rule 'several-needs-across-domains': at least this many different needs"
    value: int
    minimum: int
    maximum: int
    source: tuple[Cited, ...]
    rule: str | None = None  # the rule, programme, indicator or band it belongs to
    safeguarding: bool = False  # a safeguarding trigger's: weakening it may lose an escalation

    @property
    def rel(self) -> str:
        """The pack file it is in, e.g. rules/needs.yaml."""
        return self.key.split(":", 1)[0]


@dataclass(frozen=True)
class Found:
    """A threshold as found: its path in the file's data, before the key and line are worked out."""

    rel: str
    path: Path_
    value: int
    label: str
    minimum: int
    maximum: int
    owner: dict  # the entry whose `source` it cites
    rule: str | None
    safeguarding: bool = False


def _tests(
    rel: str, at: Path_, when: Any, ctx: str, owner: dict, rule: str | None, sg: bool, n: dict
) -> Iterator[Found]:
    """The numbers in one condition (`when`, `unless`): counts of needs and ranges."""
    if not isinstance(when, dict):
        return
    needs = when.get("needs") or {}
    for name, what in words.NEEDS.items():
        if isinstance(needs.get(name), int):
            yield Found(rel, (*at, "needs", name), needs[name], f"{ctx}: {what}", 1, n[name], owner, rule, sg)
    for name, (lo_what, hi_what, lo, hi) in words.RANGES.items():
        rng = when.get(name)
        if not isinstance(rng, dict):
            continue
        low, high = rng.get("min"), rng.get("max")
        if isinstance(low, int):
            top = high if isinstance(high, int) else hi
            yield Found(rel, (*at, name, "min"), low, f"{ctx}: {lo_what}", lo, top, owner, rule, sg)
        if isinstance(high, int):
            bottom = low if isinstance(low, int) else lo
            yield Found(rel, (*at, name, "max"), high, f"{ctx}: {hi_what}", bottom, hi, owner, rule, sg)


def _dated(entry: dict) -> str:
    when = [
        f"from {entry['from']}" if entry.get("from") else "",
        f"until {entry['until']}" if entry.get("until") else "",
    ]
    shown = " ".join(w for w in when if w)
    return f" ({shown})" if shown else ""


def _pair(rel: str, at: Path_, pair: Any, ctx: str, owner: dict, rule: str | None) -> Iterator[Found]:
    if isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, int) for v in pair):
        young, old = pair
        yield Found(rel, (*at, 0), young, f"{ctx}: youngest age (years)", 0, old, owner, rule)
        yield Found(rel, (*at, 1), old, f"{ctx}: oldest age (years)", young, words.OLDEST, owner, rule)


def _needs_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    for part in ("combinations", "circumstances"):
        for i, r in enumerate(data.get(part) or []):
            ctx = f"Level {r['level']} rule '{r['rule']}'{_dated(r)}"
            yield Found(rel, (part, i, "level"), r["level"], f"{ctx}: the level it gives (2-3)", 2, 3, r, r["rule"])
            yield from _tests(rel, (part, i, "when"), r["when"], ctx, r, r["rule"], False, n)


def _safeguarding_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    for i, r in enumerate(data["triggers"]):
        ctx = f"Safeguarding trigger '{r['rule']}' (escalates to level 4){_dated(r)}"
        yield from _tests(rel, ("triggers", i, "when"), r["when"], ctx, r, r["rule"], True, n)


def _indicators_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    for i, r in enumerate(data["indicators"]):
        ctx = f"Need '{r['label']}' ({r['code']}){_dated(r)}"
        what = f"{ctx}: the level it points to on its own (2-4)"
        yield Found(rel, ("indicators", i, "level"), r["level"], what, 2, 4, r, r["code"])
        unless = f"{ctx}, does not raise the level when"
        yield from _tests(rel, ("indicators", i, "unless"), r.get("unless"), unless, r, r["code"], False, n)


def _age_bands_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    for i, b in enumerate(data["bands"]):
        yield from _pair(rel, ("bands", i, "ages"), b["ages"], f"NICE age band '{b['label']}'", b, b["id"])


def _urgency_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    for colour, r in data["ratings"].items():
        label = f"{colour.capitalize()} rating: the front door decides within this many hours"
        yield Found(
            rel,
            ("ratings", colour, "respond_within_hours"),
            r["respond_within_hours"],
            label,
            1,
            words.HOURS_MOST,
            r,
            colour,
        )


def _supporting_families_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    t = data["threshold"]
    label = "Supporting Families: eligible with needs under at least this many headline outcomes"
    most = min(10, len(data["outcomes"]))
    yield Found(rel, ("threshold", "count"), t["count"], label, 1, most, t, "threshold")
    for i, m in enumerate(data["mapping"]):
        ctx = f"Supporting Families: '{m['indicator']}' counts under {', '.join(m['outcomes']) or 'no outcome'}"
        yield from _tests(rel, ("mapping", i), {"age": m.get("age")}, ctx, m, m["indicator"], False, n)


def _interventions_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    r = data["ranking"]
    label = "Programmes listed for each member: at most this many"
    yield Found(
        rel, ("ranking", "most_per_member"), r["most_per_member"], label, 1, len(data["interventions"]), r, "ranking"
    )
    for i, p in enumerate(data["interventions"]):
        ctx = f"Programme '{p['name']}'{_dated(p)}"
        yield from _pair(rel, ("interventions", i, "ages"), p["ages"], ctx, p, p["id"])
        for j, o in enumerate(p["offer_when"]):
            at = ("interventions", i, "offer_when", j, "when")
            yield from _tests(rel, at, o["when"], f"{ctx}, offer rule '{o['rule']}'{_dated(o)}", o, p["id"], False, n)


def _lead_file(rel: str, data: dict, n: dict) -> Iterator[Found]:
    for i, r in enumerate(data["rules"]):
        ctx = f"Lead professional rule '{r['rule']}'{_dated(r)}"
        yield from _tests(rel, ("rules", i, "when"), r["when"], ctx, r, r["rule"], False, n)


READERS = {
    "rules/needs.yaml": _needs_file,
    "rules/safeguarding.yaml": _safeguarding_file,
    "rules/indicators.yaml": _indicators_file,
    "rules/age_bands.yaml": _age_bands_file,
    "rules/urgency.yaml": _urgency_file,
    "rules/supporting_families.yaml": _supporting_families_file,
    "pathways/interventions.yaml": _interventions_file,
    "pathways/lead_professional.yaml": _lead_file,
}

ID_FIELDS = ("rule", "id", "code")


def key_of(rel: str, data: Any, path: Path_) -> str:
    """A stable key for a value: list items by their rule, id or code when unique in the list, else by position."""
    parts: list[str] = []
    node = data
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            item = node[step]
            name = next((item[f] for f in ID_FIELDS if isinstance(item, dict) and isinstance(item.get(f), str)), None)
            same = [
                x for x in node if isinstance(x, dict) and name is not None and name in (x.get(f) for f in ID_FIELDS)
            ]
            parts.append(name if name is not None and len(same) == 1 and not name.isdigit() else str(step))
        else:
            parts.append(str(step))
        node = node[step]
    return f"{rel}:{'.'.join(parts)}"


def _counts(lp: LoadedPack) -> dict[str, int]:
    ind = lp.models["rules/indicators.yaml"]
    return {
        "count": len({i.code for i in ind.indicators}),
        "domains": len(ind.domains),
        "services": len(ind.services),
        "people": words.PEOPLE_MOST,
    }


def _cited(lp: LoadedPack, owner: dict) -> tuple[Cited, ...]:
    docs = lp.models["rules/documents.yaml"].documents
    sources = owner.get("source") or []
    sources = [sources] if isinstance(sources, dict) else sources
    return tuple(
        Cited(s["doc"], docs[s["doc"]].cite if s["doc"] in docs else s["doc"], str(s["section"])) for s in sources
    )


def found_in(lp: LoadedPack) -> list[tuple[Found, Threshold]]:
    """Every threshold of a loaded pack, with where it was found; in file order, then line order."""
    n = _counts(lp)
    out = []
    for rel, read in READERS.items():
        doc = lp.doc(rel)
        for f in read(rel, doc.data, n):
            line = doc.line_of(f.path) or 0
            t = Threshold(
                key_of(rel, doc.data, f.path),
                doc.name,
                line,
                f.label,
                f.value,
                f.minimum,
                f.maximum,
                _cited(lp, f.owner),
                f.rule,
                f.safeguarding,
            )
            out.append((f, t))
    return out


def thresholds(root: Path) -> list[Threshold]:
    """Every editable numeric threshold of the pack at `root` (as engine.pack.resolve_pack gives it)."""
    root = Path(root).resolve()
    return [t for _, t in found_in(load_pack(root, read_files(root)))]
