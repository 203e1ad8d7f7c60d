"""Web upload of a meeting's sign-in sheet, run synchronously (a sheet is small)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from quantriet.orgs import access
from quantriet.orgs.forms import check_import_file

from . import imports
from .models import BridgePoint, Meeting


class SheetUploadForm(forms.Form):
    bridge_point = forms.ChoiceField(label=_("Bridge point"), required=False)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def __init__(self, *args, points: dict[str, BridgePoint], optional: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["bridge_point"]
        choices = [(code, f"{p.code} · {p.name}") for code, p in points.items()]
        if optional:
            choices.insert(0, ("", _("As in the file's bridge point column")))
        field.choices = choices
        field.required = not optional
        if not points:
            del self.fields["bridge_point"]

    def clean_file(self):
        return check_import_file(self.cleaned_data["file"])


def _uploadable(user, meeting: Meeting) -> tuple[dict[str, BridgePoint], bool]:
    """(bridge points the user may import a sheet for, is an officer of the organiser).
    Http404 when the user may do neither."""
    organiser = access.can_write_unit(user, meeting.organiser)
    points = imports.operable_bridge_points(user, meeting)
    if not organiser and not points:
        raise Http404
    return dict(sorted(points.items())), organiser


@login_required
def sheet_upload(request: HttpRequest, code: str) -> HttpResponse:
    meeting = access.access_meeting(request.user, code)
    points, organiser = _uploadable(request.user, meeting)
    # The organiser's officers may leave the bridge point to the file, or have no bridge
    # point to choose at a meeting without any.
    optional = organiser
    context: dict = {"meeting": meeting}
    status = 200
    if request.method == "POST":
        chosen = request.POST.get("bridge_point", "")
        if chosen and chosen not in points:
            raise Http404  # a bridge point the user does not operate: as if missing
        form = SheetUploadForm(request.POST, request.FILES, points=points, optional=optional)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            point = points.get(form.cleaned_data.get("bridge_point") or "")
            try:
                context["result"] = imports.import_sheet(
                    actor=request.user, meeting=meeting, data=upload.read(),
                    filename=upload.name, bridge_point=point)
                context["filename"] = upload.name
                form = SheetUploadForm(points=points, optional=optional,
                                       initial={"bridge_point": chosen})
            except imports.ImportFailed as e:
                context["errors"] = e.errors
                context["filename"] = upload.name
                status = 400
        else:
            status = 400
    else:
        form = SheetUploadForm(points=points, optional=optional)
    context["form"] = form
    return render(request, "meetings/sheet_upload.html", context, status=status)
