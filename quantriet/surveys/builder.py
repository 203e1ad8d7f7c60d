"""A questionnaire typed as plain text, one line per question or option:

    ## Section title
    [đồng ý] The viewpoints set out in the resolution
    [chọn một] How did you study?
    - Online conference
    - In-person class
    [chọn nhiều, không bắt buộc] What would help?
    - More documents
    - Discussion groups
    [số] How many hours did you spend?
    [ý kiến, không bắt buộc] Other opinions

Kinds (Vietnamese or English, accents optional): chọn một / single, chọn nhiều / multiple,
đồng ý / scale5 (the 5-point agreement scale, options added automatically), số / number,
ý kiến / text. "không bắt buộc" / "optional" after a comma makes the answer optional.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quantriet.lib import vntext

from .models import QuestionKind

KINDS = {
    "chon mot": QuestionKind.SINGLE, "single": QuestionKind.SINGLE,
    "chon nhieu": QuestionKind.MULTIPLE, "multiple": QuestionKind.MULTIPLE,
    "dong y": QuestionKind.SCALE5, "muc do dong y": QuestionKind.SCALE5,
    "scale5": QuestionKind.SCALE5, "agreement": QuestionKind.SCALE5,
    "so": QuestionKind.NUMBER, "number": QuestionKind.NUMBER,
    "y kien": QuestionKind.TEXT, "text": QuestionKind.TEXT,
}
OPTIONAL = {"khong bat buoc", "optional"}
QUESTION = re.compile(r"^\[([^\]]+)\]\s*(.*)$")
MAX_QUESTIONS = 100
MAX_OPTIONS = 30


def _fail(line: int, message: str) -> ValidationError:
    return ValidationError(_("Line %(line)s: %(reason)s") % {"line": line, "reason": message})


def parse_questions(text: str) -> list[dict]:
    """Question specs for services.questionnaire_create; ValidationError naming the line."""
    specs: list[dict] = []
    section = ""
    errors: list[ValidationError] = []
    for number, raw in enumerate(vntext.nfc(text or "").splitlines(), start=1):
        line = vntext.clean(raw)
        if not line:
            continue
        if line.startswith("#"):
            section = line.lstrip("#").strip()[:255]
            continue
        if line.startswith(("-", "•", "*")):
            label = line.lstrip("-•* ").strip()
            if not specs:
                errors.append(_fail(number, _("an option comes before any question.")))
            elif specs[-1]["kind"] not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                errors.append(_fail(number, _("only choice questions have options.")))
            elif not label:
                errors.append(_fail(number, _("the option is empty.")))
            elif len(specs[-1]["options"]) >= MAX_OPTIONS:
                errors.append(_fail(number, _("at most %(n)s options per question.") % {
                    "n": MAX_OPTIONS}))
            else:
                specs[-1]["options"].append(label[:255])
            continue
        match = QUESTION.match(line)
        if match is None:
            errors.append(_fail(number, _(
                "start a question with its kind in brackets, e.g. “[chọn một] …”, or an "
                "option with “-”.")))
            continue
        words = [vntext.fold(w) for w in match.group(1).split(",")]
        kind = KINDS.get(words[0])
        if kind is None:
            errors.append(_fail(number, _("unknown kind “%(kind)s”.") % {
                "kind": match.group(1).split(",")[0].strip()}))
            continue
        if any(w not in OPTIONAL for w in words[1:]):
            errors.append(_fail(number, _("after the kind only “không bắt buộc” may follow.")))
            continue
        if not match.group(2).strip():
            errors.append(_fail(number, _("the question has no text.")))
            continue
        specs.append({"kind": kind, "text": match.group(2).strip(), "section": section,
                      "required": not words[1:], "options": [], "line": number})
    for spec in specs:
        if spec["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and \
                len(spec["options"]) < 2:
            errors.append(_fail(spec["line"], _("a choice question needs at least two "
                                                "options, one per line starting with “-”.")))
    if not specs and not errors:
        errors.append(ValidationError(_("Type at least one question.")))
    if len(specs) > MAX_QUESTIONS:
        errors.append(ValidationError(_("At most %(n)s questions.") % {"n": MAX_QUESTIONS}))
    if errors:
        raise ValidationError(errors)
    for spec in specs:
        spec.pop("line")
    return specs
