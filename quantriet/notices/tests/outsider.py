"""Objects of district H01 for the global outsider walk: a notice of H01's officer."""

from __future__ import annotations

from django.utils import timezone


def h01_objects(campaign) -> dict:
    from quantriet.notices.models import Notice

    p = campaign.province
    notice = Notice.objects.create(
        user=p.officer_h01, kind="deliverable_missing", key="outsider-walk",
        subject="Nhắc việc riêng của huyện Cái Bè", body="Nội dung riêng An Hữu",
        url="/campaigns/NQ4-XII/", created_at=timezone.now())
    return {"params": {"<int:notice_pk>": str(notice.pk), "<notice_pk>": str(notice.pk)},
            "secrets": ["Nhắc việc riêng của huyện Cái Bè"]}
