"""The import engine (orgs/imports.py) and the background task that runs it."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.base import ContentFile

from quantriet.accounts.models import AuditEntry
from quantriet.orgs import imports
from quantriet.orgs.imports import ImportFailed, RowError, import_members, import_units, read_table
from quantriet.orgs.models import (
    Gender,
    ImportJob,
    ImportKind,
    ImportStatus,
    Member,
    Membership,
    MemberStatus,
    Unit,
    UnitKind,
)
from quantriet.orgs.services import today, unit_deactivate
from quantriet.orgs.tasks import run_import_job

MEMBER_HEADER = "member_id,card_no,full_name,birth_date,gender,unit_code,status,exempt"


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows: list[list], *, first_sheet: str = "Danh sách", extra_sheet=False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = first_sheet
    for row in rows:
        ws.append(row)
    if extra_sheet:
        wb.create_sheet("Khác").append(["nothing", "here"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def members_csv(*rows: str, header: str = MEMBER_HEADER, bom: bool = False) -> bytes:
    return csv_bytes(header, *rows, bom=bom)


def failed(call) -> list[RowError]:
    with pytest.raises(ImportFailed) as info:
        call()
    return info.value.errors


def state() -> tuple:
    """Everything an import may touch, to assert that a failed one changed nothing."""
    return (
        list(Unit.objects.order_by("pk").values_list()),
        list(Member.objects.order_by("pk").values_list()),
        list(Membership.objects.order_by("pk").values_list()),
        AuditEntry.objects.count(),
    )


# --------------------------------------------------------------------- reading files


def test_it_reads_csv_with_bom_semicolons_and_blank_rows(db):
    data = "\ufeffMã;  Tên ;ghi chú\r\n\r\nH1;  Chi bộ   ấp 1 ;x\r\n;;\r\n".encode()
    headers, rows = read_table(data, "a.csv")
    assert headers == ["Mã", "Tên", "ghi chú"]
    assert rows == [(3, {"Mã": "H1", "Tên": "Chi bộ ấp 1", "ghi chú": "x"})]


def test_it_reads_tab_separated_csv_and_nfc_normalises(db):
    nfd = "Nguye\u0302\u0303n"
    headers, rows = read_table(f"a\tb\r\n{nfd}\t2\r\n".encode(), "x.CSV")
    assert rows == [(2, {"a": "Nguyễn", "b": "2"})]


def test_it_maps_aliases_and_drops_unknown_columns(db):
    data = csv_bytes("MÃ ĐƠN VỊ,Tên tổ chức đảng,Ghi chú,Mã đơn vị cấp trên", "A,B,C,D")
    headers, rows = read_table(data, "u.csv", imports.UNIT_COLUMNS, required=("code",))
    assert headers == ["MÃ ĐƠN VỊ", "Tên tổ chức đảng", "Ghi chú", "Mã đơn vị cấp trên"]
    assert rows == [(2, {"code": "A", "name": "B", "parent_code": "D"})]


def test_it_reads_the_first_xlsx_sheet_with_numbers_and_dates(db):
    data = xlsx_bytes([
        [],
        ["member_id", "full_name", "birth_date", "note"],
        [101001.0, "  Nguyễn Văn  An ", datetime.datetime(1970, 1, 2), 2.5],
        [None, None, None, None],
        ["0101002", "Trần Thị Ân", "02/03/1971", True],
    ], extra_sheet=True)
    headers, rows = read_table(data, "m.xlsx")
    assert headers == ["member_id", "full_name", "birth_date", "note"]
    assert rows == [
        (3, {"member_id": "101001", "full_name": "Nguyễn Văn An",
             "birth_date": datetime.date(1970, 1, 2), "note": "2.5"}),
        (5, {"member_id": "0101002", "full_name": "Trần Thị Ân", "birth_date": "02/03/1971",
             "note": "1"}),
    ]


def test_it_rejects_a_file_that_is_not_utf8(db):
    data = "member_id,full_name\r\n1,Lê Văn Đông\r\n".encode("cp1258")
    [error] = failed(lambda: read_table(data, "m.csv"))
    assert error.row is None
    assert "Tệp không phải UTF-8" in error.message and "CSV UTF-8" in error.message


def test_it_rejects_other_formats_broken_xlsx_and_large_files(db, settings):
    [error] = failed(lambda: read_table(b"a,b", "m.xls"))
    assert ".csv" in error.message and ".xlsx" in error.message
    [error] = failed(lambda: read_table(b"not a zip", "m.xlsx"))
    assert "không phải bảng tính Excel (.xlsx)" in error.message
    settings.IMPORT_MAX_BYTES = 9
    [error] = failed(lambda: read_table(b"a,b\r\n1,2\r\n", "m.csv"))
    assert "Tệp quá lớn" in error.message
    settings.IMPORT_MAX_BYTES = 1000
    [error] = failed(lambda: read_table(b"\r\n\r\n", "m.csv"))
    assert "không có dữ liệu" in error.message


def test_it_names_missing_required_columns_and_duplicate_columns(province):
    [error] = failed(lambda: import_members(actor=None, data=csv_bytes("card_no,gender", "1,Nam"),
                                            filename="m.csv"))
    assert (error.row, error.column) == (1, "")
    assert error.message == "Thiếu cột bắt buộc: member_id, full_name, unit_code"
    data = csv_bytes("member_id,Họ và tên,full_name,unit_code", "1,A,A,H01-X01-C01")
    [error] = failed(lambda: import_members(actor=None, data=data, filename="m.csv"))
    assert (error.row, error.column) == (1, "full_name")
    assert "trùng nghĩa với cột «Họ và tên»" in error.message


# --------------------------------------------------------------------- members


def test_it_creates_members_with_an_open_membership(province):
    data = members_csv(
        "0101100,TG0101100,  Nguyễn Thị  Hòa ,1980-05-17,Nữ,H01-X01-C01,dự bị,",
        "0101101,,Lê Văn Bảy,17/05/1981,nam,H01-X01-C02,Chính thức,có",
    )
    result = import_members(actor=province.admin, data=data, filename="dv.csv")
    assert (result.created, result.updated, result.transferred, result.unchanged) == (2, 0, 0, 0)
    assert result.summary_text() == (
        "Đã nhập 2 đảng viên: 2 thêm mới, 0 cập nhật, 0 không đổi")
    hoa = Member.objects.get(member_id="0101100")
    assert hoa.full_name == "Nguyễn Thị Hòa"
    assert hoa.name_fold == "nguyen thi hoa" and hoa.name_key
    assert (hoa.card_no, hoa.birth_date, hoa.gender, hoa.status, hoa.exempt) == (
        "TG0101100", datetime.date(1980, 5, 17), Gender.FEMALE, MemberStatus.PROBATIONARY,
        False)
    bay = Member.objects.get(member_id="0101101")
    assert (bay.unit, bay.gender, bay.status, bay.exempt) == (
        province.c2, Gender.MALE, MemberStatus.FULL, True)
    [ms] = bay.memberships.all()
    assert (ms.unit, ms.start_date, ms.end_date) == (province.c2, None, None)


def test_it_accepts_vietnamese_headers_and_values(province):
    header = ("STT,Số hiệu đảng viên,Số thẻ,Họ tên,Ngày sinh,Giới tính,Mã chi bộ,"
              "Loại đảng viên,Miễn sinh hoạt,Lý do miễn sinh hoạt")
    data = csv_bytes(
        header,
        "1,0101200,TG1,Phạm Văn Tư,01/02/1950,NAM,H01-X01-C01,đảng viên chính thức,x,Tuổi cao",
        "2,0101201,TG2,Đỗ Thị Năm,1990-12-31,nu,H01-X01-C01,du bi,không,Không dùng",
        bom=True,
    )
    result = import_members(actor=None, data=data, filename="dv.csv")
    assert result.created == 2
    tu = Member.objects.get(member_id="0101200")
    assert (tu.exempt, tu.exempt_reason, tu.birth_date) == (
        True, "Tuổi cao", datetime.date(1950, 2, 1))
    nam = Member.objects.get(member_id="0101201")
    # Not exempt: the reason is dropped, as services.member_update does.
    assert (nam.gender, nam.status, nam.exempt, nam.exempt_reason) == (
        Gender.FEMALE, MemberStatus.PROBATIONARY, False, "")


def test_it_imports_members_from_xlsx(province):
    data = xlsx_bytes([
        ["Danh sách đảng viên"],  # a title row: the header is the first non-empty row...
        [],
        ["member_id", "full_name", "birth_date", "gender", "unit_code", "ghi chú"],
        [101300.0, "Võ Văn Sáu", datetime.date(1975, 7, 1), "Nam", "H01-X01-C01", "x"],
        [None],
        ["0101301", "Võ Thị Bảy", "hôm qua", "Nữ", "H01-X01-C01", ""],
    ])
    # ...so the title row is the header here, and its columns are missing.
    [error] = failed(lambda: import_members(actor=None, data=data, filename="dv.xlsx"))
    assert "Thiếu cột bắt buộc" in error.message
    data = xlsx_bytes([
        [],
        ["member_id", "full_name", "birth_date", "gender", "unit_code", "ghi chú"],
        [101300.0, "Võ Văn Sáu", datetime.date(1975, 7, 1), "Nam", "H01-X01-C01", "x"],
        [None],
        ["0101301", "Võ Thị Bảy", "hôm qua", "Nữ", "H01-X01-C01", ""],
    ])
    [error] = failed(lambda: import_members(actor=None, data=data, filename="dv.xlsx"))
    assert (error.row, error.column) == (5, "birth_date")
    assert "Ngày không hợp lệ: «hôm qua»" in error.message
    assert str(error).startswith("Dòng 5, cột birth_date: Ngày không hợp lệ")
    data = xlsx_bytes([
        ["member_id", "full_name", "birth_date", "gender", "unit_code"],
        [101300.0, "Võ Văn Sáu", datetime.date(1975, 7, 1), "Nam", "H01-X01-C01"],
    ])
    assert import_members(actor=None, data=data, filename="dv.xlsx").created == 1
    assert Member.objects.get(member_id="101300").birth_date == datetime.date(1975, 7, 1)


def test_it_changes_nothing_when_one_row_is_bad(province):
    before = state()
    data = members_csv(
        "0101400,,Nguyễn Văn Một,1970-01-01,Nam,H01-X01-C01,chính thức,",
        "0101401,,Nguyễn Văn Hai,31/02/1970,Nam,H01-X01-C01,chính thức,",
        "0101001,,Nguyễn Văn An (đổi tên),1970-01-01,Nam,H01-X01-C02,chính thức,",
    )
    errors = failed(lambda: import_members(actor=None, data=data, filename="dv.csv"))
    assert [(e.row, e.column) for e in errors] == [(3, "birth_date")]
    assert "31/02/1970" in errors[0].message
    assert state() == before


def test_it_reports_every_member_error_kind_at_once(province):
    unit_deactivate(actor=None, unit=Unit.objects.create(
        code="OLD", name="Chi bộ cũ", parent=province.h01x01, depth=3,
        path=province.h01x01.path + "9999999999/"))
    this_year = today().year
    header = MEMBER_HEADER + ",exempt_reason"
    data = csv_bytes(
        header,
        ",,Không Có Số,1970-01-01,Nam,H01-X01-C01,chính thức,,",                 # 2
        "0101500,,,1970-01-01,Nam,H01-X01-C01,chính thức,,",                     # 3
        "0101501,,Thiếu Đơn Vị,1970-01-01,Nam,,chính thức,,",                    # 4
        "0101502,,Trùng Một,1970-01-01,Nam,H01-X01-C01,chính thức,,",            # 5
        "0101502,,Trùng Hai,1970-01-01,Nam,H01-X01-C01,chính thức,,",            # 6
        f"0101503,,Tương Lai,01/01/{this_year + 1},Nam,H01-X01-C01,chính thức,,",  # 7
        f"0101504,,Còn Nhỏ,01/01/{this_year - 10},Nam,H01-X01-C01,chính thức,,",   # 8
        "0101505,,Quá Già,1899-12-31,Nam,H01-X01-C01,chính thức,,",              # 9
        "0101506,,Giới Lạ,1970-01-01,khác,H01-X01-C01,chính thức,,",             # 10
        "0101507,,Trạng Lạ,1970-01-01,Nam,H01-X01-C01,tạm,,",                    # 11
        "0101508,,Miễn Lạ,1970-01-01,Nam,H01-X01-C01,chính thức,có lẽ,",         # 12
        "0101509,,Đơn Vị Lạ,1970-01-01,Nam,X99,chính thức,,",                     # 13
        "0101510,,Đơn Vị Cũ,1970-01-01,Nam,OLD,chính thức,,",                     # 14
        "0101511,,Ngày Sai,1970-13-01,Nam,H01-X01-C01,chính thức,,",             # 15
        "0101512,," + "Dài " * 60 + ",1970-01-01,Nam,H01-X01-C01,chính thức,,",  # 16
    )
    before = state()
    errors = failed(lambda: import_members(actor=None, data=data, filename="dv.csv"))
    assert state() == before
    got = [(e.row, e.column, e.message) for e in errors]
    expected = [
        (2, "member_id", "Thiếu số hiệu đảng viên"),
        (3, "full_name", "Thiếu họ và tên"),
        (4, "unit_code", "Thiếu mã đơn vị"),
        (6, "member_id", "Số hiệu đảng viên 0101502 trùng với dòng 5"),
        (7, "birth_date", f"Ngày sinh 01/01/{this_year + 1} ở tương lai"),
        (8, "birth_date", f"Ngày sinh 01/01/{this_year - 10} không hợp lý: đảng viên phải "
                          "từ 18 tuổi trở lên"),
        (9, "birth_date", "Ngày sinh 31/12/1899 không hợp lý (trước năm 1900)"),
        (10, "gender", "Giới tính không hợp lệ: «khác» (dùng Nam hoặc Nữ)"),
        (11, "status", "Trạng thái không hợp lệ: «tạm» (dùng chính thức hoặc dự bị)"),
        (12, "exempt", "Giá trị miễn sinh hoạt không hợp lệ: «có lẽ» "
                       "(để trống hoặc ghi có/không)"),
        (13, "unit_code", "Không tìm thấy đơn vị có mã «X99»"),
        (14, "unit_code", "Đơn vị OLD đã ngừng hoạt động"),
        (15, "birth_date", "Ngày không hợp lệ: «1970-13-01»; dùng dạng YYYY-MM-DD hoặc "
                           "DD/MM/YYYY"),
        (16, "full_name", "Quá dài (239 ký tự; tối đa 200)"),
    ]
    assert got == expected


def test_it_names_columns_as_written_in_the_file(province):
    data = csv_bytes("Số hiệu đảng viên,Họ và tên,Ngày sinh,Mã chi bộ",
                     "0101600,Nguyễn Văn A,99/99/1999,H01-X01-C01")
    [error] = failed(lambda: import_members(actor=None, data=data, filename="dv.csv"))
    assert str(error).startswith("Dòng 2, cột Ngày sinh: ")


def test_it_updates_changed_fields_without_duplicating(province):
    data = members_csv(
        "0101001,TG0101001,Nguyễn Văn An,1970-01-01,Nam,H01-X01-C01,chính thức,",
        "0101002,TG0101002,Trần Thị Ân,1970-01-01,Nữ,H01-X01-C01,chính thức,",
        "0101003,TG0101003,Lê Hoàng Bình,1970-01-01,Nam,H01-X01-C01,chính thức,có",
        "0101700,,Mới Tinh,1970-01-01,Nam,H01-X01-C01,chính thức,",
    )
    result = import_members(actor=None, data=data, filename="dv.csv")
    # 0101003 was exempt "Tuổi cao"; the file has no exempt_reason column: kept.
    assert (result.created, result.updated, result.unchanged) == (1, 0, 3)
    assert Member.objects.get(member_id="0101003").exempt_reason == "Tuổi cao"
    before = Member.objects.get(member_id="0101002").updated_at

    data = members_csv(
        "0101001,TG0101001,Nguyễn Văn Ân,1970-01-02,Nam,H01-X01-C01,dự bị,",
        "0101002,TG0101002,Trần Thị Ân,1970-01-01,Nữ,H01-X01-C01,chính thức,",
        "0101003,TG0101003,Lê Hoàng Bình,1970-01-01,Nam,H01-X01-C01,chính thức,",
        "0101700,,Mới Tinh,1970-01-01,Nam,H01-X01-C01,chính thức,",
    )
    result = import_members(actor=province.admin, data=data, filename="lan-2.csv")
    assert (result.created, result.updated, result.transferred, result.unchanged, result.total) \
        == (0, 2, 0, 2, 4)
    assert Member.objects.count() == 8 and Membership.objects.count() == 8
    an = Member.objects.get(member_id="0101001")
    assert (an.full_name, an.name_fold, an.birth_date, an.status) == (
        "Nguyễn Văn Ân", "nguyen van an", datetime.date(1970, 1, 2), MemberStatus.PROBATIONARY)
    binh = Member.objects.get(member_id="0101003")
    assert (binh.exempt, binh.exempt_reason) == (False, "")
    assert Member.objects.get(member_id="0101002").updated_at == before
    # Members absent from the file are left alone.
    assert Member.objects.get(member_id="0201001").full_name == "Huỳnh Văn Dũng"

    entry = AuditEntry.objects.get(action="import.members", object_id="lan-2.csv")
    assert entry.actor == province.admin and entry.unit is None
    assert entry.after["created"] == 0 and entry.after["updated"] == 2
    assert entry.after["changes"] == [
        {"member_id": "0101001",
         "before": {"full_name": "Nguyễn Văn An", "birth_date": "1970-01-01", "status": "full"},
         "after": {"full_name": "Nguyễn Văn Ân", "birth_date": "1970-01-02",
                   "status": "probationary"}},
        {"member_id": "0101003", "before": {"exempt": True, "exempt_reason": "Tuổi cao"},
         "after": {"exempt": False, "exempt_reason": ""}},
    ]
    first = AuditEntry.objects.get(action="import.members", object_id="dv.csv")
    assert first.after["created_ids"] == ["0101700"]


def test_it_transfers_a_member_whose_unit_code_changed(province):
    data = members_csv("0101001,TG0101001,Nguyễn Văn An,1970-01-01,Nam,H01-X01-C02,chính thức,")
    result = import_members(actor=None, data=data, filename="dv.csv")
    assert (result.created, result.updated, result.transferred, result.unchanged) == (0, 0, 1, 0)
    assert "1 chuyển sinh hoạt" in result.summary_text()
    an = Member.objects.get(member_id="0101001")
    assert an.unit == province.c2
    history = list(an.memberships.order_by("start_date").values_list(
        "unit__code", "start_date", "end_date"))
    assert history == [
        ("H01-X01-C01", datetime.date(2010, 1, 1), today()),
        ("H01-X01-C02", today(), None),
    ]
    entry = AuditEntry.objects.get(action="import.members")
    assert entry.after["changes"] == [{"member_id": "0101001", "before": {"unit": "H01-X01-C01"},
                                       "after": {"unit": "H01-X01-C02", "on": str(today())}}]
    # Idempotent: the same file again changes nothing.
    result = import_members(actor=None, data=data, filename="dv.csv")
    assert (result.transferred, result.unchanged) == (0, 1)
    assert an.memberships.count() == 2


def test_it_refuses_to_transfer_into_an_inactive_unit(province):
    old = Unit.objects.create(code="OLD", name="Chi bộ cũ", parent=province.h01x01, depth=3,
                              path=province.h01x01.path + "9999999999/")
    unit_deactivate(actor=None, unit=old)
    data = members_csv("0101001,,Nguyễn Văn An,1970-01-01,Nam,OLD,,")
    [error] = failed(lambda: import_members(actor=None, data=data, filename="dv.csv"))
    assert (error.row, error.column, error.message) == (
        2, "unit_code", "Đơn vị OLD đã ngừng hoạt động")


def test_it_keeps_members_out_of_other_branches(province):
    before = state()
    data = members_csv(
        "0101800,,Trong Phạm Vi,1970-01-01,Nam,H01-X01-C01,chính thức,",
        "0101801,,Ngoài Phạm Vi,1970-01-01,Nam,H02-X01-C01,chính thức,",
        "0201001,,Huỳnh Văn Dũng,1970-01-01,Nam,H01-X01-C01,chính thức,",
        "0101001,,Nguyễn Văn An,1970-01-01,Nam,H02-X01-C01,chính thức,",
    )
    errors = failed(lambda: import_members(actor=province.officer_h01, data=data,
                                           filename="dv.csv"))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (3, "unit_code", "Đơn vị H02-X01-C01 nằm ngoài phạm vi quản lý của bạn"),
        (4, "member_id", "Đảng viên 0201001 thuộc đơn vị H02-X01-C01, nằm ngoài phạm vi "
                         "quản lý của bạn"),
        (5, "unit_code", "Đơn vị H02-X01-C01 nằm ngoài phạm vi quản lý của bạn"),
    ]
    assert state() == before
    # An inspector reads H01 but writes nothing; an outsider writes only H02.
    assert failed(lambda: import_members(actor=province.inspector_h01, data=members_csv(
        "0101800,,Trong Phạm Vi,1970-01-01,Nam,H01-X01-C01,chính thức,"), filename="dv.csv"))


def test_it_records_the_officers_unit_on_the_audit_entry(province):
    data = members_csv("0101800,,Trong Phạm Vi,1970-01-01,Nam,H01-X01-C01,chính thức,")
    import_members(actor=province.officer_h01, data=data, filename="dv.csv")
    entry = AuditEntry.objects.get(action="import.members")
    assert (entry.actor, entry.unit, entry.object_type) == (
        province.officer_h01, province.h01, "import")
    assert entry.summary == "Đã nhập 1 đảng viên: 1 thêm mới, 0 cập nhật, 0 không đổi"


def test_it_reports_progress_up_to_the_total(province):
    rows = [f"09{i:05d},,Người Số {i},1970-01-01,Nam,H01-X01-C01,chính thức,"
            for i in range(450)]
    calls = []
    import_members(actor=None, data=members_csv(*rows), filename="dv.csv",
                   progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 10
    assert all(total == 450 for _d, total in calls)
    dones = [d for d, _t in calls]
    assert dones == sorted(set(dones)) and dones[-1] == 450


def test_it_imports_three_thousand_members_and_reimports_them_unchanged(province,
                                                                        django_assert_max_num_queries):
    cells = ["H01-X01-C01", "H01-X01-C02", "H02-X01-C01"]
    rows = [
        f"1{i:06d},TG{i},Nguyễn Văn Số {i},{1950 + i % 50}-0{1 + i % 9}-1{i % 9},"
        f"{'Nam' if i % 2 else 'Nữ'},{cells[i % 3]},{'dự bị' if i % 7 == 0 else 'chính thức'},"
        f"{'có' if i % 11 == 0 else ''}"
        for i in range(3000)
    ]
    data = members_csv(*rows)
    # Batched: Django's SQLite backend caps a batch at 999 parameters (~70 members), so
    # this is ~45 + ~16 inserts; row by row it would be more than 6,000 queries.
    with django_assert_max_num_queries(100):
        result = import_members(actor=None, data=data, filename="big.csv")
    assert result.created == 3000
    assert Member.objects.count() == 3007
    assert Membership.objects.filter(end_date__isnull=True).count() == 3007
    assert Member.objects.filter(name_key="").count() == 0
    with django_assert_max_num_queries(15):
        result = import_members(actor=None, data=data, filename="big.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3000)


# --------------------------------------------------------------------- units


UNIT_HEADER = "code,name,parent_code,kind"


def units_csv(*rows: str, header: str = UNIT_HEADER) -> bytes:
    return csv_bytes(header, *rows)


def test_it_creates_a_unit_tree_from_rows_in_any_order(province):
    data = units_csv(
        "H03-X01-C01,Chi bộ ấp Mỹ Phong,H03-X01,chi bộ",
        "H03-X01,Đảng bộ xã Mỹ Phong,H03,Đảng bộ xã",
        "H03,Đảng bộ thành phố Mỹ Tho,T01,district",
        "K01,Đảng ủy Khối cơ quan,,ĐẢNG ỦY KHỐI",
    )
    result = import_units(actor=province.admin, data=data, filename="dv.csv")
    assert (result.created, result.total) == (4, 4)
    assert result.summary_text() == "Đã nhập 4 đơn vị: 4 thêm mới, 0 cập nhật, 0 không đổi"
    h03 = Unit.objects.get(code="H03")
    x = Unit.objects.get(code="H03-X01")
    c = Unit.objects.get(code="H03-X01-C01")
    k = Unit.objects.get(code="K01")
    assert (h03.parent, x.parent, c.parent, k.parent) == (province.t01, h03, x, None)
    assert c.path == province.t01.path + Unit.segment(h03.pk) + Unit.segment(x.pk) \
        + Unit.segment(c.pk)
    assert (h03.depth, x.depth, c.depth, k.depth) == (1, 2, 3, 0)
    assert k.path == Unit.segment(k.pk)
    assert (h03.kind, x.kind, c.kind, k.kind) == (
        UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.CELL, UnitKind.BLOC)
    assert c.name_fold == "chi bo ap my phong"
    entry = AuditEntry.objects.get(action="import.units")
    assert sorted(entry.after["created_ids"]) == ["H03", "H03-X01", "H03-X01-C01", "K01"]


def test_it_accepts_vietnamese_unit_headers_and_kind_labels(province):
    data = csv_bytes(
        "Mã đơn vị,Tên tổ chức đảng,Mã đơn vị cấp trên,Loại hình",
        "A1,Đảng bộ tỉnh Mới,,Đảng bộ tỉnh",
        "A2,Đảng bộ phường 1,A1,đảng bộ phường",
        "A3,Đảng bộ cơ sở Trường,A2,đảng bộ cơ sở",
        "A4,Chi bộ cơ sở Trạm,A2,Chi bộ cơ sở",
        "A5,Đảng bộ bộ phận,A3,đảng bộ bộ phận",
        "A6,Chi bộ 1,A5,chi bộ trực thuộc",
        "A7,Đơn vị khác,A2,",
        "A8,Huyện cũ,A1,đảng bộ huyện",
    )
    import_units(actor=None, data=data, filename="dv.csv")
    kinds = dict(Unit.objects.filter(code__startswith="A").values_list("code", "kind"))
    assert kinds == {"A1": "province", "A2": "commune", "A3": "grassroots",
                     "A4": "grassroots_cell", "A5": "sub_org", "A6": "cell", "A7": "other",
                     "A8": "district"}
    data = csv_bytes("mã,tên,mã cấp trên,loại", "A9,Chi bộ 9,A2,cell")
    assert import_units(actor=None, data=data, filename="dv.csv").created == 1


def test_it_reports_every_unit_error_kind_at_once(province):
    before = state()
    data = units_csv(
        ",Không mã,T01,",                      # 2
        "U1,,T01,",                            # 3
        "U2,Cấp trên lạ,NOPE,",                # 4
        "U3,Trùng 1,T01,",                     # 5
        "U3,Trùng 2,T01,",                     # 6
        "U4,Loại lạ,T01,ban chấp hành",        # 7
        "U5,Vòng A,U6,",                       # 8
        "U6,Vòng B,U5,",                       # 9
        "U7,Chính nó,U7,",                     # 10
    )
    errors = failed(lambda: import_units(actor=None, data=data, filename="dv.csv"))
    assert state() == before
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "code", "Thiếu mã đơn vị"),
        (3, "name", "Thiếu tên đơn vị"),
        (4, "parent_code", "Không tìm thấy đơn vị cấp trên «NOPE» (không có trong tệp và "
                           "trong hệ thống)"),
        (6, "code", "Mã đơn vị U3 trùng với dòng 5"),
        (7, "kind", "Loại đơn vị không hợp lệ: «ban chấp hành» (xem docs/formats.md)"),
        (8, "parent_code", "Vòng lặp trong cây đơn vị: U5 trực thuộc U6, U6 trực thuộc U5 "
                           "(một đơn vị không thể nằm dưới chính nó)"),
        (9, "parent_code", "Vòng lặp trong cây đơn vị: U5 trực thuộc U6, U6 trực thuộc U5 "
                           "(một đơn vị không thể nằm dưới chính nó)"),
        (10, "parent_code", "Vòng lặp trong cây đơn vị: U7 trực thuộc U7 "
                            "(một đơn vị không thể nằm dưới chính nó)"),
    ]


def test_it_refuses_to_put_an_existing_unit_under_its_own_descendant(province):
    before = state()
    data = units_csv("H01,Đảng bộ huyện Cái Bè,H01-X01-C01,district")
    [error] = failed(lambda: import_units(actor=None, data=data, filename="dv.csv"))
    assert (error.row, error.column) == (2, "parent_code")
    assert error.message.startswith(
        "Vòng lặp trong cây đơn vị: H01 trực thuộc H01-X01-C01, H01-X01-C01 trực thuộc H01-X01, "
        "H01-X01 trực thuộc H01")
    assert state() == before


def test_it_moves_an_existing_unit_with_its_subtree(province):
    data = units_csv(
        "H01-X01,Đảng bộ xã An Hữu (mới),H02,commune",
        "H01-X01-C01,Chi bộ ấp 1,H01-X01,cell",
    )
    result = import_units(actor=province.admin, data=data, filename="dv.csv")
    assert (result.created, result.updated, result.transferred, result.unchanged) == (0, 0, 1, 1)
    assert "1 chuyển cấp trên" in result.summary_text()
    x = Unit.objects.get(code="H01-X01")
    assert (x.parent, x.name, x.depth) == (province.h02, "Đảng bộ xã An Hữu (mới)", 2)
    for code in ("H01-X01-C01", "H01-X01-C02"):
        cell = Unit.objects.get(code=code)
        assert cell.path == province.h02.path + Unit.segment(x.pk) + Unit.segment(cell.pk)
        assert cell.depth == 3
    assert AuditEntry.objects.filter(action="unit.move", object_id=str(x.pk)).count() == 1
    entry = AuditEntry.objects.get(action="import.units")
    assert entry.after["changes"] == [{
        "code": "H01-X01",
        "before": {"name": "Đảng bộ xã An Hữu", "parent_code": "H01"},
        "after": {"name": "Đảng bộ xã An Hữu (mới)", "parent_code": "H02"},
    }]


def test_it_moves_units_under_new_units_and_swaps_levels(province):
    data = units_csv(
        # H01-X01 (under H01) becomes a root-level unit's child: a new N1 in between.
        "H01-X01,Đảng bộ xã An Hữu,N1,commune",
        "N1,Cụm mới,T01,other",
        # H02 and its child H02-X01 swap places: the child goes first.
        "H02,Đảng bộ huyện Châu Thành,H02-X01,district",
        "H02-X01,Đảng bộ xã Long Định,T01,commune",
        "N2,Chi bộ mới dưới xã,H01-X01,cell",
    )
    import_units(actor=None, data=data, filename="dv.csv")
    units = {u.code: u for u in Unit.objects.all()}
    for u in units.values():
        assert u.path == u.compute_path(), u.code
        assert u.depth == len(u.ancestor_ids()) - 1, u.code
    assert units["H01-X01"].parent == units["N1"]
    assert units["H02"].parent == units["H02-X01"]
    assert units["H02-X01-C01"].path.startswith(units["H02-X01"].path)
    assert units["N2"].path.startswith(units["N1"].path)
    # The same file again: nothing changes.
    result = import_units(actor=None, data=data, filename="dv.csv")
    assert (result.created, result.updated, result.transferred, result.unchanged) == (0, 0, 0, 5)


def test_it_updates_unit_names_and_kinds_only_when_given(province):
    data = units_csv("H01,Đảng bộ huyện Cái Bè,T01,", "H01-X01,Đảng bộ xã An Hữu,H01,đảng bộ cơ sở")
    result = import_units(actor=None, data=data, filename="dv.csv")
    assert (result.updated, result.unchanged) == (1, 1)
    assert Unit.objects.get(code="H01").kind == UnitKind.DISTRICT
    assert Unit.objects.get(code="H01-X01").kind == UnitKind.GRASSROOTS


def test_it_keeps_unit_imports_within_the_officers_subtree(province):
    before = state()
    data = units_csv(
        "H01-X02,Đảng bộ xã mới,H01,commune",             # 2 fine
        "H02-X02,Đảng bộ xã bên kia,H02,commune",         # 3 parent out of scope
        "H02,Đảng bộ huyện Châu Thành (sửa),T01,",        # 4 unit out of scope
        "R1,Tỉnh mới,,province",                          # 5 root needs superuser
        "H01-X01,Đảng bộ xã An Hữu,H02,commune",          # 6 move out of scope
        "H01,Đảng bộ huyện Cái Bè,T01,district",          # 7 unchanged own root: fine
    )
    errors = failed(lambda: import_units(actor=province.officer_h01, data=data,
                                         filename="dv.csv"))
    assert [(e.row, e.column, e.message) for e in errors] == [
        (3, "parent_code", "Đơn vị H02 nằm ngoài phạm vi quản lý của bạn"),
        (4, "code", "Đơn vị H02 nằm ngoài phạm vi quản lý của bạn"),
        (5, "parent_code", "Chỉ quản trị hệ thống mới được tạo (hoặc chuyển thành) đơn vị cấp "
                           "cao nhất"),
        (6, "parent_code", "Đơn vị H02 nằm ngoài phạm vi quản lý của bạn"),
    ]
    assert state() == before
    result = import_units(actor=province.officer_h01, data=units_csv(
        "H01-X02,Đảng bộ xã mới,H01,commune", "H01-X02-C01,Chi bộ 1,H01-X02,cell",
        "H01,Đảng bộ huyện Cái Bè,T01,district"), filename="dv.csv")
    assert (result.created, result.unchanged) == (2, 1)
    assert AuditEntry.objects.get(action="import.units").unit == province.h01


def test_it_refuses_new_units_under_an_inactive_parent(province):
    old = Unit.objects.create(code="OLD", name="Cũ", parent=province.h01, depth=2,
                              path=province.h01.path + "9999999999/")
    unit_deactivate(actor=None, unit=old)
    [error] = failed(lambda: import_units(actor=None, data=units_csv("N,Mới,OLD,cell"),
                                          filename="dv.csv"))
    assert error.message == "Đơn vị cấp trên OLD đã ngừng hoạt động"


# --------------------------------------------------------------------- the background task


def make_job(user, kind: str, data: bytes, name: str) -> ImportJob:
    job = ImportJob(kind=kind, original_name=name, created_by=user)
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


def test_it_runs_an_import_job_and_records_progress_and_summary(province):
    rows = [f"08{i:05d},,Người Số {i},1970-01-01,Nam,H01-X01-C01,chính thức,"
            for i in range(120)]
    job = make_job(province.officer_h01, ImportKind.MEMBERS, members_csv(*rows), "dv.csv")
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.done_rows, job.total_rows, job.percent) == (120, 120, 100)
    assert job.started_at and job.finished_at and job.errors == []
    assert job.summary["created"] == 120
    assert job.summary["text"] == "Đã nhập 120 đảng viên: 120 thêm mới, 0 cập nhật, 0 không đổi"
    assert AuditEntry.objects.get(action="import.members").actor == province.officer_h01


def test_it_stores_the_errors_of_a_failed_job(province):
    data = units_csv("H02-X09,Xã bên kia,H02,commune")
    job = make_job(province.officer_h01, ImportKind.UNITS, data, "dv.csv")
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at
    assert job.errors == [{"row": 2, "column": "parent_code",
                           "message": "Đơn vị H02 nằm ngoài phạm vi quản lý của bạn"}]
    assert not Unit.objects.filter(code="H02-X09").exists()


def test_it_fails_a_job_whose_uploader_is_gone(province):
    job = make_job(None, ImportKind.UNITS, units_csv("N,Mới,,province"), "dv.csv")
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert not Unit.objects.filter(code="N").exists()


def test_it_limits_a_job_to_its_scope_unit(province):
    data = members_csv("0101900,,Người Mới,1970-01-01,Nam,H01-X01-C02,chính thức,")
    job = make_job(province.admin, ImportKind.MEMBERS, data, "dv.csv")
    job.scope_unit = province.c1
    job.save()
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"] == "Đơn vị H01-X01-C02 nằm ngoài phạm vi quản lý của bạn"
