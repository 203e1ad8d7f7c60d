from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FigureSource


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BuildForm(forms.Form):
    source = forms.ChoiceField(label=_("Figures from"), choices=FigureSource.choices,
                               initial=FigureSource.LIVE)


class ReportForm(forms.Form):
    superior_body = forms.CharField(label=_("Superior body"), max_length=255, required=False)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=255)
    number = forms.RegexField(label=_("Number"), regex=r"^[0-9]{0,6}$", max_length=6,
                              required=False,
                              error_messages={"invalid": _("The number is digits only.")})
    issuer_code = forms.CharField(label=_("Issuer code (like HU)"), max_length=20)
    place = forms.CharField(label=_("Place"), max_length=100)
    dated_on = forms.DateField(label=_("Date"), widget=_date_widget(), required=False)
    narrative_text = forms.CharField(label=_("Narrative"), widget=forms.Textarea(
        attrs={"rows": 18}), required=False)
    recipients = forms.CharField(label=_("Recipients (one per line)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    signer_for = forms.CharField(label=_("Signing on behalf of (like T/M BAN THƯỜNG VỤ)"),
                                 max_length=100)
    signer_title = forms.CharField(label=_("Signer's title (like BÍ THƯ)"), max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=255, required=False)


class FigureForm(forms.Form):
    section = forms.CharField(max_length=40)
    row = forms.CharField(max_length=60)
    column = forms.CharField(max_length=120)
    value = forms.CharField(label=_("New value"), max_length=30)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must be changed"), widget=forms.Textarea(
        attrs={"rows": 3}))
