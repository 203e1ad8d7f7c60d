import json

from quantriet.surveys.models import PaperCount
from quantriet.surveys.services import response_submit

from .factories import cleaned, seed_ballot


def test_it_gives_the_results_to_an_officer(campaign, client_for):
    p = campaign.province
    ballot = seed_ballot(campaign)
    response_submit(actor=None, questionnaire=ballot, member=p.members["0101001"],
                    cleaned_data=cleaned(ballot))
    response_submit(actor=None, questionnaire=ballot, member=p.members["0201001"],
                    cleaned_data=cleaned(ballot, scale=2))
    data = client_for(p.officer_h01).get(f"/api/ballots/{ballot.pk}/results").json()
    assert data["unit"] == "H01" and data["answers"] == 1
    assert data["questions"][0]["options"][0] == {
        "label": "Hoàn toàn đồng ý", "online": 1, "paper": 0, "count": 1, "percent": "100.0"}
    whole = client_for(p.admin).get(f"/api/ballots/{ballot.pk}/results").json()
    assert whole["unit"] == "T01" and whole["answers"] == 2
    outsider = client_for(p.outsider)
    assert outsider.get(f"/api/ballots/{ballot.pk}/results?unit=H01").status_code == 404
    assert outsider.get(f"/api/ballots/{ballot.pk}/results").json()["answers"] == 1
    assert client_for(p.member_c1).get(f"/api/ballots/{ballot.pk}/results").status_code == 404


def test_it_takes_paper_counts_from_a_device(campaign, client_for):
    p = campaign.province
    ballot = seed_ballot(campaign)
    option = ballot.questions.get(key="viewpoints").options.get(order=1)
    url = f"/api/ballots/{ballot.pk}/paper/{campaign.bp1.pk}"
    body = {"ballots": 30, "counts": [{"option_id": option.pk, "count": 25}]}
    r = client_for(p.officer_h01).put(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 200 and r.json() == {"bridge_point": "DC-H01", "ballots": 30}
    too_many = {"ballots": 3, "counts": [{"option_id": option.pk, "count": 25}]}
    r = client_for(p.officer_h01).put(url, json.dumps(too_many),
                                      content_type="application/json")
    assert r.status_code == 422 and "chỉ thu về 3 phiếu" in r.json()["detail"]
    r = client_for(p.outsider).put(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 404
    assert PaperCount.objects.get().ballots == 30
