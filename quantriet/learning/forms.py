from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from quantriet.lib import vntext
from quantriet.uploads import UploadField

from .extract import MAX_TEXT_CHARS
from .models import CellRating, ScaleKind


class DraftForm(forms.Form):
    text = forms.CharField(label=_("Your learning report"), required=False,
                           max_length=MAX_TEXT_CHARS, strip=False,
                           widget=forms.Textarea(attrs={"rows": 18}))


class UploadForm(forms.Form):
    file = UploadField(label=_("Word (.docx) or text (.txt) file"), kind="text")


class PaperForm(forms.Form):
    submitted_on = forms.DateField(label=_("Handed in on"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Text (optional: type or paste it)"), required=False,
                           max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 8}))
    scan = UploadField(label=_("Scan (optional)"), required=False, kind="scan")


class ExcuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class GradeForm(forms.Form):
    DECISIONS = [("grade", _("Grade")), ("return", _("Return for rework"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS,
                                 widget=forms.RadioSelect, initial="grade")
    grade = forms.ChoiceField(label=_("Grade"), required=False)
    feedback = forms.CharField(label=_("Feedback to the member"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, grades: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "—"), *grades]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "grade" and not data.get("grade"):
            self.add_error("grade", _("Choose a grade."))
        if data.get("decision") == "return" and not (data.get("feedback") or "").strip():
            self.add_error("feedback", _("Say what the member should rework."))
        return data


class SettingsForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline for learning reports"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    scale_kind = forms.ChoiceField(label=_("Grade scale"), choices=ScaleKind.choices)
    grades = forms.CharField(
        label=_("Grades, best first (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}))
    topics = forms.CharField(
        label=_("Required topics: one per line, «topic: keyword, keyword, …»"),
        widget=forms.Textarea(attrs={"rows": 10}))

    def clean_grades(self) -> list[str]:
        return [vntext.clean(g) for g in self.cleaned_data["grades"].splitlines()
                if vntext.clean(g)]

    def clean_topics(self) -> list[tuple[str, list[str]]]:
        topics = []
        for number, line in enumerate(self.cleaned_data["topics"].splitlines(), start=1):
            line = vntext.clean(line)
            if not line:
                continue
            name, sep, words = line.partition(":")
            if not sep or not name.strip() or not words.strip():
                raise forms.ValidationError(
                    _("Line %(n)s: write «topic: keyword, keyword, …».") % {"n": number})
            topics.append((name.strip(), [w.strip() for w in words.split(",") if w.strip()]))
        return topics


class AllocateForm(forms.Form):
    graders = forms.ModelMultipleChoiceField(label=_("Graders"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, graders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graders"].queryset = graders
        self.fields["graders"].label_from_instance = lambda u: u.get_full_name() or u.username


class ImportForm(forms.Form):
    file = UploadField(label=_("File (.csv, .xlsx or .zip)"), kind="reports")


class PlanForm(forms.Form):
    duties = forms.CharField(label=_("Your duties (post, tasks assigned)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(forms.Form):
    what = forms.CharField(label=_("Commitment"), max_length=500, required=False)
    due_on = forms.DateField(label=_("By"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))
    measure = forms.CharField(label=_("Measure of success"), max_length=500, required=False)


CommitmentFormSet = formset_factory(CommitmentForm, extra=2, max_num=20)


class SelfAssessForm(forms.Form):
    self_assessment = forms.CharField(label=_("Your self-assessment"),
                                      widget=forms.Textarea(attrs={"rows": 4}))


class CellAssessForm(forms.Form):
    cell_rating = forms.ChoiceField(label=_("The cell's assessment"),
                                    choices=CellRating.choices)
    cell_assessment = forms.CharField(label=_("Comments"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
