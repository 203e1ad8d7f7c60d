import io

from openpyxl import load_workbook

from quantriet.copychecks import services
from quantriet.copychecks.models import CopyMatch


def _sheets(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_it_downloads_the_flags(campaign, checked, client_for):
    p = campaign.province
    flag = CopyMatch.objects.get(a__member__member_id="0101001")
    services.match_decide(actor=p.officer_h01, match=flag, status="confirmed",
                          note="Chép nguyên văn")
    sheets = _sheets(client_for(p.officer_h01).get(
        "/campaigns/NQ4-XII/copies/flags.xlsx?unit=H01"))
    rows = sheets["Bài bị đánh dấu sao chép"]
    assert rows[0][:3] == ["Loại", "Số hiệu đảng viên", "Họ và tên"]
    by_member = {r[1]: r for r in rows[1:]}
    assert set(by_member) == {"0101001", "0101005"}
    pair = by_member["0101001"]
    assert pair[4:7] == ["0101004", "Phạm Thị Thu Hòa", "H01-X01-C02"]
    assert pair[7] > 95 and pair[10] == "Xác nhận sao chép" and pair[11] == "Chép nguyên văn"
    assert by_member["0101005"][4] == "Bài mẫu 1"


def test_it_exports_nothing_of_another_district(campaign, checked, client_for):
    client = client_for(campaign.province.outsider)
    assert client.get("/campaigns/NQ4-XII/copies/flags.xlsx?unit=H01").status_code == 404
    sheets = _sheets(client.get("/campaigns/NQ4-XII/copies/flags.xlsx"))
    assert len(sheets["Bài bị đánh dấu sao chép"]) == 1
