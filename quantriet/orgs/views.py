from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quantriet.http import download_response, is_htmx
from quantriet.lib import vntext

from . import access, exports, privacy, selectors, services
from .forms import (
    ImportUploadForm,
    MemberEditForm,
    MemberFilterForm,
    RemoveFromRollForm,
    TransferForm,
    UnitCreateForm,
    UnitMoveForm,
)
from .models import ImportJob, Member, Unit
from .tasks import run_import_job

PAGE_SIZE = 50
UNIT_SEARCH_LIMIT = 100


def officer_required(view):
    """Signed in and holding a role that reads some subtree; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not access.is_officer_anywhere(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper



def _crumbs(user, unit: Unit) -> list[Unit]:
    """The unit's ancestors that the user may see, root first."""
    ancestors = access.units_visible_to(user).filter(pk__in=unit.ancestor_ids()[:-1])
    return list(ancestors.order_by("depth"))


@login_required
def no_role(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/no_role.html")


@officer_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The user's top units, or with ?q= the units whose name or code matches."""
    query = vntext.clean(request.GET.get("q", ""))[:100]
    if query:
        units = access.units_visible_to(request.user).search(query)[:UNIT_SEARCH_LIMIT]
    else:
        units = access.root_units_of(request.user)
    units = selectors.with_counts(units)
    return render(request, "orgs/unit_tree.html", {"units": units, "q": query,
                                                   "limit": UNIT_SEARCH_LIMIT})


@officer_required
def unit_children(request: HttpRequest, code: str) -> HttpResponse:
    """htmx partial: the rows of a unit's children, for expanding the tree in place."""
    unit = access.access_unit(request.user, code=code)
    children = selectors.children_with_counts(unit, access.units_visible_to(request.user))
    return render(request, "orgs/_unit_rows.html", {"units": children, "level": unit.depth + 1})


@officer_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.access_unit(request.user, code=code)
    children = selectors.children_with_counts(unit, access.units_visible_to(request.user))
    own = selectors.subtree_member_counts([unit])[unit.pk]
    direct = Member.objects.filter(unit=unit, active=True).count()
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "crumbs": _crumbs(request.user, unit),
        "children": children,
        "member_count": own["members"],
        "exempt_count": own["exempt"],
        "direct_count": direct,
        "can_write": access.can_write_unit(request.user, unit),
        "move_form": UnitMoveForm(),
        "create_form": UnitCreateForm(),
    })


@officer_required
@require_POST
def unit_create_child(request: HttpRequest, code: str) -> HttpResponse:
    parent = access.access_unit(request.user, code=code, write=True)
    form = UnitCreateForm(request.POST)
    if form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect("orgs:unit_detail", code=parent.code)
        messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
        return redirect("orgs:unit_detail", code=unit.code)
    for field, errors in form.errors.items():
        messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: "
                                f"{' '.join(errors)}")
    return redirect("orgs:unit_detail", code=parent.code)


@officer_required
@require_POST
def unit_move(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.access_unit(request.user, code=code, write=True)
    if unit.parent_id is None or not access.can_write_unit(request.user, unit.parent):
        # Moving a unit takes it out of its parent: the parent's officers decide that.
        raise Http404
    form = UnitMoveForm(request.POST, units=access.units_writable_by(request.user))
    if form.is_valid():
        try:
            services.unit_move(actor=request.user, unit=unit,
                               new_parent=form.cleaned_data["new_parent"])
            messages.success(request, _("Unit moved."))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
    else:
        messages.error(request, " ".join(form.errors.get("new_parent", [])))
    return redirect("orgs:unit_detail", code=unit.code)


@officer_required
@require_POST
def unit_set_active(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.access_unit(request.user, code=code, write=True)
    try:
        if request.POST.get("active") == "1":
            services.unit_reactivate(actor=request.user, unit=unit)
            messages.success(request, _("Unit reactivated."))
        else:
            services.unit_deactivate(actor=request.user, unit=unit)
            messages.success(request, _("Unit deactivated; its history is kept."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("orgs:unit_detail", code=unit.code)


def _filtered_members(request: HttpRequest):
    form = MemberFilterForm(request.GET or None)
    qs = access.members_visible_to(request.user).select_related("unit")
    unit = None
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            unit = access.access_unit(request.user, code=vntext.clean(data["unit"]))
            qs = qs.in_subtree(unit)
        if data["q"]:
            qs = qs.search(data["q"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["gender"]:
            qs = qs.filter(gender=data["gender"])
        if data["exempt"]:
            qs = qs.filter(exempt=data["exempt"] == "yes")
        if data["active"] == "no":
            qs = qs.filter(active=False)
        elif data["active"] != "all":
            qs = qs.filter(active=True)
    else:
        qs = qs.filter(active=True)
    return form, unit, qs.order_by("name_key", "member_id")


@officer_required
def member_list(request: HttpRequest) -> HttpResponse:
    form, unit, qs = _filtered_members(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "unit": unit, "page": page, "query": query.urlencode()}
    template = "orgs/_member_rows.html" if is_htmx(request) else "orgs/member_list.html"
    return render(request, template, context)


@officer_required
def member_export(request: HttpRequest) -> HttpResponse:
    _form, unit, qs = _filtered_members(request)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = exports.export_members(qs, fmt)
    return download_response(data, f"dang-vien-{unit.code if unit else 'tat-ca'}", fmt)


@officer_required
def unit_export(request: HttpRequest) -> HttpResponse:
    units = access.units_visible_to(request.user)
    code = request.GET.get("unit")
    if code:
        units = units.subtree_of(access.access_unit(request.user, code=code))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = exports.export_units(units, fmt)
    return download_response(data, f"to-chuc-dang-{code or 'tat-ca'}", fmt)


def _member_page(request: HttpRequest, member: Member, status: int = 200,
                 **forms) -> HttpResponse:
    """The member's record, with the forms of a writer (a bound one shows its errors)."""
    can_write = access.can_write_unit(request.user, member.unit)
    context = {
        "member": member,
        "history": member.memberships.select_related("unit").order_by("-start_date", "-id"),
        "crumbs": _crumbs(request.user, member.unit) if access.can_see_unit(
            request.user, member.unit) else [],
        "can_write": can_write,
    }
    if can_write:
        context["transfer_form"] = forms.get("transfer_form") or TransferForm()
        context["edit_form"] = forms.get("edit_form") or MemberEditForm(instance=member)
        context["remove_form"] = forms.get("remove_form") or RemoveFromRollForm()
    return render(request, "orgs/member_detail.html", context, status=status)


@login_required
def member_detail(request: HttpRequest, member_id: str) -> HttpResponse:
    member = access.access_member(request.user, member_id)
    privacy.member_view_log(viewer=request.user, member=member, what="member")
    return _member_page(request, member)


@officer_required
@require_POST
def member_transfer(request: HttpRequest, member_id: str) -> HttpResponse:
    member = access.access_member(request.user, member_id, write=True)
    form = TransferForm(request.POST, units=access.units_writable_by(request.user).active())
    if form.is_valid():
        try:
            services.member_transfer(actor=request.user, member=member,
                                     to_unit=form.cleaned_data["to_unit"],
                                     on=form.cleaned_data["on"], note=form.cleaned_data["note"])
            messages.success(request, _("Transfer recorded."))
            return redirect("orgs:member_detail", member_id=member.member_id)
        except ValidationError as e:
            form.add_error(None, e)
    return _member_page(request, member, status=400, transfer_form=form)


@officer_required
@require_POST
def member_edit(request: HttpRequest, member_id: str) -> HttpResponse:
    member = access.access_member(request.user, member_id, write=True)
    form = MemberEditForm(request.POST, instance=Member.objects.get(pk=member.pk))
    if form.is_valid():
        services.member_update(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("orgs:member_detail", member_id=member.member_id)
    return _member_page(request, member, status=400, edit_form=form)


@officer_required
@require_POST
def member_remove(request: HttpRequest, member_id: str) -> HttpResponse:
    member = access.access_member(request.user, member_id, write=True)
    form = RemoveFromRollForm(request.POST)
    if form.is_valid():
        try:
            services.member_deactivate(actor=request.user, member=member,
                                       on=form.cleaned_data["on"],
                                       reason=form.cleaned_data["reason"])
            messages.success(request, _("Removed from the roll; the history is kept."))
            return redirect("orgs:member_detail", member_id=member.member_id)
        except ValidationError as e:
            form.add_error(None, e)
    return _member_page(request, member, status=400, remove_form=form)


def _jobs_of(user):
    qs = ImportJob.objects.all()
    return qs if access.is_superuser(user) else qs.filter(created_by=user)


@officer_required
def import_list(request: HttpRequest) -> HttpResponse:
    if not access.units_writable_by(request.user).exists():
        raise PermissionDenied
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = ImportJob(kind=form.cleaned_data["kind"], original_name=upload.name[:255],
                            created_by=request.user)
            job.file.save(upload.name, upload, save=False)
            job.save()
            # Enqueue only once the job row is committed, so the worker can see it.
            transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
            return redirect("orgs:import_detail", pk=job.pk)
    else:
        form = ImportUploadForm()
    jobs = _jobs_of(request.user).select_related("created_by")[:20]
    return render(request, "orgs/import_list.html", {"form": form, "jobs": jobs})


@officer_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _jobs_of(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    template = "orgs/_import_status.html" if is_htmx(request) else "orgs/import_detail.html"
    return render(request, template, {"job": job})
