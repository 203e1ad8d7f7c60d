from quantriet.reports import figures
from quantriet.reports.selectors import coverage
from quantriet.reports.tests.factories import with_activity


def _row(section, code):
    return next(r for r in section["rows"] if r["key"] == code)


def test_it_agrees_with_the_coverage_json_for_the_unit_and_each_child(campaign):
    with_activity(campaign)
    p = campaign.province
    for unit in (p.t01, p.h01, p.h01x01):
        cov = coverage(campaign.campaign, unit)
        snap = figures.build(campaign.campaign, unit)
        sec = figures.section(snap, "coverage")
        for key in ("roll", "exempt", "covered", "covered_percent", "non_members"):
            assert sec["total"][key] == cov[key], (unit.code, key)
        assert [r["key"] for r in sec["rows"]] == [c["unit"] for c in cov["children"]]
        for child in cov["children"]:
            row = _row(sec, child["unit"])
            for key in ("roll", "exempt", "covered", "covered_percent", "non_members"):
                assert row["values"][key] == child[key], (child["unit"], key)
        meetings = figures.section(snap, "meetings")
        assert [r["key"] for r in meetings["rows"]] == [m["code"] for m in cov["meetings"]]
        for m in cov["meetings"]:
            row = _row(meetings, m["code"])
            for key in ("bridge_points", "attended", "attended_percent", "non_members"):
                assert row["values"][key] == m[key], (m["code"], key)


def test_it_counts_the_province_as_the_fixture_says(campaign):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    cov = figures.section(snap, "coverage")
    assert cov["total"] == {"roll": 7, "exempt": 1, "covered": 5, "covered_percent": 71.4,
                            "non_members": 40}
    assert _row(cov, "H01")["values"]["covered"] == 4
    assert _row(cov, "H02")["values"]["covered_percent"] == 50.0
    conference = _row(figures.section(snap, "meetings"), "HNTT-01")["values"]
    assert conference["attended"] == 4 and conference["attended_percent"] == 57.1
    deliverables = figures.section(snap, "deliverables")
    assert deliverables["total"]["plans_expected"] == 4
    assert deliverables["total"]["plans_received"] == 2
    assert deliverables["total"]["plans_on_time"] == 1
    assert deliverables["total"]["plans_rate"] == 50.0
    assert _row(deliverables, "H01")["values"]["plans_received"] == 2


def test_it_lists_a_section_whose_app_gives_no_figures_as_not_available(campaign, monkeypatch):
    real = figures.app_figures
    monkeypatch.setattr(figures, "app_figures",
                        lambda app: None if app == "programs" else real(app))
    snap = figures.build(campaign.campaign, campaign.province.t01)
    assert figures.section(snap, "programs") is None
    assert [u["key"] for u in snap["unavailable"]] == ["programs"]
    assert figures.section(snap, "coverage") is not None


def test_it_reads_each_apps_report_figures_into_a_section(campaign, monkeypatch):
    calls = []

    def fake(campaign_, units):
        calls.append([u.code for u in units])
        return {u.pk: {"expected": 3, "submitted": 2, "late": 1, "graded": 2, "returned": 0,
                       "not_submitted": 1, "not_graded": 0, "plans": 2, "plans_reviewed": 1,
                       "by_grade": {"Tốt": 1, "Khá": 1}} for u in units}

    real = figures.app_figures
    monkeypatch.setattr(figures, "app_figures",
                        lambda app: fake if app == "learning" else real(app))
    snap = figures.build(campaign.campaign, campaign.province.t01)
    sec = figures.section(snap, "learning")
    assert calls == [["T01", "H01", "H02"]]  # one call for the unit and its children
    assert sec["total"]["submitted_percent"] == 66.7  # computed here, from the counts
    assert sec["total"]["graded_percent"] == 100.0
    assert sec["total"]["by_grade:Tốt"] == 1
    # The fake gives every unit the same counts: the province is not the sum of its
    # districts, and the own row ("directly under") takes up the difference.
    assert sec["own"]["submitted"] == 2 - 4


def test_it_builds_from_the_childrens_accepted_reports_and_lists_differences(campaign):
    with_activity(campaign)
    p = campaign.province
    h01 = figures.build(campaign.campaign, p.h01)
    figures.section(h01, "coverage")["total"]["covered"] = 3  # as H01 reported it
    snap = figures.build_from_children(campaign.campaign, p.t01, {"H01": h01})
    cov = figures.section(snap, "coverage")
    assert _row(cov, "H01")["from_report"] is True
    assert _row(cov, "H02")["from_report"] is False
    assert cov["total"]["covered"] == 4  # 3 reported by H01 + 1 live of H02
    assert cov["total"]["covered_percent"] == 57.1
    assert snap["differences"] == [{
        "section": "coverage", "title": cov["title"], "row": "H01",
        "name": "Đảng bộ huyện Cái Bè", "column": "covered", "label": cov["columns"][2]["label"],
        "live": 4, "reported": 3}]
