"""Objects of district H01 for the global outsider walk."""

from __future__ import annotations

import datetime

from quantriet.conftest import make_user


def h01_objects(campaign) -> dict:
    from quantriet.inspections.services import assignment_create, evaluation_record
    from quantriet.surveys.forms import questionnaire_form

    p = campaign.province
    inspector = make_user("kiem_tra_cai_be", unit=p.h01, kind="inspector")
    inspector.first_name = "Trương Văn Kiểm"
    inspector.save(update_fields=["first_name"])
    a = assignment_create(actor=p.admin, meeting=campaign.conference, bridge_point=campaign.bp1,
                          inspector=inspector)
    setup = a.campaign.evaluation_setup
    form = questionnaire_form(setup.questionnaire)
    data = {}
    for q in form.questions:
        options = list(q.options.all())
        data[q.field_name] = str(options[0].pk) if options else "Buổi học Cái Bè nghiêm túc"
    form = questionnaire_form(setup.questionnaire, data)
    assert form.is_valid(), form.errors
    evaluation_record(actor=inspector, assignment=a, cleaned_data=form.cleaned_data,
                      now=a.ends_at + datetime.timedelta(minutes=1))
    return {"params": {"<int:assignment_pk>": str(a.pk)},
            "secrets": ["Trương Văn Kiểm", "Buổi học Cái Bè nghiêm túc"]}
