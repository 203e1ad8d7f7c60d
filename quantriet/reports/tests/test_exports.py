import datetime
import io

from openpyxl import load_workbook

from quantriet.reports.exports import coverage_xlsx, write_xlsx

FIGURES = {
    "campaign": "NQ4-XII", "unit": "T01", "roll": 44046, "exempt": 120, "covered": 43297,
    "covered_percent": 98.3, "non_members": 43495,
    "children": [{"unit": "H01", "name": "Đảng bộ huyện Cái Bè", "roll": 5000, "exempt": 10,
                  "covered": 4990, "covered_percent": 99.8, "non_members": 4000}],
    "meetings": [{"code": "HNTT-01", "title": "Hội nghị trực tuyến", "kind": "online",
                  "bridge_points": 205, "attended": 28029, "attended_percent": 63.6,
                  "non_members": 0}],
}


def test_it_writes_the_coverage_figures_with_the_units_total_last():
    book = load_workbook(io.BytesIO(coverage_xlsx(FIGURES, "Đảng bộ tỉnh Tiền Giang")))
    by_unit, by_meeting = book.worksheets
    rows = [list(r) for r in by_unit.iter_rows(values_only=True)]
    assert rows[1] == ["H01", "Đảng bộ huyện Cái Bè", 5000, 10, 4990, 99.8, 4000]
    assert rows[2] == ["T01", "Đảng bộ tỉnh Tiền Giang", 44046, 120, 43297, 98.3, 43495]
    assert by_unit["F2"].number_format == "0.0"
    assert list(next(by_meeting.iter_rows(min_row=2, values_only=True))) == [
        "HNTT-01", "Hội nghị trực tuyến", 205, 28029, 63.6, 0]


def test_it_keeps_dates_as_dates_and_formulas_as_text():
    data = write_xlsx([("Thử", ["a", "b"], [("=HYPERLINK(\"x\")", datetime.date(2016, 12, 2))])])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime.datetime(2016, 12, 2)
    assert sheet["B2"].number_format == "DD/MM/YYYY"
