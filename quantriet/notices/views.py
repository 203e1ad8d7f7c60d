"""The inbox (phone-first): the user's own notices, mark read, and which kinds to mute.
Every read goes through quantriet.orgs.access (a notice is its user's only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from quantriet.http import is_htmx
from quantriet.orgs import access

from . import services
from .models import KIND_CHOICES, Mute

PAGE_SIZE = 30



@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = access.notices_of(request.user)
    if request.GET.get("unread"):
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {
        "page": page, "unread_only": bool(request.GET.get("unread")),
        "query": "unread=1" if request.GET.get("unread") else "",
        "unread": access.notices_of(request.user).filter(read_at__isnull=True).count()})


@login_required
@require_POST
def read(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = access.access_notice(request.user, notice_pk)
    services.notice_read(actor=request.user, notice=notice)
    if is_htmx(request):
        return render(request, "notices/_notice.html", {"n": notice})
    return redirect("notices:inbox")


@login_required
@require_POST
def open_notice(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """Mark read and go where the notice points (a path of this site only)."""
    notice = access.access_notice(request.user, notice_pk)
    services.notice_read(actor=request.user, notice=notice)
    return redirect(notice.url if notice.url.startswith("/") and not notice.url.startswith("//")
                    else "notices:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    n = services.notices_read_all(actor=request.user)
    messages.success(request, _("%(n)s notices marked as read.") % {"n": n})
    return redirect("notices:inbox")


class MuteForm(forms.Form):
    muted = forms.MultipleChoiceField(
        label=gettext_lazy("Do not remind me of"), choices=KIND_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple)


@login_required
def mute_settings(request: HttpRequest) -> HttpResponse:
    current = list(Mute.objects.filter(user=request.user).values_list("kind", flat=True))
    form = MuteForm(request.POST if request.method == "POST" else None,
                    initial={"muted": current})
    if request.method == "POST" and form.is_valid():
        services.mutes_set(actor=request.user, kinds=form.cleaned_data["muted"])
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("notices:settings")
    return render(request, "notices/settings.html", {"form": form})
