"""Demo learning reports and action plans on the seed campaign: deterministic for the seed,
set-based (a few seconds at 44,000 members).

About 72 % of the members who must submit hand a report in (some late, some on paper),
most are graded on the default scale, a few are returned for rework, a few members are
excused; about a third of them wrote a personal action plan, part of which the cell has
reviewed. The texts are assembled from a small bank of fragments, slot by slot, so that
two honest demo reports share stock phrases but not whole passages (the copy check must
leave them alone). Demo members with an account keep a draft, to show the editor.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from quantriet.accounts.models import Role, RoleKind, User
from quantriet.campaigns.models import RollEntry
from quantriet.dbutil import insert_many

from .models import (
    DEFAULT_GRADES,
    ActionPlan,
    CellRating,
    Commitment,
    LearningReport,
    LearningSettings,
    ReportSource,
    ReportStatus,
    Topic,
)
from .topics import DEFAULT_TOPICS

DEADLINE = datetime.date(2017, 1, 31)
SUBMIT_SHARE = 0.72
LATE_SHARE = 0.08
PAPER_SHARE = 0.15
EXCUSED_SHARE = 0.02
GRADED_SHARE = 0.8
RETURNED_SHARE = 0.04
PLAN_SHARE = 0.35
REVIEWED_SHARE = 0.4
GRADE_WEIGHTS = (0.34, 0.47, 0.16, 0.03)

# (topic sentence openers, contents): one of each per topic, in the topics' order.
BANK: list[tuple[list[str], list[str]]] = [
    (["Về thực trạng,", "Nhìn lại tình hình ở cơ sở,", "Thực trạng hiện nay cho thấy",
      "Qua thực tế công tác, tôi thấy", "Ở địa phương tôi,", "Trong thời gian qua,"],
     ["một bộ phận đảng viên còn ngại va chạm, nể nang trong sinh hoạt",
      "tình trạng suy thoái về đạo đức, lối sống vẫn còn ở một số nơi",
      "việc tự phê bình và phê bình có lúc còn hình thức",
      "một số cán bộ chưa gương mẫu, còn biểu hiện cơ hội, thực dụng",
      "sinh hoạt chi bộ có nơi chưa đều, nội dung còn đơn điệu",
      "công tác kiểm tra, giám sát chưa thường xuyên, phát hiện sai phạm còn chậm"]),
    (["Điểm mới của Nghị quyết là", "Tôi nhận thấy điểm mới nổi bật là",
      "So với trước đây, nội dung mới là", "Nghị quyết lần này có điểm mới là",
      "Điều tôi tâm đắc nhất là", "Một điểm mới quan trọng là"],
     ["nhận diện cụ thể các biểu hiện tự diễn biến, tự chuyển hóa",
      "chỉ rõ nguyên nhân chủ quan là chính",
      "đề ra bốn nhóm giải pháp đồng bộ, có trọng tâm",
      "yêu cầu người đứng đầu phải nêu gương trước",
      "gắn trách nhiệm cá nhân với kết quả khắc phục hạn chế",
      "nhấn mạnh vai trò giám sát của nhân dân"]),
    (["Thời cơ là", "Thuận lợi lớn là", "Cơ hội hiện nay là", "Chúng ta có thời cơ khi",
      "Điều kiện thuận lợi là", "Tôi cho rằng thời cơ nằm ở chỗ"],
     ["sự đồng thuận cao của cán bộ, đảng viên và nhân dân",
      "kinh tế địa phương phát triển ổn định, đời sống được cải thiện",
      "công nghệ thông tin giúp phổ biến Nghị quyết nhanh hơn",
      "cấp ủy các cấp vào cuộc quyết liệt",
      "nhân dân ngày càng quan tâm, giám sát cán bộ",
      "nhiều mô hình tốt đã được nhân rộng"]),
    (["Thách thức là", "Khó khăn đặt ra là", "Nguy cơ cần cảnh giác là",
      "Bên cạnh đó, thách thức còn ở chỗ", "Tuy vậy, khó khăn vẫn còn khi",
      "Không thể xem nhẹ thách thức là"],
     ["các thế lực thù địch lợi dụng mạng xã hội để xuyên tạc",
      "tâm lý ngại đụng chạm còn phổ biến",
      "mặt trái của cơ chế thị trường tác động đến lối sống",
      "trình độ một số đảng viên chưa theo kịp yêu cầu",
      "nguồn lực ở cơ sở còn hạn hẹp",
      "việc xử lý vi phạm có lúc chưa kịp thời"]),
    (["Mục tiêu đặt ra là", "Chúng ta phấn đấu", "Mục tiêu của chi bộ là",
      "Phải phấn đấu để", "Mục tiêu quan trọng là", "Chỉ tiêu cần đạt là"],
     ["ngăn chặn, đẩy lùi sự suy thoái trong nội bộ",
      "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức đảng",
      "củng cố niềm tin của nhân dân đối với Đảng",
      "xây dựng chi bộ trong sạch, vững mạnh",
      "không để xảy ra vi phạm nghiêm trọng",
      "mỗi đảng viên đều hoàn thành tốt nhiệm vụ"]),
    (["Về giải pháp,", "Giải pháp trước hết là", "Cần thực hiện các biện pháp như",
      "Nhiệm vụ trọng tâm là", "Theo tôi, giải pháp then chốt là", "Các giải pháp gồm"],
     ["nâng cao chất lượng sinh hoạt chi bộ định kỳ và chuyên đề",
      "đẩy mạnh tự phê bình và phê bình một cách thẳng thắn",
      "tăng cường kiểm tra, giám sát đảng viên nơi cư trú",
      "gắn học tập Nghị quyết với học tập và làm theo gương Bác",
      "công khai, minh bạch trong công tác cán bộ",
      "phát huy vai trò nêu gương của người đứng đầu"]),
    (["Tôi đề xuất", "Xin kiến nghị", "Tôi đề nghị cấp trên", "Đề xuất của tôi là",
      "Kiến nghị với cấp ủy", "Tôi mạnh dạn đề nghị"],
     ["tổ chức thêm lớp bồi dưỡng kỹ năng cho bí thư chi bộ",
      "có cơ chế bảo vệ người dám đấu tranh, phản ánh",
      "biểu dương kịp thời những tập thể, cá nhân tiêu biểu",
      "đơn giản hóa thủ tục báo cáo ở cơ sở",
      "tăng cường đối thoại giữa cấp ủy và đảng viên",
      "định kỳ lấy ý kiến nhân dân về đảng viên"]),
    (["Liên hệ bản thân,", "Bản thân tôi", "Về phần mình, tôi", "Liên hệ với bản thân,",
      "Là đảng viên, tôi", "Tự liên hệ, tôi"],
     ["còn hạn chế trong đấu tranh với biểu hiện sai trái và sẽ khắc phục",
      "sẽ giữ gìn phẩm chất, lối sống giản dị, gần gũi nhân dân",
      "hứa hoàn thành tốt nhiệm vụ được giao tại đơn vị",
      "sẽ tích cực học tập nâng cao trình độ lý luận chính trị",
      "sẽ thẳng thắn góp ý đồng chí, đồng đội trong sinh hoạt",
      "sẽ gương mẫu để gia đình và quần chúng noi theo"]),
]

COMMITMENTS = [
    ("Tham gia đầy đủ sinh hoạt chi bộ", "Không vắng buổi nào không có lý do"),
    ("Gương mẫu tự phê bình và phê bình", "Chi bộ đánh giá tốt cuối năm"),
    ("Tuyên truyền Nghị quyết đến gia đình và khu dân cư", "Ít nhất hai buổi mỗi quý"),
    ("Hoàn thành tốt nhiệm vụ chuyên môn được giao", "Xếp loại hoàn thành tốt nhiệm vụ"),
    ("Học tập nâng cao trình độ lý luận chính trị", "Hoàn thành lớp trung cấp lý luận"),
    ("Giữ gìn lối sống giản dị, gần gũi nhân dân", "Không có phản ánh của nhân dân"),
]


def _text(rng: random.Random) -> str:
    sentences = [f"{rng.choice(openers)} {rng.choice(contents)}."
                 for openers, contents in BANK]
    if rng.random() < 0.5:
        sentences.insert(0, "Qua học tập, quán triệt Nghị quyết Trung ương 4 khóa XII, tôi "
                            "nhận thức sâu sắc hơn trách nhiệm của người đảng viên.")
    return " ".join(sentences)


def _grade(rng: random.Random) -> str:
    return rng.choices(DEFAULT_GRADES, weights=GRADE_WEIGHTS)[0]


def load(campaign, *, seed: int) -> None:
    if LearningReport.objects.filter(campaign=campaign).exists():
        return  # loaded already
    rng = random.Random(f"quantriet-demo-learning:{seed}")
    LearningSettings.objects.create(campaign=campaign, deadline=DEADLINE,
                                    grades=list(DEFAULT_GRADES))
    Topic.objects.bulk_create([
        Topic(campaign=campaign, name=name, keywords="\n".join(words), position=i)
        for i, (name, words) in enumerate(DEFAULT_TOPICS)])

    roll = list(RollEntry.objects.filter(campaign=campaign).order_by("member__member_id")
                .values_list("member_id", "unit_id", "exempt", "unit__path"))
    with_account = set(User.objects.filter(member__isnull=False)
                       .values_list("member_id", flat=True))
    graders = [(pk, path) for pk, path in Role.objects.filter(
        kind=RoleKind.GRADER, unit__path__startswith=campaign.owner.path)
        .values_list("user_id", "unit__path")]
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(DEADLINE - datetime.timedelta(days=40),
                                      datetime.time(8), tzinfo=tz)
    reports, plans = [], []
    for member_pk, unit_pk, exempt, path in roll:
        if member_pk in with_account:
            reports.append(LearningReport(
                campaign_id=campaign.pk, member_id=member_pk, unit_id=unit_pk,
                text=_text(rng), status=ReportStatus.DRAFT, draft_saved_at=start))
            continue
        if exempt or rng.random() >= SUBMIT_SHARE:
            if not exempt and rng.random() < EXCUSED_SHARE / (1 - SUBMIT_SHARE):
                reports.append(LearningReport(
                    campaign_id=campaign.pk, member_id=member_pk, unit_id=unit_pk,
                    status=ReportStatus.EXCUSED, excuse_reason="Ốm dài ngày"))
            continue
        grader = next((g for g, gpath in graders if path.startswith(gpath)), None)
        r = LearningReport(campaign_id=campaign.pk, member_id=member_pk, unit_id=unit_pk,
                           grader_id=grader)
        late = rng.random() < LATE_SHARE
        days = rng.randint(41, 55) if late else rng.randint(0, 40)
        r.submitted_at = start + datetime.timedelta(days=days, minutes=rng.randint(0, 600))
        r.is_late, r.submissions = late, 1
        r.source = ReportSource.PAPER if rng.random() < PAPER_SHARE else ReportSource.WEB
        r.text = _text(rng)
        r.status = ReportStatus.SUBMITTED
        draw = rng.random()
        if draw < GRADED_SHARE:
            r.status, r.grade = ReportStatus.GRADED, _grade(rng)
            r.graded_at = r.submitted_at + datetime.timedelta(days=rng.randint(1, 10))
        elif draw < GRADED_SHARE + RETURNED_SHARE:
            r.status = ReportStatus.RETURNED
            r.feedback = "Cần bổ sung phần liên hệ bản thân và giải pháp cụ thể."
        reports.append(r)
        if rng.random() < PLAN_SHARE:
            plans.append((member_pk, unit_pk, rng.random() < REVIEWED_SHARE, r.submitted_at))
    insert_many(LearningReport, reports)

    insert_many(ActionPlan, [
        ActionPlan(campaign_id=campaign.pk, member_id=m, unit_id=u,
                   duties="Đảng viên sinh hoạt tại chi bộ",
                   self_assessment="Đã thực hiện cơ bản các cam kết." if reviewed else "",
                   self_assessed_at=when + datetime.timedelta(days=60) if reviewed else None,
                   cell_rating=CellRating.ACHIEVED if reviewed else "",
                   cell_assessed_at=when + datetime.timedelta(days=70) if reviewed else None)
        for m, u, reviewed, when in plans])
    plan_ids = dict(ActionPlan.objects.filter(campaign=campaign)
                    .values_list("member_id", "pk"))
    commitments = []
    for m, _u, _reviewed, when in plans:
        for position, (what, measure) in enumerate(rng.sample(COMMITMENTS, 2)):
            commitments.append(Commitment(plan_id=plan_ids[m], what=what, measure=measure,
                                          due_on=(when + datetime.timedelta(days=180)).date(),
                                          position=position))
    insert_many(Commitment, commitments)
