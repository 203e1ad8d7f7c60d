from quantriet.copychecks import selectors, services
from quantriet.copychecks.models import CopyMatch


def test_it_counts_flags_per_unit_subtree(campaign, checked, django_assert_max_num_queries):
    p = campaign.province
    inside = CopyMatch.objects.get(a__member__member_id="0101001")
    services.match_decide(actor=p.admin, match=inside, status="dismissed", note="Trùng hợp")
    units = [p.t01, p.h01, p.c1, p.c2, p.h02, p.c3]
    with django_assert_max_num_queries(2):
        figures = selectors.report_figures(campaign.campaign, units)
    assert figures[p.t01.pk] == {"flagged": 3, "confirmed": 0, "dismissed": 1,
                                 "pending": 2, "clusters": 0}
    # H01: the dismissed pair no longer flags 0101001/0101004; 0101002 (pair across
    # districts) and 0101005 (sample) still do.
    assert figures[p.h01.pk] == {"flagged": 2, "confirmed": 0, "dismissed": 1,
                                 "pending": 2, "clusters": 0}
    assert figures[p.c1.pk] == {"flagged": 1, "confirmed": 0, "dismissed": 1,
                                "pending": 1, "clusters": 0}
    assert figures[p.c2.pk]["flagged"] == 1
    assert figures[p.h02.pk] == {"flagged": 1, "confirmed": 0, "dismissed": 0,
                                 "pending": 1, "clusters": 0}
    assert figures[p.c3.pk] == figures[p.h02.pk]


def test_it_counts_clusters(campaign, planted):
    from .factories import SAMPLE, make_report

    p = campaign.province
    for member_id in ("0101003", "0201002"):
        make_report(campaign.campaign, p.members[member_id], SAMPLE)
    services.check_campaign(actor=None, campaign=campaign.campaign)
    figures = selectors.report_figures(campaign.campaign, [p.t01, p.h01, p.h02, p.c1])
    # One group (0101003 in C1, 0101005 in C2, 0201002 in H02), counted once per unit.
    assert [figures[u.pk]["clusters"] for u in (p.t01, p.h01, p.h02, p.c1)] == [1, 1, 1, 1]
    assert figures[p.t01.pk]["flagged"] == 7
