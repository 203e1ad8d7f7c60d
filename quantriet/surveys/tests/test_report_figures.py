from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.surveys.selectors import report_figures
from quantriet.surveys.services import paper_count_set, response_submit

from .factories import cleaned, seed_ballot


def test_it_gives_the_figures_of_every_unit_in_a_few_queries(campaign):
    p = campaign.province
    ballot = seed_ballot(campaign)
    local = seed_ballot(campaign, owner=p.h02)  # a ballot of district H02 only
    for member_id in ("0101001", "0101004", "0201001"):
        response_submit(actor=None, questionnaire=ballot, member=p.members[member_id],
                        cleaned_data=cleaned(ballot))
    strongly = ballot.questions.get(key="viewpoints").options.get(order=1)
    paper_count_set(actor=p.admin, questionnaire=ballot, bridge_point=campaign.bp1,
                    ballots=12, counts={strongly.pk: 11})
    units = [p.t01, p.h01, p.c1, p.c2, p.h02, p.c3]
    with CaptureQueriesContext(connection) as ctx:
        figures = report_figures(campaign.campaign, units)
    assert len(ctx.captured_queries) <= 10
    t01 = figures[p.t01.pk]["ballots"]
    assert [b["code"] for b in t01] == [ballot.code, local.code]
    main = t01[0]
    assert main["title"] == ballot.title and main["answers"] == 3 + 12
    viewpoints = main["questions"][0]
    assert viewpoints["text"] == "Các quan điểm mà Nghị quyết đề ra"
    assert viewpoints["options"][0] == {"label": "Hoàn toàn đồng ý", "count": 3 + 11}
    assert viewpoints["answered"] == 3 + 11  # one paper ballot left it blank
    assert len(main["questions"]) == 5  # four agreement questions and one single choice
    h01 = figures[p.h01.pk]["ballots"]
    assert [b["code"] for b in h01] == [ballot.code]  # H02's ballot is not H01's business
    assert h01[0]["answers"] == 2 + 12
    assert figures[p.c1.pk]["ballots"][0]["answers"] == 1
    assert figures[p.c2.pk]["ballots"][0]["answers"] == 1
    assert figures[p.h02.pk]["ballots"][0]["answers"] == 1
    assert figures[p.h02.pk]["ballots"][1]["answers"] == 0
    assert figures[p.c3.pk]["ballots"][0]["questions"][0]["options"][0]["count"] == 1


def test_it_answers_for_a_campaign_without_ballots(campaign):
    p = campaign.province
    assert report_figures(campaign.campaign, [p.t01]) == {p.t01.pk: {"ballots": []}}
