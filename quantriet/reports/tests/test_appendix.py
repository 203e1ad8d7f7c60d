import io
import re

from openpyxl import load_workbook

from quantriet.reports import appendix, figures
from quantriet.reports.tests.factories import with_activity


def _evaluate(sheet, formula: str):
    """The two kinds of formula the appendix writes, computed from the sheet's cells."""
    if m := re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula):
        col, first, last = m[1], int(m[2]), int(m[4])
        return sum(sheet[f"{col}{r}"].value or 0 for r in range(first, last + 1))
    if m := re.fullmatch(r"=IF\(([A-Z]+\d+)=0,0,ROUND\(([A-Z]+\d+)\*100/([A-Z]+\d+),1\)\)",
                         formula):
        def value(ref):
            v = sheet[ref].value
            return _evaluate(sheet, v) if isinstance(v, str) and v.startswith("=") else v
        base, num = value(m[3]), value(m[2])
        return 0 if base == 0 else round(num * 100 / base + 1e-9, 1)
    raise AssertionError(formula)


def test_it_writes_a_sheet_per_section_with_totals_as_formulas(campaign, client_for):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    response = client_for(campaign.province.admin).get(
        "/campaigns/NQ4-XII/report/dashboard/?unit=T01&format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == len(snap["sections"])
    cov = figures.section(snap, "coverage")
    sheet = book[book.sheetnames[0]]
    header = [c.value for c in sheet[3]]
    assert header[2:] == [c["label"] for c in cov["columns"]]
    assert [sheet.cell(r, 1).value for r in (4, 5)] == ["H01", "H02"]
    total_row = 6
    formulas = {sheet.cell(3, c).value: sheet.cell(total_row, c).value
                for c in range(3, len(header) + 1)}
    assert all(isinstance(f, str) and f.startswith("=") for f in formulas.values()), formulas
    computed = {k: _evaluate(sheet, f) for k, f in formulas.items()}
    expected = {c["label"]: cov["total"][c["key"]] for c in cov["columns"]}
    assert computed == expected


def test_it_evaluates_every_totals_formula_of_every_sheet_to_the_snapshots_total(campaign):
    with_activity(campaign)
    snap = figures.build(campaign.campaign, campaign.province.t01)
    book = load_workbook(io.BytesIO(appendix.appendix_xlsx(snap, title="NQ4")))
    for sec, sheet in zip(snap["sections"], book.worksheets, strict=True):
        if sec["total"] is None:
            continue
        total_row = sheet.max_row
        for i, c in enumerate(sec["columns"], len(sec["headers"]) + 1):
            cell = sheet.cell(total_row, i).value
            value = _evaluate(sheet, cell) if isinstance(cell, str) else cell
            assert value == sec["total"][c["key"]], (sec["key"], c["key"], cell)


def test_it_keeps_text_that_looks_like_a_formula_as_text():
    snap = {"unit": "T01", "unit_name": "=cmd", "sections": [{
        "key": "s", "title": "S", "summed": False, "headers": ["Mã", "Tên"],
        "columns": [{"key": "n", "label": "N", "kind": "int", "num": None, "base": None,
                     "additive": True}], "bounds": [], "total": None, "own": None,
        "rows": [{"key": "a", "text": ["a", "=HYPERLINK(\"x\")"], "values": {"n": 1}}]}]}
    sheet = load_workbook(io.BytesIO(appendix.appendix_xlsx(snap))).worksheets[0]
    assert sheet["B4"].data_type == "s"
