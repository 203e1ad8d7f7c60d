"""The access matrix: every URL of the site x every role x every target, against a table.

Every route of the site (Django's resolver: pages and every django-ninja endpoint under
/api/; only the admin, static files and the OpenAPI document/docs are left out) is
requested with GET and POST (the API: with the methods it declares, a valid body and the
role's API token) by every role of the fixture province, with its parameters filled by
objects of a target:

    target H01  district H01's objects (walk.h01_objects: its units, members, import,
                deliverable, bridge point, the apps' own objects from tests/outsider.py)
    target T01  the province's own objects (unit T01, its bridge point, program, ballot,
                result report, a notice of its officer), built here

Where the target lies for a role is what its column means: district H01's officer sees
target H01 as its own subtree and target T01 as its parent; the officer of district H02
(`outsider`) sees target H01 as the other subtree; the commune and cell secretaries and
the member see H01's district-level objects from below.

Each response is classified: allowed (200, 201, 204, a redirect that is not to the login
page, 400, 409, 422), refused (401, 403, 404, a redirect to the login page) or not
applicable (405). It must match ROUTES (the route's kind) and KINDS (who is allowed, per
target and method). And no response body (allowed or refused; Word and Excel files are
opened) may contain a word of a subtree the role does not see (SECRETS).

A new view fails here until it is added to ROUTES: that is the point. Classify it by what
it does, not by what it happens to answer.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver
from django.urls import path as url_path

from quantriet import hotcache
from quantriet.tests import walk

REGEX_GROUP = re.compile(r"\(\?P<(\w+)>([^)]*)\)")

# The marks make pytest-django set the test database up; the world lives in a transaction
# of its own around the module's tests.
pytestmark = pytest.mark.django_db

# --- Roles -------------------------------------------------------------------------------
# anon: not signed in; prov: officer of province T01; h01: officer of district H01;
# x01: officer of commune H01-X01; c1: officer (secretary) of cell H01-X01-C01; insp,
# grader: inspector and grader on H01; member: member 0101001 of C1; outsider: officer of
# district H02; member2: member 0201001 of H02. (conftest's people, the rest made here.)
ROLES = ("anon", "prov", "h01", "x01", "c1", "insp", "grader", "member", "outsider",
         "member2")

# --- Secrets -----------------------------------------------------------------------------
H02 = ["Châu Thành", "Long Định", "Long Hòa", "Huỳnh Văn Dũng", "Đặng Thị Mai", "0201001",
       "0201002", "H02-X01", "DC-H02"]
C2 = ["Chi bộ ấp 2", "H01-X01-C02", "Phạm Thị Thu Hòa", "Võ Minh Đức", "0101004", "0101005"]
C1_OTHERS = ["Trần Thị Ân", "0101002", "Lê Hoàng Bình", "0101003"]
# Words of the apps' H01 objects (their tests/outsider.py) that some of H01's own people
# must not see either: a notice is its addressee's; an inspector's evaluation is for
# the readers of the host unit (H01); copied passages of other members' reports.
H01_NOTICE = "Nhắc việc riêng của huyện Cái Bè"
T01_NOTICE = "Nhắc việc của Tỉnh ủy"
EVALUATION = "Buổi học Cái Bè nghiêm túc"
COPIED = "Kênh Xáng Mỹ Lợi"


def secrets_of(role: str, h01_words: list[str]) -> list[str]:
    """Words of what `role` does not see (h01_words: all of district H01's)."""
    mail = [w for r, w in (("h01", H01_NOTICE), ("prov", T01_NOTICE)) if r != role]
    return mail + {
        "anon": h01_words + H02,
        "prov": [],
        "h01": H02, "insp": H02, "grader": H02,
        "x01": H02 + [EVALUATION],
        "c1": H02 + C2 + [EVALUATION],
        "member": H02 + C2 + C1_OTHERS + [EVALUATION, COPIED],
        "outsider": h01_words,
        "member2": h01_words + ["Đặng Thị Mai", "0201002"],
    }[role]


# --- The expectation table ---------------------------------------------------------------
# A kind says, per target ("*": any target), which roles are allowed with GET and with POST
# (the API: its declared methods); every other role must be refused. post="same": as GET.
# optional=True: an allowed role may be refused too (the PDF needs LibreOffice).


def roles(names: str) -> frozenset[str]:
    found = frozenset(names.split())
    assert found <= set(ROLES), found - set(ROLES)
    return found


USERS = roles("prov h01 x01 c1 insp grader member outsider member2")
STAFF = roles("prov h01 x01 c1 insp grader outsider")  # read a subtree somewhere
WRITERS = roles("prov h01 x01 c1 outsider")  # write a subtree somewhere
COPY = roles("prov h01 x01 c1 grader outsider")  # copy flags: not inspectors
NOBODY = frozenset()


@dataclass(frozen=True)
class Kind:
    doc: str
    get: dict  # target -> roles allowed
    post: dict | str = "same"
    optional: bool = False
    shows: tuple[str, ...] = ()  # words of other subtrees this route may show

    def allowed(self, method: str, target: str) -> frozenset[str] | None:
        table = self.get if method in ("get", "head") or self.post == "same" else self.post
        return table.get(target, table.get("*"))


def everywhere(get, post="same", **kw) -> Kind:
    return Kind(kw.pop("doc", ""), {"*": get}, post if post == "same" else {"*": post}, **kw)


def targets(h01, t01, post_h01=None, post_t01=None, **kw) -> Kind:
    post = "same" if post_h01 is None else {"H01": post_h01, "T01": post_t01}
    return Kind(kw.pop("doc", ""), {"H01": h01, "T01": t01}, post, **kw)


KINDS: dict[str, Kind | None] = {
    # None: any answer but a server error; the body is still searched for secrets.
    "open": None,
    "users": everywhere(USERS, doc="any signed-in user; shows only what they may see"),
    "member-self": everywhere(roles("member member2"),
                              doc="the signed-in member's own things"),
    "own-plan": everywhere(roles("member"), doc="the member's own action plan, once made"),
    "staff": everywhere(STAFF, doc="users who read some subtree; figures of their own"),
    "staff/writers": everywhere(STAFF, WRITERS, doc="read by staff, POST by writers"),
    "writers": everywhere(WRITERS, doc="users who write some subtree"),
    "copy": everywhere(COPY, doc="copy flags: officers and graders, never inspectors"),
    "copy/owner": everywhere(COPY, roles("prov"), doc="copy readers; POST owner writers"),
    "copy/writers": everywhere(COPY, WRITERS),
    "owner": everywhere(roles("prov"), doc="writers of the campaign's owner (T01)"),
    "staff/owner": everywhere(STAFF, roles("prov")),
    "organiser-or-host": everywhere(roles("prov h01 outsider"),
                                    doc="writers of the conference or of a bridge point"),
    "import": everywhere(roles("h01"), doc="an import job: only its uploader"),
    # Target H01: unit H01-X01-C01, member 0101001 (of C1); target T01: unit T01.
    "unit": targets(roles("prov h01 x01 c1 insp grader"), roles("prov")),
    "unit-write": targets(roles("prov h01 x01 c1"), roles("prov")),
    "unit-move": targets(roles("prov h01 x01"), NOBODY,
                         doc="write on the unit and its parent; a root does not move"),
    "member": targets(roles("prov h01 x01 c1 insp grader member"), None),
    "member-write": targets(roles("prov h01 x01 c1"), None),
    "member-personal": targets(roles("prov h01 x01 c1 member"), None,
                               doc="personal data: writers of the unit and the member"),
    # The deliverable of district H01 (owed to the province).
    "deliverable-receive": targets(roles("prov h01"), None),
    "deliverable-file": targets(roles("prov h01 insp grader"), None),
    # Bridge point DC-H01 (hosted by H01) / DC-T01, of the province's conference.
    "bridge-point": targets(roles("prov h01"), roles("prov")),
    "checkin": targets(roles("member member2"), None, shows=("Cái Bè",),
                       doc="a member with the code shown at the bridge point, wherever they "
                           "belong (attendance counts once, at any point); the page names "
                           "the point they stand at"),
    # The learning report and plan of member 0101001.
    "learning-report": targets(roles("prov h01 x01 c1 insp grader"), None,
                               doc="staff pages; the member has their own (learning/)"),
    "api-learning-report": targets(roles("prov h01 x01 c1 insp grader member"), None),
    "learning-write": targets(roles("prov h01 x01 c1"), None),
    "learning-plan": targets(roles("prov h01 x01 c1 insp grader"), None,
                             roles("prov h01 x01 c1"), None),
    "copy-pair": targets(roles("prov h01 x01 c1 grader"), None),
    # District H01's program (members below comment on it) / the province's program.
    "program": targets(roles("prov h01 x01 c1 insp grader member"), USERS),
    "program-write": targets(roles("prov h01"), roles("prov")),
    "task": targets(roles("prov h01 x01 c1 insp grader member"), USERS,
                    roles("prov h01 x01"), roles("prov"),
                    doc="progress: writers of the program's unit or of the lead unit"),
    "task-progress": targets(roles("prov h01 x01"), roles("prov")),
    # District H01's ballot / the province's ballot.
    "ballot": targets(roles("prov h01 x01 c1 insp grader"), STAFF),
    "ballot-write": targets(roles("prov h01"), roles("prov")),
    "ballot-answer": targets(roles("member"), roles("member member2"),
                             doc="members of the owner's subtree"),
    "paper-list": targets(roles("prov h01"), roles("prov h01 outsider")),
    "paper-entry": targets(roles("prov h01"), roles("prov")),
    "assignment": targets(roles("prov h01 insp grader"), None, NOBODY, None,
                          doc="seen by readers of the host; evaluated by its inspector"),
    "assignment-cancel": targets(roles("prov h01"), None),
    "notice": targets(roles("h01"), roles("prov"), doc="a notice is its addressee's"),
    # District H01's result report / the province's.
    "report": targets(roles("prov h01 insp grader"), roles("prov")),
    "report-pdf": targets(roles("prov h01 insp grader"), roles("prov"), optional=True),
    "report-write": targets(roles("prov h01"), roles("prov")),
    "report-decide": targets(roles("prov"), NOBODY, doc="writers of the parent unit"),
    # API writes whose body names a unit: H01 / T01.
    "api-unit-write": targets(roles("prov h01"), roles("prov")),
    "api-owner": targets(roles("prov"), roles("prov")),
    "users/api-unit-write": Kind("list: any user; create: writers of the unit named",
                                 {"*": USERS}, {"H01": roles("prov h01"), "T01": roles("prov")}),
}

ROUTES: dict[str, str] = {
    "": "users",
    "login/": "open",
    "logout/": "open",
    "api/": "open",
    "no-role/": "users",
    "api/units": "users",
    "api/units/<code>": "unit",
    "api/members": "users",
    "api/members/<member_id>": "member",
    "api/campaigns": "users/api-unit-write",
    "api/campaigns/<code>": "users",
    "api/campaigns/<code>/coverage": "staff",
    "api/meetings": "api-unit-write",
    "api/meetings/<code>": "users",
    "api/meetings/<code>/bridge-points": "api-owner",
    "api/attendance": "bridge-point",
    "api/meetings/<code>/non-members": "bridge-point",
    "api/campaigns/<code>/learning/my-report": "member-self",
    "api/campaigns/<code>/learning/my-report/submit": "member-self",
    "api/campaigns/<code>/learning/results": "staff",
    "api/campaigns/<code>/learning/reports/<member_id>": "api-learning-report",
    "api/campaigns/<code>/copy-flags": "copy",
    "api/campaigns/<code>/programs": "staff",
    "api/programs/<program_pk>": "program",
    "api/programs/tasks/<task_pk>/progress": "task-progress",
    "api/ballots/<int:questionnaire_pk>/results": "ballot",
    "api/ballots/<int:questionnaire_pk>/paper/<int:tally_bp_pk>": "paper-entry",
    "api/inspections/today": "users",
    "api/campaigns/<code>/inspections/figures": "staff",
    "api/campaigns/<code>/inspections/missing": "staff",
    "api/notices": "users",
    "api/notices/<notice_pk>/read": "notice",
    "api/campaigns/<code>/report-figures": "staff",
    "api/reports/<report_pk>": "report",
    "units/": "staff",
    "units/export/": "staff",
    "units/<str:code>/": "unit",
    "units/<str:code>/children/": "unit",
    "units/<str:code>/create-child/": "unit-write",
    "units/<str:code>/move/": "unit-move",
    "units/<str:code>/active/": "unit-write",
    "members/": "staff",
    "members/export/": "staff",
    "members/<str:member_id>/": "member",
    "members/<str:member_id>/transfer/": "member-write",
    "members/<str:member_id>/edit/": "member-write",
    "members/<str:member_id>/remove/": "member-write",
    "members/<str:member_id>/privacy/": "member-personal",
    "members/<str:member_id>/data.json": "member-personal",
    "members/<str:member_id>/data.xlsx": "member-personal",
    "members/<str:member_id>/erase/": "member-write",
    "privacy/": "member-self",
    "privacy/views/": "writers",
    "imports/": "writers",
    "imports/<int:pk>/": "import",
    "documents/": "staff",
    "documents/new/": "writers",
    "documents/<int:pk>/file/": "staff",  # national texts, not scoped
    "campaigns/": "users",
    "campaigns/new/": "writers",
    "campaigns/<str:code>/": "users",
    "campaigns/<str:code>/coverage.xlsx": "staff",
    "campaigns/<str:code>/not-covered/": "staff",
    "campaigns/<str:code>/deliverables/": "staff",
    "campaigns/<str:code>/deliverables/rates.xlsx": "staff",
    "campaigns/<str:code>/deliverables/overdue/": "staff/writers",
    "campaigns/<str:code>/deliverables/require/": "owner",
    "campaigns/<str:code>/deliverables/<int:pk>/receive/": "deliverable-receive",
    "campaigns/<str:code>/deliverables/<int:pk>/file/": "deliverable-file",
    "meetings/": "users",
    "meetings/new/": "writers",
    "meetings/<str:code>/": "users",
    "meetings/<str:code>/bridge-points/new/": "owner",
    "meetings/<str:code>/bridge-points/<str:bp>/": "bridge-point",
    "meetings/<str:code>/bridge-points/<str:bp>/mark/": "bridge-point",
    "meetings/<str:code>/bridge-points/<str:bp>/add/": "bridge-point",
    "meetings/<str:code>/bridge-points/<str:bp>/non-members/": "bridge-point",
    "meetings/<str:code>/bridge-points/<str:bp>/qr/": "bridge-point",
    "meetings/<str:code>/sheet/": "organiser-or-host",
    "checkin/<str:code>/<str:bp>/<str:token>/": "checkin",
    "me/meetings/": "users",
    "learning/": "member-self",
    "campaigns/<str:code>/learning/my/": "member-self",
    "campaigns/<str:code>/learning/my/save/": "member-self",
    "campaigns/<str:code>/learning/my/submit/": "member-self",
    "campaigns/<str:code>/learning/my/upload/": "member-self",
    "campaigns/<str:code>/learning/my/plan/": "member-self",
    "campaigns/<str:code>/learning/my/plan/review/": "own-plan",
    "campaigns/<str:code>/learning/": "staff",
    "campaigns/<str:code>/learning/results.xlsx": "staff",
    "campaigns/<str:code>/learning/members/": "staff",
    "campaigns/<str:code>/learning/grading/": "staff",
    "campaigns/<str:code>/learning/allocate/": "writers",
    "campaigns/<str:code>/learning/import/": "writers",
    "campaigns/<str:code>/learning/settings/": "owner",
    "campaigns/<str:code>/learning/reports/<str:member_id>/": "learning-report",
    "campaigns/<str:code>/learning/reports/<str:member_id>/grade/": "learning-write",
    "campaigns/<str:code>/learning/reports/<str:member_id>/file/": "learning-report",
    "campaigns/<str:code>/learning/reports/<str:member_id>/paper/": "learning-write",
    "campaigns/<str:code>/learning/reports/<str:member_id>/excuse/": "learning-write",
    "campaigns/<str:code>/learning/plans/<str:member_id>/": "learning-plan",
    "campaigns/<str:code>/copies/": "copy",
    "campaigns/<str:code>/copies/flags.xlsx": "copy",
    "campaigns/<str:code>/copies/<int:match_pk>/": "copy-pair",
    "campaigns/<str:code>/copies/clusters/<int:cluster_pk>/": "copy-pair",
    "campaigns/<str:code>/copies/run/": "copy/writers",
    "campaigns/<str:code>/copies/runs/<int:run_pk>/": "owner",
    "campaigns/<str:code>/copies/references/": "copy/owner",
    "campaigns/<str:code>/copies/references/<int:reference_pk>/": "copy",
    "campaigns/<str:code>/copies/references/<int:reference_pk>/delete/": "owner",
    "programs/": "staff",
    "campaigns/<str:code>/programs/": "staff",
    "campaigns/<str:code>/programs/start/": "staff",
    "campaigns/<str:code>/programs/overdue/": "staff",
    "programs/mine/": "users",
    "programs/<int:program_pk>/": "program",
    "programs/<int:program_pk>/versions/new/": "program-write",
    "programs/<int:program_pk>/diff/": "program",
    "programs/<int:program_pk>/round/": "program-write",
    "programs/<int:program_pk>/round/close/": "program-write",
    "programs/<int:program_pk>/comments/": "program",  # an empty comment: form errors
    "programs/<int:program_pk>/comments/export/": "program",
    "programs/<int:program_pk>/docx/": "program",
    "programs/comments/<int:comment_pk>/answer/": "program-write",
    "programs/<int:program_pk>/adopt/": "program-write",
    "programs/<int:program_pk>/tasks/new/": "program-write",
    "programs/<int:program_pk>/tasks/export/": "program",
    "programs/tasks/<int:task_pk>/": "task",
    "programs/tasks/<int:task_pk>/edit/": "program-write",
    "programs/tasks/<int:task_pk>/delete/": "program-write",
    "programs/evidence/<int:progress_pk>/": "program",
    "campaigns/<str:code>/ballots/": "staff",
    "campaigns/<str:code>/ballots/new/": "writers",
    "ballots/": "users",
    "ballots/<int:questionnaire_pk>/": "ballot",
    "ballots/<int:questionnaire_pk>/results.xlsx": "ballot",
    "ballots/<int:questionnaire_pk>/not-answered/": "ballot",
    "ballots/<int:questionnaire_pk>/close/": "ballot-write",
    "ballots/<int:questionnaire_pk>/answer/": "ballot-answer",
    "ballots/<int:questionnaire_pk>/paper/": "paper-list",
    "ballots/<int:questionnaire_pk>/paper/<int:tally_bp_pk>/": "paper-entry",
    "campaigns/<str:code>/inspections/": "staff",
    "campaigns/<str:code>/inspections/assign/": "staff",  # choices: what they may assign
    "campaigns/<str:code>/inspections/missing/": "staff",
    "campaigns/<str:code>/inspections/form/": "staff/owner",
    "inspections/today/": "users",
    "inspections/<int:assignment_pk>/": "assignment",
    "inspections/<int:assignment_pk>/cancel/": "assignment-cancel",
    "notices/": "users",
    "notices/read-all/": "users",
    "notices/settings/": "users",
    "notices/<int:notice_pk>/read/": "notice",
    "notices/<int:notice_pk>/open/": "notice",
    "campaigns/<str:code>/report/": "staff",
    "campaigns/<str:code>/report/build/": "writers",
    "campaigns/<str:code>/report/dashboard/": "staff",
    "reports/<int:report_pk>/": "report",
    "reports/<int:report_pk>/edit/": "report-write",
    "reports/<int:report_pk>/figure/": "report-write",
    "reports/<int:report_pk>/rebuild/": "report-write",
    "reports/<int:report_pk>/submit/": "report-write",
    "reports/<int:report_pk>/accept/": "report-decide",
    "reports/<int:report_pk>/return/": "report-decide",
    "reports/<int:report_pk>/report.docx": "report",
    "reports/<int:report_pk>/report.xlsx": "report",
    "reports/<int:report_pk>/report.pdf": "report-pdf",
}


# --- The world ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The fixture province, its campaign and every app's objects, built once for the
    module inside a transaction that is rolled back at the end; each request runs in a
    savepoint of its own, rolled back too, so no request sees another's writes."""
    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
    hotcache.forget_all()


def build_world() -> dict:
    import datetime

    from django.core.files.base import ContentFile

    from quantriet.accounts.models import ApiToken, RoleKind
    from quantriet.campaigns.models import Deliverable
    from quantriet.conftest import make_campaign, make_province, make_user
    from quantriet.learning.models import LearningReport
    from quantriet.meetings.services import bridge_point_create
    from quantriet.notices.models import Notice
    from quantriet.programs import services as programs
    from quantriet.programs.text import sections_from_text
    from quantriet.reports.services import report_build
    from quantriet.surveys.services import questionnaire_create_from_template

    p = make_province()
    c = make_campaign(p)
    h01 = walk.h01_objects(c)
    users = {
        "prov": make_user("tinh_uy", unit=p.t01, kind=RoleKind.OFFICER),
        "h01": p.officer_h01,
        "x01": make_user("bi_thu_xa", unit=p.h01x01, kind=RoleKind.OFFICER),
        "c1": p.secretary_c1,
        "insp": p.inspector_h01,
        "grader": make_user("cham_bai", unit=p.h01, kind=RoleKind.GRADER),
        "member": p.member_c1,
        "outsider": p.outsider,
        "member2": make_user("dang_vien_chau_thanh", unit=p.c3, kind=RoleKind.MEMBER,
                             member=p.members["0201001"]),
    }
    # Files behind the download views.
    c.guide.file.save("huong-dan.txt", ContentFile(b"20-HD/BTGTW"), save=True)
    Deliverable.objects.get(pk=h01["deliverable"]).file.save(
        "ke-hoach.txt", ContentFile("Kế hoạch huyện Cái Bè".encode()), save=True)
    LearningReport.objects.get(campaign=c.campaign, member=p.members["0101001"]).file.save(
        "thu-hoach.txt", ContentFile("Thu hoạch".encode()), save=True)
    # The province's own objects (target T01).
    bp = bridge_point_create(actor=None, meeting=c.conference, code="DC-T01",
                             name="Điểm cầu tỉnh", host=p.t01, expected_units=[p.t01])
    program = programs.program_create(actor=None, campaign=c.campaign, unit=p.t01,
                                      title="Chương trình hành động của Tỉnh ủy")
    for text in ("1. Mục tiêu\nHọc tập nghị quyết.", "1. Mục tiêu\nHọc tập đầy đủ."):
        programs.version_create(actor=None, program=program, sections=sections_from_text(text))
    today = datetime.date.today()
    task = programs.task_create(actor=None, program=program, content="Nhiệm vụ của tỉnh",
                                lead_unit=p.t01, deadline=today)
    programs.program_adopt(actor=None, program=program, adopted_by="Ban Thường vụ Tỉnh ủy",
                           adopted_on=today, document_number="06-CTr/TU")
    ballot = questionnaire_create_from_template(
        actor=None, template_key="resolution-agreement", campaign=c.campaign, owner=p.t01,
        title="Phiếu lấy ý kiến toàn tỉnh", anonymous=False)
    report = report_build(actor=None, campaign=c.campaign, unit=p.t01)
    notice = Notice.objects.create(
        user=users["prov"], kind="deliverable_missing", key="matrix",
        subject="Nhắc việc của Tỉnh ủy", body="", url="/", created_at=c.conference.starts_at)
    t01 = {"<str:code>": "T01", "<code>": "T01", "<str:bp>": "DC-T01",
           "<int:program_pk>": str(program.pk), "<program_pk>": str(program.pk),
           "<int:task_pk>": str(task.pk), "<task_pk>": str(task.pk),
           "<int:questionnaire_pk>": str(ballot.pk), "<int:tally_bp_pk>": str(bp.pk),
           "<int:report_pk>": str(report.pk), "<report_pk>": str(report.pk),
           "<int:notice_pk>": str(notice.pk), "<notice_pk>": str(notice.pk)}
    tokens = {role: ApiToken.issue(user=user, name="matrix")[1] for role, user in users.items()}
    clients = {"anon": Client(), "api": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    words = walk.H01_SECRETS + C2 + h01["secrets"]
    assert {H01_NOTICE, EVALUATION, COPIED} <= set(words), "an app's outsider.py changed"
    return {"h01": h01, "t01": t01, "tokens": tokens, "clients": clients, "words": words,
            "bp1": c.bp1}


def values_for(route: str, target: str, world: dict) -> dict[str, str]:
    """The parameter values of a route for a target (T01: the province's objects; a
    parameter it has none for keeps H01's, and the URL then tells whether it changed)."""
    from quantriet.meetings.qr import token_for

    values = walk.h01_values(route, world["h01"])
    values["<unit>"] = "H01"
    values["<str:token>"] = token_for(world["bp1"])  # the QR code turns every 30 s
    if target == "T01":
        area = route.removeprefix("api/").split("/", 1)[0]
        values.update(world["t01"], **{"<unit>": "T01"})
        if area in ("campaigns", "meetings", "checkin"):
            # The campaign and the conference are the province's own.
            values["<str:code>"] = values["<code>"] = "NQ4-XII" if area == "campaigns" \
                else "HNTT-01"
    return values


def url_of(route: str, values: dict[str, str]) -> str:
    """A regular-expression route's group (?P<name>...) takes the value of <name>, or the
    first alternative of its pattern."""
    def group(match: re.Match) -> str:
        name, pattern = match.groups()
        return values.get(f"<{name}>", values.get(f"<str:{name}>", pattern.split("|")[0]))

    if route.startswith("^"):
        route = REGEX_GROUP.sub(group, route).replace("\\", "")
    return walk.substitute(route, values)


# --- Requests ----------------------------------------------------------------------------

API_BODIES = {
    # (method, route): body (from the target's values) valid for the schema, so that the
    # answer is decided by access and not by validation.
    ("post", "api/campaigns"): lambda v: {
        "code": "MATRIX", "title": "Đợt thử", "owner_unit": v["<unit>"],
        "roll_date": "2016-12-02",
        "resolution": {"number": "04-NQ/TW", "title": "Nghị quyết", "date": "2016-10-30"}},
    ("post", "api/meetings"): lambda v: {
        "code": "MATRIX-1", "campaign": "NQ4-XII", "kind": "in_person", "title": "Lớp thử",
        "starts_at": "2016-12-21T08:00:00", "organiser_unit": v["<unit>"]},
    ("post", "api/meetings/<code>/bridge-points"): lambda v: {
        "code": "DC-MATRIX", "name": "Điểm cầu thử", "host_unit": v["<unit>"]},
    ("post", "api/attendance"): lambda v: {
        "meeting": "HNTT-01", "bridge_point": v["<str:bp>"],
        "records": [{"member_id": "0101001", "status": "present"}]},
    ("post", "api/meetings/<code>/non-members"): lambda v: {
        "bridge_point": v["<str:bp>"], "category": "public", "count": 3},
    ("put", "api/campaigns/<code>/learning/my-report"): lambda v: {"text": "Bài thu hoạch."},
    ("post", "api/programs/tasks/<task_pk>/progress"): lambda v: {"percent": 10},
    ("put", "api/ballots/<int:questionnaire_pk>/paper/<int:tally_bp_pk>"): lambda v: {
        "ballots": 0, "counts": []},
}


def api_methods(route: str, urlconf=None) -> list[str]:
    """The HTTP methods django-ninja declares for a route (GET and POST for other views)."""
    methods: list[str] = []
    for r, pattern in walk.walk(get_resolver(urlconf).url_patterns):
        if r != route:
            continue
        # django-ninja's view is a (wrapped) closure over its ninja.operation.PathView.
        view = pattern.callback
        while view is not None:
            for cell in getattr(view, "__closure__", None) or ():
                for operation in getattr(cell.cell_contents, "operations", ()):
                    methods.extend(m.lower() for m in operation.methods)
            view = getattr(view, "__wrapped__", None)
    return sorted(set(methods)) or ["get", "post"]


def shown_text(response) -> str:
    """What a response shows: its body (the XML inside a Word or Excel file) and where it
    redirects to (but not the login page's ?next=, which only repeats the request)."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", "replace")
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                           if n.endswith((".xml", ".rels", ".txt", ".csv", ".json")))
    location = response.get("Location", "")
    return text if location.startswith("/login/") else text + location


def outcome(response) -> str:
    """A: allowed, R: refused, -: method not allowed (neutral), ?: a server error."""
    code = response.status_code
    if code == 405:
        return "-"
    if code in (401, 403, 404):
        return "R"
    if code in (301, 302, 303):
        return "R" if response["Location"].startswith("/login/") else "A"
    if code in (200, 201, 204, 400, 409, 422):
        return "A"
    return "?"


def send(world: dict, role: str, method: str, url: str, route: str, values: dict):
    """One request as `role`, in a savepoint rolled back afterwards."""
    kwargs = {}
    if route.startswith("api/"):
        client = world["clients"]["api"]
        if role != "anon":
            kwargs["HTTP_AUTHORIZATION"] = f"Bearer {world['tokens'][role]}"
        if method in ("post", "put", "patch"):
            build = API_BODIES.get((method, route))
            kwargs["data"] = json.dumps(build(values) if build else {})
            kwargs["content_type"] = "application/json"
    else:
        client = world["clients"][role]
    cookies = SimpleCookie(client.cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, **kwargs)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies  # logout/ must not sign the role out for the next route
        hotcache.forget_all()
    return response


def problems_for(world: dict, route: str, urlconf=None) -> list[str]:
    """Everything wrong with one route: not classified, a role allowed or refused against
    the table, a server error, a secret shown."""
    if route not in ROUTES:
        return [f"{route!r} is not in the access matrix. Decide who may use it and add "
                f"{route!r}: '<kind>' to ROUTES in quantriet/tests/test_access_matrix.py "
                f"(kinds: {', '.join(KINDS)}; add a kind if none fits), and scope the view "
                "through quantriet/orgs/access.py."]
    kind = KINDS[ROUTES[route]]
    methods = api_methods(route, urlconf) if route.startswith("api/") else ["get", "post"]
    problems, seen, decided = [], set(), False
    for target in ("H01", "T01"):
        values = values_for(route, target, world)
        url = url_of(route, values)
        assert "<" not in url and "(?P" not in url, f"unfilled parameter in {route}: {url}"
        for method in methods:
            body = API_BODIES.get((method, route))
            if (url, method, body and json.dumps(body(values))) in seen:
                continue  # the same request as for the other target
            seen.add((url, method, body and json.dumps(body(values))))
            allowed = kind.allowed(method, target) if kind else None
            if kind is not None and allowed is None:
                continue  # the kind says nothing about this target
            row = []
            for role in ROLES:
                response = send(world, role, method, url, route, values)
                result = outcome(response)
                row.append(result)
                where = f"{method.upper()} {url} as {role} (target {target})"
                if result == "?":
                    problems.append(f"{where}: answered {response.status_code}")
                elif kind is not None and result != "-":
                    decided = True
                    expected = "A" if role in allowed else "R"
                    if result != expected and not (kind.optional and result == "R"):
                        problems.append(f"{where}: {'allowed' if result == 'A' else 'refused'}"
                                        f" ({response.status_code}), the table says "
                                        f"{'allowed' if expected == 'A' else 'refused'} "
                                        f"(kind {ROUTES[route]!r})")
                text = shown_text(response)
                leaked = [w for w in secrets_of(role, world["words"])
                          if w in text and not (kind and w in kind.shows)]
                if leaked:
                    problems.append(f"{where}: shows {leaked} of a subtree it does not see")
            if problems:
                problems.append(f"  observed {method.upper()} {target}: "
                                + " ".join(f"{r}={x}" for r, x in zip(ROLES, row, strict=True)))
    if kind is not None and not decided:
        problems.append(f"{route}: every request answered 405; nothing was checked")
    return problems


# --- Tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("route", walk.site_routes())
def test_it_allows_and_refuses_every_route_as_the_table_says(world, route):
    problems = problems_for(world, route)
    assert not problems, "\n".join(problems)


def test_it_has_no_rows_for_routes_that_are_gone():
    routes = set(walk.site_routes())
    assert {r for r in ROUTES if r not in routes} == set()
    assert {k for k in ROUTES.values() if k not in KINDS} == set()


def test_it_walks_the_pages_and_every_api_endpoint():
    routes = walk.site_routes()
    assert "members/<str:member_id>/" in routes
    assert "api/attendance" in routes and "api/reports/<report_pk>" in routes
    assert not any(r.startswith(("admin/", "static/")) or "openapi" in r for r in routes)


# A view that forgets to scope: every member of the unit given, whoever asks.
def _leaky_members(request, code):
    from django.http import HttpResponse

    from quantriet.orgs.models import Member

    names = Member.objects.filter(unit__code=code).values_list("full_name", flat=True)
    return HttpResponse(", ".join(names))


def _leaky_urlconf():
    import sys
    import types

    from quantriet import urls

    module = types.ModuleType("quantriet_matrix_leaky_urls")
    module.urlpatterns = [url_path("units/<str:code>/roster/", _leaky_members),
                          *urls.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


def test_it_fails_on_a_new_view_until_it_is_classified_and_scoped(world, monkeypatch):
    urlconf = _leaky_urlconf()
    route = "units/<str:code>/roster/"
    with override_settings(ROOT_URLCONF=urlconf):
        assert route in walk.site_routes(urlconf)
        unclassified = problems_for(world, route, urlconf)
        assert len(unclassified) == 1 and "not in the access matrix" in unclassified[0]
        assert f"{route!r}: '<kind>' to ROUTES" in unclassified[0]

        # Classified as a unit page, it is caught refusing nobody and showing C1's members.
        monkeypatch.setitem(ROUTES, route, "unit")
        problems = "\n".join(problems_for(world, route, urlconf))
    assert "as outsider (target H01): allowed (200), the table says refused" in problems
    assert "as anon (target H01): allowed" in problems
    assert "as outsider (target H01): shows ['Nguyễn Văn An'" in problems
