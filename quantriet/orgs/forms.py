from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quantriet import uploads
from quantriet.lib import vntext

from .models import Gender, ImportKind, Member, MemberStatus, Unit


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    unit = forms.CharField(label=_("Unit code"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(MemberStatus.choices))
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=[("", _("All"))] + list(Gender.choices))
    exempt = forms.ChoiceField(label=_("Exempt from activities"), required=False, choices=[
        ("", _("All")), ("yes", _("Exempt only")), ("no", _("Not exempt"))])
    active = forms.ChoiceField(label=_("On the roll"), required=False, choices=[
        ("", _("Active members")), ("no", _("Former members")), ("all", _("All"))])


class UnitChoiceField(forms.CharField):
    """A unit typed by its code, resolved inside a queryset the view scopes."""

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(*args, max_length=50, **kwargs)

    def clean(self, value):
        value = vntext.clean(super().clean(value))
        if not value:
            return None
        unit = self.queryset.filter(code=value).first() if self.queryset is not None else None
        if unit is None:
            raise forms.ValidationError(_("No unit with code %(code)s that you manage."),
                                        params={"code": value})
        return unit


class TransferForm(forms.Form):
    to_unit = UnitChoiceField(label=_("Destination unit (code)"))
    on = forms.DateField(label=_("Transfer date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note (decision number…)"), required=False, max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units


class UnitMoveForm(forms.Form):
    new_parent = UnitChoiceField(label=_("New parent unit (code)"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = units


class MemberEditForm(forms.ModelForm):
    """A member's own data. The unit changes by transfer, the roll status by removal."""

    class Meta:
        model = Member
        fields = ["card_no", "full_name", "birth_date", "gender", "status", "exempt",
                  "exempt_reason"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        data = super().clean()
        if data.get("exempt") and not vntext.clean(data.get("exempt_reason")):
            self.add_error("exempt_reason", _("Give the reason for the exemption."))
        return data


class RemoveFromRollForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason (death, leaving the Party, decision number…)"),
                             max_length=200)


class UnitCreateForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind"]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_file(self):
        return check_import_file(self.cleaned_data["file"])


def check_import_file(f):
    """An uploaded table for an import: .csv or .xlsx within IMPORT_MAX_BYTES, whose content
    matches its name (quantriet.uploads)."""
    if uploads.extension(f.name) not in uploads.KIND_EXTENSIONS["table"]:
        raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
    return uploads.check_file(f, "table")


class EraseForm(forms.Form):
    """Erasure of a member's personal data: the member id typed again, and the request."""

    confirm = forms.CharField(label=_("Type the member id to confirm"), max_length=32)
    reason = forms.CharField(
        label=_("Request (date, how it was made; no personal data)"), max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, member_id: str = "", **kwargs):
        self.member_id = member_id
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = vntext.clean(self.cleaned_data["confirm"])
        if value != self.member_id:
            raise forms.ValidationError(
                _("The member id typed does not match this member's (%(id)s)."),
                params={"id": self.member_id})
        return value

    def clean_reason(self):
        return vntext.clean(self.cleaned_data["reason"])
