"""evaluation_record: once, by the questionnaire engine, only after the session ended."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from quantriet.accounts.models import AuditEntry
from quantriet.inspections.models import Evaluation
from quantriet.inspections.services import (
    assignment_cancel,
    assignment_create,
    evaluation_record,
    evaluation_setup,
)
from quantriet.surveys.models import Answer, Response
from quantriet.surveys.services import questionnaire_create_from_template

from .helpers import cleaned


@pytest.fixture
def assigned(campaign):
    p = campaign.province
    return assignment_create(actor=p.officer_h01, meeting=campaign.conference,
                             bridge_point=campaign.bp1, inspector=p.inspector_h01)


def test_it_refuses_an_evaluation_before_the_session_ends(campaign, assigned):
    questionnaire = assigned.campaign.evaluation_setup.questionnaire
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        evaluation_record(actor=campaign.province.inspector_h01, assignment=assigned,
                          cleaned_data=cleaned(questionnaire),
                          now=assigned.ends_at - datetime.timedelta(minutes=1))
    assert not Evaluation.objects.exists() and not Response.objects.exists()


def test_it_records_the_evaluation_once_with_its_rating(campaign, assigned):
    p = campaign.province
    questionnaire = assigned.campaign.evaluation_setup.questionnaire
    labels = list(questionnaire.questions.get(key="overall_rating").options
                  .values_list("label", flat=True))
    assert labels == ["Tốt", "Khá", "Trung bình", "Yếu"]
    after = assigned.ends_at + datetime.timedelta(minutes=5)
    evaluation = evaluation_record(actor=p.inspector_h01, assignment=assigned,
                                   cleaned_data=cleaned(questionnaire, rating="Khá",
                                                        remarks="Thảo luận sôi nổi"),
                                   now=after)
    evaluation.refresh_from_db()
    assert (evaluation.rating, evaluation.submitted_by, evaluation.submitted_at) == (
        "Khá", p.inspector_h01, after)
    response = evaluation.response
    assert (response.unit, response.source, response.respondent) == (p.h01, "evaluation", None)
    assert Answer.objects.filter(response=response, text="Thảo luận sôi nổi").count() == 1
    assert Answer.objects.filter(response=response, option__label="Khá").count() == 4
    assert AuditEntry.objects.filter(action="inspection.evaluate").count() == 1
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        evaluation_record(actor=p.inspector_h01, assignment=assigned,
                          cleaned_data=cleaned(questionnaire), now=after)
    assert Evaluation.objects.count() == 1 and Response.objects.count() == 1
    with pytest.raises(ValidationError):
        assignment_cancel(actor=p.officer_h01, assignment=assigned)


def test_it_lets_the_campaign_choose_another_evaluation_form(campaign, assigned):
    p = campaign.province
    other = questionnaire_create_from_template(
        actor=p.admin, template_key="session-evaluation", campaign=campaign.campaign,
        owner=p.t01, title="Phiếu đánh giá rút gọn")
    setup = evaluation_setup(actor=p.admin, campaign=campaign.campaign, questionnaire=other)
    assert setup.questionnaire == other
    evaluation_record(actor=p.inspector_h01, assignment=assigned,
                      cleaned_data=cleaned(other), now=assigned.ends_at)
    assert Evaluation.objects.get().response.questionnaire == other
    # Once evaluations exist, the form is fixed.
    with pytest.raises(ValidationError, match="không thể thay đổi"):
        evaluation_setup(actor=p.admin, campaign=campaign.campaign,
                         questionnaire=questionnaire_create_from_template(
                             actor=p.admin, template_key="session-evaluation",
                             campaign=campaign.campaign, owner=p.t01))


def test_it_refuses_a_form_without_an_overall_rating(campaign):
    p = campaign.province
    ballot = questionnaire_create_from_template(
        actor=p.admin, template_key="resolution-agreement", campaign=campaign.campaign,
        owner=p.t01)
    with pytest.raises(ValidationError):
        evaluation_setup(actor=p.admin, campaign=campaign.campaign, questionnaire=ballot)
