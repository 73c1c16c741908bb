"""A pack that extends another: the files it lacks come from its base; bad bases are refused."""

from __future__ import annotations

import shutil
import tomllib

from engine.cli import main
from engine.pack import BUNDLED, bundled_pack_dir, load_pack

FF = bundled_pack_dir("families-first")


def test_families_first_holds_only_what_it_changes_and_shares_the_rest(repo):
    own = sorted(p.relative_to(FF).as_posix() for p in (FF / "rules").glob("*.yaml"))
    assert own == ["rules/documents.yaml", "rules/levels.yaml", "rules/pack.yaml"]
    lp = load_pack(FF)
    assert lp.extends == ("default",)
    assert lp.doc("rules/indicators.yaml").name == str(repo / "rules" / "indicators.yaml")
    assert lp.doc("rules/levels.yaml").name == str(FF / "rules" / "levels.yaml")
    documents = lp.models["rules/documents.yaml"].documents
    assert "families-first-guide" in documents and "seed-004" in documents  # its own and its base's


def test_every_bundled_pack_ships_in_the_wheel_and_the_sdist(repo):
    build = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    wheel = build["targets"]["wheel"]["force-include"]
    for name, (installed, checkout) in BUNDLED.items():
        if checkout != ".":
            assert wheel[checkout] == f"engine/{installed}", name
            assert checkout.split("/")[0] in build["targets"]["sdist"]["include"], name


def test_a_pack_that_names_a_missing_base_is_refused_at_its_line(tmp_path, capsys):
    pack = tmp_path / "ours"
    shutil.copytree(FF / "rules", pack / "rules")
    meta = pack / "rules" / "pack.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("extends: default", "extends: defualt"), encoding="utf-8")
    line = text.splitlines().index("extends: default") + 1
    assert main(["check", "--pack", str(pack)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{meta}:{line}: extends: no pack 'defualt' to extend")
    assert "did you mean 'default'?" in err and "Traceback" not in err


def test_packs_that_extend_each_other_in_a_loop_are_refused(tmp_path, capsys):
    for a, b in (("one", "../two"), ("two", "../one")):
        (tmp_path / a / "rules").mkdir(parents=True)
        meta = (FF / "rules" / "pack.yaml").read_text(encoding="utf-8").replace("extends: default", f"extends: {b}")
        (tmp_path / a / "rules" / "pack.yaml").write_text(meta, encoding="utf-8")
    assert main(["triage", "--pack", str(tmp_path / "one"), str(FF / "cases" / "families_first.yaml")]) == 2
    err = capsys.readouterr().err
    assert "extends: packs extend each other in a loop" in err


def test_an_edit_in_the_base_reaches_the_pack_that_extends_it(tmp_path, capsys):
    base, ours = tmp_path / "base", tmp_path / "ours"
    for part in ("rules", "pathways"):
        shutil.copytree(bundled_pack_dir("default") / part, base / part)
    shutil.copytree(FF / "rules", ours / "rules")
    meta = ours / "rules" / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("extends: default", "extends: ../base"), encoding="utf-8")
    before = load_pack(ours).digest
    needs = base / "rules" / "needs.yaml"
    needs.write_text(needs.read_text(encoding="utf-8").replace("count: 3", "count: 4", 1), encoding="utf-8")
    assert load_pack(ours).digest != before  # the digest names the base's files too
    assert main(["check", "--pack", str(ours)]) == 0
