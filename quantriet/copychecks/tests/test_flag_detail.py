from quantriet.accounts.models import AuditEntry
from quantriet.copychecks.models import CopyMatch

from .factories import make_report


def _url(match):
    return f"/campaigns/NQ4-XII/copies/{match.pk}/"


def test_it_shows_the_two_texts_with_the_shared_passages(campaign, checked, client_for):
    flag = CopyMatch.objects.get(a__member__member_id="0101001")
    response = client_for(campaign.province.officer_h01).get(_url(flag))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<mark ") >= 2
    assert "Nguyễn Văn An" in body and "Phạm Thị Thu Hòa" in body
    assert response.context["passages"] >= 1
    assert response.context["share_a"] > 0.9


def test_it_escapes_the_texts(campaign, checked, client_for):
    p = campaign.province
    evil = "<script>alert(1)</script> " + checked["x"]
    make_report(campaign.campaign, p.members["0101004"], evil)
    flag = CopyMatch.objects.get(a__member__member_id="0101001")
    body = client_for(p.admin).get(_url(flag)).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_it_shows_a_reference_copy(campaign, checked, client_for):
    flag = CopyMatch.objects.get(kind="reference")
    response = client_for(campaign.province.officer_h01).get(_url(flag))
    assert response.status_code == 200
    assert "Bài mẫu 1" in response.content.decode()
    assert response.context["share_b"] > 0.9


def test_it_records_a_decision_with_a_note(campaign, checked, client_for):
    p = campaign.province
    flag = CopyMatch.objects.get(a__member__member_id="0101001")
    response = client_for(p.officer_h01).post(_url(flag), {
        "status": "confirmed", "note": "Đã đối chiếu, chép nguyên văn"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.note, flag.decided_by) == (
        "confirmed", "Đã đối chiếu, chép nguyên văn", p.officer_h01)
    entry = AuditEntry.objects.get(action="copycheck.decide")
    assert entry.actor == p.officer_h01 and entry.after["status"] == "confirmed"


def test_it_wants_a_reason_to_dismiss(campaign, checked, client_for):
    flag = CopyMatch.objects.get(a__member__member_id="0101001")
    response = client_for(campaign.province.officer_h01).post(
        _url(flag), {"status": "dismissed", "note": "  "})
    assert response.status_code == 400
    assert "Hãy nêu lý do" in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "pending"


def test_it_hides_the_pair_from_those_who_cannot_see_both(campaign, checked, client_for):
    p = campaign.province
    across = CopyMatch.objects.get(a__member__member_id="0101002")
    inside = CopyMatch.objects.get(a__member__member_id="0101001")
    assert client_for(p.officer_h01).get(_url(across)).status_code == 404
    assert client_for(p.outsider).get(_url(across)).status_code == 404
    assert client_for(p.secretary_c1).get(_url(inside)).status_code == 404
    response = client_for(p.outsider).post(_url(inside), {"status": "dismissed",
                                                          "note": "x"})
    assert response.status_code == 404
    inside.refresh_from_db()
    assert inside.status == "pending"
    assert client_for(p.member_c1).get(_url(inside)).status_code == 403
