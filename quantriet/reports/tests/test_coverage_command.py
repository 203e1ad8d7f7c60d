"""quantriet coverage and quantriet import-attendance."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quantriet.meetings.models import Attendance
from quantriet.meetings.services import attendance_record, non_member_set
from quantriet.reports.selectors import coverage


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name: str, *lines: str) -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return str(path)


@pytest.fixture
def marked(campaign):
    """Two of the roll of seven present (28,6 %), one at each bridge point; 12 non-members."""
    members = campaign.province.members
    attendance_record(actor=None, meeting=campaign.conference,
                      records=[(members["0101001"].pk, "present")], method="tick",
                      bridge_point=campaign.bp1)
    attendance_record(actor=None, meeting=campaign.conference,
                      records=[(members["0201001"].pk, "present")], method="tick",
                      bridge_point=campaign.bp2)
    non_member_set(actor=None, bridge_point=campaign.bp1, category="public", count=12)
    return campaign


def test_it_prints_exactly_the_selectors_json(marked):
    out, _err = run("coverage", "--campaign", "NQ4-XII", "--format", "json")
    expected = coverage(marked.campaign, marked.province.t01)
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(out)["covered_percent"] == 28.6
    out, _err = run("coverage", "--campaign", "NQ4-XII", "--unit", "H01", "--format", "json")
    assert json.loads(out) == coverage(marked.campaign, marked.province.h01)


def test_it_prints_a_vietnamese_table(marked):
    out, _err = run("coverage", "--campaign", "NQ4-XII", "--format", "table")
    lines = out.splitlines()
    assert lines[:2] == [
        "Đợt học tập NQ4-XII: Học tập, quán triệt Nghị quyết Trung ương 4",
        "Kết quả học tập (tỷ lệ đảng viên được học tập) của Đảng bộ tỉnh Tiền Giang (T01)"]
    assert lines[3].split() == ["Đơn", "vị", "Đảng", "viên", "Miễn", "sinh", "hoạt", "Được",
                                "học", "tập", "Tỷ", "lệ", "Quần", "chúng"]

    def figures(start: str) -> list[str]:
        return next(line for line in lines if line.startswith(start)).split()[-6:]

    assert figures("T01 Đảng bộ tỉnh Tiền Giang ") == ["7", "1", "2", "28,6", "%", "12"]
    assert figures("  H01 Đảng bộ huyện Cái Bè ") == ["5", "1", "1", "20,0", "%", "12"]
    assert figures("  H02 Đảng bộ huyện Châu Thành ") == ["2", "0", "1", "50,0", "%", "0"]
    meeting = next(line for line in lines if line.startswith("HNTT-01 "))
    assert meeting.split()[-5:] == ["2", "2", "28,6", "%", "12"]  # points, attended, %, non-m.
    assert "Hội nghị trực tuyến toàn Đảng bộ tỉnh  Hội nghị trực tuyến  " in meeting


def test_it_refuses_unknown_codes_in_vietnamese(campaign):
    with pytest.raises(CommandError, match="Không tìm thấy đợt học tập có mã «NOPE»"):
        run("coverage", "--campaign", "NOPE")
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã «X99»"):
        run("coverage", "--campaign", "NQ4-XII", "--unit", "X99")


def test_it_imports_a_sheet_from_the_command_line(campaign, tmp_path):
    path = write(tmp_path, "ky-ten.csv", "Số hiệu đảng viên,Trạng thái",
                 "0101001,có mặt", "0101002,vắng có lý do")
    out, _err = run("import-attendance", "--meeting", "HNTT-01", "--bridge-point", "DC-H01",
                    path)
    assert out == ("Đã nhập danh sách ký tên: 2 dòng, 2 ghi nhận mới, 0 đã có từ trước, 1 đảng "
                   "viên được học tập lần đầu, 0 không thuộc danh sách đảng viên của đợt học "
                   "tập\n")
    out, _err = run("import-attendance", "--meeting", "HNTT-01", path)  # idempotent
    assert "0 ghi nhận mới, 2 đã có từ trước" in out
    assert Attendance.objects.filter(bridge_point=campaign.bp1, method="sheet").count() == 2


def test_it_prints_every_error_and_exits_non_zero(campaign, tmp_path):
    path = write(tmp_path, "ky-ten.csv", "member_id,status,bridge_point",
                 "0101001,có mặt,DC-H01", "0101002,đến muộn,DC-H01", "9999999,,DC-H09")
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import-attendance", "--meeting", "HNTT-01", path, stdout=io.StringIO(),
                     stderr=err)
    assert str(info.value) == "3 lỗi trong tệp ky-ten.csv; không có thay đổi nào được ghi."
    assert err.getvalue().splitlines() == [
        "Dòng 3, cột status: Trạng thái không hợp lệ: «đến muộn» (dùng có mặt hoặc vắng có "
        "lý do)",
        "Dòng 4, cột member_id: Không có đảng viên số hiệu «9999999» mà bạn được điểm danh "
        "tại hội nghị này",
        "Dòng 4, cột bridge_point: Hội nghị không có điểm cầu «DC-H09» do bạn phụ trách",
    ]
    assert not Attendance.objects.exists()


def test_it_refuses_an_unknown_meeting_bridge_point_or_file(campaign, tmp_path):
    path = write(tmp_path, "ky-ten.csv", "member_id", "0101001")
    with pytest.raises(CommandError, match="Không tìm thấy hội nghị có mã «NOPE»"):
        run("import-attendance", "--meeting", "NOPE", path)
    with pytest.raises(CommandError, match="Hội nghị HNTT-01 không có điểm cầu mã «DC-X»"):
        run("import-attendance", "--meeting", "HNTT-01", "--bridge-point", "DC-X", path)
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run("import-attendance", "--meeting", "HNTT-01", str(tmp_path / "missing.csv"))
