"""quantriet.notices.sources: the "deliverable_missing" reminders of the cascade."""

from __future__ import annotations

import datetime

from quantriet.campaigns.models import Campaign, Deliverable
from quantriet.campaigns.services import deliverable_receive, deliverable_require
from quantriet.notices import sources

DUE = datetime.date(2016, 12, 15)


def reminders(day):
    return sorted((r.user_id, r.key, r.subject) for r in sources.due(day))


def test_it_reminds_unit_officers_of_deliverables_due_soon_or_overdue(campaign):
    p = campaign.province
    deliverable_require(actor=None, campaign=campaign.campaign, kind="plan",
                        depth=p.h01.depth, due_on=DUE)
    h01 = Deliverable.objects.get(unit=p.h01)
    h02 = Deliverable.objects.get(unit=p.h02)
    assert reminders(datetime.date(2016, 12, 11)) == []  # four days before
    assert reminders(datetime.date(2016, 12, 12)) == [
        (p.officer_h01.pk, f"deliverable:{h01.pk}:due",
         "Hạn ngày 15/12/2016: kế hoạch của Đảng bộ huyện Cái Bè"),
        (p.outsider.pk, f"deliverable:{h02.pk}:due",
         "Hạn ngày 15/12/2016: kế hoạch của Đảng bộ huyện Châu Thành")]
    first = next(iter(sources.due(datetime.date(2016, 12, 12))))
    assert first.kind == "deliverable_missing"
    assert first.url.startswith("/campaigns/NQ4-XII/?unit=H0")
    assert "Học tập, quán triệt Nghị quyết Trung ương 4" in first.body
    overdue = reminders(datetime.date(2016, 12, 16))
    assert [key for _u, key, _s in overdue] == [f"deliverable:{h01.pk}:overdue",
                                                f"deliverable:{h02.pk}:overdue"]
    assert overdue[0][2] == "Quá hạn: kế hoạch của Đảng bộ huyện Cái Bè (hạn 15/12/2016)"
    # Received: no more reminders for it; the cell secretary never gets the district's.
    deliverable_receive(actor=None, deliverable=h01, received_on=datetime.date(2016, 12, 16))
    assert [u for u, _k, _s in reminders(datetime.date(2016, 12, 17))] == [p.outsider.pk]
    # The campaign is over: nothing any more.
    Campaign.objects.filter(pk=campaign.campaign.pk).update(ends_on=datetime.date(2017, 1, 31))
    assert reminders(datetime.date(2017, 1, 31)) != []
    assert reminders(datetime.date(2017, 2, 1)) == []
