"""`continuum impact`: two packs, one caseload, what moved; the board's page and its screenshot."""

from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
import pytest

from engine.check import usable_pack
from engine.cli import main
from engine.impact import compare
from engine.impact.figures import figures, suppressed
from engine.synth import families, profile_of


@pytest.fixture(scope="module")
def caseload(tmp_path_factory, pack) -> Path:
    """600 synthetic profiles, one per line, with a broken line and an unreadable record among them."""
    path = tmp_path_factory.mktemp("caseload") / "year.jsonl"
    lines = [orjson.dumps(profile_of(f)) for f in families(pack, 600, seed=41)]
    lines.insert(10, b"{not json")
    lines.insert(20, orjson.dumps({"referral": {"id": "X", "date": "2026-11-20"}, "members": []}))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_suppression_follows_official_statistics_practice():
    assert [suppressed(n) for n in (0, 1, 5, 6, 14, 15, 1234)] == [0, "c", "c", 10, 10, 20, 1230]


def test_a_lost_escalation_comes_first_and_names_each_family(pack_copy, caseload, capsys):
    pack_copy.edit(
        "rules/safeguarding.yaml",
        "any: [sexual_exploitation_risk, criminal_exploitation_risk, trafficking]",
        "any: [sexual_exploitation_risk]",
    )
    code = main(["impact", "--baseline", "default", "--proposed", str(pack_copy.root), str(caseload), "--json"])
    out, err = capsys.readouterr()
    assert code == 1  # two records refused
    assert f"{caseload}:11: " in err and f"{caseload}:21: members" in err
    fig = json.loads(out)
    assert fig["families"] == 600 and fig["refused"] == 2
    lost = fig["escalations"]["lost_families"]
    assert fig["escalations"]["lost"] == len(lost) > 0
    assert all("escalated" in s["before"] and "escalated" not in s["after"] for s in lost)
    assert all(any("exploitation-risk" in w for w in s["why_before"]) for s in lost)
    code = main(["impact", "--baseline", "default", "--proposed", str(pack_copy.root), str(caseload)])
    summary = capsys.readouterr().out
    assert summary.index("ESCALATIONS LOST") < summary.index("LEVELS") and "a safety question" in summary


def test_a_threshold_change_moves_families_between_levels_and_says_why(pack_copy, caseload, pack):
    pack_copy.edit("rules/needs.yaml", "        max: 2\n    level: 3", "        max: 2\n    level: 2")
    proposed = usable_pack(pack_copy.root)
    from engine.impact import read_caseload

    read, _ = read_caseload(str(caseload), [pack, proposed])
    impact = compare(read, pack, proposed)
    assert impact.escalations_lost == [] and impact.escalations_gained == 0
    assert impact.levels[2][1] > 0, "some families move from level 3 to level 2"
    assert sum(impact.levels[1][2:]) == 0 and impact.moved >= impact.levels[2][1]
    assert sum(row[2] for row in impact.levels) < sum(impact.levels[2])
    assert any(any("domestic-abuse-grade-2" in w for w in s.why_before) for s in impact.samples)
    fig = figures(impact)
    assert fig["levels"]["before"][2] - fig["levels"]["after"][2] == impact.levels[2][1] + impact.levels[2][0]


def test_suppressed_figures_show_no_small_count_and_name_no_family(pack_copy, caseload, capsys):
    pack_copy.edit("rules/needs.yaml", "        max: 2\n    level: 3", "        max: 2\n    level: 2")
    args = ["impact", "--baseline", "default", "--proposed", str(pack_copy.root), str(caseload)]
    main([*args, "--json", "--suppress-small"])
    fig = json.loads(capsys.readouterr().out)
    counts = [v for row in fig["levels"]["matrix"] for v in row] + [d["after"] for d in fig["interventions"]]
    assert all(v == "c" or v == 0 or v % 10 == 0 for v in counts)
    assert fig["samples"] == [] and fig["escalations"]["lost_families"] == []


def test_the_page_is_one_self_contained_file_with_both_packs_in_its_footer(caseload, tmp_path, capsys):
    page = tmp_path / "impact.html"
    main(["impact", "--baseline", "default", "--proposed", "families-first", str(caseload), "--html", str(page)])
    capsys.readouterr()
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html), "the page must open offline"
    assert "<script" not in html and "@media print" in html
    footer = html[html.index("<footer>") :]
    for name in ("default", "families-first"):
        pack = usable_pack(None if name == "default" else Path(__file__).parents[1] / "packs" / name)
        assert pack.digest in footer and pack.version in footer
    assert html.index("safeguarding escalation") < html.index("Levels of need") < html.index("Demand for programmes")


def test_the_page_renders_in_chromium_and_shows_its_charts(caseload, tmp_path, capsys, browser):

    page_file = tmp_path / "impact.html"
    main(["impact", "--baseline", "default", "--proposed", "families-first", str(caseload), "--html", str(page_file)])
    capsys.readouterr()
    shot = tmp_path / "impact.png"
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(page_file.as_uri())
    heading = page.locator("h1").inner_text()
    bars = page.locator("svg rect").count()
    alarm = page.locator("#escalations").bounding_box()
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert heading == "What changes if we move from default to families-first"
    assert bars >= 8  # four levels, two packs
    assert alarm is not None and alarm["y"] < 300, "the escalations come first, above the fold"
    assert shot.stat().st_size > 50_000  # a real rendering, not a blank page


def test_check_against_a_pack_reports_a_change_that_loses_escalations(pack_copy, capsys):
    assert main(["check", "--pack", str(pack_copy.root), "--against", "default"]) == 0
    assert capsys.readouterr().out == "pack is clean\n"
    pack_copy.edit(
        "rules/safeguarding.yaml",
        "any: [sexual_exploitation_risk, criminal_exploitation_risk, trafficking]",
        "any: [sexual_exploitation_risk]",
    )
    assert main(["check", "--pack", str(pack_copy.root), "--against", "default"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{pack_copy.root / 'rules' / 'safeguarding.yaml'}: compared with default 2026.1, ")
    assert "lose a safeguarding escalation that exploitation-risk gave them" in out


def test_the_columnar_and_the_row_path_give_the_same_report(pack_copy, caseload, pack):
    from engine.impact import Columnar, decide_outcomes, read_caseload

    pack_copy.edit("rules/needs.yaml", "        max: 2\n    level: 3", "        max: 2\n    level: 2")
    proposed = usable_pack(pack_copy.root)
    read, _ = read_caseload(str(caseload), [pack, proposed])
    assert Columnar()(read, proposed) == decide_outcomes(read, proposed)
    by_columns, by_rows = compare(read, pack, proposed), compare(read, pack, proposed, decide=decide_outcomes)
    assert figures(by_columns) == figures(by_rows)
