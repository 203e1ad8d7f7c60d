import pytest
from django.core.exceptions import ValidationError

from quantriet.accounts.models import AuditEntry
from quantriet.surveys.forms import questionnaire_form
from quantriet.surveys.models import Answer, Participation, Question, Response
from quantriet.surveys.services import questionnaire_create_from_template, response_submit

from .factories import cleaned, seed_ballot


def test_it_builds_the_seed_template(campaign):
    ballot = seed_ballot(campaign)
    kinds = list(ballot.questions.values_list("key", "kind"))
    assert kinds == [("viewpoints", "scale5"), ("objectives", "scale5"), ("tasks", "scale5"),
                     ("solutions", "scale5"), ("understanding", "single"),
                     ("comment", "text")]
    scale = Question.objects.get(questionnaire=ballot, key="viewpoints")
    assert list(scale.options.values_list("label", "value")) == [
        ("Hoàn toàn đồng ý", 5), ("Đồng ý", 4), ("Phân vân", 3), ("Không đồng ý", 2),
        ("Hoàn toàn không đồng ý", 1)]
    assert "quan điểm" in scale.text
    assert ballot.anonymous and ballot.purpose == "ballot"


def test_it_builds_the_evaluation_template(campaign):
    p = campaign.province
    form = questionnaire_create_from_template(
        actor=p.admin, template_key="session-evaluation", campaign=campaign.campaign,
        owner=p.h01)
    overall = form.questions.get(key="overall_rating")
    assert list(overall.options.values_list("label", flat=True)) == [
        "Tốt", "Khá", "Trung bình", "Yếu"]
    assert not form.anonymous and form.purpose == "evaluation"


def test_it_refuses_an_unknown_template(campaign):
    with pytest.raises(ValidationError):
        questionnaire_create_from_template(actor=None, template_key="nope",
                                           campaign=campaign.campaign,
                                           owner=campaign.province.t01)


def test_it_validates_the_form_in_vietnamese(campaign):
    ballot = seed_ballot(campaign)
    form = questionnaire_form(ballot, {})
    assert not form.is_valid()
    viewpoints = ballot.questions.get(key="viewpoints")
    assert "bắt buộc" in str(form.errors[viewpoints.field_name])
    comment = ballot.questions.get(key="comment")
    assert comment.field_name not in form.errors


def test_it_keeps_no_link_between_member_and_anonymous_answers(campaign):
    p = campaign.province
    ballot = seed_ballot(campaign)
    member = p.members["0101001"]
    response = response_submit(actor=p.member_c1, questionnaire=ballot, member=member,
                               cleaned_data=cleaned(ballot, comment="Rất thiết thực"))
    response.refresh_from_db()
    assert response.respondent is None and response.submitted_by is None
    assert response.submitted_at is None and response.unit == p.c1
    assert Participation.objects.filter(questionnaire=ballot, member=member).exists()
    assert Answer.objects.filter(response=response).count() == 6
    audit = AuditEntry.objects.get(action="response_submit")
    assert audit.object_id == str(ballot.pk) and str(response.pk) not in str(audit.after)


def test_it_refuses_a_second_anonymous_answer(campaign):
    p = campaign.province
    ballot = seed_ballot(campaign)
    member = p.members["0101001"]
    response_submit(actor=p.member_c1, questionnaire=ballot, member=member,
                    cleaned_data=cleaned(ballot))
    with pytest.raises(ValidationError, match="đã trả lời"):
        response_submit(actor=p.member_c1, questionnaire=ballot, member=member,
                        cleaned_data=cleaned(ballot, scale=5))
    assert Response.objects.filter(questionnaire=ballot).count() == 1
    assert Answer.objects.filter(response__questionnaire=ballot).count() == 5


def test_it_names_the_respondent_of_a_named_ballot(campaign):
    p = campaign.province
    ballot = seed_ballot(campaign, anonymous=False)
    member = p.members["0101002"]
    response = response_submit(actor=None, questionnaire=ballot, member=member,
                               cleaned_data=cleaned(ballot))
    assert response.respondent == member and response.submitted_at is not None
    with pytest.raises(ValidationError):
        response_submit(actor=None, questionnaire=ballot, member=member,
                        cleaned_data=cleaned(ballot))


def test_it_refuses_a_member_outside_the_owner(campaign):
    p = campaign.province
    ballot = seed_ballot(campaign, owner=p.h01)
    with pytest.raises(ValidationError):
        response_submit(actor=None, questionnaire=ballot, member=p.members["0201001"],
                        cleaned_data=cleaned(ballot))


def test_it_records_an_evaluation_without_a_member(campaign):
    p = campaign.province
    form = questionnaire_create_from_template(
        actor=p.admin, template_key="session-evaluation", campaign=campaign.campaign,
        owner=p.h01)
    good = str(form.questions.get(key="overall_rating").options.get(order=1).pk)
    data = {q.field_name: str(q.options.first().pk) for q in form.questions.all()
            if q.kind == "single"}
    data[form.questions.get(key="overall_rating").field_name] = good
    data[form.questions.get(key="remarks").field_name] = "Lớp học nghiêm túc"
    f = questionnaire_form(form, data)
    assert f.is_valid(), f.errors
    r1 = response_submit(actor=p.inspector_h01, questionnaire=form, member=None, unit=p.c1,
                         cleaned_data=f.cleaned_data, source="evaluation")
    r2 = response_submit(actor=p.inspector_h01, questionnaire=form, member=None, unit=p.c2,
                         cleaned_data=f.cleaned_data, source="evaluation")
    assert r1.pk != r2.pk and r1.submitted_by == p.inspector_h01
    assert Answer.objects.get(response=r1, question__key="remarks").text == "Lớp học nghiêm túc"


def test_it_refuses_answers_when_closed(campaign):
    import datetime

    from django.utils import timezone

    ballot = seed_ballot(campaign)
    ballot.closes_at = timezone.now() - datetime.timedelta(hours=1)
    ballot.save()
    with pytest.raises(ValidationError, match="không mở"):
        response_submit(actor=None, questionnaire=ballot,
                        member=campaign.province.members["0101001"],
                        cleaned_data=cleaned(ballot))
