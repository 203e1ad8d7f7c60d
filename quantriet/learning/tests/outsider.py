"""District H01's learning objects, for the global outsider walk."""

from __future__ import annotations

from quantriet.campaigns.models import RollEntry
from quantriet.learning import services

SECRET_TEXT = "Thu hoạch mật của Cái Bè về thực trạng suy thoái"
SECRET_PLAN = "Cam kết mật Cái Bè"


def h01_objects(campaign) -> dict:
    p = campaign.province
    entry = RollEntry.objects.select_related("member", "unit", "campaign").get(
        campaign=campaign.campaign, member=p.members["0101001"])
    services.report_submit(actor=None, entry=entry, text=SECRET_TEXT)
    services.plan_save(actor=None, entry=entry, duties="Bí thư chi bộ",
                       commitments=[{"what": SECRET_PLAN, "measure": "Đạt"}])
    return {"params": {}, "secrets": [SECRET_TEXT, SECRET_PLAN]}
