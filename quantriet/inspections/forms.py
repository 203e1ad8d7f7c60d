from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _session_label(meeting, point) -> str:
    when = timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")
    where = point.name if point is not None else (meeting.location or meeting.title)
    return f"{when} · {where} · {meeting.title}"


class AssignForm(forms.Form):
    """Send an inspector to a session: a bridge point ("bp:<pk>") or a whole meeting
    without bridge points ("m:<pk>")."""

    session = forms.ChoiceField(label=_("Session"), choices=())
    inspector = forms.ChoiceField(label=_("Inspector"), choices=())

    def __init__(self, *args, sessions, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {}
        choices = []
        for meeting, point in sessions:
            key = f"bp:{point.pk}" if point is not None else f"m:{meeting.pk}"
            self.sessions[key] = (meeting, point)
            choices.append((key, _session_label(meeting, point)))
        self.fields["session"].choices = [("", "—")] + choices
        self.inspectors = {str(u.pk): u for u in inspectors}
        self.fields["inspector"].choices = [("", "—")] + [
            (pk, f"{u.get_full_name() or u.username} ({u.username})")
            for pk, u in self.inspectors.items()]

    def clean(self):
        data = super().clean()
        if "session" in data:
            data["meeting"], data["bridge_point"] = self.sessions[data["session"]]
        if "inspector" in data:
            data["inspector_user"] = self.inspectors[data["inspector"]]
        return data


class FormChoiceForm(forms.Form):
    questionnaire = forms.ChoiceField(label=_("Evaluation form"), choices=())

    def __init__(self, *args, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaires = {str(q.pk): q for q in questionnaires}
        self.fields["questionnaire"].choices = [
            (pk, f"{q.title} ({q.code})") for pk, q in self.questionnaires.items()]
