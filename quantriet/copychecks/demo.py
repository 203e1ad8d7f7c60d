"""Demo data of the copychecks app: a published sample text and the resolution's text as
references, a few planted copies among the demo learning reports, and one full check, so
the demo shows flags, a group sharing the sample, and pairs to decide.

Runs after quantriet.learning.demo; does nothing when that created no report. Fast: the
check of the demo province's reports takes a few seconds.
"""

from __future__ import annotations

import random

from quantriet.learning.models import LearningReport
from quantriet.orgs.models import Unit

from . import services
from .models import CopyMatch, ReferenceKind

SAMPLE_NAME = "Bài thu hoạch mẫu (trên mạng)"
RESOLUTION_NAME = "Nghị quyết Trung ương 4 khóa XII (trích)"

SAMPLE = (
    "Qua nghiên cứu, học tập Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh "
    "đốn Đảng, ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
    "những biểu hiện tự diễn biến, tự chuyển hóa trong nội bộ, bản thân tôi nhận thức sâu "
    "sắc hơn về vai trò, trách nhiệm của người đảng viên. Tôi nhận thấy thực trạng suy thoái "
    "ở một bộ phận cán bộ, đảng viên diễn biến phức tạp, làm giảm niềm tin của nhân dân đối "
    "với Đảng. Điểm mới của Nghị quyết là nhận diện rõ hai mươi bảy biểu hiện suy thoái, "
    "chỉ ra nguyên nhân chủ quan là chính và đề ra bốn nhóm giải pháp đồng bộ. Thời cơ là "
    "sự đồng thuận của toàn Đảng, toàn dân; thách thức là tâm lý nể nang, ngại va chạm vẫn "
    "còn. Mục tiêu của bản thân là không ngừng rèn luyện, tu dưỡng, giữ gìn phẩm chất đạo "
    "đức cách mạng. Giải pháp là thực hiện nghiêm tự phê bình và phê bình, nêu gương trong "
    "công tác và sinh hoạt, gắn với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
    "Chí Minh. Tôi đề xuất chi bộ tăng cường sinh hoạt chuyên đề, kiểm tra, giám sát thường "
    "xuyên. Liên hệ bản thân, tôi còn hạn chế trong việc đấu tranh với những biểu hiện sai "
    "trái; thời gian tới tôi sẽ khắc phục, hoàn thành tốt nhiệm vụ được giao."
)

RESOLUTION = (
    "Tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính "
    "trị, đạo đức, lối sống, những biểu hiện tự diễn biến, tự chuyển hóa trong nội bộ. Nhận "
    "thức rõ, đầy đủ những biểu hiện suy thoái để có giải pháp ngăn chặn, đẩy lùi. Tiếp tục "
    "đổi mới nội dung, phương thức lãnh đạo của Đảng; giữ vững nguyên tắc tập trung dân chủ; "
    "thực hiện nghiêm tự phê bình và phê bình; nâng cao chất lượng sinh hoạt chi bộ."
)

PLANT_SAMPLE = 4  # members who hand in the sample as their own (one group)
PLANT_PAIRS = 3  # members who copy a neighbour's report


# Above this many reports the demo checks only the first district (where the demo
# logins are), to load in a few seconds; the full check is one click on the page.
FULL_CHECK_LIMIT = 5000


def load(campaign, *, seed: int) -> None:
    reports = services.checked_reports(campaign)
    if not reports.exists():
        return
    if CopyMatch.objects.filter(campaign=campaign).exists():
        return  # loaded already
    unit = None
    if reports.count() > FULL_CHECK_LIMIT:
        unit = (Unit.objects.filter(parent=campaign.owner, active=True).order_by("code")
                .first())
        reports = services.checked_reports(campaign, unit)
    services.references_import(actor=None, campaign=campaign,
                               files=[(SAMPLE_NAME + ".txt", SAMPLE.encode())])
    services.references_import(actor=None, campaign=campaign, kind=ReferenceKind.RESOLUTION,
                               files=[(RESOLUTION_NAME + ".txt", RESOLUTION.encode())])
    _plant(campaign, reports, seed)
    services.check_campaign(actor=None, campaign=campaign, unit=unit)


def _plant(campaign, reports, seed: int) -> None:
    """Copies among the first reports of one cell: deterministic for the seed."""
    rng = random.Random(seed * 7919 + 4)
    ids = list(reports.order_by("unit__path", "pk").values_list("pk", flat=True)[:200])
    if len(ids) < PLANT_SAMPLE + 2 * PLANT_PAIRS:
        return
    chosen = rng.sample(ids, PLANT_SAMPLE + 2 * PLANT_PAIRS)
    by_id = LearningReport.objects.in_bulk(chosen)
    changed = []
    for i, pk in enumerate(chosen[:PLANT_SAMPLE]):
        r = by_id[pk]
        r.text = ("Bài thu hoạch của đồng chí. " if i % 2 else "") + SAMPLE
        changed.append(r)
    rest = chosen[PLANT_SAMPLE:]
    for source, copier in zip(rest[::2], rest[1::2], strict=True):
        r = by_id[copier]
        r.text = by_id[source].text
        changed.append(r)
    LearningReport.objects.bulk_update(changed, ["text"])
