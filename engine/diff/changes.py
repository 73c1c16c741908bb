"""Two packs in, the list of what changed between them in policy words out.

Each pack is read into entries (an indicator, a rule, a programme...), each with the days it is
in force and its facets: short descriptions of what a policy officer would compare ("level 3",
"aged 3 to 6", "3 or more needs"; conditions in the compiler's own words). The days on which
either pack changes split time into periods; in each, the entries in force in A and in B are
compared facet by facet, and a change found in neighbouring periods is reported once with the
days it holds ("from 2027-04-01"). A change within one pack's dated values therefore shows its
date, and a plain edit none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..compile import Describer
from ..compile.dates import entries as dated_entries
from ..ir import ALWAYS, Clause, Period
from ..ir.dates import change_days, split
from ..pack import LoadedPack
from ..pack.files import FILES
from ..pack.models import Condition
from .tables import read_supporting_families, read_urgency

Mode = Literal["value", "labelled", "long"]


@dataclass(frozen=True)
class Facet:
    label: str  # what it is: "level", "route", "condition"
    value: str  # how it reads: "level 3", "aged 3 to 6"
    path: tuple = ()  # where it is written, below its entry
    mode: Mode = "value"  # value: reads on its own; labelled: needs its label; long: reworded, not quoted


@dataclass
class Entry:
    """One thing a pack defines, as a policy officer would name and compare it."""

    # pack, document, level, domain, indicator, rule, trigger, age_band, cin_code, programme, offer_rule,
    # lead_rule, review
    kind: str
    key: str
    name: str  # how a change names it: "indicator offending", "domestic abuse grade 2"
    rel: str
    path: tuple
    facets: dict[str, Facet] = field(default_factory=dict)
    period: Period = ALWAYS
    summary: str = ""  # what "added" says in brackets
    short: str = ""  # how "added" and "removed" name it, when not by `name`
    parent: str | None = None  # an offer rule's programme

    def add(self, key: str, label: str, value: Any, path: tuple = (), mode: Mode = "value") -> None:
        if value is not None and value != "":
            self.facets[key] = Facet(label, str(value), path, mode)


@dataclass(frozen=True)
class Change:
    """One difference: what changed, before and after, from when, and where it is written."""

    kind: str
    key: str
    what: str  # added, removed, moved, or the facet that changed ("level", "ages", "condition")
    before: str | None
    after: str | None
    says: str  # the sentence, without its dates
    file: str
    line: int | None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def when(self) -> str:
        if self.start is not None and self.end is not None:
            return f" from {self.start} to {self.end}"
        return f" from {self.start}" if self.start else (f" until {self.end}" if self.end else "")

    @property
    def text(self) -> str:
        return self.says + self.when

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "what": self.what,
            "before": self.before,
            "after": self.after,
            "from": self.start.isoformat() if self.start else None,
            "until": self.end.isoformat() if self.end else None,
            "file": self.file,
            "line": self.line,
            "text": self.text,
        }


# ---------------------------------------------------------------- reading a pack into entries


def _human(rule_id: str) -> str:
    return rule_id.replace("-", " ")


def _ages(ages: tuple[int, int]) -> str:
    return f"ages {ages[0]}-{ages[1]}"


def _levels(levels: Iterable[int]) -> str:
    got = sorted(set(levels))
    if len(got) > 1 and got == list(range(got[0], got[-1] + 1)):
        return f"levels {got[0]}-{got[-1]}"
    return ("level " if len(got) == 1 else "levels ") + ", ".join(map(str, got))


WRITTEN = {  # fact field kind -> where a condition writes it, below `when`
    "n_needs": ("needs", "count"),
    "n_services": ("needs", "services"),
    "n_domains": ("needs", "domains"),
    "n_people": ("needs", "people"),
    "da_risk": ("domestic_abuse_risk",),
    "gest_lo": ("gestation_weeks",),
    "gest_hi": ("gestation_weeks",),
    "primary_age": ("primary_child_age",),
    "pref_involved": ("preferred_lead_involved",),
    "rec_": ("recommended_any",),
}


def _written(c: Clause) -> tuple:
    """Where in its condition a clause is written, for the line a change points at."""
    first = c.tests[0]
    if first.field.is_need:
        return ("when", "any" if c.mode == "any" else ("all" if first.value is True else "none"))
    kinds = [t.field.kind for t in c.tests if t.field.kind != "has_child"] or [first.field.kind]
    return ("when", *WRITTEN.get(kinds[0], (kinds[0],)))


def _topic(c: Clause) -> str:
    """What a clause is about, so the same test before and after pairs up ("needs", "age")."""
    kinds = sorted({t.field.kind for t in c.tests})
    if c.mode == "any":
        return "any " + " ".join(kinds)
    if len(c.tests) == 1 and c.tests[0].field.arg:
        return c.tests[0].field.name
    return " ".join(kinds)


class _Reader:
    def __init__(self, lp: LoadedPack):
        self.lp = lp
        self.words = Describer(lp)
        self.out: list[Entry] = []
        self.periods = {(v.rel, v.path): v.period for v, _ in dated_entries(lp)}

    def entry(self, kind: str, key: str, name: str, rel: str, path: tuple, **kw: Any) -> Entry:
        e = Entry(kind, key, name, rel, path, period=self.periods.get((rel, path), ALWAYS), **kw)
        self.out.append(e)
        return e

    def when(self, e: Entry, cond: Condition, subject: Any, stage: Any) -> list[str]:
        said = []
        for c in self.words.condition(cond, subject, stage):
            topic = _topic(c)
            while f"when {topic}" in e.facets:
                topic += "+"
            e.add(f"when {topic}", "condition", c.says, _written(c))
            said.append(c.says)
        return said

    def common(self, e: Entry, item: Any) -> None:
        e.add("text", "reason", getattr(item, "text", None), ("text",), "long")
        e.add("source", "sources", self.words.sources(item.source), ("source",), "long")

    def read(self) -> list[Entry]:
        m = self.lp.models
        meta = m["rules/pack.yaml"]
        e = self.entry("pack", "pack", "pack", "rules/pack.yaml", ())
        for name in ("name", "version", "title", "effective_from", "description"):
            e.add(
                name,
                name.replace("_", " "),
                getattr(meta, name),
                (name,),
                "long" if name == "description" else "labelled",
            )
        rel = "rules/documents.yaml"
        for key, doc in m[rel].documents.items():
            e = self.entry("document", key, f"document {key}", rel, ("documents", key), summary=doc.cite)
            for name in ("cite", "title", "published", "location"):
                e.add(name, name, getattr(doc, name), (name,), "long" if name == "title" else "labelled")
        self.levels()
        self.indicators()
        self.needs()
        rel = "rules/age_bands.yaml"
        e = self.entry("age_band", "guideline", "age bands", rel, ("guideline",))
        e.add("guideline", "guideline", m[rel].guideline, (), "long")
        for i, b in enumerate(m[rel].bands):
            e = self.entry("age_band", b.id, f"age band {b.id}", rel, ("bands", i), summary=_ages(b.ages))
            e.add("ages", "ages", _ages(b.ages), ("ages",))
            e.add("label", "label", b.label, ("label",), "long")
            e.add("recommendation", "recommendation", b.recommendation, ("recommendation",), "labelled")
            self.common(e, b)
        self.cin_codes()
        read_urgency(self)
        read_supporting_families(self)
        self.programmes()
        self.leads()
        self.reviews()
        return self.out

    def levels(self) -> None:
        rel = "rules/levels.yaml"
        lf = self.lp.models[rel]
        for i, lv in enumerate(lf.levels):
            e = self.entry("level", str(lv.code), f"level {lv.code}", rel, ("levels", i), summary=lv.name)
            e.add("name", "name", lv.name, ("name",), "labelled")
            e.add("description", "description", lv.description, ("description",), "long")
            e.add("response", "response", lv.response, ("response",), "long")
            lead = "names a lead professional" if lv.lead_professional else "names no lead professional"
            e.add("lead", "lead professional", lead, ("lead_professional",))
            self.common(e, lv)
        e = self.entry("level", "universal", "the reason given when no rule raises the level", rel, ("universal_text",))
        e.add("text", "reason", lf.universal_text, (), "long")

    def indicators(self) -> None:
        rel = "rules/indicators.yaml"
        f = self.lp.models[rel]
        for key, d in f.domains.items():
            e = self.entry("domain", key, f"domain {key}", rel, ("domains", key))
            e.add("label", "label", d.label, ("label",), "labelled")
        for i, ind in enumerate(f.indicators):
            summary = f"level {ind.level}, {ind.applies_to}, {ind.domain.replace('_', ' ')}"
            e = self.entry("indicator", ind.code, f"indicator {ind.code}", rel, ("indicators", i), summary=summary)
            e.add("level", "level", f"level {ind.level}", ("level",))
            e.add("label", "label", ind.label, ("label",), "labelled")
            e.add("meaning", "meaning", ind.meaning, ("meaning",), "long")
            e.add("domain", "domain", f"domain {ind.domain}", ("domain",))
            e.add("applies_to", "who may carry it", f"applies to {ind.applies_to}", ("applies_to",))
            if ind.unless is not None:
                said = self.words.unless(ind.unless, "family" if ind.applies_to == "family" else "member")
                e.add("unless", "exception", said, ("unless",))
            self.common(e, ind)

    def needs(self) -> None:
        rel = "rules/needs.yaml"
        for part in ("combinations", "circumstances"):
            for i, r in enumerate(getattr(self.lp.models[rel], part)):
                e = self.entry("rule", r.rule, _human(r.rule), rel, (part, i))
                e.add("level", "level", f"level {r.level}", ("level",))
                e.add("subject", "about", f"about {'each member' if r.subject == 'member' else 'the family'}")
                said = self.when(e, r.when, r.subject, "level")
                e.summary = f"level {r.level} when " + " and ".join(said)
                self.common(e, r)
        rel = "rules/safeguarding.yaml"
        for i, t in enumerate(self.lp.models[rel].triggers):
            e = self.entry("trigger", t.rule, f"safeguarding trigger {t.rule}", rel, ("triggers", i))
            e.add("route", "route", t.route, ("route",), "long")
            e.add("subject", "about", f"about {'each member' if t.subject == 'member' else 'the family'}")
            e.summary = " and ".join(self.when(e, t.when, t.subject, "level"))
            self.common(e, t)

    def cin_codes(self) -> None:
        rel = "rules/cin_codes.yaml"
        for i, c in enumerate(self.lp.models[rel].codes):
            gives = "gives " + (", ".join(f"{t.indicator} on {t.on}" for t in c.maps_to or []) or "no indicator")
            e = self.entry("cin_code", c.code, f"census code {c.code}", rel, ("codes", i), summary=gives)
            e.add("maps_to", "mapping", gives, ("maps_to",) if c.maps_to else ("unmapped",))
            e.add("label", "label", c.label, ("label",), "labelled")
            e.add("unmapped", "why unmapped", c.unmapped, ("unmapped",), "long")
            e.add("note", "note", c.note, ("note",), "long")
            self.common(e, c)

    def programmes(self) -> None:
        rel = "pathways/interventions.yaml"
        for i, iv in enumerate(self.lp.models[rel].interventions):
            path = ("interventions", i)
            summary = f"{_ages(iv.ages)}, {_levels(iv.levels)}"
            e = self.entry("programme", iv.id, iv.name, rel, path, summary=summary, short=f"programme {iv.id}")
            e.add("name", "name", iv.name, ("name",), "labelled")
            e.add("description", "description", iv.description, ("description",), "long")
            e.add("member", "for", "for a child" if iv.member == "child" else "for an expectant mother", ("member",))
            e.add("whole_family", "whole family", "once per family" if iv.whole_family else "to each child")
            e.add("ages", "ages", _ages(iv.ages), ("ages",))
            e.add("band", "age band", iv.band and f"age band {iv.band}", ("band",))
            e.add("levels", "levels", _levels(iv.levels), ("levels",))
            e.add(
                "delivered_by", "delivered by", f"delivered by {iv.delivered_by.replace('_', ' ')}", ("delivered_by",)
            )
            ev = iv.evidence
            e.add("eif", "EIF rating", f"EIF rating {ev.eif or 'none'}", ("evidence", "eif"))
            e.add("cost", "EIF cost rating", ev.cost and f"EIF cost rating {ev.cost}", ("evidence", "cost"))
            benefit = ev.benefit_per_pound
            e.add(
                "benefit",
                "benefit",
                benefit is not None and f"£{benefit:g} back per £1",
                ("evidence", "benefit_per_pound"),
            )
            e.add("verified", "evidence", "evidence checked" if ev.verified else "evidence not checked", ("evidence",))
            e.add("note", "evidence note", ev.note, ("evidence", "note"), "long")
            self.common(e, iv)
            for j, offer in enumerate(iv.offer_when):
                o = self.entry(
                    "offer_rule", offer.rule, f"offer rule {offer.rule}", rel, (*path, "offer_when", j), parent=iv.id
                )
                o.add("programme", "programme", f"offers {iv.id}", ("rule",))
                o.summary = f"{iv.id}: " + (
                    " and ".join(self.when(o, offer.when, "member", "intervention")) or "always"
                )
                self.common(o, offer)

    def leads(self) -> None:
        rel = "pathways/lead_professional.yaml"
        for i, r in enumerate(self.lp.models[rel].rules):
            e = self.entry("lead_rule", r.rule, f"lead rule {r.rule}", rel, ("rules", i))
            if r.roles:
                role = "the first involved of " + ", ".join(x.replace("_", " ") for x in r.roles)
            else:
                role = "the practitioner the family prefers" if r.role == "preferred" else str(r.role).replace("_", " ")
            e.add("role", "lead", f"{role} leads", ("roles",) if r.roles else ("role",))
            said = self.when(e, r.when, "family", "lead")
            e.summary = f"{role} leads" + (" when " + " and ".join(said) if said else "")
            self.common(e, r)

    def reviews(self) -> None:
        rel = "rules/reviews.yaml"
        for key, said in self.lp.models[rel]:
            e = self.entry("review", key, f"review words {key.replace('_', ' ')}", rel, (key,))
            e.add("warning", "warning", getattr(said, "warning", None), ("warning",), "long")
            self.common(e, said)


def read_entries(lp: LoadedPack) -> list[Entry]:
    """Everything a pack defines, as entries a policy officer would compare."""
    return _Reader(lp).read()


# ---------------------------------------------------------------- comparing


class _Compare:
    def __init__(self, a: LoadedPack, b: LoadedPack):
        self.a, self.b = a, b
        self.ea, self.eb = read_entries(a), read_entries(b)

    def place(self, lp: LoadedPack, e: Entry, facet: Facet | None = None) -> tuple[str, int | None]:
        doc = lp.doc(e.rel)
        return doc.name, doc.line_of((*e.path, *(facet.path if facet else ())))

    def periods(self) -> list[Period]:
        return split(change_days(e.period for e in self.ea + self.eb if not e.period.empty))

    @staticmethod
    def live(entries: list[Entry], day: dt.date | None) -> dict[tuple[str, str], Entry]:
        out: dict[tuple[str, str], Entry] = {}
        for e in entries:
            if (day is None or e.period.holds(day)) and not e.period.empty:
                out.setdefault((e.kind, e.key), e)
        return out

    def at(self, day: dt.date | None) -> list[Change]:
        """What differs between A and B among the entries in force on `day`."""
        a, b = self.live(self.ea, day), self.live(self.eb, day)
        out: list[Change] = []
        for key in [k for k in a if k not in b]:
            e = a[key]
            if e.parent and ("programme", e.parent) not in b:
                continue  # said once, for its programme
            out.append(
                Change(
                    e.kind,
                    e.key,
                    "removed",
                    e.summary or None,
                    None,
                    f"{e.short or e.name} removed",
                    *self.place(self.a, e),
                )
            )
        for key, e in b.items():
            old = a.get(key)
            if old is None:
                if e.parent and ("programme", e.parent) not in a:
                    continue
                summary = f" ({e.summary})" if e.summary else ""
                out.append(
                    Change(
                        e.kind,
                        e.key,
                        "added",
                        None,
                        e.summary or None,
                        f"{e.short or e.name} added{summary}",
                        *self.place(self.b, e),
                    )
                )
                continue
            out += self.facets(old, e)
        out += self.lead_order(a, b)
        return out

    def facets(self, old: Entry, new: Entry) -> list[Change]:
        out = []
        for key in dict.fromkeys([*old.facets, *new.facets]):
            f0, f1 = old.facets.get(key), new.facets.get(key)
            before = f0.value if f0 is not None else None
            after = f1.value if f1 is not None else None
            if before == after:
                continue
            facet = f1 or f0
            assert facet is not None
            says = _sentence(new.name, facet, before, after)
            out.append(Change(new.kind, new.key, facet.label, before, after, says, *self.place(self.b, new, f1)))
        return out

    def lead_order(self, a: dict[tuple[str, str], Entry], b: dict[tuple[str, str], Entry]) -> list[Change]:
        """Lead rules that moved: the first that holds wins, so their order is policy."""
        old = [k for (kind, k) in a if kind == "lead_rule" and ("lead_rule", k) in b]
        new = [k for (kind, k) in b if kind == "lead_rule" and ("lead_rule", k) in a]
        kept = set(_lcs(old, new))
        out = []
        for i, key in enumerate(new):
            if key in kept:
                continue
            later = new[i + 1 :]
            says = (
                f"lead rules: {key} moved above {later[0]}" if later else f"lead rules: {key} moved below {new[i - 1]}"
            )
            before = f"position {old.index(key) + 1} of {len(old)}"
            after = f"position {i + 1} of {len(new)}"
            out.append(
                Change("lead_order", key, "moved", before, after, says, *self.place(self.b, b[("lead_rule", key)]))
            )
        return out

    def changes(self) -> list[Change]:
        periods = self.periods()
        found: list[tuple[Period, list[Change]]] = [
            (p, self.at(None if not p.dated else (p.start or p.end))) for p in periods
        ]
        merged: dict[Change, list[Period]] = {}
        for period, changes in found:
            for c in changes:
                merged.setdefault(c, []).append(period)
        out = []
        for c, held in merged.items():
            for run in _runs(held, periods):
                out.append(replace(c, start=run.start, end=run.end))
        order = {rel: i for i, rel in enumerate(FILES)}
        names = {self.a.doc(r).name: order[r] for r in FILES} | {self.b.doc(r).name: order[r] for r in FILES}
        return sorted(out, key=lambda c: (names.get(c.file, 99), c.line or 0, c.start or dt.date.min, c.says))


_ANY = "has one of: "


def _sentence(name: str, facet: Facet, before: str | None, after: str | None) -> str:
    """How a changed facet reads: "domestic abuse grade 2: level 3 → level 2"."""
    if facet.label == "condition":
        if before is None:
            return f"{name}: now also requires {after}"
        if after is None:
            return f"{name}: no longer requires {before}"
        if _ANY in before and _ANY in after:
            return f"{name}: {_list_change(before, after)}"
        return f"{name}: {before} → {after}"
    if facet.mode == "long":
        return f"{name}: {facet.label} " + ("added" if before is None else "removed" if after is None else "reworded")
    label = f" {facet.label}" if facet.mode == "labelled" else ""
    return f"{name}{label}: {before or 'none'} → {after or 'none'}"


def _list_change(before: str, after: str) -> str:
    """'has one of: now also Autism; no longer ADHD' for a changed list of needs."""
    old, new = before.split(_ANY, 1), after.split(_ANY, 1)
    was, now = old[1].split(", "), new[1].split(", ")
    parts = [f"now also {', '.join(x for x in now if x not in was)}"] if set(now) - set(was) else []
    parts += [f"no longer {', '.join(x for x in was if x not in now)}"] if set(was) - set(now) else []
    if old[0] != new[0] or not parts:
        return f"{before} → {after}"
    return f"{new[0]}{_ANY}" + "; ".join(parts)


def _runs(held: list[Period], periods: list[Period]) -> list[Period]:
    """The periods a change holds in, joined where they follow one another."""
    index = {p: i for i, p in enumerate(periods)}
    runs: list[list[int]] = []
    for i in sorted(index[p] for p in held):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [Period(periods[r[0]].start, periods[r[-1]].end) for r in runs]


def _lcs(xs: list[str], ys: list[str]) -> list[str]:
    """The longest run of items in the same order in both lists (not necessarily adjacent)."""
    n, m = len(xs), len(ys)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = best[i + 1][j + 1] + 1 if xs[i] == ys[j] else max(best[i + 1][j], best[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if xs[i] == ys[j]:
            out.append(xs[i])
            i, j = i + 1, j + 1
        elif best[i + 1][j] > best[i][j + 1]:
            i += 1
        else:
            j += 1  # on a tie the item that came up in `ys` is the one that moved
    return out


def diff_packs(a: LoadedPack, b: LoadedPack) -> list[Change]:
    """What changed from pack A to pack B, in policy words, each with where B (or A) says it."""
    return _Compare(a, b).changes()
