import copy
from decimal import Decimal

from quantriet.reports import checks, figures, narrative
from quantriet.reports.tests.factories import with_activity


def _kinds(problems):
    return sorted({p.kind for p in problems})


def test_it_finds_nothing_wrong_in_figures_built_from_records(campaign):
    with_activity(campaign)
    p = campaign.province
    for unit in (p.t01, p.h01, p.h02):
        snap = figures.build(campaign.campaign, unit)
        text = narrative.build(campaign.campaign, unit, snap)
        assert checks.run(snap, text) == [], unit.code


def test_it_recomputes_each_percentage_from_its_counts(campaign):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    figures.section(snap, "coverage")["total"]["covered_percent"] = 65.2
    problems = checks.check_percentages(snap)
    assert len(problems) == 1
    assert problems[0].row == "total" and problems[0].column == "covered_percent"
    assert "65,2 %" in problems[0].message and "71,4 %" in problems[0].message


def test_it_wants_the_children_to_add_up_to_the_parent(campaign):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    sec = figures.section(snap, "coverage")
    sec["rows"][0]["values"]["non_members"] += 5
    problems = checks.check_sums(snap)
    assert [(p.section, p.column) for p in problems] == [("coverage", "non_members")]
    assert "45" in problems[0].message and "40" in problems[0].message


def test_it_refuses_impossible_figures(campaign):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    bad = copy.deepcopy(snap)
    row = figures.section(bad, "coverage")["rows"][0]["values"]
    row["covered"] = row["roll"] + 1
    figures.finish_row(row, figures.section(bad, "coverage")["columns"])
    assert "bound" in _kinds(checks.check_bounds(bad))
    assert "bound" in _kinds(checks.check_percentages(bad))  # over 100 %
    learning = {"key": "learning", "title": "L", "summed": False, "headers": [],
                "columns": [{"key": "submitted", "label": "S", "kind": "int", "num": None,
                             "base": None, "additive": True},
                            {"key": "graded", "label": "G", "kind": "int", "num": None,
                             "base": None, "additive": True}],
                "bounds": [["graded", "submitted"]], "total": {"submitted": 3, "graded": 4},
                "own": None, "rows": []}
    problems = checks.check_bounds({"sections": [learning]})
    assert [p.column for p in problems] == ["graded"]
    learning["total"]["graded"] = -1
    assert "negative" in checks.check_bounds({"sections": [learning]})[0].message or \
        "âm" in checks.check_bounds({"sections": [learning]})[0].message


def test_it_reads_vietnamese_numbers_out_of_the_text():
    text = ("Thực hiện Hướng dẫn 20-HD/BTGTW, ngày 22-11-2016, tại 205 điểm cầu, có 28.029 "
            "đảng viên tham dự, đạt 65,2% tổng số; sau đó 43.297 đảng viên, đạt 98,3 % "
            "năm 2017.")
    assert checks.narrative_numbers(text) == [
        ("205", 205), ("28.029", 28029), ("65,2%", Decimal("65.2")), ("43.297", 43297),
        ("98,3 %", Decimal("98.3"))]


def test_it_finds_a_narrative_number_that_is_not_in_the_appendix(campaign):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    text = narrative.build(campaign.campaign, campaign.province.t01, snap)
    assert "quán triệt cho 5 đảng viên, đạt 71,4 %" in text
    assert "tại 2 điểm cầu, có 4 đảng viên" in text
    assert "đạt 57,1 % tổng số đảng viên" in text
    edited = text.replace("đạt 71,4 %", "đạt 98,3 %").replace("40 quần chúng", "43.495 quần "
                                                                             "chúng")
    problems = checks.check_narrative(snap, edited)
    assert sorted(p.column for p in problems) == ["43.495", "98,3 %"]
