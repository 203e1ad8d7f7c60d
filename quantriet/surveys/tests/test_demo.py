import time

import pytest

from quantriet.campaigns.models import Campaign
from quantriet.demo.campaign import load_seed_campaign
from quantriet.demo.generator import generate_province
from quantriet.orgs.models import Unit
from quantriet.surveys import demo
from quantriet.surveys.models import Participation, Questionnaire, Response
from quantriet.surveys.selectors import report_figures


@pytest.fixture
def demo_campaign(db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The province and campaign without the other apps' demo data (this test times ours).
    monkeypatch.setattr("quantriet.demo.extensions.EXTENSIONS", ())
    generate_province(seed=2016, members=3_000, code="TG", name="Đảng bộ tỉnh Tiền Giang")
    load_seed_campaign(province_code="TG", seed=2016)
    return Campaign.objects.get(code="NQ4-XII-TG")


def test_it_loads_a_ballot_answered_online_and_on_paper(demo_campaign):
    started = time.perf_counter()
    demo.load(demo_campaign, seed=2016)
    assert time.perf_counter() - started < 5
    ballot = Questionnaire.objects.get(campaign=demo_campaign)
    online = Response.objects.filter(questionnaire=ballot).count()
    assert online == Participation.objects.filter(questionnaire=ballot).count() > 200
    assert not Response.objects.filter(respondent__isnull=False).exists()
    province = Unit.objects.get(code="TG")
    figures = report_figures(demo_campaign, [province])[province.pk]["ballots"][0]
    assert figures["answers"] > online  # paper ballots too
    first = figures["questions"][0]["options"]
    assert first[0]["label"] == "Hoàn toàn đồng ý"
    assert first[0]["count"] > sum(o["count"] for o in first[1:])  # most highly agree
    demo.load(demo_campaign, seed=2016)  # idempotent
    assert Questionnaire.objects.filter(campaign=demo_campaign).count() == 1
