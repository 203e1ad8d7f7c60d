"""District H01's action program, for the global outsider walk."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from quantriet.programs import services
from quantriet.programs.text import sections_from_text

SECRET_TITLE = "Chương trình riêng huyện Cái Bè"
SECRET_TASK = "Nhiệm vụ kín của huyện một"
SECRET_COMMENT = "Góp ý kín của ấp một"


def h01_objects(campaign) -> dict:
    p = campaign.province
    today = timezone.localdate()
    program = services.program_create(actor=p.officer_h01, campaign=campaign.campaign,
                                      unit=p.h01, title=SECRET_TITLE)
    services.version_create(actor=p.officer_h01, program=program,
                            sections=sections_from_text("1. Mục tiêu\nHọc tập nghị quyết."))
    services.version_create(actor=p.officer_h01, program=program,
                            sections=sections_from_text("1. Mục tiêu\nHọc tập đầy đủ."))
    comment_round = services.round_open(actor=p.officer_h01, program=program, opens_on=today,
                                        closes_on=today + datetime.timedelta(days=5))
    comment = services.comment_add(actor=p.member_c1, program=program,
                                   section=comment_round.version.sections.first(),
                                   text=SECRET_COMMENT)
    services.comment_answer(actor=p.officer_h01, comment=comment, kind="accepted")
    task = services.task_create(actor=p.officer_h01, program=program, content=SECRET_TASK,
                                lead_unit=p.h01x01, deadline=today - datetime.timedelta(days=1))
    services.round_close(actor=p.officer_h01, comment_round=comment_round)
    services.program_adopt(actor=p.officer_h01, program=program, adopted_by="Ban Thường vụ",
                           adopted_on=today, document_number="05-CTr/HU")
    update = services.progress_record(
        actor=p.officer_h01, task=task, percent=40, note="Tiến độ",
        evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 secret"))
    return {"params": {"<int:program_pk>": str(program.pk), "<int:task_pk>": str(task.pk),
                       "<int:comment_pk>": str(comment.pk),
                       "<int:progress_pk>": str(update.pk),
                       # django-ninja's routes name parameters without a converter.
                       "<program_pk>": str(program.pk), "<task_pk>": str(task.pk)},
            "secrets": [SECRET_TITLE, SECRET_TASK, SECRET_COMMENT]}
