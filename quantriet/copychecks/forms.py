from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MatchKind, MatchStatus, ReferenceKind


class FlagFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + MatchStatus.choices)
    kind = forms.ChoiceField(label=_("Kind of flag"), required=False,
                             choices=[("", _("All"))] + MatchKind.choices)


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=MatchStatus.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReferenceUploadForm(forms.Form):
    files = MultipleFileField(label=_("Files (.txt or .docx)"),
                              widget=MultipleFileInput(attrs={"accept": ".txt,.docx"}),
                              required=False)
    kind = forms.ChoiceField(label=_("Kind of text"), choices=ReferenceKind.choices,
                             initial=ReferenceKind.SAMPLE)
