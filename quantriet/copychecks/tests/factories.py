"""Texts and reports for the copychecks tests: honest reports built from a syllable bank
(two honest texts share almost no 5-syllable run), and the copies planted among them."""

from __future__ import annotations

import random

from django.utils import timezone

from quantriet.learning.models import LearningReport, ReportStatus

WORDS = (
    "đảng viên chi bộ học tập nghị quyết xây dựng chỉnh đốn tăng cường phòng chống suy thoái "
    "tư tưởng chính trị đạo đức lối sống tự diễn biến tự chuyển hóa nội bộ cán bộ quần chúng "
    "nhân dân địa phương ấp xã huyện tỉnh kinh tế văn hóa xã hội an ninh quốc phòng nông "
    "nghiệp thủy lợi giao thông trường học trạm y tế hợp tác thanh niên phụ nữ cựu chiến binh "
    "mặt trận tổ quốc kiểm tra giám sát kỷ luật dân chủ đoàn kết trách nhiệm nêu gương "
    "người đứng đầu cơ quan đơn vị nhiệm vụ giải pháp mục tiêu thời cơ thách thức thực trạng "
    "điểm mới đề xuất liên hệ bản thân gia đình công việc hằng ngày cuộc họp sinh hoạt định kỳ "
    "phê bình tự phê bình sửa chữa khuyết điểm phát huy ưu điểm lúa cam xoài sông kênh cầu "
    "đường điện nước sạch chợ bến tàu mùa mưa mùa khô hạn mặn sạt lở bảo vệ môi trường"
).split()


def honest_text(seed: int, sentences: int = 30) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


SAMPLE = honest_text(9001, 40)
RESOLUTION = honest_text(9002, 40)


def make_report(campaign, member, text: str, *, status: str = ReportStatus.SUBMITTED):
    report, _created = LearningReport.objects.update_or_create(
        campaign=campaign, member=member,
        defaults={"unit": member.unit, "text": text, "status": status,
                  "submitted_at": timezone.now()})
    return report


def plant(campaign) -> dict:
    """The fixture province's reports (campaign = the `campaign` fixture):

    0101001 (C1) honest X; 0101004 (C2) copies X verbatim (a pair inside H01);
    0101002 (C1) honest Y; 0201001 (H02) copies Y without accents (a pair across
    districts); 0101005 (C2) copies the published sample; 0201002 (H02) honest but quotes
    the resolution at length.
    """
    p, c = campaign.province, campaign.campaign
    x, y = honest_text(1), honest_text(2)
    strip = str.maketrans("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
                          "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")
    reports = {
        "0101001": make_report(c, p.members["0101001"], x),
        "0101004": make_report(c, p.members["0101004"], x),
        "0101002": make_report(c, p.members["0101002"], y),
        "0201001": make_report(c, p.members["0201001"], y.translate(strip)),
        "0101005": make_report(c, p.members["0101005"], "Bài thu hoạch. " + SAMPLE),
        "0201002": make_report(c, p.members["0201002"],
                               honest_text(3, 12) + " " + RESOLUTION + " " + honest_text(4, 12)),
    }
    return {"x": x, "y": y, "reports": reports}


def add_references(campaign, actor=None):
    from quantriet.copychecks import services

    c = campaign.campaign
    services.references_import(actor=actor, campaign=c,
                               files=[("Bài mẫu 1.txt", SAMPLE.encode())])
    services.references_import(actor=actor, campaign=c, kind="resolution",
                               files=[("Nghị quyết TW4.txt", RESOLUTION.encode())])
