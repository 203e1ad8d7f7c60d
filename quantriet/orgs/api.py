"""API endpoints for units and members, scoped by the access module."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from quantriet.api.helpers import BoundedPagination

from . import access, privacy, selectors
from .models import Member

router = Router(tags=["orgs"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")
    depth: int
    active: bool


class UnitDetailOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    depth: int
    active: bool
    members: int
    exempt: int


class MemberOut(Schema):
    member_id: str
    card_no: str
    full_name: str
    birth_date: datetime.date | None
    gender: str
    unit_code: str = Field(..., alias="unit.code")
    status: str
    exempt: bool
    active: bool


@router.get("/units", response=list[UnitOut])
@paginate(BoundedPagination)
def list_units(request, under: str | None = None):
    """Units the caller may see; `under` limits to one unit's subtree."""
    qs = access.units_visible_to(request.user).select_related("parent")
    if under:
        qs = qs.subtree_of(access.access_unit(request.user, code=under))
    return qs.order_by("path")


@router.get("/units/{code}", response=UnitDetailOut)
def get_unit(request, code: str):
    unit = access.access_unit(request.user, code=code)
    counts = selectors.subtree_member_counts([unit])[unit.pk]
    return {
        "code": unit.code, "name": unit.name, "kind": unit.kind,
        "parent_code": unit.parent.code if unit.parent else None,
        "depth": unit.depth, "active": unit.active,
        "members": counts["members"], "exempt": counts["exempt"],
    }


@router.get("/members", response=list[MemberOut])
@paginate(BoundedPagination)
def list_members(request, unit: str | None = None, q: str | None = None,
                 active: bool = True):
    """Members the caller may see, ordered by Vietnamese name order; `q` folds accents."""
    qs = access.members_visible_to(request.user).select_related("unit").filter(active=active)
    if unit:
        qs = qs.in_subtree(access.access_unit(request.user, code=unit))
    if q:
        qs = qs.search(q)
    return qs.order_by("name_key", "member_id")


@router.get("/members/{member_id}", response=MemberOut)
def get_member(request, member_id: str) -> Member:
    member = access.access_member(request.user, member_id)
    privacy.member_view_log(viewer=request.user, member=member, what="member.api")
    return member


