"""Exports of units and members (orgs/exports.py): the import format, round trips, safety."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from quantriet.accounts.models import User
from quantriet.orgs.exports import MEMBER_HEADERS, UNIT_HEADERS, export_members, export_units
from quantriet.orgs.imports import import_members, import_units
from quantriet.orgs.models import Member, Membership, Unit


def db_state():
    return (list(Unit.objects.order_by("pk").values_list()),
            list(Member.objects.order_by("pk").values_list()),
            list(Membership.objects.order_by("pk").values_list()))


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def test_it_exports_members_with_the_contract_headers_in_name_order(province):
    rows = read_csv(export_members(Member.objects.all(), "csv"))
    assert tuple(rows[0]) == MEMBER_HEADERS == (
        "member_id", "card_no", "full_name", "birth_date", "gender", "unit_code", "status",
        "exempt", "exempt_reason", "active")
    # Vietnamese order: by given name (An < Ân < Bình < Dũng < Đức < Hòa < Mai).
    assert [r[2] for r in rows[1:]] == [
        "Nguyễn Văn An", "Trần Thị Ân", "Lê Hoàng Bình", "Huỳnh Văn Dũng", "Võ Minh Đức",
        "Phạm Thị Thu Hòa", "Đặng Thị Mai"]
    assert rows[3] == ["0101003", "TG0101003", "Lê Hoàng Bình", "01/01/1970", "Nam",
                       "H01-X01-C01", "chính thức", "có", "Tuổi cao", "có"]


def test_it_exports_units_parents_first_with_level(province):
    rows = read_csv(export_units(Unit.objects.subtree_of(province.h01), "csv"))
    assert tuple(rows[0]) == UNIT_HEADERS == (
        "code", "name", "parent_code", "kind", "active", "level")
    assert rows[1:] == [
        ["H01", "Đảng bộ huyện Cái Bè", "T01", "district", "có", "1"],
        ["H01-X01", "Đảng bộ xã An Hữu", "H01", "commune", "có", "2"],
        ["H01-X01-C01", "Chi bộ ấp 1", "H01-X01", "cell", "có", "3"],
        ["H01-X01-C02", "Chi bộ ấp 2", "H01-X01", "cell", "có", "3"],
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_round_trips_members_and_units_unchanged(province, fmt):
    # Awkward values: formula-like text, no birth date, leading zeros, a dự bị member.
    Member.objects.filter(member_id="0101002").update(full_name="=Trần Thị Ân", card_no="+84")
    Member.objects.filter(member_id="0101004").update(birth_date=None, gender="",
                                                      status="probationary")
    Unit.objects.filter(code="H01-X01-C02").update(name="-Chi bộ ấp 2")
    before = db_state()
    units = export_units(Unit.objects.all(), fmt)
    members = export_members(Member.objects.all(), fmt)

    result = import_units(actor=None, data=units, filename=f"units.{fmt}")
    assert (result.created, result.updated, result.transferred, result.unchanged) == (0, 0, 0, 8)
    result = import_members(actor=None, data=members, filename=f"members.{fmt}")
    assert (result.created, result.updated, result.transferred, result.unchanged) == (0, 0, 0, 7)
    assert db_state() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_round_trips_into_an_empty_database(province, fmt):
    units = export_units(Unit.objects.all(), fmt)
    members = export_members(Member.objects.all(), fmt)
    expected = list(Member.objects.order_by("member_id").values_list(
        "member_id", "card_no", "full_name", "birth_date", "gender", "unit__code", "status",
        "exempt", "exempt_reason"))
    Membership.objects.all().delete()
    User.objects.update(member=None)
    Member.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()
    import_units(actor=None, data=units, filename=f"u.{fmt}")
    import_members(actor=None, data=members, filename=f"m.{fmt}")
    got = list(Member.objects.order_by("member_id").values_list(
        "member_id", "card_no", "full_name", "birth_date", "gender", "unit__code", "status",
        "exempt", "exempt_reason"))
    assert got == expected
    for u in Unit.objects.all():
        assert u.path == u.compute_path()


def test_it_neutralises_formulas_in_csv(province):
    Member.objects.filter(member_id="0101001").update(
        full_name='=HYPERLINK("http://x","bấm")', card_no="@SUM(A1)", exempt_reason="-1+1")
    Member.objects.filter(member_id="0101002").update(full_name="+84 Trần", card_no="\t1")
    rows = {r[0]: r for r in read_csv(export_members(Member.objects.all(), "csv"))[1:]}
    assert rows["0101001"][1:3] == ["'@SUM(A1)", '\'=HYPERLINK("http://x","bấm")']
    assert rows["0101001"][8] == "'-1+1"
    assert rows["0101002"][1:3] == ["'\t1", "'+84 Trần"]
    # Plain text is left alone.
    assert rows["0101005"][2] == "Võ Minh Đức"


def test_it_writes_formula_like_text_as_strings_in_xlsx(province):
    Member.objects.filter(member_id="0101001").update(full_name="=1+2", card_no="@A1")
    sheet = read_xlsx(export_members(Member.objects.filter(member_id="0101001"), "xlsx"))
    name, card = sheet["C2"], sheet["B2"]
    assert (name.value, name.data_type) == ("=1+2", "s")
    assert (card.value, card.data_type) == ("@A1", "s")


def test_it_writes_real_dates_bold_headers_and_text_ids_in_xlsx(province):
    sheet = read_xlsx(export_members(Member.objects.all(), "xlsx"))
    assert [c.value for c in sheet[1]] == list(MEMBER_HEADERS)
    assert all(c.font.b for c in sheet[1])
    birth = sheet["D2"]
    assert birth.value == datetime.datetime(1970, 1, 1) and birth.is_date
    assert birth.number_format == "DD/MM/YYYY"
    assert sheet["A2"].value == "0101001" and sheet["A2"].data_type == "s"
    sheet = read_xlsx(export_units(Unit.objects.all(), "xlsx"))
    assert [c.value for c in sheet[2]] == ["T01", "Đảng bộ tỉnh Tiền Giang", None, "province",
                                           "có", 0]


def test_it_refuses_an_unknown_format(province):
    with pytest.raises(ValueError):
        export_units(Unit.objects.all(), "pdf")


def test_it_exports_without_n_plus_one_queries(province, django_assert_num_queries):
    with django_assert_num_queries(1):
        export_members(Member.objects.all(), "csv")
    with django_assert_num_queries(1):
        export_units(Unit.objects.all(), "xlsx")
