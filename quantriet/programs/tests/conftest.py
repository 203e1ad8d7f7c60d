"""Fixtures of the programs app on the fixture province (see quantriet/conftest.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from quantriet.programs import services
from quantriet.programs.text import sections_from_text

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

DRAFT = """Mở đầu chung.
1. Mục tiêu
Quán triệt nghị quyết đến mọi đảng viên.
2. Nhiệm vụ
Tổ chức học tập và học bù.
3. Tổ chức thực hiện
Các chi bộ báo cáo hằng tháng."""


@pytest.fixture
def drafted(campaign):
    """District H01's draft program, version 1, with two tasks (one for the commune)."""
    p = campaign.province
    program = services.program_create(actor=p.officer_h01, campaign=campaign.campaign,
                                      unit=p.h01)
    services.version_create(actor=p.officer_h01, program=program,
                            sections=sections_from_text(DRAFT))
    t1 = services.task_create(actor=p.officer_h01, program=program, lead_unit=p.h01,
                              content="Tổ chức học tập nghị quyết", deadline=TODAY + 10 * DAY,
                              weight=3)
    t2 = services.task_create(actor=p.officer_h01, program=program, lead_unit=p.h01x01,
                              content="Tổ chức học bù", deadline=TODAY - 2 * DAY, weight=1,
                              cooperating=[p.h01])
    campaign.program, campaign.t1, campaign.t2 = program, t1, t2
    return campaign


def adopt(c, program=None, number="05-CTr/HU"):
    program = program or c.program
    return services.program_adopt(actor=c.province.admin, program=program,
                                  adopted_by="Ban Thường vụ Huyện ủy", adopted_on=TODAY,
                                  document_number=number)


@pytest.fixture
def adopted(drafted):
    adopt(drafted)
    drafted.program.refresh_from_db()
    return drafted
