"""The console commands import-units, import-members, export-units, export-members."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quantriet.orgs.models import Member, Membership, Unit

MEMBER_HEADER = "member_id,card_no,full_name,birth_date,gender,unit_code,status,exempt"


def write(tmp_path, name: str, *lines: str) -> str:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_members_and_is_idempotent(province, tmp_path):
    path = write(tmp_path, "dang-vien.csv", MEMBER_HEADER,
                 "0101100,,Nguyễn Văn Mới,1980-01-01,Nam,H01-X01-C01,chính thức,",
                 "0101001,TG0101001,Nguyễn Văn An,1970-01-01,Nam,H01-X01-C01,chính thức,",
                 "0101002,TG0101002,Trần Thị Ân Sửa,1970-01-01,Nữ,H01-X01-C01,chính thức,")
    out, err = run("import-members", path)
    assert out == "Đã nhập 3 đảng viên: 1 thêm mới, 1 cập nhật, 1 không đổi\n"
    assert "100 %" in err and "3/3" in err  # the progress bar
    out, _err = run("import-members", path, "--no-progress")
    assert out == "Đã nhập 3 đảng viên: 0 thêm mới, 0 cập nhật, 3 không đổi\n"
    assert Member.objects.count() == 8


def test_it_prints_every_error_and_exits_non_zero(province, tmp_path):
    path = write(tmp_path, "dang-vien.csv", MEMBER_HEADER,
                 "0101100,,Nguyễn Văn Mới,1980-01-01,Nam,H01-X01-C01,chính thức,",
                 "0101101,,Lê Thị Sai,30/02/1980,Nữ,H01-X01-C01,chính thức,",
                 "0101102,,,1980-01-01,Nam,NOPE,chính thức,")
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import-members", path, "--no-progress", stdout=io.StringIO(), stderr=err)
    assert str(info.value) == "3 lỗi trong tệp dang-vien.csv; không có thay đổi nào được ghi."
    assert err.getvalue().splitlines() == [
        "Dòng 3, cột birth_date: Ngày không hợp lệ: «30/02/1980»; dùng dạng YYYY-MM-DD hoặc "
        "DD/MM/YYYY",
        "Dòng 4, cột full_name: Thiếu họ và tên",
        "Dòng 4, cột unit_code: Không tìm thấy đơn vị có mã «NOPE»",
    ]
    assert not Member.objects.filter(member_id="0101100").exists()


def test_it_exits_non_zero_on_a_missing_or_wrong_file(province, tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run("import-units", str(tmp_path / "khong-co.csv"))
    path = tmp_path / "cu.csv"
    path.write_bytes("code,name,parent_code\r\nX,Đông Hà,T01\r\n".encode("cp1258"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-units", str(path), stdout=io.StringIO(), stderr=err)
    assert "Tệp không phải UTF-8" in err.getvalue()


def test_it_imports_units(province, tmp_path):
    path = write(tmp_path, "don-vi.csv", "mã,tên,mã cấp trên,loại",
                 "H01-X02,Đảng bộ xã Mỹ Lợi,H01,đảng bộ xã",
                 "H01-X02-C01,Chi bộ ấp Mỹ Hòa,H01-X02,chi bộ")
    out, _err = run("import-units", path)
    assert out == "Đã nhập 2 đơn vị: 2 thêm mới, 0 cập nhật, 0 không đổi\n"
    assert Unit.objects.get(code="H01-X02-C01").parent.code == "H01-X02"
    out, _err = run("import-units", path)
    assert out == "Đã nhập 2 đơn vị: 0 thêm mới, 0 cập nhật, 2 không đổi\n"


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_it_exports_a_subtree_that_reimports_unchanged(province, tmp_path, ext):
    units, members = tmp_path / f"u.{ext}", tmp_path / f"m.{ext}"
    out, _err = run("export-units", "--unit", "H01", "--out", str(units))
    assert out == f"Đã xuất 4 đơn vị ra {units}\n"
    out, _err = run("export-members", "--unit", "H01", "--out", str(members))
    assert out == f"Đã xuất 5 đảng viên ra {members}\n"
    before = list(Membership.objects.values_list()), list(Member.objects.values_list())
    out, _err = run("import-units", str(units))
    assert out.endswith("0 thêm mới, 0 cập nhật, 4 không đổi\n")
    out, _err = run("import-members", str(members))
    assert out.endswith("0 thêm mới, 0 cập nhật, 5 không đổi\n")
    assert (list(Membership.objects.values_list()), list(Member.objects.values_list())) == before


def test_it_refuses_bad_export_arguments(province, tmp_path):
    with pytest.raises(CommandError, match=r"\.csv hoặc \.xlsx"):
        run("export-units", "--out", str(tmp_path / "u.pdf"))
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã «NOPE»"):
        run("export-members", "--unit", "NOPE", "--out", str(tmp_path / "m.csv"))
