"""meetings.imports.import_sheet: the sign-in sheet import (all or nothing)."""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import Workbook

from quantriet.accounts.models import AuditEntry
from quantriet.campaigns.models import CoverageCounter
from quantriet.conftest import make_user
from quantriet.meetings.imports import ImportFailed, import_sheet
from quantriet.meetings.models import Attendance, Coverage
from quantriet.meetings.services import attendance_record
from quantriet.orgs.models import Member
from quantriet.reports.selectors import coverage


def csv(*lines: str, bom: bool = True) -> bytes:
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx(*rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(c, data: bytes, *, actor=None, bridge_point=None, filename="ky-ten.csv"):
    return import_sheet(actor=actor, meeting=c.conference, data=data, filename=filename,
                        bridge_point=bridge_point)


def errors_of(c, data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ImportFailed) as info:
        run(c, data, **kwargs)
    return [str(e) for e in info.value.errors]


def marks() -> dict[str, tuple[str, str | None, str]]:
    return {a.member.member_id: (a.status, a.bridge_point.code if a.bridge_point else None,
                                 a.method)
            for a in Attendance.objects.select_related("member", "bridge_point")}


def test_it_imports_a_csv_with_vietnamese_headers_and_a_bom(campaign):
    data = csv("Số hiệu đảng viên,Họ và tên,Trạng thái,Điểm cầu,Ghi chú",
               "0101001,Nguyễn Văn An,có mặt,DC-H01,",
               "0101002,TRẦN THỊ ÂN,vắng có lý do,DC-H01,ốm",
               "0101004,Phạm Thị Thu Hoà,,DC-H01,",  # old tone placement, empty = present
               "0201001,Huynh Van Dung,x,DC-H02,")
    result = run(campaign, data)
    assert (result.rows, result.accepted, result.duplicates, result.newly_covered,
            result.not_on_roll) == (4, 4, 0, 3, 0)
    assert result.summary_text() == (
        "Đã nhập danh sách ký tên: 4 dòng, 4 ghi nhận mới, 0 đã có từ trước, 3 đảng viên "
        "được học tập lần đầu, 0 không thuộc danh sách đảng viên của đợt học tập")
    assert marks() == {"0101001": ("present", "DC-H01", "sheet"),
                       "0101002": ("excused", "DC-H01", "sheet"),
                       "0101004": ("present", "DC-H01", "sheet"),
                       "0201001": ("present", "DC-H02", "sheet")}
    assert coverage(campaign.campaign, campaign.province.t01)["covered"] == 3
    audit = AuditEntry.objects.get(action="attendance.sheet")
    assert audit.object_id == "HNTT-01"
    assert audit.after["file"] == "ky-ten.csv"
    assert (audit.after["rows"], audit.after["accepted"], audit.after["newly_covered"]) == (
        4, 4, 3)
    assert audit.after["bridge_points"] == {"DC-H01": 3, "DC-H02": 1}


def test_it_imports_an_xlsx_at_the_chosen_bridge_point(campaign):
    data = xlsx(["member_id", "full_name", "status", "Ghi chú"],
                ["0101001", "Nguyễn Văn An", "present", "đến muộn"],
                [None, None, None, None],  # a blank row is skipped
                ["0101005", "Võ Minh Đức", "excused", None],
                [101002, None, "Có", None])  # an id typed as a number loses its zero
    with pytest.raises(ImportFailed) as info:
        run(campaign, data, bridge_point=campaign.bp1, filename="ky-ten.xlsx")
    assert [str(e) for e in info.value.errors] == [
        "Dòng 5, cột member_id: Không có đảng viên số hiệu «101002» mà bạn được điểm danh "
        "tại hội nghị này"]
    data = xlsx(["member_id", "full_name", "status", "Ghi chú"],
                ["0101001", "Nguyễn Văn An", "present", "đến muộn"],
                ["0101005", "Võ Minh Đức", "excused", None],
                ["0101002", None, "Có", None])
    result = run(campaign, data, bridge_point=campaign.bp1, filename="ky-ten.xlsx")
    assert (result.accepted, result.newly_covered) == (3, 2)
    assert marks() == {"0101001": ("present", "DC-H01", "sheet"),
                       "0101005": ("excused", "DC-H01", "sheet"),
                       "0101002": ("present", "DC-H01", "sheet")}


@pytest.mark.parametrize(("lines", "kwargs", "expected"), [
    (["member_id,status", "0101001,", "9999999,"], {},
     "Dòng 3, cột member_id: Không có đảng viên số hiệu «9999999» mà bạn được điểm danh tại "
     "hội nghị này"),
    (["Mã đảng viên,status", "0101001,", ",có mặt"], {},
     "Dòng 3, cột Mã đảng viên: Thiếu số hiệu đảng viên"),
    (["member_id,Tình trạng", "0101001,có mặt", "0101002,đi vắng"], {},
     "Dòng 3, cột Tình trạng: Trạng thái không hợp lệ: «đi vắng» (dùng có mặt hoặc vắng có "
     "lý do)"),
    (["member_id,Điểm cầu", "0101001,DC-H01", "0101002,DC-H09"], {},
     "Dòng 3, cột Điểm cầu: Hội nghị không có điểm cầu «DC-H09» do bạn phụ trách"),
    (["member_id,bridge_point", "0101001,", "0101002,DC-H02"], {"bridge_point": "bp1"},
     "Dòng 3, cột bridge_point: Dòng ghi điểm cầu «DC-H02» nhưng danh sách đang được nhập "
     "cho điểm cầu DC-H01"),
    (["member_id,Họ và tên", "0101001,Nguyễn Văn An", "0101002,Trần Văn Ân"], {},
     "Dòng 3, cột Họ và tên: Họ tên «Trần Văn Ân» không khớp với đảng viên số hiệu 0101002 "
     "(Trần Thị Ân): hãy kiểm tra lại số hiệu"),
    (["member_id,status", "0101001,có mặt", "0101002,", "0101001,vắng"], {},
     "Dòng 4, cột status: Đảng viên 0101001 đã có ở dòng 2 với trạng thái khác"),
    (["member_id,bridge_point", "0101001,DC-H01", "0101001,DC-H02"], {},
     "Dòng 3, cột bridge_point: Đảng viên 0101001 đã có ở dòng 2 tại điểm cầu khác"),
    (["Họ và tên,status", "Nguyễn Văn An,có mặt"], {},
     "Dòng 1: Thiếu cột bắt buộc: member_id"),
    (["member_id,status"], {}, "Danh sách ký tên không có đảng viên nào."),
], ids=["unknown-member", "missing-member", "bad-status", "unknown-bridge-point",
        "bridge-point-vs-option", "name-mismatch", "conflicting-status",
        "conflicting-bridge-point", "missing-column", "empty"])
def test_it_names_the_row_column_and_reason_of_each_error(campaign, lines, kwargs, expected):
    if kwargs.get("bridge_point") == "bp1":
        kwargs["bridge_point"] = campaign.bp1
    assert errors_of(campaign, csv(*lines), **kwargs) == [expected]
    assert not Attendance.objects.exists()


def test_it_refuses_members_the_uploader_may_not_mark_with_the_unknown_id_words(campaign):
    operator = make_user("op_h02")
    campaign.bp2.operators.add(operator)
    data = csv("member_id,bridge_point", "0201001,DC-H02", "0101001,DC-H02", "0201002,DC-H01")
    assert errors_of(campaign, data, actor=operator) == [
        "Dòng 3, cột member_id: Không có đảng viên số hiệu «0101001» mà bạn được điểm danh "
        "tại hội nghị này",
        "Dòng 4, cột bridge_point: Hội nghị không có điểm cầu «DC-H01» do bạn phụ trách",
    ]
    result = run(campaign, csv("member_id,bridge_point", "0201001,DC-H02", "0201002,"),
                 actor=operator, bridge_point=campaign.bp2)
    assert result.accepted == 2
    assert Attendance.objects.filter(recorded_by=operator, bridge_point=campaign.bp2).count() == 2


def test_it_lists_every_error_and_changes_nothing(campaign):
    attendance_record(actor=None, meeting=campaign.conference,
                      records=[(campaign.province.members["0101005"].pk, "present")],
                      method="tick", bridge_point=campaign.bp1)
    before = (Attendance.objects.count(), Coverage.objects.count(),
              list(CoverageCounter.objects.values_list("unit", "covered").order_by("unit")),
              coverage(campaign.campaign, campaign.province.t01), AuditEntry.objects.count())
    data = csv("member_id,full_name,status,bridge_point",
               "0101001,Nguyễn Văn An,có mặt,DC-H01",
               "0101002,Trần Thị Ân,có mặt,DC-H01",
               "0101003,Nguyễn Văn Sai,có mặt,DC-H01",
               "0201001,Huỳnh Văn Dũng,chưa rõ,DC-H02",
               "0201002,Đặng Thị Mai,có mặt,DC-XX")
    assert errors_of(campaign, data) == [
        "Dòng 4, cột full_name: Họ tên «Nguyễn Văn Sai» không khớp với đảng viên số hiệu "
        "0101003 (Lê Hoàng Bình): hãy kiểm tra lại số hiệu",
        "Dòng 5, cột status: Trạng thái không hợp lệ: «chưa rõ» (dùng có mặt hoặc vắng có "
        "lý do)",
        "Dòng 6, cột bridge_point: Hội nghị không có điểm cầu «DC-XX» do bạn phụ trách",
    ]
    after = (Attendance.objects.count(), Coverage.objects.count(),
             list(CoverageCounter.objects.values_list("unit", "covered").order_by("unit")),
             coverage(campaign.campaign, campaign.province.t01), AuditEntry.objects.count())
    assert after == before


def test_it_counts_members_already_marked_as_duplicates(campaign):
    attendance_record(actor=None, meeting=campaign.conference,
                      records=[(campaign.province.members["0101001"].pk, "present")],
                      method="qr", bridge_point=campaign.bp1)
    data = csv("member_id,status,bridge_point", "0101001,có mặt,DC-H01",
               "0101002,có mặt,DC-H01", "0101002,có mặt,DC-H01", "0101004,vắng,DC-H01")
    result = run(campaign, data)
    assert (result.rows, result.accepted, result.duplicates, result.newly_covered) == (
        4, 2, 2, 1)
    assert marks()["0101001"] == ("present", "DC-H01", "qr")  # untouched
    again = run(campaign, data)
    assert (again.accepted, again.duplicates, again.newly_covered) == (0, 4, 0)
    assert coverage(campaign.campaign, campaign.province.t01)["covered"] == 2


def test_it_turns_an_excused_absence_into_presence(campaign):
    run(campaign, csv("member_id,status", "0101001,vắng có lý do"), bridge_point=campaign.bp1)
    result = run(campaign, csv("member_id,status", "0101001,có mặt"), bridge_point=campaign.bp1)
    assert (result.accepted, result.newly_covered) == (1, 1)
    assert marks()["0101001"][0] == "present"


def test_it_uses_the_bridge_point_column_or_the_option(campaign):
    data = csv("member_id,bridge_point", "0101001,DC-H01", "0101002,")
    result = run(campaign, data, bridge_point=campaign.bp1)
    assert result.per_bridge_point == {"DC-H01": 2}
    result = run(campaign, csv("member_id,bridge_point", "0101004,DC-H01", "0201001,DC-H02",
                               "0101005,"))
    assert result.per_bridge_point == {"": 1, "DC-H01": 1, "DC-H02": 1}
    assert {k: v[1] for k, v in marks().items()} == {
        "0101001": "DC-H01", "0101002": "DC-H01", "0101004": "DC-H01", "0201001": "DC-H02",
        "0101005": None}


def test_it_reports_members_not_on_the_roll(campaign):
    Member.objects.create(member_id="0101099", full_name="Ngô Văn Mới", unit=campaign.province.c1)
    result = run(campaign, csv("member_id", "0101099", "0101001"))
    assert (result.accepted, result.newly_covered, result.not_on_roll) == (2, 1, 1)


def test_it_reads_a_sheet_of_2000_rows_in_few_queries(campaign, django_assert_max_num_queries):
    unit = campaign.province.c2
    members = [Member(member_id=f"09{i:05d}", full_name=f"Nguyễn Văn Số {i}", unit=unit)
               for i in range(2000)]
    for m in members:
        m.set_derived()
    Member.objects.bulk_create(members)
    lines = ["Số hiệu đảng viên,Họ và tên,Trạng thái"] + [
        f"{m.member_id},{m.full_name},có mặt" for m in members]
    started = time.perf_counter()
    with django_assert_max_num_queries(20):
        result = run(campaign, csv(*lines), actor=campaign.province.officer_h01,
                     bridge_point=campaign.bp1)
    elapsed = time.perf_counter() - started
    assert (result.accepted, result.not_on_roll) == (2000, 2000)
    assert elapsed < 2.0  # typically ≈ 0.1 s; generous for a loaded CI machine
