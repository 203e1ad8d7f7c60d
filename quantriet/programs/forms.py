from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quantriet.campaigns.services import parse_doc_number
from quantriet.orgs.models import Unit
from quantriet.uploads import UploadField

from .models import AnswerKind


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def task_units(program):
    """Units a task can be assigned to: the program's unit and the units directly below."""
    return (Unit.objects.filter(active=True)
            .filter(Q(pk=program.unit_id) | Q(parent_id=program.unit_id))
            .order_by("depth", "code"))


class UnitLabelMixin:
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class UnitField(UnitLabelMixin, forms.ModelChoiceField):
    pass


class UnitsField(UnitLabelMixin, forms.ModelMultipleChoiceField):
    pass


class ProgramStartForm(forms.Form):
    unit = UnitField(label=_("Party unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title (optional)"), max_length=500, required=False)
    from_parent = forms.BooleanField(
        label=_("Build from the superior unit's adopted program (sections and tasks)"),
        required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Text: one section per numbered heading (1., 2., 2.1 …)"), required=False,
        widget=forms.Textarea(attrs={"rows": 18}))
    file = UploadField(label=_("Or import a Word file (.docx)"), required=False, kind="word")
    note = forms.CharField(label=_("What changed (optional)"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise ValidationError(_("Type the text or choose a Word file."))
        return data


class RoundForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=_date_widget())
    closes_on = forms.DateField(label=_("Closes on"), widget=_date_widget())


class CommentForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=None)
    text = forms.CharField(label=_("Your comment"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    on_behalf_of = UnitField(label=_("On behalf of"), queryset=Unit.objects.none(),
                             required=False, empty_label=_("Myself (as a member)"))

    def __init__(self, *args, sections=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections
        self.fields["section"].label_from_instance = (
            lambda s: f"{s.number}. {s.heading}"[:120])
        if units is not None:
            self.fields["on_behalf_of"].queryset = units
        else:
            del self.fields["on_behalf_of"]


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Answer"), choices=AnswerKind.choices)
    text = forms.CharField(label=_("Explanation"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AdoptForm(forms.Form):
    adopted_by = forms.CharField(label=_("Adopting body"), max_length=255)
    adopted_on = forms.DateField(label=_("Date adopted"), widget=_date_widget())
    document_number = forms.CharField(label=_("Document number (like 05-CTr/HU)"),
                                      max_length=40)

    def clean_document_number(self):
        number = parse_doc_number(self.cleaned_data["document_number"])
        if number.type_code != "CTr":
            raise ValidationError(_("The type of an action program's number is CTr "
                                    "(like 05-CTr/HU)."))
        return str(number)


class TaskForm(forms.Form):
    content = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitField(label=_("Lead unit"), queryset=Unit.objects.none())
    cooperating = UnitsField(label=_("Co-operating units"), queryset=Unit.objects.none(),
                             required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=_date_widget())
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = task_units(program)
        self.fields["lead_unit"].queryset = units
        self.fields["cooperating"].queryset = units


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    evidence = UploadField(label=_("Evidence (PDF, Word, Excel, image)"), required=False,
                           kind="evidence")
