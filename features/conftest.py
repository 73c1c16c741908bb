"""Steps for the policy features in this folder (bound by test_policy_features.py).

The features run against one rule pack: `--pack DIR`, else the directory in $CONTINUUM_PACK,
else the repository's own pack. Families are written as tables in plain words; the steps turn
them into a profile and read it with the same reader as `continuum triage`, so a mistake in a
table is refused with the message a hub worker would see.

The steps compare the engine's decision with facts read here, straight from the pack's own YAML
(indicator labels, programme names, catalogue age bands and levels, document citations), and with
ages worked out here from the table, so the tests do not simply repeat the engine's arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers, then, when

from engine.check import usable_pack
from engine.contract import ROLES
from engine.decide import Decision, decide
from engine.decide.decision import Reason
from engine.errors import InputError
from engine.evaluate import make_backend
from engine.ir import CompiledPack
from engine.pack.files import read_files
from engine.profile import family_from
from engine.text import parse_text

REPO = Path(__file__).resolve().parents[1]
PROFILE = "family.yaml"


# ---------------------------------------------------------------- which pack


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pack",
        dest="continuum_pack",
        metavar="DIR",
        default=None,
        help="rule pack the policy features run against (default: $CONTINUUM_PACK, else the repository's own pack)",
    )


def pack_dir(config: pytest.Config) -> Path:
    given = config.getoption("continuum_pack", default=None) or os.environ.get("CONTINUUM_PACK")
    return Path(given).expanduser().resolve() if given else REPO


USED = pytest.StashKey[Path]()
WHERE = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def pack(request: pytest.FixtureRequest) -> CompiledPack:
    root = pack_dir(request.config)
    request.config.stash[USED] = root
    try:
        return usable_pack(root)
    except InputError as exc:
        problems = str(exc)
    pytest.fail(
        f"The rule pack in {root} cannot be used; `continuum check --pack {root}` says:\n{problems}", pytrace=False
    )


@pytest.fixture(scope="session")
def facts(pack: CompiledPack, request: pytest.FixtureRequest) -> PackFacts:
    """Read after the engine accepted the pack, so a broken file is reported by the engine, with its line."""
    return PackFacts.read(pack_dir(request.config))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if USED in config.stash:
        terminalreporter.write_line(f"The policy features ran against the rule pack in {config.stash[USED]}")


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature, scenario, step, **_: object) -> None:
    """Remember which step of which feature failed, to show beside the failure."""
    where = Path(feature.filename)
    where = where.relative_to(Path.cwd()) if where.is_relative_to(Path.cwd()) else where
    text = f'{where}:{step.line_number}: {step.keyword} {step.name}\n(in the scenario "{scenario.name}")'
    request.node.stash[WHERE] = text


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.when == "call" and report.failed and WHERE in item.stash:
        report.sections.append(("the step that failed", item.stash[WHERE]))
    return report


@pytest.fixture(scope="session")
def backend(pack: CompiledPack):
    # durable-rules registers its rulesets once per process, so one backend serves the session.
    return make_backend("durable", pack)


# ---------------------------------------------------------------- plain words and the pack's own facts


def check(ok: object, message: str) -> None:
    """Fail the step with a message alone: no program listing, so a policy officer can read it."""
    if not ok:
        pytest.fail(message, pytrace=False)


def words(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def split_names(text: str, known: dict[str, str]) -> list[str]:
    """ "a, b and c" as the things `known` names; a name may hold a comma or "and" itself
    ("speech and language delay"). A piece that names nothing known is kept as written."""
    out: list[str] = []
    rest = " ".join(text.split())
    while rest:
        low = words(rest)
        fits = [n for n in known if low.startswith(n) and re.match(r"(?:\s*,|\s+and\s|\s*$)", low[len(n) :])]
        if fits:
            name = max(fits, key=len)
            out.append(known[name])
            rest = rest[len(name) :]
        else:
            piece = re.split(r"\s*,\s*|\s+and\s+", rest, maxsplit=1)[0]
            out.append(piece)
            rest = rest[len(piece) :]
        rest = re.sub(r"^\s*(?:,\s*(?:and\s+)?|and\s+)", "", rest.strip()).strip()
    return out


def short_name(name: str) -> str:
    """A programme's name up to its first bracket, colon or spaced dash: "Incredible Years Preschool"."""
    return re.split(r"\s*[(:]|\s+-\s+", name, maxsplit=1)[0].strip()


@dataclass(frozen=True)
class PackFacts:
    """What the steps need to know about the pack, read from its YAML without the engine."""

    root: Path
    needs: dict[str, str]  # a label, a code or a code written with spaces (lower case) -> code
    programmes: dict[str, dict[str, Any]]  # catalogue id -> entry
    programme_names: dict[str, str]  # id, name or short name (lower case) -> id
    cites: tuple[str, ...]

    @classmethod
    def read(cls, root: Path) -> PackFacts:
        files = read_files(root)  # a pack that extends another takes the files it lacks from its base

        def load(rel: str) -> Any:
            return yaml.safe_load(files.data[rel])

        indicators = load("rules/indicators.yaml")["indicators"]
        catalogue = load("pathways/interventions.yaml")["interventions"]
        needs = {words(i["code"]): i["code"] for i in indicators} | {words(i["label"]): i["code"] for i in indicators}
        names: dict[str, str] = {}
        for entry in catalogue:
            for name in (entry["id"], entry["name"], short_name(entry["name"])):
                names[words(name)] = entry["id"]
        return cls(
            root=root,
            needs=needs,
            programmes={entry["id"]: entry for entry in catalogue},
            programme_names=names,
            cites=tuple(
                doc["cite"]
                for raw in [*(raw for _, raw in files.base_documents), files.data["rules/documents.yaml"]]
                for doc in yaml.safe_load(raw)["documents"].values()
            ),
        )

    def programme(self, name: str) -> str:
        iid = self.programme_names.get(words(name))
        if iid is None:
            known = sorted({short_name(e["name"]) for e in self.programmes.values()})
            pytest.fail(f"'{name}' is not a programme in {self.root}/pathways/interventions.yaml; it has: {known}")
        return iid

    def called(self, iid: str) -> str:
        return short_name(self.programmes[iid]["name"]) if iid in self.programmes else iid


def role_of(name: str) -> str:
    """ "the health visitor" -> health_visitor; "the GP" -> gp."""
    role = re.sub(r"^(?:the|a|an) ", "", words(name)).replace(" ", "_")
    check(
        role in ROLES, f"'{name}' is not a lead professional role; the roles are {[r.replace('_', ' ') for r in ROLES]}"
    )
    return role


ROLE_WORDS = {"child": "child", "parent": "parent", "mother": "parent", "father": "parent", "carer": "carer"}
ROLE_WORDS |= {"other adult": "other_adult"}
COLUMNS = ("member", "role", "age", "born", "needs")


# ---------------------------------------------------------------- one family


@dataclass(frozen=True)
class Member:
    """A member as the table gives it, with the age worked out here."""

    id: str
    age: int
    pregnant: bool

    @property
    def is_child(self) -> bool:
        return self.age < 18  # a member under 18 is a child in law, whatever the role


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years on `on`; a 29 February birthday is kept on 28 February in other years."""
    day = 28 if (born.month, born.day) == (2, 29) and not calendar.isleap(on.year) else born.day
    return on.year - born.year - ((on.month, on.day) < (born.month, day))


def as_date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


@dataclass
class Triage:
    """One family, as the feature describes it, and what the engine made of it."""

    referred: dt.date | str | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    family: dict[str, Any] = field(default_factory=dict)
    current: dict[str, Any] | None = None  # the help the family has now, at a review
    text: str = ""
    refused: InputError | None = None
    hint: str = ""
    ages: dict[str, int] = field(default_factory=dict)  # as the engine counts them
    decision: Decision | None = None

    def profile(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "referral": {"id": "R-FEATURE", "date": self.referred, "consent": True},
            "members": self.members,
        }
        if self.family:
            out["family"] = self.family
        if self.current is not None:
            out["referral"]["type"] = "review"
            out["current"] = self.current
        return out

    def member(self, who: str) -> Member:
        found = [m for m in self.members if str(m.get("id")) == who]
        check(found, f"{who} is not in the family ({[m.get('id') for m in self.members]})")
        m = found[0]
        born, on = m.get("date_of_birth"), self.referred
        age = age_on(born, on) if isinstance(born, dt.date) and isinstance(on, dt.date) else m.get("age")
        check(
            isinstance(age, int), f"the table gives {who} no age in whole years and no date of birth such as 2019-05-02"
        )
        return Member(who, age, bool(m.get("pregnant")))

    def decided(self) -> Decision:
        if self.refused is not None:
            pytest.fail(
                f"The family cannot be triaged: the profile made from the table is refused.\n{self.refused}\n\n"
                f"{self.hint}\n\nThe profile the table made:\n{self.text}",
                pytrace=False,
            )
        check(self.decision is not None, "the family was not triaged")
        return self.decision


@pytest.fixture
def triage() -> Triage:
    return Triage()


# ---------------------------------------------------------------- given: the family


@given(parsers.parse("a family referred on {date} with these members:"))
def family_table(triage: Triage, facts: PackFacts, date: str, datatable: list[list[str]]) -> None:
    triage.referred = as_date(date.strip())
    head, *rows = ([cell.strip() for cell in row] for row in datatable)
    unknown = [h for h in head if words(h) not in COLUMNS]
    check(not unknown, f"unknown columns {unknown}: a member table has the columns {list(COLUMNS)}")
    for row in rows:
        cells = {words(h): value for h, value in zip(head, row, strict=True) if value}
        m: dict[str, Any] = {"id": cells.get("member", "")}
        if "role" in cells:
            m["role"] = ROLE_WORDS.get(words(cells["role"]), cells["role"])
        if "born" in cells:
            m["date_of_birth"] = as_date(cells["born"])
        if "age" in cells:
            m["age"] = int(cells["age"]) if re.fullmatch(r"-?\d+", cells["age"]) else cells["age"]
        if "needs" in cells:
            m["indicators"] = split_names(cells["needs"], facts.needs)
        triage.members.append(m)


@given(parsers.re(r"(?P<who>\S+) is (?:(?P<weeks>\d+) weeks )?pregnant(?: with (?:her|a) (?P<nth>\w+) baby)?"))
def pregnant(triage: Triage, who: str, weeks: str | None, nth: str | None) -> None:
    found = [m for m in triage.members if m["id"] == who]
    check(found, f"{who} is not in the family")
    found[0]["pregnant"] = True
    if nth is not None:
        check(nth in ("first", "second", "third", "fourth"), f"'{nth} baby': say first, second, third or fourth")
        found[0]["first_pregnancy"] = nth == "first"
    if weeks is not None:
        found[0]["gestation_weeks"] = int(weeks)


@given(parsers.parse("the family has {needs}"))
def family_needs(triage: Triage, facts: PackFacts, needs: str) -> None:
    triage.family.setdefault("indicators", []).extend(split_names(needs, facts.needs))


@given(parsers.re(r"domestic abuse is graded (?P<grade>-?\d+) on the multi-agency screening"))
def domestic_abuse_grade(triage: Triage, grade: str) -> None:
    triage.family["domestic_abuse_risk"] = int(grade)


@given(parsers.re(r"(?P<who>.+) already works? with the family"))
@given(parsers.re(r"the family already works with (?P<who>.+)"))
def involved(triage: Triage, who: str) -> None:
    triage.family.setdefault("involved", []).extend(role_of(r) for r in re.split(r"\s*,\s*|\s+and\s+", who))


@given(parsers.parse("the family would like {who} to lead"))
def preferred(triage: Triage, who: str) -> None:
    triage.family["preferred_lead"] = role_of(who)


@given(parsers.re(r"the help the family has now is level (?P<level>\d+) since (?P<since>\S+), (?P<led>.+)"))
def current_help(triage: Triage, level: str, since: str, led: str) -> None:
    lead = None if led == "with no lead professional" else role_of(led.removeprefix("led by "))
    triage.current = {"level": int(level), "lead": lead, "since": as_date(since)}


# ---------------------------------------------------------------- when


@when("the family is triaged")
def triaged(triage: Triage, facts: PackFacts, pack: CompiledPack, backend) -> None:
    triage.hint = (
        f"In a table a need is written as its label or its code in {facts.root}/rules/indicators.yaml, a role as "
        "child, parent (or mother, father), carer or other adult, and a date as 2026-11-20."
    )
    triage.text = yaml.safe_dump(triage.profile(), sort_keys=False, allow_unicode=True)
    try:
        family = family_from(parse_text(triage.text, PROFILE), pack)
    except InputError as exc:
        triage.refused = exc
        return
    triage.ages = {p.id: p.age for p in family.members}
    triage.decision = decide(family, pack, backend)


# ---------------------------------------------------------------- what a failure shows


def summary(d: Decision, facts: PackFacts) -> str:
    """The decision in a few lines, for failure messages a policy officer can read."""
    lines = [f"level of need {d.level.code} ({d.level.name})"]
    lines += [f"  because: {r.text}" for r in d.level.reasons]
    if d.safeguarding.escalate:
        lines.append("escalated to children's social care")
        lines += [f"  because: {r.text}" for r in d.safeguarding.reasons]
    offers: dict[str, list[str]] = {}
    for iv in d.interventions:
        offers.setdefault(iv.member, []).append(facts.called(iv.id))
    lines += [f"{who} is offered: {', '.join(names)}" for who, names in offers.items()] or ["nothing is offered"]
    lead = (d.lead_professional.role or "nobody").replace("_", " ")
    lines.append(f"lead professional: {lead}")
    lines += [f"  because: {r.text}" for r in d.lead_professional.reasons]
    if d.change is not None:
        lines.append(f"at the review: {d.change['direction'].replace('_', ' ')}")
        lines += [f"  because: {r.text}" for r in d.change["reasons"]]
    lines += [f"near miss: {n}" for n in d.near_misses]
    lines += [f"warning: {w}" for w in d.warnings]
    return "\n".join(lines)


def expected(triage: Triage, facts: PackFacts, what: str) -> str:
    return f"{what}\n\nThe decision was:\n{summary(triage.decided(), facts)}"


QUOTED = r'"[^"]+"(?: or "[^"]+")*'


def quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]+)"', text)


def mentions(reasons: list[Reason], phrases: str) -> bool:
    return any(p.lower() in r.text.lower() for r in reasons for p in quoted(phrases))


# ---------------------------------------------------------------- then: level and safeguarding


@then(parsers.parse("the level of need is {level:d}"))
def level_is(triage: Triage, facts: PackFacts, level: int) -> None:
    got = triage.decided().level.code
    check(got == level, expected(triage, facts, f"Expected level of need {level}, but it is {got}."))


@then(parsers.re(rf"a reason for the level mentions (?P<phrases>{QUOTED})"))
def level_reason(triage: Triage, facts: PackFacts, phrases: str) -> None:
    ok = mentions(triage.decided().level.reasons, phrases)
    check(ok, expected(triage, facts, f"No reason for the level mentions {phrases}."))


@then(parsers.re(r"the family (?P<outcome>is|is not) escalated to children's social care"))
def escalation(triage: Triage, facts: PackFacts, outcome: str) -> None:
    d = triage.decided()
    sg = d.safeguarding
    if outcome == "is":
        check(sg.escalate, expected(triage, facts, "Expected an escalation to children's social care; there is none."))
        check(sg.route and sg.route.strip(), "an escalation must say where the concern goes")
        check(sg.reasons, "an escalation must give its reasons")
        check(d.level.code == 4, expected(triage, facts, "An escalation must come with level 4."))
    else:
        check(not sg.escalate, expected(triage, facts, "Expected no escalation, but the family is escalated."))
        check(sg.route is None and sg.reasons == [], "without an escalation there is no route and no reason for one")


@then(parsers.re(rf"the safeguarding route mentions (?P<phrases>{QUOTED})"))
def route_mentions(triage: Triage, facts: PackFacts, phrases: str) -> None:
    route = triage.decided().safeguarding.route or ""
    ok = any(p.lower() in route.lower() for p in quoted(phrases))
    check(ok, expected(triage, facts, f"The safeguarding route does not mention {phrases}: {route!r}"))


@then(parsers.re(rf"a safeguarding reason mentions (?P<phrases>{QUOTED})"))
def safeguarding_reason(triage: Triage, facts: PackFacts, phrases: str) -> None:
    ok = mentions(triage.decided().safeguarding.reasons, phrases)
    check(ok, expected(triage, facts, f"No safeguarding reason mentions {phrases}."))


def all_reasons(d: Decision, facts: PackFacts) -> dict[str, list[Reason]]:
    return {
        "the level": d.level.reasons,
        "the escalation": d.safeguarding.reasons,
        "the lead professional": d.lead_professional.reasons,
        "the change at the review": d.change["reasons"] if d.change else [],
        **{f"{facts.called(iv.id)} for {iv.member}": iv.reasons for iv in d.interventions},
    }


@then("every reason cites a source document")
def reasons_cite(triage: Triage, facts: PackFacts) -> None:
    for part, reasons in all_reasons(triage.decided(), facts).items():
        for r in reasons:
            check(r.text.strip(), f"a reason for {part} has no text")
            check(
                r.source.startswith(facts.cites),
                f"a reason for {part} cites no document of {facts.root}/rules/documents.yaml: {r.source!r}",
            )


@then("no reason is given twice")
def reasons_unique(triage: Triage, facts: PackFacts) -> None:
    for part, reasons in all_reasons(triage.decided(), facts).items():
        texts = [r.text for r in reasons]
        twice = sorted({t for t in texts if texts.count(t) > 1})
        check(not twice, f"a reason for {part} is given more than once: {twice}")


# ---------------------------------------------------------------- then: ages and programmes


@then(parsers.re(r"(?P<who>\S+) is (?P<age>\d+) years old on the referral date"))
def age_is(triage: Triage, who: str, age: str) -> None:
    ours = triage.member(who).age
    check(ours == int(age), f"the scenario is wrong: from the table, {who} is {ours} on the referral date")
    triage.decided()
    check(triage.ages.get(who) == int(age), f"the engine counts {who} as {triage.ages.get(who)} years old")


OFFERED = r"(?P<who>[A-Z][\w-]*) is (?P<no>not )?offered (?!nothing$)(?!.*, for the whole family$)(?P<programme>.+)"


@then(parsers.re(OFFERED))
def offered(triage: Triage, facts: PackFacts, who: str, no: str | None, programme: str) -> None:
    iid = facts.programme(programme)
    # a programme chosen over its alternative (one that meets the same need) suggests both
    got = [(i, iv.member) for iv in triage.decided().interventions for i in (iv.id, *iv.alternatives)]
    person = triage.member(who)
    if no:
        check((iid, who) not in got, expected(triage, facts, f"{who} is offered {programme}, but should not be."))
        return
    check((iid, who) in got, expected(triage, facts, f"{who} (aged {person.age}) is not offered {programme}."))
    low, high = facts.programmes[iid]["ages"]
    check(low <= person.age <= high, f"{who} is {person.age}, outside {programme}'s catalogue ages {low}-{high}")


@then(parsers.re(r"(?P<who>[A-Z][\w-]*) is offered nothing"))
def offered_nothing(triage: Triage, facts: PackFacts, who: str) -> None:
    triage.member(who)
    got = [facts.called(iv.id) for iv in triage.decided().interventions if iv.member == who]
    check(got == [], expected(triage, facts, f"{who} should be offered nothing, but is offered {got}."))


@then(parsers.parse("{programme} is offered once, for the whole family"))
def once_for_family(triage: Triage, facts: PackFacts, programme: str) -> None:
    iid = facts.programme(programme)
    check(facts.programmes[iid].get("whole_family") is True, f"the catalogue does not say {programme} is whole-family")
    got = [iv.member for iv in triage.decided().interventions if iv.id == iid]
    check(len(got) == 1, expected(triage, facts, f"{programme} is offered {len(got)} times, for {got}."))
    check(triage.member(got[0]).is_child, f"{programme} is recorded against {got[0]}, who is not a child")


@then(parsers.parse("at least {count:d} programmes are offered"))
def at_least(triage: Triage, facts: PackFacts, count: int) -> None:
    got = triage.decided().interventions
    check(len(got) >= count, expected(triage, facts, f"Only {len(got)} programmes are offered."))


@then("every programme is offered only to a member whose age is inside its catalogue age band")
def inside_bands(triage: Triage, facts: PackFacts) -> None:
    for iv in triage.decided().interventions:
        entry, person, name = facts.programmes.get(iv.id), triage.member(iv.member), facts.called(iv.id)
        check(entry is not None, f"{iv.id} is offered but is not in {facts.root}/pathways/interventions.yaml")
        low, high = entry["ages"]
        check(list(iv.ages) == [low, high], f"{name}: the decision says ages {iv.ages}, the catalogue {low}-{high}")
        check(low <= person.age <= high, f"{name} is offered to {iv.member}, aged {person.age}, outside {low}-{high}")
        if entry["member"] == "child":
            check(person.is_child, f"{name} is for children; {iv.member} is {person.age}")
        else:
            check(person.pregnant, f"{name} is for expectant mothers; {iv.member} is not pregnant")


@then("no programme meant only for early help (levels 2 and 3) is offered")
def no_early_help(triage: Triage, facts: PackFacts) -> None:
    got = [facts.called(iv.id) for iv in triage.decided().interventions if 4 not in facts.programmes[iv.id]["levels"]]
    check(got == [], expected(triage, facts, f"Early help programmes are offered: {got}."))


# ---------------------------------------------------------------- then: lead professional, warnings, refusals


@then("there is no lead professional")
def no_lead(triage: Triage, facts: PackFacts) -> None:
    role = triage.decided().lead_professional.role
    check(role is None, expected(triage, facts, f"Expected no lead professional, but it is {role}."))


@then(parsers.parse("the lead professional is {who}"))
def lead_is(triage: Triage, facts: PackFacts, who: str) -> None:
    role = role_of(who)
    lead = triage.decided().lead_professional
    check(lead.role == role, expected(triage, facts, f"Expected {who} to lead."))
    check(lead.reasons, "the lead professional comes without a reason")


@then(parsers.parse('the lead\'s function is called "{text}"'))
def lead_title(triage: Triage, facts: PackFacts, text: str) -> None:
    title = triage.decided().lead_professional.title or ""
    check(text.lower() in title.lower(), expected(triage, facts, f'The lead\'s function is "{title}", not "{text}".'))


@then(parsers.parse('the level is called "{text}"'))
def level_name(triage: Triage, facts: PackFacts, text: str) -> None:
    name = triage.decided().level.name
    check(text.lower() in name.lower(), expected(triage, facts, f'The level is called "{name}", not "{text}".'))


@then(parsers.re(rf"the reason for the lead mentions (?P<phrases>{QUOTED})"))
def lead_reason(triage: Triage, facts: PackFacts, phrases: str) -> None:
    ok = mentions(triage.decided().lead_professional.reasons, phrases)
    check(ok, expected(triage, facts, f"The reason for the lead does not mention {phrases}."))


DIRECTIONS = {"steps up": "step_up", "steps down": "step_down", "stays the same": "same"}


@then(parsers.re(r"the help (?P<how>steps up|steps down|stays the same)"))
def direction_is(triage: Triage, facts: PackFacts, how: str) -> None:
    change = triage.decided().change
    check(change is not None, "the decision says nothing about a change: is the help the family has given?")
    assert change is not None
    got = [k for k, v in DIRECTIONS.items() if v == change["direction"]]
    check(change["direction"] == DIRECTIONS[how], expected(triage, facts, f"Expected the help {how}; it {got[0]}."))
    check(change["to"].level == triage.decided().level.code, "the change does not end at the decision's level")


@then(parsers.re(rf"a reason for the change mentions (?P<phrases>{QUOTED})"))
def change_reason(triage: Triage, facts: PackFacts, phrases: str) -> None:
    change = triage.decided().change
    ok = change is not None and mentions(change["reasons"], phrases)
    check(ok, expected(triage, facts, f"No reason for the change mentions {phrases}."))


@then(parsers.re(r'(?P<some>a|no) warning mentions "(?P<text>[^"]+)"'))
def warning_mentions(triage: Triage, facts: PackFacts, some: str, text: str) -> None:
    hits = [w for w in triage.decided().warnings if text.lower() in w.lower()]
    if some == "a":
        check(hits, expected(triage, facts, f'No warning mentions "{text}".'))
    else:
        check(not hits, f"warnings: {hits}")


@then("no near miss is shown")
def no_near_miss(triage: Triage, facts: PackFacts) -> None:
    near = triage.decided().near_misses
    check(not near, expected(triage, facts, f"Near misses are shown: {near}."))


@then(parsers.parse('a near miss mentions "{text}"'))
def near_miss_mentions(triage: Triage, facts: PackFacts, text: str) -> None:
    near = triage.decided().near_misses
    check(any(text.lower() in n.lower() for n in near), expected(triage, facts, f'No near miss mentions "{text}".'))


@then(parsers.parse('the profile is refused with a message that says "{text}"'))
def refused(triage: Triage, text: str) -> None:
    check(triage.refused is not None, "the profile was not refused")
    check(text in str(triage.refused), f"the profile was refused with:\n{triage.refused}")


# ---------------------------------------------------------------- impact: a change tried on a caseload


@dataclass
class Trial:
    """A pack change tried on a caseload: the families, the pack as it is and the copy changed."""

    size: int = 0
    seed: int = 2026
    copy: Path | None = None
    impact: Any = None


@pytest.fixture
def trial(tmp_path: Path, request: pytest.FixtureRequest) -> Trial:
    t = Trial()
    t.copy = tmp_path / "proposed"
    root = pack_dir(request.config)
    files = read_files(root)  # the whole pack, a base's files included, as one folder to edit
    for rel, raw in files.data.items():
        (t.copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (t.copy / rel).write_bytes(raw)
    documents = yaml.safe_load(files.data["rules/documents.yaml"])
    for _, raw in files.base_documents:
        documents["documents"] = {**yaml.safe_load(raw)["documents"], **documents["documents"]}
    (t.copy / "rules" / "documents.yaml").write_text(yaml.safe_dump(documents, sort_keys=False), encoding="utf-8")
    meta = yaml.safe_load(files.data["rules/pack.yaml"])
    meta.pop("extends", None)
    (t.copy / "rules" / "pack.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    return t


def _edit_entry(trial: Trial, rel: str, section: str, key: str, name: str, change: Any) -> None:
    assert trial.copy is not None
    path = trial.copy / rel
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = [e for e in doc[section] if e.get(key) == name]
    check(entries, f"{rel} has no {section} entry with {key} '{name}'")
    for e in entries:
        change(e)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


@given(parsers.parse("a synthetic caseload of {size:d} families"))
def synthetic_caseload(trial: Trial, size: int) -> None:
    trial.size = size


@when(parsers.parse('the rule "{rule}" gives level {level:d}'))
def rule_gives_level(trial: Trial, rule: str, level: int) -> None:
    path = trial.copy / "rules" / "needs.yaml"  # type: ignore[operator]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = [r for s in ("combinations", "circumstances") for r in doc.get(s, []) if r["rule"] == rule]
    check(found, f"rules/needs.yaml has no rule '{rule}'")
    for r in found:
        r["level"] = level
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


@when(parsers.parse('the trigger "{rule}" no longer covers {code}'))
def trigger_drops(trial: Trial, rule: str, code: str) -> None:
    def drop(t: dict[str, Any]) -> None:
        t["when"]["any"] = [c for c in t["when"]["any"] if c != code]

    _edit_entry(trial, "rules/safeguarding.yaml", "triggers", "rule", rule, drop)


@when("the change is tried on the caseload")
def tried(trial: Trial, pack: CompiledPack) -> None:
    from engine.impact import compare
    from engine.synth import families

    try:
        proposed = usable_pack(trial.copy)
    except InputError as exc:
        pytest.fail(f"the changed pack cannot be used:\n{exc}", pytrace=False)
    trial.impact = compare(families(pack, trial.size, seed=trial.seed), pack, proposed)


@then("no family loses a safeguarding escalation")
def none_lost(trial: Trial) -> None:
    lost = trial.impact.escalations_lost
    named = ", ".join(s.referral_id for s in lost[:5])
    check(not lost, f"{len(lost)} families lose an escalation, among them {named}")


@then(parsers.parse("some families lose a safeguarding escalation, each named with its reasons"))
def some_lost(trial: Trial) -> None:
    lost = trial.impact.escalations_lost
    check(lost, "no family loses an escalation")
    check(all(s.why_before for s in lost), "a lost escalation is shown without the reasons it had")


@then(parsers.re(r"the number of families at level (?P<level>\d) (?P<how>falls|rises|stays the same)"))
def level_count(trial: Trial, level: str, how: str) -> None:
    m, k = trial.impact.levels, int(level) - 1
    before, after = sum(m[k]), sum(row[k] for row in m)
    ok = {"falls": after < before, "rises": after > before, "stays the same": after == before}[how]
    check(ok, f"at level {level}: {before} before, {after} after; expected it {how}")


@then(parsers.parse("some families move from level {a:d} to level {b:d}"))
def moved_between(trial: Trial, a: int, b: int) -> None:
    check(trial.impact.levels[a - 1][b - 1] > 0, f"no family moves from level {a} to level {b}")
