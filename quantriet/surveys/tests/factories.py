"""Test helpers of the surveys app."""

from __future__ import annotations

from quantriet.surveys.forms import questionnaire_form
from quantriet.surveys.models import Question
from quantriet.surveys.services import questionnaire_create_from_template


def seed_ballot(campaign, *, owner=None, anonymous=True, actor=None):
    """The seed's ballot on the fixture campaign (owned by the province by default)."""
    p = campaign.province
    return questionnaire_create_from_template(
        actor=actor or p.admin, template_key="resolution-agreement",
        campaign=campaign.campaign, owner=owner or p.t01, anonymous=anonymous)


def option_pk(questionnaire, key: str, order: int) -> str:
    q = Question.objects.get(questionnaire=questionnaire, key=key)
    return str(q.options.get(order=order).pk)


def answers(questionnaire, scale: int = 1, understanding: int = 1, comment: str = "") -> dict:
    """POST data (or cleaned_data) of the seed ballot: every agreement question at option
    `scale` (1 = strongly agree)."""
    data = {}
    for q in questionnaire.questions.all():
        if q.key in ("viewpoints", "objectives", "tasks", "solutions"):
            data[q.field_name] = option_pk(questionnaire, q.key, scale)
        elif q.key == "understanding":
            data[q.field_name] = option_pk(questionnaire, q.key, understanding)
        elif q.key == "comment":
            data[q.field_name] = comment
    return data


def cleaned(questionnaire, **kwargs) -> dict:
    form = questionnaire_form(questionnaire, answers(questionnaire, **kwargs))
    assert form.is_valid(), form.errors
    return form.cleaned_data
