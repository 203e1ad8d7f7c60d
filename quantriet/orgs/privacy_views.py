"""Pages of the personal data: download, erasure on request, and who viewed a record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.http import download_response

from . import access, privacy
from .forms import EraseForm
from .models import Member

PAGE_SIZE = 50


def _views_page(request: HttpRequest, entries):
    page = Paginator(entries.select_related("actor", "unit").order_by("-at", "-pk"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    labels = privacy.what_labels()
    for e in page:
        e.what_label = labels.get(e.summary, e.summary)
    return page


def _privacy_page(request: HttpRequest, member: Member, *, erase_form=None,
                  status: int = 200) -> HttpResponse:
    can_erase = access.can_erase_member(request.user, member)
    if can_erase and erase_form is None:
        erase_form = EraseForm(member_id=member.member_id)
    return render(request, "orgs/member_privacy.html", {
        "member": member, "own": privacy.is_own_record(request.user, member),
        "page": _views_page(request, access.views_of_member(member)),
        "can_erase": can_erase and member.member_id != privacy.pseudonym_id(member),
        "erase_form": erase_form,
    }, status=status)


@login_required
def my_privacy(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own page: their data and who looked at it."""
    member = Member.objects.select_related("unit").filter(pk=request.user.member_id).first()
    if member is None:
        raise Http404
    return _privacy_page(request, member)


@login_required
def member_privacy(request: HttpRequest, member_id: str) -> HttpResponse:
    return _privacy_page(request, access.access_member_data(request.user, member_id))


@login_required
def member_data_export(request: HttpRequest, member_id: str, fmt: str) -> HttpResponse:
    member = access.access_member_data(request.user, member_id)
    data = privacy.member_export(actor=request.user, member=member, fmt=fmt)
    return download_response(data, f"du-lieu-ca-nhan-{member.member_id}", fmt)


@login_required
@require_POST
def member_data_erase(request: HttpRequest, member_id: str) -> HttpResponse:
    member = access.access_member_data(request.user, member_id, erase=True)
    form = EraseForm(request.POST, member_id=member.member_id)
    if not form.is_valid():
        return _privacy_page(request, member, erase_form=form, status=400)
    member = privacy.member_erase(actor=request.user, member=member,
                                  reason=form.cleaned_data["reason"])
    messages.success(request, _("The member's personal data has been erased; the figures "
                                "are unchanged."))
    return redirect("orgs:member_privacy", member_id=member.member_id)


@login_required
def record_views(request: HttpRequest) -> HttpResponse:
    """Views of members' records in the subtrees the officer writes."""
    if not access.is_writer_anywhere(request.user):
        raise PermissionDenied
    return render(request, "orgs/record_views.html", {
        "page": _views_page(request, access.record_views_visible_to(request.user))})
