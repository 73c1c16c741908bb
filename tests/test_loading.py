"""Reading profile files safely: every unreadable file is refused as FILE:LINE: field: message, exit 2."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.errors import InputError
from engine.profile import read_profile

HEAD = "referral:\n  id: R-1\n  date: 2026-11-20\n"
CHILD = "members:\n  - {id: C1, role: child, age: 4}\n"

# (case, file bytes, line or None, field or "", words the message must hold)
UNREADABLE = [
    ("duplicate key", (HEAD + "  id: R-2\n" + CHILD).encode(), 4, "referral.id", ["duplicate key 'id'", "line 2"]),
    (
        "duplicate key in JSON",
        b'{\n  "referral": {"id": "R-1", "date": "2026-11-20"},\n  "members": [],\n  "members": []\n}\n',
        4,
        "members",
        ["duplicate key 'members'", "line 3"],
    ),
    (
        "python tag",
        (HEAD + "  source: !!python/object/apply:os.system ['touch pwned']\n" + CHILD).encode(),
        4,
        "referral.source",
        ["python/object/apply:os.system", "not accepted"],
    ),
    ("local tag", (HEAD + CHILD + "family: !include other.yaml\n").encode(), 6, "family", ["'!include'"]),
    (
        "merge key",
        (HEAD + "members:\n  - id: C1\n    <<: {role: child, age: 4}\n").encode(),
        6,
        "members[0]",
        ["merge"],
    ),
    (
        "impossible date",
        ("referral:\n  id: R-1\n  date: 2026-02-30\n" + CHILD).encode(),
        3,
        "referral.date",
        ["2026-02-30"],
    ),
    (
        "impossible date of birth",
        (HEAD + "members:\n  - id: C1\n    role: child\n    date_of_birth: 2019-13-01\n").encode(),
        7,
        "members[0].date_of_birth",
        ["2019-13-01"],
    ),
    ("broken YAML", (HEAD + "members:\n  - id: C1\n   role: child\n").encode(), 6, "", ["not valid YAML"]),
    ("empty", b"", None, "", ["empty"]),
    ("only blank lines", b"  \n\n\t\n", None, "", ["empty"]),
    ("only a comment", b"# nothing to see\n", None, "", ["no data"]),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "", ["binary"]),
    ("not UTF-8", (HEAD + "  source: \xe9cole\n").encode("latin-1") + CHILD.encode(), 4, "", ["UTF-8", "0xE9"]),
    ("control character", (HEAD + CHILD + "# a\x1b[2J comment\n").encode(), 6, "", ["control character", "U+001B"]),
    ("byte order mark inside", (HEAD + "  source: a\ufeffb\n" + CHILD).encode(), 4, "", ["U+FEFF"]),
    ("timestamp tag", (HEAD + "  consent: !!timestamp x\n" + CHILD).encode(), 4, "referral.consent", ["'!!timestamp'"]),
    ("bool tag", (HEAD + "  consent: !!bool maybe\n" + CHILD).encode(), 4, "referral.consent", ["'!!bool'"]),
    (
        "int tag",
        (HEAD + "members:\n  - {id: C1, role: child, age: !!int ''}\n").encode(),
        5,
        "members[0].age",
        ["!!int"],
    ),
    ("tag on a mapping", ("referral: !!map {id: R-1, date: 2026-11-20}\n" + CHILD).encode(), 1, "referral", ["!!map"]),
    ("tag on a list", (HEAD + "members: !!seq\n  - {id: C1, role: child, age: 4}\n").encode(), 4, "members", ["!!seq"]),
    ("non-specific tag", (HEAD + "  source: ! school\n" + CHILD).encode(), 4, "referral.source", ["tag '!'"]),
    (
        "alias of a value",
        (HEAD + "  source: &s school\n" + CHILD + "family: {preferred_lead: *s}\n").encode(),
        7,
        "family.preferred_lead",
        ["aliases"],
    ),
    ("a key that is a list", (HEAD + CHILD + "[a]: 1\n").encode(), 6, "", ["keys must be plain text"]),
    ("two documents", (HEAD + CHILD + "---\n" + HEAD).encode(), 6, "", ["second YAML document"]),
    (
        "deep nesting",
        (HEAD + CHILD + "family: {indicators: " + "[" * 600 + "]" * 600 + "}\n").encode(),
        6,
        "family.indicators[0][0][0][0]...",
        ["nested more than 32 levels deep"],
    ),
    (
        "unclosed flow mapping",
        ("referral: {id: R-1, date: 2026-11-20\n" + CHILD).encode(),
        2,
        "",
        ["not valid YAML or JSON", "'{' is not closed", "line 1"],
    ),
    ("bad indentation", (HEAD + "members:\n  - id: C1\n   role: child\n").encode(), 6, "", ["indentation"]),
    ("a tab to indent", (HEAD + "members:\n\t- {id: C1, role: child, age: 4}\n").encode(), 5, "", ["tab"]),
    ("unclosed quote", (HEAD + '  source: "school\n' + CHILD).encode(), 7, "", ["closing quote", "line 4"]),
    (
        "JSON without a comma",
        b'{"referral": {"id": "R-1", "date": "2026-11-20"}\n "members": []}\n',
        2,
        "",
        ["not valid YAML or JSON", "comma"],
    ),
]


@pytest.mark.parametrize(("raw", "line", "field", "words"), [c[1:] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE])
def test_an_unreadable_profile_is_refused_with_file_line_field_and_message(
    raw, line, field, words, tmp_path, monkeypatch, capsys, pack
):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "family.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as caught:
        read_profile("family.yaml", pack)
    assert len(caught.value.problems) == 1
    where = f"family.yaml:{line}" if line else "family.yaml"
    prefix = f"{where}: {field}: " if field else f"{where}: "
    assert str(caught.value).startswith(prefix), str(caught.value)
    message = str(caught.value).removeprefix(prefix)
    assert message and not message[0].isspace() and "\n" not in message
    for word in ("<unicode string>", "NoneType", "Input should", "literal["):
        assert word not in message
    for word in words:
        assert word in message

    assert main(["triage", "family.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == str(caught.value) + "\n"
    assert not (tmp_path / "pwned").exists()


def test_a_byte_order_mark_is_not_an_error(tmp_path, capsys):
    path = tmp_path / "family.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + CHILD).encode())
    assert main(["triage", str(path), "--json"]) == 0
    assert '"referral_id": "R-1"' in capsys.readouterr().out


def test_a_missing_file_is_refused_by_name(tmp_path, capsys):
    assert main(["triage", str(tmp_path / "nowhere.yaml")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{tmp_path / 'nowhere.yaml'}: ")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_an_alias_bomb_is_refused_quickly_without_exhausting_memory(tmp_path):
    """Eight nested anchors of nine items each expand to 9**8 (43 million) items: refuse, do not expand.

    A normal triage runs well inside the 1 GiB address space the command is given here.
    """
    lines = [HEAD + CHILD.rstrip("\n"), 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    continuum = Path(sys.executable).with_name("continuum")
    result = subprocess.run(
        [str(continuum), "triage", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert all(line.startswith(f"{path}:") for line in result.stderr.splitlines()), result.stderr


def _limits(tmp_path: Path, name: str, text: str, capsys) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main(["triage", str(path)])
    out, err = capsys.readouterr()
    return code, out, err.replace(str(tmp_path) + "/", "")


# (case, profile text, the refusal: line, field, words naming the limit)
LIMITS = [
    (
        "51 members",
        HEAD + "members:\n" + "".join(f"  - {{id: C{i}, role: child, age: 4}}\n" for i in range(51)),
        "family.yaml:4: members: lists 51 members; at most 50 are allowed",
    ),
    (
        "101 indicators",
        HEAD + "members:\n  - {id: C1, role: child, age: 4, indicators: [" + ", ".join(["send"] * 101) + "]}\n",
        "family.yaml:5: members[0].indicators: lists 101 indicators; at most 100 are allowed",
    ),
    (
        "an id of 101 characters",
        HEAD + "members:\n  - {id: " + "C" * 101 + ", role: child, age: 4}\n",
        "family.yaml:5: members[0].id: is 101 characters long; at most 100 are allowed",
    ),
    (
        "a file of 100,001 bytes",
        HEAD + CHILD + "#" * (100_001 - len(HEAD + CHILD) - 1) + "\n",
        "family.yaml: the file is larger than 100,000 bytes, the most a profile may be",
    ),
]


@pytest.mark.parametrize(("text", "refusal"), [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS])
def test_each_limit_is_refused_with_a_message_that_names_it(text, refusal, tmp_path, capsys):
    assert _limits(tmp_path, "family.yaml", text, capsys) == (2, "", refusal + "\n")


def test_a_profile_at_every_limit_is_decided(tmp_path, capsys):
    codes = ", ".join(["send", "adhd", "autism"])
    members = "".join(f"  - {{id: C{i:0>99}, role: child, age: 4, indicators: [{codes}]}}\n" for i in range(50))
    code, out, err = _limits(tmp_path, "family.yaml", HEAD + "members:\n" + members, capsys)
    assert (code, err) == (0, ""), err
    assert "LEVEL OF NEED" in out


def test_a_long_value_is_never_echoed_whole(tmp_path, capsys):
    text = HEAD + "members:\n  - {id: C1, role: child, age: 4, indicators: [" + "y" * 40_000 + "]}\n"
    text += "family:\n  ? " + "k" * 40_000 + "\n  : 1\n"
    code, _, err = _limits(tmp_path, "family.yaml", text, capsys)
    assert code == 2
    assert len(err) < 1000, err[:300]
    assert "40,000 characters" in err


def test_a_profile_that_exits_3_today_as_tags_and_times_is_refused_in_json_alike(tmp_path, capsys):
    """Times of day, numbers for dates and strings for booleans are refused in JSON as in YAML."""
    profile = {
        "referral": {"id": "R-1", "date": "2026-11-20T10:00:00", "consent": "yes"},
        "members": [{"id": "C1", "role": "child", "date_of_birth": 1763596800, "age": "010"}],
    }
    code, out, err = _limits(tmp_path, "family.json", json.dumps(profile, indent=2), capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "family.json:4: referral.date: write the date without a time of day, as YYYY-MM-DD",
        "family.json:5: referral.consent: expected true or false, got the text 'yes'",
        "family.json:11: members[0].date_of_birth: write the date as YYYY-MM-DD, not as the number 1763596800",
        "family.json:12: members[0].age: expected a whole number without leading zeros, got the text '010'",
    ]


def test_a_pack_is_as_strict_as_a_profile(pack_copy, capsys):
    """Quoted numbers, "no" for false, blank text and a needs rule or trigger that tests nothing are refused."""
    needs, safeguarding = "rules/needs.yaml", "rules/safeguarding.yaml"
    when = pack_copy.edit(
        needs, "when:\n      needs:\n        count: 3\n        domains: 2\n        services: 2", "when: {}"
    )
    level = pack_copy.edit(needs, "    level: 3\n", '    level: "3"\n')
    trigger = pack_copy.edit(
        safeguarding,
        "when:\n      any: [significant_harm, physical_abuse, sexual_abuse, emotional_abuse, neglect]",
        "when: {}",
    )
    route = pack_copy.edit(
        safeguarding,
        "route: >-\n      Children's social care front door (MASH): refer today for a strategy discussion and\n"
        "      consideration of section 47 enquiries. If the child is in immediate danger, call the police\n"
        "      on 999.",
        'route: " "',
    )
    verified = pack_copy.edit("rules/levels.yaml", "verified: false", 'verified: "no"')
    assert main(["check", "--pack", str(pack_copy.root)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    problems = sorted(line.replace(str(pack_copy.root) + "/", "").split(": ", 2)[:2] for line in err.splitlines())
    assert problems == sorted(
        [
            [f"rules/needs.yaml:{level}", "combinations[0].level"],
            [f"rules/needs.yaml:{when}", "combinations[0].when"],
            [f"rules/safeguarding.yaml:{trigger}", "triggers[0].when"],
            [f"rules/safeguarding.yaml:{route}", "triggers[0].route"],
            [f"rules/levels.yaml:{verified}", next(f for w, f in problems if w.startswith("rules/levels"))],
        ]
    ), err
    assert "expected a whole number, got the text '3'" in err
    assert "a condition with no tests holds for every family: give at least one test" in err
    assert "must not be blank" in err
    assert "expected true or false, got the text 'no'" in err
