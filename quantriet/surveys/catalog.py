"""Ready-made questionnaires (templates), created through
services.questionnaire_create_from_template.

Texts are English msgids translated when the questionnaire is created: a questionnaire's
questions are data, stored in the site's language (Vietnamese).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Purpose, QuestionKind

# A question spec: {"kind", "text", "section"?, "key"?, "required"?, "options"?: [labels],
# "help_text"?}. scale5 questions get the 5-point agreement options automatically.
TEMPLATES: dict[str, dict] = {
    # The seed: "most cadres and members highly agree with the resolution's viewpoints,
    # objectives, tasks and solutions", gathered by ballot at the conferences.
    "resolution-agreement": {
        "label": _("Agreement with the resolution (viewpoints, objectives, tasks, solutions)"),
        "title": _("Opinion ballot on the resolution studied"),
        "description": _(
            "Please tick one level of agreement for each part of the resolution. "
            "The ballot is anonymous."),
        "purpose": Purpose.BALLOT,
        "anonymous": True,
        "questions": [
            {"kind": QuestionKind.SCALE5, "key": "viewpoints",
             "section": _("Agreement with the resolution"),
             "text": _("The viewpoints set out in the resolution")},
            {"kind": QuestionKind.SCALE5, "key": "objectives",
             "section": _("Agreement with the resolution"),
             "text": _("The objectives set out in the resolution")},
            {"kind": QuestionKind.SCALE5, "key": "tasks",
             "section": _("Agreement with the resolution"),
             "text": _("The tasks set out in the resolution")},
            {"kind": QuestionKind.SCALE5, "key": "solutions",
             "section": _("Agreement with the resolution"),
             "text": _("The solutions set out in the resolution")},
            {"kind": QuestionKind.SINGLE, "key": "understanding",
             "section": _("After studying"),
             "text": _("How well do you now grasp the main contents of the resolution?"),
             "options": [_("Firmly"), _("Fairly well"), _("Partly"), _("Not yet")]},
            {"kind": QuestionKind.TEXT, "key": "comment", "required": False,
             "section": _("After studying"),
             "text": _("Other opinions and proposals (if any)")},
        ],
    },
    # The inspectors' evaluation of a session when the class ends (issue 5, item 4).
    "session-evaluation": {
        "label": _("Inspector's evaluation of a study session"),
        "title": _("Evaluation of a study session"),
        "description": _("Filled in by the inspector when the class ends."),
        "purpose": Purpose.EVALUATION,
        "anonymous": False,
        "questions": [
            {"kind": QuestionKind.SINGLE, "key": "attendance_discipline",
             "text": _("Attendance discipline"),
             "options": [_("Good"), _("Fair"), _("Average"), _("Poor")]},
            {"kind": QuestionKind.SINGLE, "key": "preparation",
             "text": _("Preparation (venue, documents, equipment)"),
             "options": [_("Good"), _("Fair"), _("Average"), _("Poor")]},
            {"kind": QuestionKind.SINGLE, "key": "discussion_quality",
             "text": _("Quality of discussion"),
             "options": [_("Good"), _("Fair"), _("Average"), _("Poor")]},
            {"kind": QuestionKind.SINGLE, "key": "overall_rating",
             "text": _("Overall rating"),
             "options": [_("Good"), _("Fair"), _("Average"), _("Poor")]},
            {"kind": QuestionKind.TEXT, "key": "remarks", "required": False,
             "text": _("Remarks")},
        ],
    },
}


def template_choices(purpose: str | None = None) -> list[tuple[str, str]]:
    return [(key, str(t["label"])) for key, t in TEMPLATES.items()
            if purpose is None or t["purpose"] == purpose]
