"""Forms of the surveys app. `questionnaire_form` builds the form of any questionnaire; other
apps (inspections' evaluation form) use it too."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .builder import parse_questions
from .catalog import template_choices
from .models import Purpose, QuestionKind, Questionnaire


class QuestionnaireForm(forms.Form):
    """A form whose fields are a questionnaire's questions, named "q<question pk>".

    `sections()` yields (section title, [bound fields]) in question order, for templates.
    """

    def __init__(self, *args, questionnaire: Questionnaire, questions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = questions
        for q in questions:
            self.fields[q.field_name] = _field_for(q)

    def sections(self) -> list[tuple[str, list]]:
        grouped: list[tuple[str, list]] = []
        for q in self.questions:
            if not grouped or grouped[-1][0] != q.section:
                grouped.append((q.section, []))
            grouped[-1][1].append(self[q.field_name])
        return grouped


def _field_for(question) -> forms.Field:
    common = {"label": question.text, "required": question.required,
              "help_text": question.help_text}
    choices = [(str(o.pk), o.label) for o in question.options.all()]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE5):
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple,
                                         **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2,
                                  min_value=question.min_value, max_value=question.max_value,
                                  widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
                                  **common)
    return forms.CharField(max_length=5000, strip=True,
                           widget=forms.Textarea(attrs={"rows": 4}), **common)


def questionnaire_form(questionnaire: Questionnaire, data=None, **kwargs) -> QuestionnaireForm:
    """The Django form of a questionnaire (labels are the questions' texts, Vietnamese
    validation messages). Give its `cleaned_data` to services.response_submit."""
    questions = list(questionnaire.questions.prefetch_related("options").order_by("order"))
    return QuestionnaireForm(data, questionnaire=questionnaire, questions=questions, **kwargs)


CUSTOM = "custom"


class BallotCreateForm(forms.Form):
    template_key = forms.ChoiceField(label=_("Template"), choices=())
    title = forms.CharField(label=_("Title"), max_length=500, required=False,
                            help_text=_("Leave empty to use the template's title."))
    questions = forms.CharField(
        label=_("Questions (for a ballot of your own)"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One question per line, its kind in brackets: [chọn một], [chọn nhiều], "
                    "[đồng ý] (5-point agreement), [số], [ý kiến]; add “, không bắt buộc” "
                    "inside the brackets for an optional answer. Options of a choice "
                    "question on the following lines, each starting with “-”. A line "
                    "starting with “##” begins a section."))
    owner = forms.ChoiceField(label=_("Owning unit"), choices=())
    anonymous = forms.BooleanField(label=_("Anonymous ballot"), required=False, initial=True)
    opens_at = forms.DateTimeField(label=_("Opens at"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes at"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_key"].choices = [
            *template_choices(Purpose.BALLOT),
            (CUSTOM, _("A ballot of your own (type the questions)"))]
        self.fields["owner"].choices = [(str(u.pk), u.name) for u in units]

    def clean(self):
        data = super().clean()
        if data.get("template_key") == CUSTOM:
            if not data.get("title"):
                self.add_error("title", _("A ballot of your own needs a title."))
            try:
                data["question_specs"] = parse_questions(data.get("questions", ""))
            except ValidationError as e:
                self.add_error("questions", e)
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class PaperCountForm(forms.Form):
    """The counts of one bridge point: ballots collected and, per option of each choice
    question, the ballots that ticked it (fields "ballots" and "o<option pk>")."""

    ballots = forms.IntegerField(label=_("Ballots collected"), min_value=0,
                                 max_value=1_000_000)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            for o in q.options.all():
                self.fields[f"o{o.pk}"] = forms.IntegerField(
                    label=o.label, min_value=0, max_value=1_000_000, required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def rows(self):
        """[(question, [(option, bound field)])] for the template."""
        return [(q, [(o, self[f"o{o.pk}"]) for o in q.options.all()]) for q in self.questions]

    def clean(self):
        data = super().clean()
        ballots = data.get("ballots")
        if ballots is None:
            return data
        for q in self.questions:
            counts = [data.get(f"o{o.pk}") or 0 for o in q.options.all()]
            if q.kind == QuestionKind.MULTIPLE:
                too_many = [o for o, c in zip(q.options.all(), counts, strict=True)
                            if c > ballots]
                for o in too_many:
                    self.add_error(f"o{o.pk}", _(
                        "More ballots ticked this option than ballots collected."))
            elif sum(counts) > ballots:
                first = q.options.all()[0]
                self.add_error(f"o{first.pk}", _(
                    "Question “%(question)s”: %(total)s answers counted but only "
                    "%(ballots)s ballots collected.") % {
                        "question": q.text, "total": sum(counts), "ballots": ballots})
        return data
