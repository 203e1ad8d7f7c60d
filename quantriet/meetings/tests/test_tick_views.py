"""The operator's tick-list at a bridge point: /meetings/<code>/bridge-points/<bp>/."""

from __future__ import annotations

import datetime
import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.accounts.models import AuditEntry
from quantriet.campaigns.models import RollEntry
from quantriet.conftest import make_user
from quantriet.meetings.models import Attendance, Coverage, NonMemberCount
from quantriet.orgs.models import Member
from quantriet.orgs.services import member_create

BASE = "/meetings/HNTT-01/bridge-points/DC-H01/"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ops(campaign):
    """op_h01 operates DC-H01, op_h02 operates DC-H02."""
    op_h01 = make_user("op_h01")
    op_h02 = make_user("op_h02")
    campaign.bp1.operators.add(op_h01)
    campaign.bp2.operators.add(op_h02)
    return op_h01, op_h02


def counters(html: str) -> tuple[int, int, int]:
    block = re.search(r'id="counters".*?</div>\s*</div>', html, re.S).group(0)
    return tuple(int(n.replace(".", "")) for n in re.findall(r"<b>([\d.]+)</b>", block))


def tap(client, campaign, member_id, action="present", url=BASE + "mark/"):
    pk = campaign.province.members[member_id].pk
    return client.post(url, {action: pk}, **HX)


def test_it_lists_the_expected_members_grouped_by_roll_unit(campaign, ops, client_for):
    response = client_for(ops[0]).get(BASE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chi bộ ấp 1" in html and "Chi bộ ấp 2" in html
    assert html.index("Chi bộ ấp 1") < html.index("Nguyễn Văn An") < html.index("Chi bộ ấp 2")
    assert "Huỳnh Văn Dũng" not in html  # expected at the other bridge point
    assert counters(html) == (5, 0, 0)
    assert 'hx-trigger="input changed delay:300ms' in html


def test_it_ticks_a_member_with_one_tap(campaign, ops, client_for):
    response = tap(client_for(ops[0]), campaign, "0101001")
    html = response.content.decode()
    pk = campaign.province.members["0101001"].pk
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="tick-row present" id="m-{pk}"')
    assert "<html" not in html and 'name="undo"' in html
    assert 'hx-swap-oob="true"' in html and counters(html) == (5, 1, 0)
    mark = Attendance.objects.get(member_id=pk)
    assert (mark.status, mark.method, mark.bridge_point, mark.recorded_by) == (
        "present", "tick", campaign.bp1, ops[0])
    assert Coverage.objects.filter(member_id=pk).count() == 1


def test_it_never_counts_a_double_tap_twice(campaign, ops, client_for):
    client = client_for(ops[0])
    first = tap(client, campaign, "0101002")
    second = tap(client, campaign, "0101002")
    assert first.status_code == second.status_code == 200
    assert counters(second.content.decode()) == (5, 1, 0)
    pk = campaign.province.members["0101002"].pk
    assert Attendance.objects.filter(member_id=pk).count() == 1
    assert Coverage.objects.filter(member_id=pk).count() == 1


def test_it_undoes_a_mark(campaign, ops, client_for):
    client = client_for(ops[0])
    tap(client, campaign, "0101001")
    response = tap(client, campaign, "0101001", "undo")
    html = response.content.decode()
    assert 'class="tick-row todo"' in html and 'name="present"' in html
    assert counters(html) == (5, 0, 0)
    assert not Attendance.objects.exists() and not Coverage.objects.exists()


def test_it_marks_an_excused_absence(campaign, ops, client_for):
    client = client_for(ops[0])
    response = tap(client, campaign, "0101004", "excused")
    html = response.content.decode()
    assert 'class="tick-row excused"' in html and counters(html) == (5, 0, 1)
    assert Attendance.objects.get().status == "excused"
    assert not Coverage.objects.exists()
    # A tap on the name then marks the member present.
    html = tap(client, campaign, "0101004").content.decode()
    assert counters(html) == (5, 1, 0) and Coverage.objects.count() == 1


def test_it_redirects_without_htmx(campaign, ops, client_for):
    pk = campaign.province.members["0101001"].pk
    response = client_for(ops[0]).post(BASE + "mark/", {"present": pk})
    assert response.status_code == 302 and response.url == BASE
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYEN an",
                                   unicodedata.normalize("NFD", "Nguyễn Văn An")])
def test_it_searches_without_accents(campaign, ops, client_for, query):
    response = client_for(ops[0]).get(BASE, {"q": query}, **HX)
    html = response.content.decode()
    assert "Nguyễn Văn An" in html and "<html" not in html
    assert "Trần Thị Ân" not in html and "Phạm Thị Thu Hòa" not in html


def test_it_searches_by_member_id(campaign, ops, client_for):
    html = client_for(ops[0]).get(BASE, {"q": "0101005"}, **HX).content.decode()
    assert "Võ Minh Đức" in html and "Nguyễn Văn An" not in html


def test_it_marks_a_member_not_on_the_list_by_member_id(campaign, ops, client_for):
    p = campaign.province
    late = member_create(actor=None, unit=p.c1, member_id="0101099", full_name="Đỗ Văn Mới",
                         birth_date=datetime.date(1990, 1, 1), gender="M", status="full",
                         exempt=False, card_no="", exempt_reason="")
    response = client_for(ops[0]).post(BASE + "add/", {"member_id": "0101099"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "Đỗ Văn Mới" in html
    assert counters(html) == (5, 1, 0)
    mark = Attendance.objects.get(member=late)
    assert (mark.bridge_point, mark.method) == (campaign.bp1, "tick")
    assert not Coverage.objects.exists()  # not on the roll: recorded, not counted


def test_it_answers_alike_for_unknown_and_unmarkable_member_ids(campaign, ops, client_for):
    client = client_for(ops[0])
    other = client.post(BASE + "add/", {"member_id": "0201001"}, **HX).content.decode()
    unknown = client.post(BASE + "add/", {"member_id": "9999999"}, **HX).content.decode()
    assert other.replace("0201001", "X") == unknown.replace("9999999", "X")
    assert "Huỳnh Văn Dũng" not in other
    assert not Attendance.objects.exists()


def test_it_refuses_a_tap_on_a_member_the_operator_may_not_mark(campaign, ops, client_for):
    response = tap(client_for(ops[0]), campaign, "0201001")
    assert response.status_code == 404 and not Attendance.objects.exists()


def test_it_sets_and_corrects_non_member_counts(campaign, ops, client_for):
    client = client_for(ops[0])
    url = BASE + "non-members/"
    response = client.post(url, {"youth_union": 12, "association": 5, "public": 30}, **HX)
    assert response.status_code == 200 and 'value="12"' in response.content.decode()
    response = client.post(url, {"youth_union": 15, "association": 5, "public": 30}, **HX)
    counts = dict(NonMemberCount.objects.values_list("category", "count"))
    assert counts == {"youth_union": 15, "association": 5, "public": 30}
    assert AuditEntry.objects.filter(action="non_members.set").count() == 4
    page = client.get(BASE).content.decode()
    assert 'value="15"' in page and 'value="30"' in page
    bad = client.post(url, {"youth_union": -1, "association": 5, "public": 30}, **HX)
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    assert NonMemberCount.objects.get(category="youth_union").count == 15


def test_it_lets_officers_of_the_host_tick_too(campaign, client_for):
    response = tap(client_for(campaign.province.officer_h01), campaign, "0101001")
    assert response.status_code == 200 and Attendance.objects.count() == 1


PAGES = ["", "qr/"]
POSTS = [("mark/", {"present": "PK"}), ("mark/", {"undo": "PK"}),
         ("add/", {"member_id": "0101001"}),
         ("non-members/", {"youth_union": 1, "association": 1, "public": 1})]


@pytest.mark.parametrize("who", ["outsider", "other_operator", "member", "inspector"])
def test_it_hides_the_tick_list_from_everyone_else(campaign, ops, client_for, who):
    p = campaign.province
    user = {"outsider": p.outsider, "other_operator": ops[1], "member": p.member_c1,
            "inspector": p.inspector_h01}[who]
    client = client_for(user)
    tap(client_for(ops[0]), campaign, "0101002")
    for page in PAGES:
        response = client.get(BASE + page)
        assert response.status_code == 404, page
        assert "Cái Bè" not in response.content.decode()
    pk = str(p.members["0101002"].pk)
    for url, data in POSTS:
        data = {k: (pk if v == "PK" else v) for k, v in data.items()}
        response = client.post(BASE + url, data, **HX)
        assert response.status_code == 404, url
    assert Attendance.objects.count() == 1 and not NonMemberCount.objects.exists()


def test_it_sends_anonymous_users_to_sign_in(campaign, client):
    assert "/login/" in client.get(BASE).url


def _grow_roll(campaign, n: int) -> None:
    """n more members of cell C02 on the campaign's roll."""
    p = campaign.province
    members = []
    for i in range(n):
        m = Member(member_id=f"09{i:05d}", full_name=f"Ngô Văn Thêm {i}", unit=p.c2)
        m.set_derived()
        members.append(m)
    Member.objects.bulk_create(members)
    RollEntry.objects.bulk_create(
        RollEntry(campaign=campaign.campaign, member=m, unit=p.c2)
        for m in Member.objects.filter(member_id__startswith="09"))


def test_it_keeps_the_tick_list_to_a_fixed_number_of_queries(campaign, ops, client_for):
    client = client_for(ops[0])
    tap(client, campaign, "0101001")
    client.get(BASE)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(BASE).status_code == 200
    _grow_roll(campaign, 45)
    with CaptureQueriesContext(connection) as many:
        html = client.get(BASE).content.decode()
    assert counters(html) == (50, 1, 0) and "Ngô Văn Thêm 44" in html
    assert len(few) == len(many) <= 15
    with CaptureQueriesContext(connection) as search:
        client.get(BASE, {"q": "them"}, **HX)
    assert len(search) <= 10


def test_it_caps_the_rows_and_asks_to_search(campaign, ops, client_for, monkeypatch):
    monkeypatch.setattr("quantriet.meetings.views.ROW_LIMIT", 3)
    html = client_for(ops[0]).get(BASE).content.decode()
    assert html.count('class="tick-row ') == 3
    assert counters(html) == (5, 0, 0)
