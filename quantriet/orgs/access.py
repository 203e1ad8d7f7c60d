"""THE access module: every read and write of scoped data goes through here.

A role held on a unit covers the unit's whole subtree (materialised path prefix). Missing
and forbidden look the same to the caller: Http404, so ids of other branches leak nothing.
Superusers (the system administrators) see everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from quantriet.accounts.models import (
    SUBTREE_READ_ROLES,
    SUBTREE_WRITE_ROLES,
    AuditEntry,
    RoleKind,
)
from quantriet.hotcache import TTLCache
from quantriet.orgs.models import Member, Unit

_CACHE_ATTR = "_quantriet_role_paths"


def _role_paths(user) -> dict[str, list[str]]:
    """{role kind: [unit paths]} for the user's roles on active units, cached on the user."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    paths: dict[str, list[str]] = {}
    if user.is_authenticated and user.is_active:
        for kind, path in user.roles.filter(unit__active=True).values_list("kind", "unit__path"):
            paths.setdefault(kind, []).append(path)
    setattr(user, _CACHE_ATTR, paths)
    return paths


def forget_cached_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _roots(user, kinds) -> list[str]:
    """The top-most unit paths on which the user holds one of `kinds`."""
    role_paths = _role_paths(user)
    paths = sorted({p for k in kinds for p in role_paths.get(k, []) if p})
    roots: list[str] = []
    for p in paths:
        if not any(p.startswith(r) for r in roots):
            roots.append(p)
    return roots


def _path_q(roots: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{f"{field}__startswith": root})
    return q


def unit_path_q(user, field: str = "path", *, write: bool = False) -> Q | None:
    """A Q on `field` (a unit path lookup such as "unit__path") limiting rows to the user's
    subtrees; None means no limit (superuser)."""
    if is_superuser(user):
        return None
    kinds = SUBTREE_WRITE_ROLES if write else SUBTREE_READ_ROLES
    return _path_q(_roots(user, kinds), field)


def scope(queryset: QuerySet, user, field: str, *, write: bool = False) -> QuerySet:
    """Limit any queryset to rows whose unit path (`field`) lies in the user's subtrees."""
    q = unit_path_q(user, field, write=write)
    return queryset if q is None else queryset.filter(q)


def units_visible_to(user, *, write: bool = False) -> QuerySet[Unit]:
    return scope(Unit.objects.all(), user, "path", write=write)


def units_writable_by(user) -> QuerySet[Unit]:
    return units_visible_to(user, write=True)


def root_units_of(user, *, write: bool = False) -> QuerySet[Unit]:
    """The top-most units the user can see: where their tree view starts."""
    if is_superuser(user):
        return Unit.objects.filter(parent__isnull=True)
    kinds = SUBTREE_WRITE_ROLES if write else SUBTREE_READ_ROLES
    return Unit.objects.filter(path__in=_roots(user, kinds))


def can_see_unit(user, unit: Unit) -> bool:
    if is_superuser(user):
        return True
    return any(unit.path.startswith(r) for r in _roots(user, SUBTREE_READ_ROLES))


def can_write_unit(user, unit: Unit) -> bool:
    if is_superuser(user):
        return True
    return any(unit.path.startswith(r) for r in _roots(user, SUBTREE_WRITE_ROLES))


def is_officer_anywhere(user) -> bool:
    """Holds a role that reads a subtree (the staff pages are for these users)."""
    return is_superuser(user) or bool(_roots(user, SUBTREE_READ_ROLES))


def access_unit(user, unit_id: int | None = None, *, code: str | None = None,
                write: bool = False) -> Unit:
    """The unit, if the user may see it (or change it, with write=True); else Http404."""
    lookup = {"pk": unit_id} if code is None else {"code": code}
    unit = Unit.objects.filter(**lookup).select_related("parent").first()
    if unit is None:
        raise Http404
    if not (can_write_unit(user, unit) if write else can_see_unit(user, unit)):
        raise Http404
    return unit


def members_visible_to(user, *, write: bool = False) -> QuerySet[Member]:
    qs = Member.objects.all()
    q = unit_path_q(user, "unit__path", write=write)
    if q is None:
        return qs
    own = getattr(user, "member_id", None) if user.is_authenticated else None
    if own and not write:
        # A member always sees their own record.
        q |= Q(pk=own)
    return qs.filter(q)


def access_member(user, member_id: str, *, write: bool = False) -> Member:
    member = (
        members_visible_to(user, write=write)
        .select_related("unit")
        .filter(member_id=member_id)
        .first()
    )
    if member is None:
        raise Http404
    return member


def audit_visible_to(user) -> QuerySet[AuditEntry]:
    """Audit entries about units the user administers (admins of the subtree only)."""
    qs = AuditEntry.objects.all()
    if is_superuser(user):
        return qs
    return qs.filter(_path_q(_roots(user, (RoleKind.ADMIN,)), "unit__path"))


# --- Campaigns, meetings, bridge points -------------------------------------------------
# A campaign concerns the owner's whole subtree: it is visible to anyone whose roles lie
# in that subtree or above it (a district officer sees the province's campaign), and to a
# member whose unit lies in it. Figures are still shown only for units the user can see.


def _concerned_q(user, field: str) -> Q | None:
    """Q on a unit foreign key `field` (owner, organiser): the unit is in one of the user's
    subtrees or above one of them (or above the member's own unit). None: no limit."""
    if is_superuser(user):
        return None
    roots = _roots(user, SUBTREE_READ_ROLES)
    q = _path_q(roots, f"{field}__path")
    above = {pk for root in roots for pk in Unit.ids_in_path(root)}
    member = getattr(user, "member", None) if user.is_authenticated else None
    if member is not None:
        above.update(member.unit.ancestor_ids())
    return q | Q(**{f"{field}_id__in": sorted(above)})


def campaigns_visible_to(user):
    from quantriet.campaigns.models import Campaign

    q = _concerned_q(user, "owner")
    qs = Campaign.objects.select_related("owner", "resolution")
    return qs if q is None else qs.filter(q)


def access_campaign(user, code: str):
    campaign = campaigns_visible_to(user).filter(code=code).first()
    if campaign is None:
        raise Http404
    return campaign


def meetings_visible_to(user):
    """Meetings organised in or above the user's subtrees, and those where the user
    operates a bridge point."""
    from quantriet.meetings.models import Meeting

    qs = Meeting.objects.select_related("campaign", "organiser")
    q = _concerned_q(user, "organiser")
    if q is None:
        return qs
    if user.is_authenticated:
        # A subquery, not a join: no duplicate rows, no DISTINCT over every meeting.
        from quantriet.meetings.models import BridgePoint

        q |= Q(pk__in=BridgePoint.objects.filter(operators=user).values("meeting_id"))
    return qs.filter(q)


def access_meeting(user, code: str, *, write: bool = False):
    """write=True: may change the meeting itself (officers of the organising unit)."""
    meeting = meetings_visible_to(user).filter(code=code).first()
    if meeting is None or (write and not can_write_unit(user, meeting.organiser)):
        raise Http404
    return meeting


def can_operate(user, bridge_point) -> bool:
    """Mark attendance and head counts at a bridge point: its operators, and officers
    who write its host unit or the organising unit."""
    if can_write_unit(user, bridge_point.host) or can_write_unit(
            user, bridge_point.meeting.organiser):
        return True
    return user.is_authenticated and bridge_point.operators.filter(pk=user.pk).exists()


def access_bridge_point(user, meeting_code: str, code: str, *, operate: bool = False):
    from quantriet.meetings.models import BridgePoint

    bp = (BridgePoint.objects.select_related("meeting__campaign", "meeting__organiser", "host")
          .filter(meeting__code=meeting_code, code=code).first())
    if bp is None:
        raise Http404
    if operate:
        if not can_operate(user, bp):
            raise Http404
    elif not (can_operate(user, bp) or can_see_unit(user, bp.host)):
        raise Http404
    return bp


def _markable_prefixes(user, meeting) -> tuple[str, ...] | None:
    """Unit paths whose subtrees' members the user may mark at `meeting`: the user's
    writable subtrees and the expected units of the bridge points they operate. None: all
    members (the organiser's officers)."""
    if can_write_unit(user, meeting.organiser):
        return None
    prefixes = set(_roots(user, SUBTREE_WRITE_ROLES))
    if user.is_authenticated:
        from quantriet.meetings.models import BridgePoint

        expected = BridgePoint.expected_units.through.objects.filter(
            bridgepoint__meeting=meeting, bridgepoint__operators=user)
        prefixes.update(expected.values_list("unit__path", flat=True))
    return tuple(sorted(prefixes))


def markable_members(user, meeting):
    """The members whose attendance at `meeting` the user may record: in the user's
    writable subtrees, or expected at a bridge point the user operates; all, for the
    organiser's officers."""
    prefixes = _markable_prefixes(user, meeting)
    if prefixes is None:
        return Member.objects.all()
    return Member.objects.filter(_path_q(list(prefixes), "unit__path"))


@dataclass(frozen=True)
class CheckinGrant:
    """What a caller may do at one meeting (and bridge point), resolved once."""

    meeting: Any
    bridge_point: Any
    prefixes: tuple[str, ...] | None  # as _markable_prefixes

    def may_mark(self, unit_path: str) -> bool:
        return self.prefixes is None or unit_path.startswith(self.prefixes)

    def markable_member(self, **lookup) -> Member | None:
        """The member (by pk= or member_id=) if the grant may mark them, else None."""
        member = Member.objects.filter(**lookup).select_related("unit").first()
        return member if member is not None and self.may_mark(member.unit.path) else None


_checkin_grants = TTLCache()


def checkin_grant(user, meeting_code: str, bridge_point_code: str | None = None) -> CheckinGrant:
    """access_meeting + access_bridge_point(operate=True) + markable members, for the
    check-in hot path: kept per process for ACCESS_CACHE_SECONDS (quantriet.hotcache), so a
    stream of check-ins from one device costs no access query after the first, and the
    first call of each of a meeting's thousands of bridge points costs one small query."""
    meeting_key = (user.pk, meeting_code, None)
    base = _checkin_grants.get(meeting_key)
    if base is None:
        meeting = access_meeting(user, meeting_code)
        base = CheckinGrant(meeting, None, _markable_prefixes(user, meeting))
        _checkin_grants.set(meeting_key, base)
    if not bridge_point_code:
        return base
    key = (user.pk, meeting_code, bridge_point_code)
    grant = _checkin_grants.get(key)
    if grant is None:
        from quantriet.meetings.models import BridgePoint

        point = (BridgePoint.objects.select_related("host")
                 .filter(meeting_id=base.meeting.pk, code=bridge_point_code).first())
        if point is None:
            raise Http404
        point.meeting = base.meeting
        if not can_operate(user, point):
            raise Http404
        grant = CheckinGrant(base.meeting, point, base.prefixes)
        _checkin_grants.set(key, grant)
    return grant


# --- Learning reports, grading, copy checks, personal action plans ----------------------
# (section:learning)


# --- Copy checks of learning reports ------------------------------------------------------
# (section:copychecks)


# --- Action programs and tasks ----------------------------------------------------------
# (section:programs)


# --- Ballots and questionnaires -----------------------------------------------------------
# (section:surveys)


# --- Inspections ------------------------------------------------------------------------
# (section:inspections)


# --- Inbox and reminders ----------------------------------------------------------------
# (section:notices)


# --- Result reports ---------------------------------------------------------------------
# (section:reports)
