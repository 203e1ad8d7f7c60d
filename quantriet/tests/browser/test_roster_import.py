"""An officer imports a roster with one bad row: the page names the row, the column and
the reason, and nothing is imported."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quantriet.orgs.models import ImportJob, ImportStatus, Member

from .conftest import sign_in

# Vietnamese headers, as an office's spreadsheet has them; row 4 has a 31 February.
ROSTER = (
    "STT,Số hiệu đảng viên,Họ và tên,Ngày sinh,Giới tính,Mã chi bộ\n"
    "1,0101901,Nguyễn Thị Bé,12/05/1980,Nữ,H01-X01-C02\n"
    "2,0101902,Trần Văn Cường,02/09/1975,Nam,H01-X01-C02\n"
    "3,0101903,Lê Văn Dũng,31/02/1980,Nam,H01-X01-C02\n"
)


def test_it_shows_the_bad_row_of_a_roster_and_imports_nothing(province, open_page):
    members_before = set(Member.objects.values_list("member_id", flat=True))
    page = open_page()
    sign_in(page, "officer_h01")
    page.get_by_role("link", name="Nhập dữ liệu").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập")

    page.get_by_label("Loại dữ liệu nhập").select_option(label="Đảng viên")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files({
        "name": "danh-sach-dang-vien.csv", "mimeType": "text/csv",
        "buffer": ("\ufeff" + ROSTER).encode("utf-8")})
    page.get_by_role("button", name="Nhập dữ liệu").click()

    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    status = page.locator("#import-status")
    expect(status).to_contain_text("Không thành công")
    expect(status).to_contain_text("1 lỗi; dữ liệu không bị thay đổi.")
    error_row = status.locator("tbody tr")
    expect(error_row).to_have_count(1)
    cells = error_row.first.locator("td")
    expect(cells.nth(0)).to_have_text("4")
    expect(cells.nth(1)).to_have_text("Ngày sinh")
    expect(cells.nth(2)).to_contain_text("31/02/1980")

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.original_name == "danh-sach-dang-vien.csv"
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "Ngày sinh")]
    assert set(Member.objects.values_list("member_id", flat=True)) == members_before
