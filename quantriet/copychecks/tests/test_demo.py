from quantriet.copychecks import demo
from quantriet.copychecks.models import CopyCluster, CopyMatch, ReferenceText

from .factories import honest_text, make_report


def _reports(campaign, n=12):
    from quantriet.orgs.models import Member
    from quantriet.orgs.services import member_create

    p = campaign.province
    for i in range(n):
        member = member_create(actor=None, unit=p.c2, member_id=f"09{i:05d}",
                               card_no=f"D{i}", full_name=f"Đảng Viên Thử {i}",
                               birth_date=None, gender="M", status="full", exempt=False,
                               exempt_reason="")
        make_report(campaign.campaign, member, honest_text(500 + i))
    return Member.objects.count()


def test_it_plants_copies_and_checks_the_demo_reports(campaign):
    _reports(campaign)
    demo.load(campaign.campaign, seed=1)
    assert set(ReferenceText.objects.values_list("kind", flat=True)) == {"sample",
                                                                          "resolution"}
    assert CopyMatch.objects.filter(kind="reference").count() == demo.PLANT_SAMPLE
    assert CopyMatch.objects.filter(kind="pair").count() >= demo.PLANT_PAIRS
    assert CopyCluster.objects.filter(source_reference__isnull=False).count() == 1
    before = CopyMatch.objects.count()
    demo.load(campaign.campaign, seed=1)  # idempotent
    assert CopyMatch.objects.count() == before


def test_it_does_nothing_without_learning_reports(campaign):
    demo.load(campaign.campaign, seed=1)
    assert not ReferenceText.objects.exists()
