"""The report over every app's demo data on the fixture province: each app's section is
there, consistent with its app's report_figures, and every check passes."""

import importlib

import pytest

from quantriet.reports import checks, figures, narrative
from quantriet.reports.tests.factories import with_activity

APPS = ("learning", "copychecks", "programs", "surveys", "inspections")


@pytest.fixture
def everything(campaign):
    with_activity(campaign)
    for app in APPS:
        importlib.import_module(f"quantriet.{app}.demo").load(campaign.campaign, seed=7)
    return campaign


def test_it_reports_every_apps_figures_consistently(everything):
    c = everything
    p = c.province
    snap = figures.build(c.campaign, p.t01)
    assert snap["unavailable"] == []
    keys = [s["key"] for s in snap["sections"]]
    assert keys == ["coverage", "meetings", "deliverables", *APPS]
    for app in ("learning", "copychecks", "programs", "inspections"):
        raw = figures.app_figures(app)(c.campaign, [p.t01, p.h01, p.h02])
        sec = figures.section(snap, app)
        for col in sec["columns"]:
            if col["kind"] == "int" and ":" not in col["key"]:
                assert sec["total"][col["key"]] == raw[p.t01.pk][col["key"]], (app, col)
                h01 = next(r for r in sec["rows"] if r["key"] == "H01")
                assert h01["values"][col["key"]] == raw[p.h01.pk][col["key"]], (app, col)
    text = narrative.build(c.campaign, p.t01, snap)
    assert checks.run(snap, text) == []


def test_it_has_figures_from_the_apps_demo_data(everything):
    snap = figures.build(everything.campaign, everything.province.t01)
    totals = {s["key"]: s["total"] for s in snap["sections"] if s["total"]}
    assert totals["learning"]["submitted"] > 0 and totals["learning"]["graded"] > 0
    assert totals["programs"]["tasks"] > 0 and 0 <= totals["programs"]["progress"] <= 100
    assert totals["inspections"]["sessions"] > 0
    assert totals["copychecks"]["flagged"] > 0
    assert figures.section(snap, "surveys")["rows"]
    text = narrative.build(everything.campaign, everything.province.t01, snap)
    assert "bài thu hoạch" in text and "phiếu lấy ý kiến" in text
