"""Demo action programs on the seed campaign: the province's program drafted, commented on
by the districts, amended, adopted as 05-CTr/TU; each unit directly below builds its own
from it, most adopt it, and their tasks are tracked (some done, some overdue).

Everything goes through the services, with the dates of early 2017 passed as `today`;
comments are written directly (the services want a signed-in author). Deterministic for
a seed; called once, inside the demo command's transaction.
"""

from __future__ import annotations

import datetime
import random

from quantriet.orgs.models import Unit, UnitKind

from . import services
from .models import AnswerKind, Comment, Program, Task
from .text import sections_from_text

DRAFT = """I. Mục đích, yêu cầu
Quán triệt sâu sắc, thực hiện nghiêm túc Nghị quyết Trung ương 4 khóa XII về tăng cường
xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức,
lối sống, những biểu hiện "tự diễn biến", "tự chuyển hóa" trong nội bộ.
II. Nhiệm vụ, giải pháp
1. Công tác chính trị, tư tưởng, đạo đức, lối sống
Đổi mới nội dung, phương thức học tập lý luận chính trị; tổ chức học tập, quán triệt
nghị quyết đến 100% cán bộ, đảng viên.
2. Cơ chế, chính sách
Rà soát, bổ sung quy chế làm việc, quy định về trách nhiệm nêu gương của cán bộ, đảng viên.
3. Kiểm tra, giám sát, kỷ luật đảng
Tăng cường kiểm tra, giám sát tổ chức đảng và đảng viên có dấu hiệu vi phạm.
4. Phát huy vai trò của nhân dân và Mặt trận Tổ quốc
Phát huy vai trò giám sát của nhân dân, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội.
III. Tổ chức thực hiện
Các cấp ủy, tổ chức đảng xây dựng chương trình hành động, kế hoạch thực hiện cụ thể,
phân công rõ trách nhiệm và thời hạn hoàn thành từng nhiệm vụ."""

AMENDED = DRAFT.replace(  # the first comment, accepted
    "tổ chức học tập, quán triệt\nnghị quyết đến 100% cán bộ, đảng viên.",
    "tổ chức học tập, quán triệt\nnghị quyết đến 100% cán bộ, đảng viên; tổ chức học bù "
    "cho đảng viên chưa được học tập.")

TASKS = [
    ("Tổ chức học tập, quán triệt Nghị quyết đến toàn thể cán bộ, đảng viên; tổ chức học "
     "bù cho đảng viên vắng.", datetime.date(2017, 3, 31), 3),
    ("Rà soát, bổ sung quy chế làm việc và quy định trách nhiệm nêu gương.",
     datetime.date(2017, 6, 30), 2),
    ("Xây dựng kế hoạch kiểm tra, giám sát năm 2017 theo tinh thần Nghị quyết.",
     datetime.date(2017, 4, 30), 2),
    ("Tổ chức lấy ý kiến nhân dân góp ý cho tổ chức đảng và đảng viên.",
     datetime.date(2017, 9, 30), 1),
    ("Sơ kết một năm thực hiện Nghị quyết, báo cáo cấp trên.", datetime.date(2017, 12, 15), 1),
]

COMMENTS = [
    ("1", "Đề nghị bổ sung việc tổ chức học bù cho đảng viên chưa được học tập."),
    ("3", "Cần nêu rõ thời hạn hoàn thành kế hoạch kiểm tra, giám sát."),
]

ROUND = (datetime.date(2016, 12, 20), datetime.date(2016, 12, 28))
PROVINCE_ADOPTED = datetime.date(2017, 1, 10)
LATE_2017 = datetime.date(2017, 12, 31)


def _issuer(unit: Unit) -> str:
    return "HU" if unit.kind == UnitKind.DISTRICT else "ĐU"


def load(campaign, *, seed: int) -> None:
    rng = random.Random(f"quantriet-demo-programs:{seed}")
    if Program.objects.filter(campaign=campaign).exists():
        return
    province = campaign.owner
    children = list(Unit.objects.filter(parent=province, active=True).order_by("code"))
    program = services.program_create(actor=None, campaign=campaign, unit=province)
    services.version_create(actor=None, program=program, sections=sections_from_text(DRAFT),
                            today=ROUND[0])
    comment_round = services.round_open(actor=None, program=program, opens_on=ROUND[0],
                                        closes_on=ROUND[1], today=ROUND[0])
    sections = {s.number: s for s in comment_round.version.sections.all()}
    for i, (number, text) in enumerate(COMMENTS):
        comment = Comment.objects.create(
            round=comment_round, section=sections[number], text=text,
            on_behalf_of=children[i % len(children)] if children else None)
        services.comment_answer(actor=None, comment=comment,
                                kind=AnswerKind.ACCEPTED if i == 0 else AnswerKind.EXPLAINED,
                                text="" if i == 0 else "Thời hạn được nêu tại từng nhiệm vụ.")
    services.version_create(actor=None, program=program, sections=sections_from_text(AMENDED),
                            note="Tiếp thu ý kiến góp ý", today=ROUND[1] + datetime.timedelta(1))
    for content, deadline, weight in TASKS:
        services.task_create(actor=None, program=program, content=content, lead_unit=province,
                             deadline=deadline, weight=weight)
    services.program_adopt(actor=None, program=program, today=PROVINCE_ADOPTED,
                           adopted_by="Ban Chấp hành Đảng bộ tỉnh", adopted_on=PROVINCE_ADOPTED,
                           document_number="05-CTr/TU")
    _track(program, rng)
    for n, unit in enumerate(children, start=1):
        child = services.program_create(actor=None, campaign=campaign, unit=unit,
                                        from_parent=True)
        if rng.random() < 0.25:
            continue  # still a draft
        adopted_on = PROVINCE_ADOPTED + datetime.timedelta(days=rng.randint(7, 40))
        services.program_adopt(actor=None, program=child, today=adopted_on,
                               adopted_by=f"Ban Thường vụ {unit.name}", adopted_on=adopted_on,
                               document_number=f"{n:02d}-CTr/{_issuer(unit)}")
        _track(child, rng)


def _track(program: Program, rng: random.Random) -> None:
    """Progress on each task as of late 2017: most done, some stuck (and so overdue)."""
    for task in Task.objects.filter(program=program).order_by("position"):
        percent = rng.choice((100, 100, 100, 100, 100, 80, 50, 30, 0))
        if percent:
            services.progress_record(actor=None, task=task, percent=percent,
                                     note="Báo cáo tiến độ", today=min(task.deadline,
                                                                         LATE_2017))
