"""Fixtures and steps shared by every policy feature in this folder (bound by test_policy_features.py).

The steps compare the engine's decision with facts read straight from the
pack's own YAML files (catalogue age bands and levels, document citations) and with ages worked
out here from the profile, so the tests do not simply repeat the engine's arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pytest_bdd import given, parsers, then, when

from engine.cli import main
from engine.compile import compile_or_refuse
from engine.contract import ROLES
from engine.decide import Decision, decide
from engine.errors import InputError
from engine.evaluate import make_backend
from engine.pack import load_pack
from engine.profile import Family, family_from
from engine.text import parse_text

REPO = Path(__file__).resolve().parents[1]
CATALOGUE: dict[str, dict] = {
    entry["id"]: entry
    for entry in yaml.safe_load((REPO / "pathways" / "interventions.yaml").read_text(encoding="utf-8"))["interventions"]
}
CITES: tuple[str, ...] = tuple(
    doc["cite"]
    for doc in yaml.safe_load((REPO / "rules" / "documents.yaml").read_text(encoding="utf-8"))["documents"].values()
)


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years on `on`; a 29 February birthday is kept on 28 February in other years."""
    day = 28 if (born.month, born.day) == (2, 29) and not calendar.isleap(on.year) else born.day
    return on.year - born.year - ((on.month, on.day) < (born.month, day))


@dataclass(frozen=True)
class Member:
    id: str
    age: int
    is_child: bool
    pregnant: bool


@dataclass
class Triage:
    """One family profile and what the engine made of it."""

    name: str = "family.yaml"
    text: str | None = None
    raw: bytes | None = None
    family: Family | None = None
    decision: Decision | None = None
    code: int | None = None
    out: str = ""
    err: str = ""

    def members(self) -> dict[str, Member]:
        """The profile's members as written, with ages worked out independently of the engine."""
        assert self.text is not None, "no profile was given"
        data = yaml.safe_load(self.text)
        on = data["referral"]["date"]
        out = {}
        for m in data["members"]:
            age = age_on(m["date_of_birth"], on) if "date_of_birth" in m else m["age"]
            out[str(m["id"])] = Member(str(m["id"]), age, m["role"] == "child" and age < 18, bool(m.get("pregnant")))
        return out

    def decided(self) -> Decision:
        assert self.decision is not None, f"no decision was made (exit code {self.code}): {self.err}"
        return self.decision


@pytest.fixture(scope="session")
def pack():
    return compile_or_refuse(load_pack())


@pytest.fixture(scope="session")
def backend(pack):
    # durable-rules registers its rulesets once per process, so one backend serves the session.
    return make_backend("durable", pack)


@pytest.fixture
def triage() -> Triage:
    return Triage()


# ---------------------------------------------------------------- given


@given("the family profile:")
def profile_from_docstring(triage: Triage, docstring: str) -> None:
    triage.text = docstring + "\n"


@given(parsers.parse("a family referred on {date} with these members:"))
def profile_from_table(triage: Triage, date: str, datatable: list[list[str]]) -> None:
    head, *rows = datatable
    lines = ["referral:", "  id: R-TABLE", f"  date: {date}", "  consent: true", "members:"]
    for row in rows:
        cells = {key: value.strip() for key, value in zip(head, row, strict=True) if value.strip()}
        if "indicators" in cells:
            cells["indicators"] = f"[{cells['indicators']}]"
        lines.append("  - {" + ", ".join(f"{key}: {value}" for key, value in cells.items()) + "}")
    triage.text = "\n".join(lines) + "\n"


@given(parsers.re(r"a profile file holding (?P<what>nothing|binary data)"))
def profile_file(triage: Triage, what: str) -> None:
    triage.raw = b"" if what == "nothing" else b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\xff\xfe"


# ---------------------------------------------------------------- when


@when("the family is triaged")
def triaged(triage: Triage, pack, backend) -> None:
    assert triage.text is not None
    try:
        triage.family = family_from(parse_text(triage.text, triage.name), pack)
    except InputError as exc:
        pytest.fail("the profile was refused: " + "; ".join(map(str, exc.problems)))
    triage.decision = decide(triage.family, pack, backend)


@when("the profile is triaged with the continuum command")
def triaged_by_command(triage: Triage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    content = triage.raw if triage.raw is not None else (triage.text or "").encode("utf-8")
    (tmp_path / triage.name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    try:
        triage.code = main(["triage", triage.name, "--json"])
    except (Exception, SystemExit) as exc:
        pytest.fail(f"continuum crashed instead of deciding or refusing: {exc!r}")
    triage.out, triage.err = capsys.readouterr()
    if triage.code == 0:
        triage.decision = Decision.model_validate_json(triage.out)


# ---------------------------------------------------------------- then: level and safeguarding

QUOTED = r'"[^"]+"(?: or "[^"]+")*'


def quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]+)"', text)


@then(parsers.parse("the level of need is {level:d}"))
def level_is(triage: Triage, level: int) -> None:
    got = triage.decided().level
    assert got.code == level, f"level {got.code}, reasons {[r.rule for r in got.reasons]}"


@then(parsers.re(rf"the level reasons include (?:the rule|one of the rules) (?P<rules>{QUOTED})"))
def level_reasons(triage: Triage, rules: str) -> None:
    got = [r.rule for r in triage.decided().level.reasons]
    assert set(quoted(rules)) & set(got), f"level reasons are {got}"


@then(parsers.re(r"the decision (?P<outcome>escalates|does not escalate) to children's social care"))
def escalation(triage: Triage, outcome: str) -> None:
    sg = triage.decided().safeguarding
    if outcome == "escalates":
        assert sg.escalate, "no escalation"
        assert sg.route, "an escalation must say where the concern goes"
        assert sg.reasons, "an escalation must give its reasons"
        assert triage.decided().level.code == 4, "an escalation always comes with level 4"
    else:
        assert not sg.escalate, f"escalated: {[r.rule for r in sg.reasons]}"
        assert sg.route is None
        assert sg.reasons == []


@then(parsers.re(rf"the safeguarding route mentions (?P<phrases>{QUOTED})"))
def route_mentions(triage: Triage, phrases: str) -> None:
    route = (triage.decided().safeguarding.route or "").lower()
    assert any(p.lower() in route for p in quoted(phrases)), f"route: {route!r}"


@then(parsers.parse('the safeguarding reasons give the rule "{rule}" and cite a source document'))
def safeguarding_reasons(triage: Triage, rule: str) -> None:
    reasons = triage.decided().safeguarding.reasons
    assert rule in [r.rule for r in reasons], f"safeguarding reasons are {[r.rule for r in reasons]}"
    for r in reasons:
        assert r.text.strip(), f"reason {r.rule} has no text"
        assert r.source.startswith(CITES), f"reason {r.rule} cites no document of the pack: {r.source!r}"


@then("no reason is given twice")
def reasons_unique(triage: Triage) -> None:
    d = triage.decided()
    lists = {
        "level": d.level.reasons,
        "safeguarding": d.safeguarding.reasons,
        "lead professional": d.lead_professional.reasons,
        **{f"{iv.id} for {iv.member}": iv.reasons for iv in d.interventions},
    }
    for part, reasons in lists.items():
        given = [(r.rule, r.text) for r in reasons]
        twice = sorted({rule for rule, text in given if given.count((rule, text)) > 1})
        assert not twice, f"{part} reasons give {twice} more than once"


# ---------------------------------------------------------------- then: interventions


def member(triage: Triage, who: str) -> Member:
    members = triage.members()
    assert who in members, f"{who} is not a member of this family ({sorted(members)})"
    return members[who]


def programme(iid: str) -> dict:
    assert iid in CATALOGUE, f"'{iid}' is not in the catalogue (pathways/interventions.yaml)"
    return CATALOGUE[iid]


@then(parsers.re(r"(?P<who>[A-Z]\w*) is (?P<age>\d+) years old on the referral date"))
def age_is(triage: Triage, who: str, age: str) -> None:
    assert triage.family is not None
    ages = {p.id: p.age for p in triage.family.members}
    assert ages.get(who) == int(age), f"the engine counts ages as {ages}"


@then(parsers.re(r'(?P<who>[A-Z]\w*) (?P<outcome>is offered|is not offered) "(?P<iid>[a-z0-9-]+)"'))
def offered(triage: Triage, who: str, outcome: str, iid: str) -> None:
    member(triage, who)
    programme(iid)
    got = [(iv.id, iv.member) for iv in triage.decided().interventions]
    assert ((iid, who) in got) == (outcome == "is offered"), f"recommended: {got}"


@then(parsers.re(r"(?P<who>[A-Z]\w*) is offered nothing"))
def offered_nothing(triage: Triage, who: str) -> None:
    member(triage, who)
    got = [iv.id for iv in triage.decided().interventions if iv.member == who]
    assert got == [], f"{who} is offered {got}"


@then(parsers.parse('"{iid}" is recommended once for the whole family'))
def once_for_family(triage: Triage, iid: str) -> None:
    assert programme(iid).get("whole_family") is True, f"'{iid}' is not a whole-family programme"
    got = [iv.member for iv in triage.decided().interventions if iv.id == iid]
    assert len(got) == 1, f"'{iid}' is recommended {len(got)} times: for {got}"
    assert member(triage, got[0]).is_child, f"'{iid}' is recorded against {got[0]}, who is not a child"


@then(parsers.parse("at least {count:d} programmes are recommended"))
def at_least(triage: Triage, count: int) -> None:
    got = triage.decided().interventions
    assert len(got) >= count, f"only {len(got)}: {[(iv.id, iv.member) for iv in got]}"


@then("every programme recommended is for a member whose age lies inside its catalogue age band")
def inside_bands(triage: Triage) -> None:
    members = triage.members()
    for iv in triage.decided().interventions:
        entry, person = programme(iv.id), members[iv.member]
        assert list(iv.ages) == entry["ages"], f"{iv.id}: band {iv.ages}, catalogue says {entry['ages']}"
        assert iv.ages[0] <= person.age <= iv.ages[1], f"{iv.id} for {iv.member} aged {person.age}, band {iv.ages}"
        if entry["member"] == "child":
            assert person.is_child, f"{iv.id} is for children; {iv.member} is an adult"
        else:
            assert person.pregnant, f"{iv.id} is for expectant mothers; {iv.member} is not pregnant"


@then("no programme meant only for early help (levels 2 and 3) is recommended")
def no_early_help(triage: Triage) -> None:
    got = [iv.id for iv in triage.decided().interventions if 4 not in programme(iv.id)["levels"]]
    assert got == [], f"early help programmes recommended: {got}"


# ---------------------------------------------------------------- then: lead professional, warnings


@then("there is no lead professional")
def no_lead(triage: Triage) -> None:
    lead = triage.decided().lead_professional
    assert lead.role is None, f"lead is {lead.role}"


@then(parsers.re(r'the lead professional is (?P<role>[a-z_]+)(?: under the rule "(?P<rule>[^"]+)")?'))
def lead_is(triage: Triage, role: str, rule: str | None) -> None:
    assert role in ROLES, f"'{role}' is not a lead professional role"
    lead = triage.decided().lead_professional
    assert lead.role == role, f"lead is {lead.role} ({[r.rule for r in lead.reasons]})"
    assert lead.reasons, "the lead professional comes without a reason"
    if rule:
        assert [r.rule for r in lead.reasons] == [rule]


@then(parsers.re(r'(?P<some>a|no) warning mentions "(?P<text>[^"]+)"'))
def warning_mentions(triage: Triage, some: str, text: str) -> None:
    warnings = triage.decided().warnings
    hits = [w for w in warnings if text.lower() in w.lower()]
    assert bool(hits) == (some == "a"), f"warnings: {warnings}"


@then(parsers.parse('a near miss mentions "{text}"'))
def near_miss_mentions(triage: Triage, text: str) -> None:
    near = triage.decided().near_misses
    assert any(text.lower() in n.lower() for n in near), f"near misses: {near}"


# ---------------------------------------------------------------- then: refusals


@then(parsers.parse("the profile is refused with exit code {code:d} and nothing on standard output"))
def refused(triage: Triage, code: int) -> None:
    assert triage.code == code, f"exit code {triage.code}; stderr: {triage.err!r}"
    assert triage.out == "", f"standard output: {triage.out!r}"
    assert triage.err.strip(), "no message on standard error"
    assert "Traceback" not in triage.err


@then(parsers.parse('the message names the file "{name}"'))
def message_file(triage: Triage, name: str) -> None:
    lines = triage.err.strip().splitlines()
    assert all(line.startswith(f"{name}:") for line in lines), f"stderr: {triage.err!r}"


@then(parsers.re(r"the message gives (?:line (?P<line>\d+)|a line number)"))
def message_line(triage: Triage, line: str | None) -> None:
    pattern = rf"^{re.escape(triage.name)}:{line or r'[0-9]+'}: "
    assert re.search(pattern, triage.err, re.MULTILINE), f"stderr: {triage.err!r}"


@then(parsers.parse('the message names the field "{field}"'))
def message_field(triage: Triage, field: str) -> None:
    assert re.search(rf"^\S+: {re.escape(field)}: ", triage.err, re.MULTILINE), f"stderr: {triage.err!r}"


@then(parsers.parse('the message says "{text}"'))
def message_says(triage: Triage, text: str) -> None:
    assert text in triage.err, f"stderr: {triage.err!r}"
