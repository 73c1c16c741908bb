"""Reading profile files safely: every unreadable file is refused as FILE:LINE: field: message, exit 2."""

from __future__ import annotations

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
    assert message and not message[0].isspace()
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
