import datetime

import pytest

from quantriet.campaigns.services import campaign_create, document_register
from quantriet.demo.generator import generate_province
from quantriet.learning import demo
from quantriet.learning.models import ActionPlan, LearningReport, ReportStatus, Topic
from quantriet.learning.selectors import report_figures
from quantriet.orgs.models import Unit


@pytest.fixture
def small_campaign(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    generate_province(seed=7, members=2_000, code="TG", name="Đảng bộ tỉnh Tiền Giang")
    resolution = document_register(actor=None, number="04-NQ/TW",
                                   issued_on=datetime.date(2016, 10, 30), title="Nghị quyết")
    return campaign_create(actor=None, code="NQ4-DEMO", title="Học tập Nghị quyết",
                           owner=Unit.objects.get(code="TG"),
                           roll_date=datetime.date(2016, 12, 2), resolution=resolution)


def _snapshot(campaign):
    return sorted(LearningReport.objects.filter(campaign=campaign)
                  .values_list("member__member_id", "status", "grade", "is_late", "text"))


def test_it_loads_consistent_demo_reports_once_and_deterministically(small_campaign):
    demo.load(small_campaign, seed=7)
    figures = report_figures(small_campaign, [small_campaign.owner])[small_campaign.owner.pk]
    assert 0.6 < figures["submitted"] / figures["expected"] < 0.85
    assert figures["graded"] + figures["returned"] + figures["not_graded"] == \
        figures["submitted"]
    assert sum(figures["by_grade"].values()) == figures["graded"]
    assert figures["late"] > 0 and figures["returned"] > 0
    assert 0 < figures["plans_reviewed"] < figures["plans"]
    assert Topic.objects.filter(campaign=small_campaign).count() == 8
    assert LearningReport.objects.filter(status=ReportStatus.DRAFT).exists()  # demo member
    first = _snapshot(small_campaign)
    demo.load(small_campaign, seed=7)  # a second run adds nothing
    assert _snapshot(small_campaign) == first
    LearningReport.objects.all().delete()
    ActionPlan.objects.all().delete()
    from quantriet.learning.models import LearningSettings

    LearningSettings.objects.all().delete()
    Topic.objects.all().delete()
    demo.load(small_campaign, seed=7)
    assert _snapshot(small_campaign) == first
