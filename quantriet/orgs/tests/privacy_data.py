"""A member with something in every app: the fixture of the personal data tests."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

MEMBER_ID = "0101001"
SECRETS = SimpleNamespace(
    feedback="Bài viết sâu sắc, cần liên hệ ấp Rạch Gầm hơn",
    duties="Phụ trách tổ tự quản khu phố Bến Tranh",
    commitment="Vận động mười hộ trồng sầu riêng Ngũ Hiệp",
    measure="Mười hộ ở Ngũ Hiệp tham gia",
    comment="Đề nghị bổ sung đường giao thông nông thôn ấp Hậu Thành",
    answer="Ý kiến riêng về chợ nổi Cái Bè của tôi",
    anonymous="Bí mật của phiếu ẩn danh Mỹ Đức Tây",
)


def build(campaign) -> SimpleNamespace:
    """Attendance, a graded report with an uploaded file and copy flags, an action plan,
    a comment on a program draft, an answer to a named ballot and to an anonymous one."""
    from quantriet.campaigns.models import RollEntry
    from quantriet.copychecks.services import check_campaign, forget_index
    from quantriet.copychecks.tests.factories import add_references, plant
    from quantriet.learning import services as learning
    from quantriet.learning.models import LearningReport
    from quantriet.meetings.models import AttendanceStatus, CheckInMethod
    from quantriet.meetings.services import attendance_record
    from quantriet.orgs.models import ImportJob, ImportKind
    from quantriet.programs import services as programs
    from quantriet.programs.text import sections_from_text
    from quantriet.surveys.services import response_submit
    from quantriet.surveys.tests.factories import cleaned, seed_ballot

    p, c = campaign.province, campaign.campaign
    member = p.members[MEMBER_ID]
    attendance_record(actor=p.officer_h01, meeting=campaign.conference,
                      records=[(member.pk, AttendanceStatus.PRESENT),
                               (p.members["0101002"].pk, AttendanceStatus.PRESENT)],
                      method=CheckInMethod.TICK, bridge_point=campaign.bp1)
    forget_index()  # an index cached by another test's (other) database
    add_references(campaign)
    planted = plant(campaign)
    check_campaign(actor=None, campaign=c)
    report = LearningReport.objects.get(campaign=c, member=member)
    report.file.save("bai-thu-hoach-an.docx", ContentFile(b"PK fake docx"), save=True)
    learning.report_grade(actor=p.secretary_c1, report=report, grade="Khá",
                          feedback=SECRETS.feedback)
    entry = RollEntry.objects.select_related("member", "unit", "campaign").get(
        campaign=c, member=member)
    learning.plan_save(actor=p.member_c1, entry=entry, duties=SECRETS.duties,
                       commitments=[{"what": SECRETS.commitment, "measure": SECRETS.measure,
                                     "due_on": datetime.date(2017, 6, 30)}])
    today = timezone.localdate()
    program = programs.program_create(actor=p.officer_h01, campaign=c, unit=p.h01)
    version = programs.version_create(actor=p.officer_h01, program=program,
                                      sections=sections_from_text("1. Mục tiêu\nHọc tập."))
    programs.round_open(actor=p.officer_h01, program=program, opens_on=today,
                        closes_on=today + datetime.timedelta(days=5))
    comment = programs.comment_add(actor=p.member_c1, program=program,
                                   section=version.sections.first(), text=SECRETS.comment)
    programs.comment_answer(actor=p.officer_h01, comment=comment, kind="accepted",
                            text="Tiếp thu")
    named = seed_ballot(campaign, owner=p.h01, anonymous=False)
    response_submit(actor=p.member_c1, questionnaire=named, member=member,
                    cleaned_data=cleaned(named, comment=SECRETS.answer))
    secret = seed_ballot(campaign, owner=p.t01, anonymous=True)
    response_submit(actor=p.member_c1, questionnaire=secret, member=member,
                    cleaned_data=cleaned(secret, comment=SECRETS.anonymous))
    ImportJob.objects.create(  # an import whose row messages quote the member
        kind=ImportKind.MEMBERS, file="imports/dv.csv", original_name="dv.csv",
        created_by=p.officer_h01, errors=[{"row": 3, "column": "member_id", "message":
                                           f"Trùng số hiệu {MEMBER_ID} (Nguyễn Văn An)"}],
        summary={"duplicates": [MEMBER_ID]})
    report.refresh_from_db()
    return SimpleNamespace(member=member, report=report, planted=planted, comment=comment)
