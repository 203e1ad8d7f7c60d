import datetime
import io

from openpyxl import load_workbook

from quantriet.meetings.services import attendance_record


def _sheets(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def _mark(campaign, *member_ids):
    p = campaign.province
    attendance_record(actor=p.admin, meeting=campaign.conference, method="tick",
                      bridge_point=campaign.bp1,
                      records=[(p.members[m].pk, "present") for m in member_ids])


def test_it_downloads_the_coverage_table(campaign, client_for):
    _mark(campaign, "0101001", "0101004")
    sheets = _sheets(client_for(campaign.province.officer_h01).get(
        "/campaigns/NQ4-XII/coverage.xlsx?unit=H01-X01"))
    by_unit = sheets["Theo đơn vị"]
    assert by_unit[0][:3] == ["Mã tổ chức đảng", "Tổ chức đảng", "Số đảng viên trong danh sách"]
    assert by_unit[1] == ["H01-X01-C01", "Chi bộ ấp 1", 3, 1, 1, 33.3, 0]
    assert by_unit[2] == ["H01-X01-C02", "Chi bộ ấp 2", 2, 0, 1, 50.0, 0]
    assert by_unit[3] == ["H01-X01", "Đảng bộ xã An Hữu", 5, 1, 2, 40.0, 0]
    by_meeting = sheets["Theo hội nghị, lớp học"]
    assert by_meeting[1] == ["HNTT-01", "Hội nghị trực tuyến toàn Đảng bộ tỉnh", 0, 2, 40.0, 0]


def test_it_lists_the_members_not_yet_covered(campaign, client_for):
    _mark(campaign, "0101001")
    response = client_for(campaign.province.officer_h01).get(
        "/campaigns/NQ4-XII/not-covered/?unit=H01")
    body = response.content.decode()
    assert response.status_code == 200
    assert "4 đảng viên chưa được học tập" in body
    for name in ("Trần Thị Ân", "Lê Hoàng Bình", "Phạm Thị Thu Hòa", "Võ Minh Đức"):
        assert name in body
    assert "Nguyễn Văn An" not in body and "Huỳnh Văn Dũng" not in body


def test_it_pages_the_not_covered_list_by_100(campaign, client_for,
                                              django_assert_max_num_queries):
    client = client_for(campaign.province.admin)
    with django_assert_max_num_queries(6):
        response = client.get("/campaigns/NQ4-XII/not-covered/?page=2")
    assert response.status_code == 200  # page 2 of 1 gives the last page
    assert response.context["page"].paginator.per_page == 100


def test_it_downloads_the_members_not_yet_covered(campaign, client_for):
    _mark(campaign, "0101001", "0101004")
    sheets = _sheets(client_for(campaign.province.officer_h01).get(
        "/campaigns/NQ4-XII/not-covered/?unit=H01&format=xlsx"))
    rows = next(iter(sheets.values()))
    assert rows[0] == ["Số hiệu đảng viên", "Họ và tên", "Ngày sinh", "Mã tổ chức đảng",
                       "Tổ chức đảng", "Miễn sinh hoạt"]
    # Ordered by unit, then by given name (Vietnamese order: Ân before Bình).
    assert rows[1] == ["0101002", "Trần Thị Ân", datetime.datetime(1970, 1, 1), "H01-X01-C01",
                       "Chi bộ ấp 1", None]
    assert rows[2][:2] == ["0101003", "Lê Hoàng Bình"] and rows[2][5] == "có"
    assert rows[3][:2] == ["0101005", "Võ Minh Đức"]
    assert len(rows) == 4


def test_it_refuses_an_outsider_every_download_of_another_district(campaign, client_for):
    client = client_for(campaign.province.outsider)
    for url in ("/campaigns/NQ4-XII/coverage.xlsx?unit=H01",
                "/campaigns/NQ4-XII/not-covered/?unit=H01",
                "/campaigns/NQ4-XII/not-covered/?unit=H01-X01-C01&format=xlsx"):
        assert client.get(url).status_code == 404, url


def test_it_gives_an_outsider_only_their_district_without_a_unit(campaign, client_for):
    client = client_for(campaign.province.outsider)
    rows = next(iter(_sheets(client.get("/campaigns/NQ4-XII/not-covered/?format=xlsx"))
                     .values()))
    assert [r[0] for r in rows[1:]] == ["0201001", "0201002"]
    sheets = _sheets(client.get("/campaigns/NQ4-XII/coverage.xlsx"))
    assert [r[0] for r in sheets["Theo đơn vị"][1:]] == ["H02-X01", "H02"]


def test_it_refuses_downloads_to_a_plain_member(campaign, client_for):
    client = client_for(campaign.province.member_c1)
    assert client.get("/campaigns/NQ4-XII/coverage.xlsx").status_code == 403
    assert client.get("/campaigns/NQ4-XII/not-covered/").status_code == 403
