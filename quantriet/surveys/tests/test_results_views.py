"""The done-when: a ballot answered online and on paper at several bridge points gives one
correct result table."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from quantriet.meetings.services import bridge_point_create
from quantriet.surveys.selectors import results
from quantriet.surveys.services import paper_count_set, response_submit

from .factories import cleaned, seed_ballot


@pytest.fixture
def answered(campaign):
    """Online: 3 members of H01 (2 strongly agree, 1 agree on every part) and 1 of H02
    (undecided). Paper: 40 ballots at DC-H01, 10 at DC-X01 (H01-X01), 20 at DC-H02."""
    p = campaign.province
    ballot = seed_ballot(campaign)
    for member_id, scale in (("0101001", 1), ("0101002", 1), ("0101004", 2),
                             ("0201001", 3)):
        response_submit(actor=None, questionnaire=ballot, member=p.members[member_id],
                        cleaned_data=cleaned(ballot, scale=scale,
                                             comment=f"Ý kiến của {member_id}"))
    bp3 = bridge_point_create(actor=p.admin, meeting=campaign.conference, code="DC-X01",
                              name="Điểm cầu xã An Hữu", host=p.h01x01)
    opts = list(ballot.questions.get(key="viewpoints").options.order_by("order"))
    for bp, ballots, tally in ((campaign.bp1, 40, (30, 8, 2, 0, 0)),
                               (bp3, 10, (6, 4, 0, 0, 0)),
                               (campaign.bp2, 20, (10, 5, 3, 1, 0))):
        paper_count_set(actor=p.admin, questionnaire=ballot, bridge_point=bp, ballots=ballots,
                        counts={o.pk: n for o, n in zip(opts, tally, strict=True)})
    return ballot


def viewpoints(figures):
    return next(q for q in figures["questions"] if q["key"] == "viewpoints")


def test_it_merges_online_and_paper_per_unit(campaign, answered):
    p = campaign.province
    figures = results(answered, [p.t01, p.h01, p.h01x01, p.c1, p.h02])
    t01 = viewpoints(figures[p.t01.pk])
    assert figures[p.t01.pk]["answers"] == 4 + 70
    assert [o["count"] for o in t01["options"]] == [2 + 46, 1 + 17, 1 + 5, 0 + 1, 0]
    # 4 online + 69 paper ballots answered it (one ballot at DC-H02 left it blank).
    assert t01["answered"] == 73
    assert str(t01["options"][0]["percent"]) == "65.8"  # 48 / 73
    assert t01["options"][0]["percent_text"] == "65,8 %"
    h01 = viewpoints(figures[p.h01.pk])
    assert [o["count"] for o in h01["options"]] == [2 + 36, 1 + 12, 2, 0, 0]
    assert figures[p.h01x01.pk]["answers"] == 3 + 10
    assert [o["count"] for o in viewpoints(figures[p.c1.pk])["options"]] == [2, 0, 0, 0, 0]
    assert figures[p.h02.pk]["paper"] == 20 and figures[p.h02.pk]["online"] == 1
    assert str(viewpoints(figures[p.t01.pk])["agree_percent"]) == "90.4"  # 66 / 73


def test_it_shows_one_result_table_with_chart(campaign, answered, client_for):
    client = client_for(campaign.province.admin)
    r = client.get(reverse("surveys:ballot_detail", args=[answered.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "<svg" in body and "65,8 %" in body and "<strong>48</strong>" in body
    assert "<strong>74</strong>" in body  # total answers: 4 online + 70 paper ballots
    assert "(66,7 %)" in body  # 4 online answers of 6 members on the roll (not exempt)
    assert "Đảng bộ huyện Cái Bè" in body and "Đảng bộ huyện Châu Thành" in body
    assert "Ý kiến của 0101001" in body


def test_it_drills_down_and_answers_htmx(campaign, answered, client_for):
    client = client_for(campaign.province.officer_h01)
    url = reverse("surveys:ballot_detail", args=[answered.pk])
    body = client.get(url).content.decode()
    assert "Kết quả: Đảng bộ huyện Cái Bè" in body
    assert "Châu Thành" not in body and "Ý kiến của 0201001" not in body
    part = client.get(url, {"unit": "H01-X01", "level": 1}, HTTP_HX_REQUEST="true")
    assert part.content.decode().startswith('<div id="results">')
    assert "Chi bộ ấp 1" in part.content.decode()


def test_it_shows_the_outsider_only_their_district(campaign, answered, client_for):
    client = client_for(campaign.province.outsider)
    url = reverse("surveys:ballot_detail", args=[answered.pk])
    body = client.get(url).content.decode()
    assert "Kết quả: Đảng bộ huyện Châu Thành" in body
    for secret in ("Cái Bè", "An Hữu", "Ý kiến của 0101001"):
        assert secret not in body
    assert "Ý kiến của 0201001" in body
    assert client.get(url, {"unit": "H01"}).status_code == 404
    xlsx = client.get(reverse("surveys:ballot_export", args=[answered.pk]), {"unit": "H01"})
    assert xlsx.status_code == 404


def test_it_exports_the_results_to_excel(campaign, answered, client_for):
    client = client_for(campaign.province.admin)
    r = client.get(reverse("surveys:ballot_export", args=[answered.pk]))
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    results_sheet, units_sheet, comments_sheet = book.worksheets
    rows = list(results_sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Câu số", "Câu hỏi", "Phương án", "Trực tuyến", "Phiếu giấy",
                           "Tổng cộng")
    first = rows[1]
    assert first[2] == "Hoàn toàn đồng ý" and first[3:7] == (2, 46, 48, 73)
    assert abs(first[7] - 65.8) < 1e-9
    by_unit = {row[0]: row for row in units_sheet.iter_rows(values_only=True)}
    # Roll (not exempt), online answers, online participation (%), paper ballots, total.
    assert by_unit["H01"][2:7] == (4, 3, 75.0, 50, 53)
    assert by_unit["H02"][2:7] == (2, 1, 50.0, 20, 21)
    comments = [row[4] for row in comments_sheet.iter_rows(values_only=True)]
    assert "Ý kiến của 0201001" in comments


def test_it_lists_ballots_and_creates_one(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    new = reverse("surveys:ballot_create", args=["NQ4-XII"])
    assert client.get(new).status_code == 200
    r = client.post(new, {"template_key": "resolution-agreement", "title": "",
                          "owner": str(campaign.province.h01.pk), "anonymous": "on"})
    assert r.status_code == 302
    listing = client.get(reverse("surveys:ballot_list", args=["NQ4-XII"])).content.decode()
    assert "Phiếu lấy ý kiến về Nghị quyết được học tập, quán triệt" in listing
    # The outsider sees neither H01's ballot nor can create one for H01.
    out = client_for(campaign.province.outsider)
    assert "Đảng bộ huyện Cái Bè" not in out.get(
        reverse("surveys:ballot_list", args=["NQ4-XII"])).content.decode()
    r = out.post(new, {"template_key": "resolution-agreement",
                       "owner": str(campaign.province.h01.pk)})
    assert r.status_code == 400


def test_it_lists_members_who_have_not_answered(campaign, answered, client_for):
    url = reverse("surveys:ballot_not_answered", args=[answered.pk])
    body = client_for(campaign.province.officer_h01).get(url).content.decode()
    # H01's roll (not exempt): An, Ân, Hòa, Đức; An, Ân and Hòa answered online.
    assert "Võ Minh Đức" in body and "Nguyễn Văn An" not in body
    assert "Lê Hoàng Bình" not in body  # exempt
    out = client_for(campaign.province.outsider)
    body = out.get(url).content.decode()
    assert "Đặng Thị Mai" in body and "Võ Minh Đức" not in body
    assert out.get(url, {"unit": "H01"}).status_code == 404
    xlsx = client_for(campaign.province.admin).get(url, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    names = [row[1] for row in book.worksheets[0].iter_rows(values_only=True)][1:]
    assert sorted(names) == ["Võ Minh Đức", "Đặng Thị Mai"]
