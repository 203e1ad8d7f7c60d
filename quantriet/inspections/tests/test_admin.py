"""The admin lists assignments scoped like everything else, read-only."""

from __future__ import annotations

from quantriet.conftest import make_user
from quantriet.inspections.services import assignment_create


def test_it_scopes_the_admin_lists(campaign, client_for):
    p = campaign.province
    h02 = make_user("ins_h02", unit=p.h02, kind="inspector")
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                      inspector=p.inspector_h01)
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp2,
                      inspector=h02)
    url = "/admin/inspections/assignment/"
    html = client_for(p.outsider).get(url).content.decode()
    assert "Điểm cầu huyện Châu Thành" in html and "Cái Bè" not in html
    html = client_for(p.admin).get(url).content.decode()
    assert "Điểm cầu huyện Cái Bè" in html and "Điểm cầu huyện Châu Thành" in html
    assert client_for(p.admin).get(url + "add/").status_code == 403
    assert client_for(p.outsider).get("/admin/inspections/evaluation/").status_code == 200
