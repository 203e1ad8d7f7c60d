"""Pages and selectors run a fixed number of queries, however many units and answers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quantriet.orgs.services import unit_create
from quantriet.surveys.services import response_submit

from .factories import cleaned, seed_ballot


def count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_it_does_not_query_per_unit_or_answer(campaign, client_for):
    p = campaign.province
    ballot = seed_ballot(campaign)
    client = client_for(p.admin)
    url = reverse("surveys:ballot_detail", args=[ballot.pk])
    before = count(client, url, level=3)
    for i in range(8):
        unit_create(actor=None, code=f"H01-X01-C1{i}", name=f"Chi bộ ấp mới {i}",
                    parent=p.h01x01, kind="cell")
    for member_id in ("0101001", "0101002", "0101004", "0201001"):
        response_submit(actor=None, questionnaire=ballot, member=p.members[member_id],
                        cleaned_data=cleaned(ballot, comment="Góp ý"))
    after = count(client, url, level=3)
    assert after == before <= 20
    listing = reverse("surveys:ballot_list", args=["NQ4-XII"])
    one = count(client, listing)
    seed_ballot(campaign, owner=p.h01)
    seed_ballot(campaign, owner=p.h02)
    assert count(client, listing) == one
