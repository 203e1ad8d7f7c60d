"""Personal data held by the surveys app: which ballots a member took part in and, for
ballots that are not anonymous, their answers (see quantriet/orgs/privacy.py). An
anonymous ballot's response has no respondent, so nothing here can reach its answers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section, erased_text

from .models import Answer, Participation, Response

MODELS = {
    "surveys.Participation": "exported (which questionnaire, when); kept on erasure (the "
                             "turnout counts it)",
    "surveys.Response": "a non-anonymous response of the member: exported; kept on erasure "
                        "(the tallies count it). submitted_by (a user): kept, pseudonymised",
    "surveys.Answer": "answers of the member's non-anonymous responses: exported; erasure "
                      "replaces free texts, keeps options and numbers (counted)",
    "surveys.Questionnaire": "created_by is an officer (a user): kept, pseudonymised",
    "surveys.PaperCount": "updated_by is an operator (a user): kept, pseudonymised",
    "surveys.TallyCorrection": "changed_by is an operator (a user): kept, pseudonymised",
}
OWNED = ("surveys.Response",)


def _responses(member):
    # respondent is NULL on every anonymous response: the filter never reaches one.
    return Response.objects.filter(respondent=member, questionnaire__anonymous=False)


def member_data(member, user) -> list[Section]:
    taken = Section("participations", _("Questionnaires taken part in"), [
        ("questionnaire", _("Questionnaire")), ("title", _("Title")),
        ("created_at", _("Time"))])
    for p in (Participation.objects.filter(member=member).select_related("questionnaire")
              .order_by("created_at", "pk")):
        taken.rows.append({"questionnaire": p.questionnaire.code,
                           "title": p.questionnaire.title, "created_at": p.created_at})
    answers = Section("answers", _("Answers (questionnaires that are not anonymous)"), [
        ("questionnaire", _("Questionnaire")), ("submitted_on", _("Submitted on")),
        ("question", _("Question")), ("answer", _("Answer"))])
    rows = (Answer.objects.filter(response__in=_responses(member))
            .select_related("response__questionnaire", "question", "option")
            .order_by("response__submitted_on", "question__order", "pk"))
    for a in rows:
        value = a.option.label if a.option_id else (a.number if a.number is not None
                                                    else a.text)
        answers.rows.append({"questionnaire": a.response.questionnaire.code,
                             "submitted_on": a.response.submitted_on,
                             "question": a.question.text, "answer": value})
    return [taken, answers]


def member_data_erase(member, user) -> dict[str, int]:
    texts = (Answer.objects.filter(response__in=_responses(member)).exclude(text="")
             .update(text=erased_text()))
    return {"answer_texts": texts}


def audit_refs(member, user) -> list[tuple[str, list[str]]]:
    return [("surveys.response", [str(pk) for pk in _responses(member)
                                  .values_list("pk", flat=True)])]
