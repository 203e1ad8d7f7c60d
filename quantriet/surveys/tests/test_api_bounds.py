"""Paper counts past what a database integer holds: a 422 naming the field, not a 500
("integer out of range" on PostgreSQL; found by quantriet/api/tests/test_fuzz.py)."""

import json

from quantriet.surveys.models import PaperCount

from .factories import seed_ballot


def test_it_refuses_paper_counts_too_large_for_the_database(campaign, client_for):
    ballot = seed_ballot(campaign)
    option = ballot.questions.get(key="viewpoints").options.get(order=1)
    client = client_for(campaign.province.officer_h01)
    url = f"/api/ballots/{ballot.pk}/paper/{campaign.bp1.pk}"
    for body, field in [({"ballots": 2**35, "counts": []}, "ballots"),
                        ({"ballots": 30, "counts": [{"option_id": option.pk, "count": 2**35}]},
                         "counts[0].count")]:
        response = client.put(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 422, response.content[:300]
        assert f"trường «{field}» (trong nội dung) phải không quá 2147483647" in (
            response.json()["detail"])
    assert not PaperCount.objects.exists()
