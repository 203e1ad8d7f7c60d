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


def is_writer_anywhere(user) -> bool:
    """Holds a role that writes a subtree (imports, creating things): no query beyond the
    user's cached roles."""
    return is_superuser(user) or bool(_roots(user, SUBTREE_WRITE_ROLES))


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
# A member sees and writes only their own report and plan; officers (and graders, who
# read a subtree) see their subtree; a grader also sees the reports allocated to them,
# wherever they lie. Officers who write the report's unit record paper submissions,
# excuse members, allocate and grade; graders grade what is allocated to them.


def learning_reports_visible_to(user, campaign):
    from quantriet.learning.models import LearningReport

    qs = LearningReport.objects.filter(campaign=campaign)
    q = unit_path_q(user, "unit__path")
    if q is None:
        return qs
    if not user.is_authenticated:
        return qs.none()
    q |= Q(grader=user)
    own = getattr(user, "member_id", None)
    if own:
        q |= Q(member_id=own)
    return qs.filter(q)


def access_learning_report(user, campaign_code: str, member_id: str, *, write: bool = False):
    """The member's report for the campaign. write=True: may record it on the member's
    behalf (paper, excuse, allocation): officers writing the report's unit."""
    campaign = access_campaign(user, campaign_code)
    qs = learning_reports_visible_to(user, campaign).select_related("member", "unit", "grader",
                                                           "campaign")
    report = qs.filter(member__member_id=member_id).first()
    if report is None or (write and not can_write_unit(user, report.unit)):
        raise Http404
    return report


def can_grade_report(user, report) -> bool:
    """The allocated grader, or an officer writing the report's unit; never the author."""
    if not user.is_authenticated:
        return False
    if report.member_id == getattr(user, "member_id", None):
        return False
    return report.grader_id == user.pk or can_write_unit(user, report.unit)


def access_roll_entry(user, campaign, member_id: str, *, write: bool = False):
    """A member's entry on the campaign roll: their own, or one in the user's subtree
    (write=True: a subtree the user writes). Where a report about them may be made."""
    from quantriet.campaigns.models import RollEntry

    qs = RollEntry.objects.filter(campaign=campaign, member__member_id=member_id)
    entry = qs.select_related("member", "unit").first()
    if entry is None:
        raise Http404
    own = entry.member_id == getattr(user, "member_id", None) and not write
    allowed = can_write_unit(user, entry.unit) if write else can_see_unit(user, entry.unit)
    if not (own or allowed):
        raise Http404
    return entry


def action_plans_visible_to(user, campaign):
    from quantriet.learning.models import ActionPlan

    qs = ActionPlan.objects.filter(campaign=campaign)
    q = unit_path_q(user, "unit__path")
    if q is None:
        return qs
    own = getattr(user, "member_id", None) if user.is_authenticated else None
    if own:
        q |= Q(member_id=own)
    return qs.filter(q)


# --- Copy checks of learning reports ------------------------------------------------------
# (section:copychecks)
# Copy flags are advice for the people who grade: officers, graders and administrators
# of the units (never members, nor inspectors). A pair is shown only if the user sees BOTH
# members' units; a reference flag if they see the member's unit.

COPY_ROLES = (RoleKind.ADMIN, RoleKind.OFFICER, RoleKind.GRADER)


def copy_path_q(user, field: str) -> Q | None:
    """Q limiting a unit path lookup `field` to the user's copy-check subtrees; None: all."""
    if is_superuser(user):
        return None
    return _path_q(_roots(user, COPY_ROLES), field)


def may_see_copy_flags(user) -> bool:
    return is_superuser(user) or bool(_roots(user, COPY_ROLES))


def can_see_copy_unit(user, unit: Unit) -> bool:
    if is_superuser(user):
        return True
    return any(unit.path.startswith(r) for r in _roots(user, COPY_ROLES))


def copy_matches_visible_to(user, campaign):
    from quantriet.copychecks.models import CopyMatch

    qs = CopyMatch.objects.filter(campaign=campaign)
    q_a = copy_path_q(user, "a__unit__path")
    if q_a is None:
        return qs
    q_b = Q(b__isnull=True) | copy_path_q(user, "b__unit__path")
    return qs.filter(q_a).filter(q_b)


def access_copy_match(user, campaign, match_id: int):
    """A flag both of whose members the user sees (officer, grader, admin); else Http404.
    Seeing a flag is also what it takes to decide it."""
    match = (copy_matches_visible_to(user, campaign)
             .select_related("a__member", "a__unit", "b__member", "b__unit", "reference",
                             "decided_by")
             .filter(pk=match_id).first())
    if match is None:
        raise Http404
    return match


def copy_clusters_visible_to(user, campaign):
    """Clusters with at least one member the user sees (only those members are shown)."""
    from quantriet.copychecks.models import ClusterMember, CopyCluster

    qs = CopyCluster.objects.filter(campaign=campaign)
    q = copy_path_q(user, "report__unit__path")
    if q is None:
        return qs
    return qs.filter(pk__in=ClusterMember.objects.filter(q).values("cluster_id"))


def access_copy_cluster(user, campaign, cluster_id: int):
    cluster = copy_clusters_visible_to(user, campaign).filter(pk=cluster_id).first()
    if cluster is None:
        raise Http404
    return cluster


def can_manage_copy_checks(user, campaign) -> bool:
    """Run a full check and keep the reference texts: officers who write the owner."""
    return can_write_unit(user, campaign.owner)


def can_run_copy_check(user, campaign, unit: Unit) -> bool:
    """Check the reports of `unit`'s subtree (the whole campaign for the owner): officers
    who write the unit."""
    return unit.is_within(campaign.owner) and can_write_unit(user, unit)


# --- Action programs and tasks ----------------------------------------------------------
# (section:programs)
# A program is visible to whoever its unit concerns (officers of the unit's subtree, of
# the units above, of the units below: they build their own from it; members below it:
# they comment). Writing it (versions, rounds, answers, adoption, tasks) needs write on
# its unit; progress on a task may also be recorded by officers of the lead unit.


def programs_visible_to(user):
    from quantriet.programs.models import Program

    qs = Program.objects.select_related("campaign", "unit", "parent")
    q = _concerned_q(user, "unit")
    return qs if q is None else qs.filter(q)


def access_program(user, program_id: int, *, write: bool = False):
    program = programs_visible_to(user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    if write and not can_write_unit(user, program.unit):
        raise Http404
    return program


def can_update_task(user, task) -> bool:
    return can_write_unit(user, task.program.unit) or can_write_unit(user, task.lead_unit)


def access_task(user, task_id: int, *, update: bool = False):
    """update=True: may record progress (officers of the program's unit or the lead unit)."""
    from quantriet.programs.models import Task

    task = (Task.objects.select_related("program__campaign", "program__unit", "lead_unit",
                                        "implements__program__unit")
            .filter(pk=task_id).first())
    if task is None:
        raise Http404
    if not programs_visible_to(user).filter(pk=task.program_id).exists():
        raise Http404
    if update and not can_update_task(user, task):
        raise Http404
    return task


def comment_units_for(user, program) -> QuerySet[Unit]:
    """Units the user may comment on behalf of: writable units below the program's unit,
    among its direct children and the user's own top units."""
    roots = root_units_of(user, write=True).values("pk")
    return (units_writable_by(user).active()
            .filter(path__startswith=program.unit.path)
            .exclude(pk=program.unit_id)
            .filter(Q(parent_id=program.unit_id) | Q(pk__in=roots))
            .order_by("path"))


def program_comments_visible_to(user, program):
    """All comments for those who see the program's unit (its officers and those above);
    others (units below, members) see their own and those of units in their subtrees."""
    from quantriet.programs.models import Comment

    qs = Comment.objects.filter(round__program=program)
    if can_see_unit(user, program.unit):
        return qs
    q = Q(author_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    roots = _roots(user, SUBTREE_READ_ROLES)
    q |= _path_q(roots, "on_behalf_of__path") | _path_q(roots, "member__unit__path")
    return qs.filter(q)


def may_comment_as_member(user, program) -> bool:
    """A member whose unit lies in the program's unit's subtree."""
    member = getattr(user, "member", None) if user.is_authenticated else None
    return bool(member is not None and member.active
                and member.unit.path.startswith(program.unit.path))


# --- Ballots and questionnaires -----------------------------------------------------------
# (section:surveys)
# A questionnaire is visible like a campaign (owned in or above the user's subtrees, or
# above the member's unit); results show only units the user can see. Members answer the
# questionnaires owned above their unit; bridge-point operators enter paper counts.


def questionnaires_visible_to(user):
    from quantriet.surveys.models import Questionnaire

    qs = Questionnaire.objects.select_related("owner", "campaign")
    q = _concerned_q(user, "owner")
    return qs if q is None else qs.filter(q)


def access_questionnaire(user, questionnaire_id: int, *, write: bool = False):
    """write=True: may change it (officers who write the owning unit)."""
    questionnaire = questionnaires_visible_to(user).filter(pk=questionnaire_id).first()
    if questionnaire is None:
        raise Http404
    if write and not can_write_unit(user, questionnaire.owner):
        raise Http404
    return questionnaire


def access_questionnaire_to_answer(user, questionnaire_id: int):
    """(questionnaire, member): the signed-in member, whose unit lies in the owner's
    subtree, may answer it."""
    from quantriet.surveys.models import Questionnaire

    member = getattr(user, "member", None) if user.is_authenticated else None
    if member is None:
        raise Http404
    questionnaire = (Questionnaire.objects.select_related("owner", "campaign")
                     .filter(pk=questionnaire_id).first())
    if questionnaire is None:
        raise Http404
    if not member.unit.path.startswith(questionnaire.owner.path):
        raise Http404
    return questionnaire, member


def paper_bridge_points(user, questionnaire):
    """The bridge points of the questionnaire's campaign, hosted within its owner's subtree,
    at which the user may enter paper counts (operators and officers above)."""
    from quantriet.meetings.models import BridgePoint

    if questionnaire.campaign_id is None:
        return BridgePoint.objects.none()
    qs = BridgePoint.objects.filter(meeting__campaign_id=questionnaire.campaign_id,
                                    host__path__startswith=questionnaire.owner.path)
    if is_superuser(user):
        return qs
    roots = _roots(user, SUBTREE_WRITE_ROLES)
    q = _path_q(roots, "host__path") | _path_q(roots, "meeting__organiser__path")
    if user.is_authenticated:
        q |= Q(pk__in=BridgePoint.objects.filter(operators=user).values("pk"))
    return qs.filter(q)


def access_paper_bridge_point(user, questionnaire_id: int, bridge_point_id: int):
    """(questionnaire, bridge point) where the user may enter the paper counts."""
    from quantriet.surveys.models import Questionnaire

    questionnaire = (Questionnaire.objects.select_related("owner", "campaign")
                     .filter(pk=questionnaire_id).first())
    if questionnaire is None:
        raise Http404
    bp = (paper_bridge_points(user, questionnaire)
          .select_related("meeting__organiser", "meeting__campaign", "host")
          .filter(pk=bridge_point_id).first())
    if bp is None:
        raise Http404
    return questionnaire, bp


# --- Inspections ------------------------------------------------------------------------
# (section:inspections)
# An assignment is seen by its inspector and by whoever reads the session's unit (the
# bridge point's host, else the organiser); it is made or cancelled by officers who write
# that unit or the organising unit; only its inspector records the evaluation.


def inspections_visible_to(user):
    from quantriet.inspections.models import Assignment

    qs = Assignment.objects.select_related("meeting", "bridge_point", "unit", "inspector",
                                           "campaign")
    q = unit_path_q(user, "unit__path")
    if q is None:
        return qs
    if user.is_authenticated:
        q |= Q(inspector=user)
    return qs.filter(q)


def can_assign_inspector(user, meeting, bridge_point=None) -> bool:
    unit = bridge_point.host if bridge_point is not None else meeting.organiser
    return can_write_unit(user, unit) or can_write_unit(user, meeting.organiser)


def access_assignment(user, assignment_id: int, *, evaluate: bool = False,
                      manage: bool = False):
    """evaluate=True: the assigned inspector only; manage=True: officers who may assign."""
    assignment = inspections_visible_to(user).filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404
    if evaluate and assignment.inspector_id != user.pk:
        raise Http404
    if manage and not can_assign_inspector(user, assignment.meeting, assignment.bridge_point):
        raise Http404
    return assignment


def inspector_candidates(user):
    """Users who may be sent to inspect by `user`: active holders of an inspector or officer
    role on a unit the user writes."""
    from quantriet.accounts.models import Role, User

    roles = Role.objects.filter(kind__in=(RoleKind.INSPECTOR, RoleKind.OFFICER),
                                unit__active=True)
    q = unit_path_q(user, "unit__path", write=True)
    if q is not None:
        roles = roles.filter(q)
    return User.objects.filter(is_active=True, pk__in=roles.values("user_id"))


# --- Inbox and reminders ----------------------------------------------------------------
# (section:notices)
# A notice belongs to one user: nobody else sees it, not even a superuser (it is mail).


def notices_of(user):
    from quantriet.notices.models import Notice

    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(user=user)


def access_notice(user, notice_id: int):
    notice = notices_of(user).filter(pk=notice_id).first()
    if notice is None:
        raise Http404
    return notice


# --- Personal data ----------------------------------------------------------------------
# (section:privacy)
# A member downloads their own data; officers who write the member's unit download it for
# the member on request, and erase it. Who viewed a record: the member sees the views of
# their own record; officers (admin, officer roles) the views of records in their subtrees.


def access_member_data(user, member_id: str, *, erase: bool = False) -> Member:
    """The member whose personal data the user may download (their own, or an officer
    writing the member's unit) or, with erase=True, erase (officers writing the unit)."""
    member = Member.objects.select_related("unit").filter(member_id=member_id).first()
    if member is None:
        raise Http404
    if erase:
        if not can_erase_member(user, member):
            raise Http404
        return member
    own = user.is_authenticated and user.member_id == member.pk
    if not (own or can_write_unit(user, member.unit)):
        raise Http404
    return member


def can_erase_member(user, member: Member) -> bool:
    """Officers writing the member's unit, when the member's login (if any) holds no more
    than they do: erasure closes the login, so no one closes a superior's account."""
    from quantriet.accounts.models import Role, User

    if not can_write_unit(user, member.unit):
        return False
    login = User.objects.filter(member=member).first()
    if login is None or is_superuser(user):
        return True
    if login.is_superuser:
        return False
    roots = _roots(user, SUBTREE_WRITE_ROLES)
    paths = (Role.objects.filter(user=login).exclude(kind=RoleKind.MEMBER)
             .values_list("unit__path", flat=True))
    return all(any(p.startswith(r) for r in roots) for p in paths)


def record_views_visible_to(user) -> QuerySet[AuditEntry]:
    """Views and downloads of members' records in the subtrees the user writes."""
    from quantriet.orgs.privacy import VIEW_ACTIONS

    qs = AuditEntry.objects.filter(action__in=VIEW_ACTIONS, object_type="orgs.member")
    return scope(qs, user, "unit__path", write=True)


def views_of_member(member: Member) -> QuerySet[AuditEntry]:
    """Views and downloads of one member's record (for pages already past access checks)."""
    from quantriet.orgs.privacy import VIEW_ACTIONS

    return AuditEntry.objects.filter(object_type="orgs.member", object_id=member.member_id,
                                     action__in=VIEW_ACTIONS)


# --- Result reports ---------------------------------------------------------------------
# (section:reports)
# A unit's result report is read by whoever sees the unit (its own officers and every
# level above), written by those who write the unit, and accepted or returned by the
# level above: those who write the parent unit (for a root unit, the superusers).


def reports_visible_to(user):
    from quantriet.reports.models import ResultReport

    return scope(ResultReport.objects.select_related("campaign", "unit"), user, "unit__path")


def can_decide_report(user, report) -> bool:
    if report.unit.parent_id is None:
        return is_superuser(user)
    return can_write_unit(user, report.unit.parent)


def access_report(user, report_pk: int, *, write: bool = False, decide: bool = False):
    """The report if the user sees its unit (write: writes the unit; decide: writes the
    parent); Http404 otherwise, the same as for a missing report."""
    report = (reports_visible_to(user).select_related("unit__parent", "campaign__owner",
                                                      "campaign__resolution")
              .filter(pk=report_pk).first())
    if report is None:
        raise Http404
    if write and not can_write_unit(user, report.unit):
        raise Http404
    if decide and not can_decide_report(user, report):
        raise Http404
    return report
