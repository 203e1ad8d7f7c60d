"""Learning fixtures: the seed campaign with a deadline, a grader of commune H01-X01, and
helpers to reach a member's roll entry."""

from __future__ import annotations

import datetime

import pytest

from quantriet.accounts.models import RoleKind
from quantriet.campaigns.models import RollEntry
from quantriet.conftest import make_user
from quantriet.learning import services

SAMPLE = (
    "Thực trạng: tình trạng suy thoái về tư tưởng chính trị còn diễn biến phức tạp.\n"
    "Điểm mới của Nghị quyết lần này là nhận diện rõ 27 biểu hiện.\n"
    "Thời cơ và thách thức: khó khăn còn nhiều.\n"
    "Mục tiêu, giải pháp: tăng cường tự phê bình.\n"
    "Đề xuất: kiến nghị cấp ủy sâu sát hơn.\n"
    "Liên hệ bản thân: bản thân tôi sẽ gương mẫu."
)


@pytest.fixture
def learning(campaign):
    """The campaign with a deadline of 15/01/2017 and a grader on H01-X01."""
    p = campaign.province
    services.settings_update(actor=None, campaign=campaign.campaign,
                             deadline=datetime.date(2017, 1, 15), scale_kind="labels",
                             grades=["Tốt", "Khá", "Trung bình", "Không đạt"])
    campaign.grader = make_user("grader_x01", unit=p.h01x01, kind=RoleKind.GRADER)
    return campaign


def entry_of(campaign, member_id: str) -> RollEntry:
    return RollEntry.objects.select_related("member", "unit", "campaign").get(
        campaign=campaign.campaign, member__member_id=member_id)
