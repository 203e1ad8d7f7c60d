import datetime
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.learning import services
from quantriet.learning.selectors import report_figures

from .conftest import SAMPLE, entry_of

BASE = "/campaigns/NQ4-XII/learning/"


def _scenario(learning):
    """0101001 graded Tốt; 0101002 returned; 0101004 submitted late (paper);
    0101005 excused; 0101003 exempt (submits anyway); H02: 0201001 graded Khá."""
    p = learning.province
    officer = p.admin

    def submit(mid, **kw):
        kw.setdefault("submitted_on", datetime.date(2017, 1, 10))
        return services.report_submit(actor=None, entry=entry_of(learning, mid),
                                      text=SAMPLE + mid, **kw)

    services.report_grade(actor=officer, report=submit("0101001"), grade="Tốt")
    services.report_return(actor=officer, report=submit("0101002"), feedback="Làm lại")
    submit("0101004", source="paper", submitted_on=datetime.date(2017, 2, 1))
    services.report_excuse(actor=officer, entry=entry_of(learning, "0101005"),
                           reason="Ốm dài ngày")
    submit("0101003")
    services.report_grade(actor=officer, report=submit("0201001"), grade="Khá")
    services.plan_save(actor=None, entry=entry_of(learning, "0101001"), duties="",
                       commitments=[{"what": "Gương mẫu"}])
    plan = services.plan_save(actor=None, entry=entry_of(learning, "0101002"), duties="",
                              commitments=[{"what": "Học tập"}])
    services.plan_self_assess(actor=None, plan=plan, text="Đã làm", achieved={})
    services.plan_cell_assess(actor=officer, plan=plan, rating="achieved", comments="")


def test_it_counts_per_unit_subtree_in_a_few_queries(learning):
    _scenario(learning)
    p = learning.province
    units = [p.t01, p.h01, p.c1, p.c2, p.h02]
    with CaptureQueriesContext(connection) as queries:
        figures = report_figures(learning.campaign, units)
    assert len(queries) <= 5  # rules, unit paths, roll, reports, plans
    assert figures[p.c1.pk] == {
        "expected": 2, "submitted": 2, "late": 0, "graded": 1, "returned": 1,
        "not_submitted": 0, "not_graded": 0,
        "by_grade": {"Tốt": 1, "Khá": 0, "Trung bình": 0, "Không đạt": 0},
        "plans": 2, "plans_reviewed": 1}
    c2 = figures[p.c2.pk]
    assert (c2["expected"], c2["submitted"], c2["late"], c2["not_graded"],
            c2["not_submitted"]) == (1, 1, 1, 1, 0)
    h01 = figures[p.h01.pk]
    assert (h01["expected"], h01["submitted"], h01["graded"]) == (3, 3, 1)
    t01 = figures[p.t01.pk]
    assert t01["expected"] == 5 and t01["submitted"] == 4 and t01["not_submitted"] == 1
    assert t01["by_grade"]["Khá"] == 1 and t01["by_grade"]["Tốt"] == 1
    assert figures[p.h02.pk]["graded"] == 1


def test_it_shows_the_results_by_unit_with_vietnamese_numbers(learning, client_for):
    _scenario(learning)
    body = client_for(learning.province.officer_h01).get(BASE).content.decode()
    assert "Đảng bộ xã An Hữu" in body
    assert "100,0 %" in body
    assert "Châu Thành" not in body


def test_it_downloads_the_results_as_excel(learning, client_for):
    _scenario(learning)
    response = client_for(learning.province.admin).get(BASE + "results.xlsx?unit=T01")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Mã", "Tổ chức đảng", "Phải nộp", "Đã nộp")
    total = rows[-1]
    assert total[0] == "T01" and total[2] == 5 and total[3] == 4


def test_it_lists_members_missing_and_downloads_them(learning, client_for):
    _scenario(learning)
    client = client_for(learning.province.secretary_c1)
    body = client.get(BASE + "members/?unit=H01-X01-C01").content.decode()
    assert "Nguyễn Văn An" in body and "Trần Thị Ân" in body
    missing = client.get(BASE + "members/?unit=H01-X01-C01&status=missing").content.decode()
    assert "Nguyễn Văn An" not in missing
    response = client.get(BASE + "members/?unit=H01-X01-C01&format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert {r[0] for r in rows[1:]} == {"0101001", "0101002", "0101003"}


def test_the_api_gives_the_results_of_units_the_user_sees(learning, client_for):
    _scenario(learning)
    data = client_for(learning.province.officer_h01).get(
        "/api/campaigns/NQ4-XII/learning/results").json()
    assert data[0]["unit"] == "H01" and data[0]["submitted"] == 3
    assert client_for(learning.province.outsider).get(
        "/api/campaigns/NQ4-XII/learning/results?unit=H01").status_code in (404, 422)


def test_an_outsider_sees_none_of_the_results(learning, client_for):
    _scenario(learning)
    client = client_for(learning.province.outsider)
    assert client.get(BASE + "?unit=H01").status_code == 404
    assert client.get(BASE + "results.xlsx?unit=H01").status_code == 404
    body = client.get(BASE).content.decode()
    assert "An Hữu" not in body and "Long Định" in body


def test_it_counts_units_by_level_where_everyone_submitted_or_was_graded(learning):
    from quantriet.learning.selectors import level_rows

    _scenario(learning)
    p = learning.province
    levels = {lv["offset"]: lv for lv in level_rows(learning.campaign, p.t01)}
    # Districts: H01 has everyone in (3 of 3), not all graded; H02 has 0201002 missing.
    assert (levels[1]["units"], levels[1]["all_submitted"], levels[1]["all_graded"]) == \
        (2, 1, 0)
    # Cells: C1 (all in, one returned), C2 (all in, one awaiting), Long Hòa (one missing).
    assert (levels[3]["units"], levels[3]["all_submitted"], levels[3]["all_graded"]) == \
        (3, 2, 0)


def test_the_excel_has_a_sheet_by_level(learning, client_for):
    _scenario(learning)
    response = client_for(learning.province.admin).get(BASE + "results.xlsx?unit=T01")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["Theo cấp"].values)
    assert rows[1][0] == 1 and rows[1][2] == 2
