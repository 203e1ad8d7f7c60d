from django.urls import reverse

from quantriet.conftest import make_user
from quantriet.meetings.services import bridge_point_create
from quantriet.surveys.models import PaperCount, PaperTally, TallyCorrection

from .factories import seed_ballot


def entry_url(ballot, bp):
    return reverse("surveys:paper_entry", args=[ballot.pk, bp.pk])


def counts(ballot, ballots, viewpoints=(), understanding=()):
    """POST data: ballots collected, then counts per option (by order) of two questions."""
    data = {"ballots": str(ballots)}
    for key, values in (("viewpoints", viewpoints), ("understanding", understanding)):
        q = ballot.questions.get(key=key)
        for o, n in zip(q.options.order_by("order"), values, strict=False):
            data[f"o{o.pk}"] = str(n)
    return data


def test_it_records_paper_counts_and_logs_corrections(campaign, client_for):
    p = campaign.province
    ballot = seed_ballot(campaign)
    client = client_for(p.officer_h01)
    page = client.get(entry_url(ballot, campaign.bp1))
    assert page.status_code == 200 and "Hoàn toàn đồng ý" in page.content.decode()
    r = client.post(entry_url(ballot, campaign.bp1), counts(ballot, 40, (30, 8, 2)))
    assert r.status_code == 302
    paper = PaperCount.objects.get(questionnaire=ballot, bridge_point=campaign.bp1)
    assert paper.ballots == 40 and paper.unit == p.h01
    strongly = ballot.questions.get(key="viewpoints").options.get(order=1)
    assert PaperTally.objects.get(paper_count=paper, option=strongly).count == 30
    # A correction: 30 -> 31 strongly agree, 8 -> 7 agree.
    client.post(entry_url(ballot, campaign.bp1), counts(ballot, 40, (31, 7, 2)))
    assert PaperTally.objects.get(paper_count=paper, option=strongly).count == 31
    change = TallyCorrection.objects.get(paper_count=paper, option=strongly, old=30)
    assert change.new == 31 and change.changed_by == p.officer_h01
    body = client.get(entry_url(ballot, campaign.bp1)).content.decode()
    assert "Nhật ký sửa đổi" in body and 'value="31"' in body


def test_it_refuses_more_answers_than_ballots(campaign, client_for):
    ballot = seed_ballot(campaign)
    client = client_for(campaign.province.officer_h01)
    r = client.post(entry_url(ballot, campaign.bp1), counts(ballot, 10, (8, 5)))
    assert r.status_code == 400
    assert "chỉ thu về 10 phiếu" in r.content.decode()
    assert not PaperCount.objects.exists()


def test_it_lets_an_operator_count_only_their_bridge_point(campaign, client_for):
    p = campaign.province
    operator = make_user("operator_x01")
    bp3 = bridge_point_create(actor=p.admin, meeting=campaign.conference, code="DC-X01",
                              name="Điểm cầu xã An Hữu", host=p.h01x01,
                              expected_units=[p.h01x01], operators=[operator])
    ballot = seed_ballot(campaign)
    client = client_for(operator)
    listing = client.get(reverse("surveys:paper_list", args=[ballot.pk])).content.decode()
    assert "Điểm cầu xã An Hữu" in listing and "Điểm cầu huyện Cái Bè" not in listing
    assert client.post(entry_url(ballot, bp3), counts(ballot, 5, (5,))).status_code == 302
    assert client.post(entry_url(ballot, campaign.bp1), counts(ballot, 5, (5,))).status_code \
        == 404
    assert list(PaperCount.objects.values_list("bridge_point_id", flat=True)) == [bp3.pk]
    mine = client.get(reverse("surveys:my_ballots")).content.decode()
    assert reverse("surveys:paper_list", args=[ballot.pk]) in mine


def test_it_hides_paper_counts_from_another_district(campaign, client_for):
    ballot = seed_ballot(campaign)
    client_for(campaign.province.officer_h01).post(entry_url(ballot, campaign.bp1),
                                                  counts(ballot, 40, (30,)))
    client = client_for(campaign.province.outsider)
    assert client.get(entry_url(ballot, campaign.bp1)).status_code == 404
    assert client.post(entry_url(ballot, campaign.bp1),
                       counts(ballot, 1, (1,))).status_code == 404
    listing = client.get(reverse("surveys:paper_list", args=[ballot.pk])).content.decode()
    assert "Cái Bè" not in listing and "Châu Thành" in listing
    assert PaperCount.objects.get().ballots == 40


def test_it_shows_a_correction_made_without_a_user(campaign, client_for):
    """Counts loaded by a script (the demo, an import) have no user: the log says "–"."""
    p = campaign.province
    ballot = seed_ballot(campaign)
    client = client_for(p.officer_h01)
    client.post(entry_url(ballot, campaign.bp1), counts(ballot, 40, (30, 8, 2)))
    client.post(entry_url(ballot, campaign.bp1), counts(ballot, 40, (31, 7, 2)))
    TallyCorrection.objects.update(changed_by=None)
    page = client.get(entry_url(ballot, campaign.bp1))
    assert page.status_code == 200
    assert "<td>–</td>" in page.content.decode()
