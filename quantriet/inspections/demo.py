"""Demo inspections on the seed campaign: inspectors (committee members sent down to the
bridge points "to check, remind and evaluate") at some bridge points of the conference,
most of whom have recorded their evaluation."""

from __future__ import annotations

import datetime
import random

from quantriet.accounts.models import Role, RoleKind, User
from quantriet.meetings.models import MeetingKind
from quantriet.orgs.models import Member
from quantriet.surveys.forms import questionnaire_form

from .models import Assignment
from .services import assignment_create, evaluation_record, evaluation_setup

SHARE_OF_POINTS = 0.2  # bridge points that receive an inspector
MAX_INSPECTORS = 40
EVALUATED = 0.85
# Weights of the options of a Good / Fair / Average / Poor question, in order.
RATING_WEIGHTS = [55, 30, 12, 3]
REMARKS = [
    "Hội nghị được chuẩn bị chu đáo, đảng viên dự đầy đủ, đúng giờ.",
    "Đường truyền có lúc gián đoạn; cần kiểm tra thiết bị trước buổi học.",
    "Thảo luận sôi nổi, nhiều ý kiến liên hệ thực tế ở địa phương.",
    "Một số đảng viên vắng không có lý do; đề nghị chi bộ tổ chức học bù.",
    "",
]


def _answers(rng: random.Random, form) -> dict:
    data = {}
    for q in form.questions:
        options = list(q.options.all())
        if options:
            weights = (RATING_WEIGHTS + [1] * len(options))[:len(options)]
            data[q.field_name] = str(rng.choices(options, weights=weights)[0].pk)
        elif q.kind == "number":
            data[q.field_name] = str(rng.randint(0, 10))
        else:
            data[q.field_name] = rng.choice(REMARKS)
    return data


def load(campaign, *, seed: int) -> None:
    if Assignment.objects.filter(campaign=campaign).exists():
        return
    conference = campaign.meetings.filter(kind=MeetingKind.ONLINE).order_by("starts_at").first()
    if conference is None:
        return
    rng = random.Random(f"quantriet-demo-inspections:{seed}")
    points = list(conference.bridge_points.select_related("host").order_by("code"))
    if not points:
        return
    owner = campaign.owner
    setup = evaluation_setup(actor=None, campaign=campaign)
    chosen: list[tuple] = []
    # The demo's own inspector login gets a bridge point of its district.
    prefix = f"kt-{owner.code.lower()}-"  # the demo's own inspectors (kept on a reload)
    for role in (Role.objects.filter(kind=RoleKind.INSPECTOR, unit__path__startswith=owner.path)
                 .exclude(user__username__startswith=prefix)
                 .select_related("user", "unit")):
        mine = [p for p in points if p.host.path.startswith(role.unit.path)]
        if mine:
            point = rng.choice(mine)
            points.remove(point)
            chosen.append((role.user, point))
    wanted = min(MAX_INSPECTORS, max(1, round(len(points) * SHARE_OF_POINTS)))
    names = list(Member.objects.filter(unit__path__startswith=owner.path, exempt=False)
                 .order_by("member_id").values_list("full_name", flat=True)[:wanted * 50])
    existing = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    new_users, users = [], []
    for i in range(min(wanted, len(points))):
        first_name = (rng.choice(names) if names else f"Cán bộ kiểm tra {i + 1}")[:150]
        user = existing.get(f"{prefix}{i + 1:03d}")
        if user is None:
            user = User(username=f"{prefix}{i + 1:03d}", first_name=first_name)
            user.set_unusable_password()
            new_users.append(user)
        users.append(user)
    User.objects.bulk_create(new_users)
    Role.objects.bulk_create([Role(user=u, unit=owner, kind=RoleKind.INSPECTOR)
                              for u in new_users])
    new_users = users
    for user, point in zip(new_users, rng.sample(points, len(new_users)), strict=True):
        chosen.append((user, point))
    for user, point in chosen:
        assignment = assignment_create(actor=None, meeting=conference, bridge_point=point,
                                       inspector=user)
        if rng.random() < EVALUATED:
            form = questionnaire_form(setup.questionnaire, _answers(rng, questionnaire_form(
                setup.questionnaire)))
            if form.is_valid():
                evaluation_record(actor=user, assignment=assignment,
                                  cleaned_data=form.cleaned_data,
                                  now=assignment.ends_at + datetime.timedelta(
                                      minutes=rng.randint(5, 180)))
