"""Shared by the inspections tests: a second meeting, an inspector, a filled-in form."""

from __future__ import annotations

import datetime

from quantriet.meetings.models import Meeting
from quantriet.meetings.services import meeting_create
from quantriet.surveys.forms import questionnaire_form

UTC = datetime.UTC


def a_class(campaign, code: str, starts_at: datetime.datetime, hours: int = 2,
            organiser=None) -> Meeting:
    p = campaign.province
    return meeting_create(actor=p.admin, campaign=campaign.campaign, code=code,
                          kind="in_person", title=f"Lớp học {code}",
                          organiser=organiser or p.h01x01, starts_at=starts_at,
                          ends_at=starts_at + datetime.timedelta(hours=hours),
                          location=f"Hội trường {code}")


def answers(questionnaire, rating: str = "Tốt", remarks: str = "Nghiêm túc") -> dict:
    """POST data for the evaluation form: `rating` for the choice questions."""
    form = questionnaire_form(questionnaire)
    data = {}
    for q in form.questions:
        options = {o.label: o.pk for o in q.options.all()}
        if options:
            data[q.field_name] = str(options.get(rating, next(iter(options.values()))))
        else:
            data[q.field_name] = remarks
    return data


def cleaned(questionnaire, **kwargs) -> dict:
    form = questionnaire_form(questionnaire, answers(questionnaire, **kwargs))
    assert form.is_valid(), form.errors
    return form.cleaned_data
