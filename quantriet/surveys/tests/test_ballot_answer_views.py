from django.urls import reverse

from quantriet.surveys.models import Answer, Participation, Response

from .factories import answers, seed_ballot


def url(ballot):
    return reverse("surveys:ballot_answer", args=[ballot.pk])


def test_it_shows_the_ballot_on_a_phone_page(campaign, client_for):
    ballot = seed_ballot(campaign)
    response = client_for(campaign.province.member_c1).get(url(ballot))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Các quan điểm mà Nghị quyết đề ra" in body
    assert "Hoàn toàn đồng ý" in body and 'type="radio"' in body
    assert "Phiếu không ghi tên" in body or "không ghi tên" in body


def test_it_records_an_anonymous_answer_once(campaign, client_for):
    p = campaign.province
    ballot = seed_ballot(campaign)
    client = client_for(p.member_c1)
    first = client.post(url(ballot), answers(ballot, comment="Cần học thêm"))
    assert first.status_code == 302
    again = client.post(url(ballot), answers(ballot, scale=5), follow=True)
    assert "đã trả lời" in again.content.decode()
    assert Response.objects.filter(questionnaire=ballot).count() == 1
    stored = Response.objects.get(questionnaire=ballot)
    assert stored.respondent_id is None and stored.submitted_by_id is None
    assert Participation.objects.filter(questionnaire=ballot,
                                        member=p.members["0101001"]).count() == 1
    assert Answer.objects.get(response=stored, question__key="comment").text == "Cần học thêm"
    assert Answer.objects.get(response=stored, question__key="viewpoints").option.label == (
        "Hoàn toàn đồng ý")


def test_it_shows_vietnamese_errors_on_a_missing_answer(campaign, client_for):
    ballot = seed_ballot(campaign)
    data = answers(ballot)
    data.pop(ballot.questions.get(key="tasks").field_name)
    response = client_for(campaign.province.member_c1).post(url(ballot), data)
    assert response.status_code == 400
    assert "bắt buộc" in response.content.decode()
    assert not Response.objects.exists()


def test_it_refuses_answers_to_a_closed_ballot(campaign, client_for):
    import datetime

    from django.utils import timezone

    ballot = seed_ballot(campaign)
    ballot.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    ballot.save()
    client = client_for(campaign.province.member_c1)
    assert "không mở" in client.get(url(ballot)).content.decode()
    client.post(url(ballot), answers(ballot))
    assert not Response.objects.exists()


def test_it_lists_my_ballots(campaign, client_for):
    ballot = seed_ballot(campaign)
    client = client_for(campaign.province.member_c1)
    body = client.get(reverse("surveys:my_ballots")).content.decode()
    assert ballot.title in body and url(ballot) in body
    client.post(url(ballot), answers(ballot))
    body = client.get(reverse("surveys:my_ballots")).content.decode()
    assert "Đã trả lời" in body and url(ballot) not in body


def test_it_hides_a_ballot_from_members_outside_the_owner(campaign, client_for):
    from quantriet.conftest import make_user

    p = campaign.province
    ballot = seed_ballot(campaign, owner=p.h01)
    h02_member = make_user("member_h02", unit=p.c3, kind="member",
                           member=p.members["0201001"])
    client = client_for(h02_member)
    assert client.get(url(ballot)).status_code == 404
    assert client.post(url(ballot), answers(ballot)).status_code == 404
    assert ballot.title not in client.get(reverse("surveys:my_ballots")).content.decode()
    # An officer without a member record cannot answer either.
    assert client_for(p.outsider).get(url(ballot)).status_code == 404
    assert not Response.objects.exists()


def test_it_shows_when_a_ballot_opens(campaign, client_for):
    import datetime

    from django.utils import timezone

    ballot = seed_ballot(campaign)
    ballot.opens_at = timezone.now() + datetime.timedelta(days=1)
    ballot.save()
    client = client_for(campaign.province.member_c1)
    body = client.get(reverse("surveys:my_ballots")).content.decode()
    assert "Mở lúc" in body and url(ballot) not in body
    client.post(url(ballot), answers(ballot))
    assert not Response.objects.exists()
