"""Forms of the meetings pages. Units and people are typed by code and username (a
province has a thousand units: no drop-down of them), and every code is looked up through
the access module, so a code outside the user's reach reads as unknown."""

from __future__ import annotations

import re

from django import forms
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quantriet.accounts.models import User
from quantriet.lib import vntext
from quantriet.orgs import access

from .models import MeetingKind, NonMemberCategory

_SEPARATORS = re.compile(r"[\s,;]+")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def split_codes(text: str) -> list[str]:
    """Codes typed in one box, separated by commas, semicolons, spaces or lines."""
    seen: list[str] = []
    for code in _SEPARATORS.split(vntext.clean(text)):
        if code and code not in seen:
            seen.append(code)
    return seen


def _units(user, codes: list[str], *, write: bool):
    """The units of `codes` the user may see (write=True: change); ValidationError naming
    the others, whether missing or out of reach."""
    units, unknown = [], []
    for code in codes:
        try:
            units.append(access.access_unit(user, code=code, write=write))
        except Http404:
            unknown.append(code)
    if unknown:
        raise forms.ValidationError(
            gettext("Unknown unit code (or a unit outside your responsibility): %(codes)s.")
            % {"codes": ", ".join(unknown)})
    return units


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingCreateForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, to_field_name="code",
                                      empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    code = forms.CharField(label=_("Meeting code"), max_length=50,
                           help_text=_("Short and unique, for example HNTT-01 or HB-X01-01."))
    title = forms.CharField(label=_("Meeting title"), max_length=500)
    organiser = forms.CharField(label=_("Organising unit (code)"), max_length=50)
    starts_at = forms.DateTimeField(label=_("Starts at"), input_formats=DATETIME_FORMATS,
                                    widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False,
                                  input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput())
    location = forms.CharField(label=_("Place of the meeting"), max_length=255, required=False)
    offered_units = forms.CharField(
        label=_("Offered to the members of units (codes)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Make-up class only: the members of these units not yet covered are "
                    "expected. Empty: the organising unit."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["campaign"].queryset = access.campaigns_visible_to(user).order_by(
            "-roll_date", "code")
        self.fields["campaign"].label_from_instance = lambda c: f"{c.code} — {c.title}"

    def clean_organiser(self):
        return _units(self.user, [vntext.clean(self.cleaned_data["organiser"])], write=True)[0]

    def clean_offered_units(self):
        codes = split_codes(self.cleaned_data.get("offered_units", ""))
        return _units(self.user, codes, write=True)

    def clean(self):
        data = super().clean()
        if data.get("kind") != MeetingKind.MAKEUP and data.get("offered_units"):
            self.add_error("offered_units", gettext("Only a make-up class is offered to "
                                                    "chosen units."))
        return data


class BridgePointCreateForm(forms.Form):
    code = forms.CharField(label=_("Bridge point code"), max_length=50)
    name = forms.CharField(label=_("Bridge point name"), max_length=255)
    host = forms.CharField(label=_("Host unit (code)"), max_length=50)
    address = forms.CharField(label=_("Bridge point address"), max_length=255, required=False)
    expected_units = forms.CharField(
        label=_("Units whose members are expected here (codes)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Empty: the host unit."))
    operators = forms.CharField(
        label=_("Operators (user names)"), required=False,
        help_text=_("The accounts that take attendance at this bridge point."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_host(self):
        return _units(self.user, [vntext.clean(self.cleaned_data["host"])], write=False)[0]

    def clean_expected_units(self):
        return _units(self.user, split_codes(self.cleaned_data.get("expected_units", "")),
                      write=False)

    def clean_operators(self):
        names = split_codes(self.cleaned_data.get("operators", ""))
        users = list(User.objects.filter(username__in=names, is_active=True))
        missing = sorted(set(names) - {u.username for u in users})
        if missing:
            raise forms.ValidationError(gettext("Unknown user names: %(names)s.")
                                        % {"names": ", ".join(missing)})
        return users


class AddMemberForm(forms.Form):
    member_id = forms.CharField(label=_("Member id"), max_length=32)


class NonMemberForm(forms.Form):
    """The head counts of quần chúng at a bridge point, one field per category."""

    def __init__(self, *args, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        for value, label in NonMemberCategory.choices:
            self.fields[value] = forms.IntegerField(
                label=label, min_value=0, max_value=1_000_000, initial=current.get(value, 0),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def changed_counts(self) -> dict[str, int]:
        """The categories whose value differs from the stored one (an unset category
        left at 0 is not written)."""
        changed = {}
        for category, value in self.cleaned_data.items():
            if category in self.current:
                if value != self.current[category]:
                    changed[category] = value
            elif value:
                changed[category] = value
        return changed
