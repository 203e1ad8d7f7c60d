from quantriet.surveys.services import paper_count_set

from .factories import seed_ballot


def test_it_lists_only_the_users_questionnaires_and_counts(campaign, client_for):
    p = campaign.province
    ballot = seed_ballot(campaign, owner=p.h01, actor=p.officer_h01)
    ballot.title = "Phiếu của huyện Cái Bè"
    ballot.save()
    province_ballot = seed_ballot(campaign)
    paper_count_set(actor=p.admin, questionnaire=province_ballot, bridge_point=campaign.bp1,
                    ballots=5, counts={})
    client = client_for(p.outsider)
    body = client.get("/admin/surveys/questionnaire/").content.decode()
    assert province_ballot.code in body and "Phiếu của huyện Cái Bè" not in body
    body = client.get("/admin/surveys/papercount/").content.decode()
    assert "Cái Bè" not in body
    assert client_for(p.admin).get("/admin/surveys/questionnaire/add/").status_code == 403
    assert "Phiếu của huyện Cái Bè" in client_for(p.officer_h01).get(
        "/admin/surveys/questionnaire/").content.decode()
