"""The inbox: /notices/, mark read, open, read all, /notices/settings/ (mutes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quantriet.notices.models import Mute, Notice


def notice(user, key, subject="Nhắc việc", url="/campaigns/NQ4-XII/", **kw):
    return Notice.objects.create(user=user, kind=kw.pop("kind", "task_overdue"), key=key,
                                 subject=subject, body=kw.pop("body", ""), url=url,
                                 created_at=timezone.now(), **kw)


@pytest.fixture
def inbox(province):
    p = province
    return [notice(p.officer_h01, "a", "Kế hoạch <script>x</script> chưa nộp"),
            notice(p.officer_h01, "b", "Thư đã đọc rồi", read_at=timezone.now()),
            notice(p.outsider, "c", "Thư của huyện Châu Thành")]


def test_it_lists_the_users_own_notices_with_the_unread_count(province, client_for, inbox):
    client = client_for(province.officer_h01)
    html = client.get("/notices/").content.decode()
    assert "1 thông báo chưa đọc" in html
    assert "Kế hoạch &lt;script&gt;x&lt;/script&gt; chưa nộp" in html  # escaped
    assert "Thư đã đọc rồi" in html and "Châu Thành" not in html
    assert "Thư đã đọc rồi" not in client.get("/notices/?unread=1").content.decode()
    # The nav shows the unread count everywhere, with one query.
    assert 'Hộp thư nhắc việc <span class="badge">1</span>' in html
    with CaptureQueriesContext(connection) as queries:
        client.get("/notices/settings/")
    assert sum("notices_notice" in q["sql"] for q in queries) == 1


def test_it_marks_a_notice_read(province, client_for, inbox):
    client = client_for(province.officer_h01)
    first = inbox[0]
    response = client.post(f"/notices/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Đã đọc lúc" in response.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    assert "Hộp thư nhắc việc <span" not in client.get("/notices/").content.decode()


def test_it_opens_a_notice_where_it_points(province, client_for, inbox):
    client = client_for(province.officer_h01)
    response = client.post(f"/notices/{inbox[0].pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/campaigns/NQ4-XII/"
    bad = notice(province.officer_h01, "evil", url="//evil.example/")
    assert client.post(f"/notices/{bad.pk}/open/")["Location"] == "/notices/"


def test_it_marks_all_read(province, client_for, inbox):
    client_for(province.officer_h01).post("/notices/read-all/")
    assert not Notice.objects.filter(user=province.officer_h01, read_at__isnull=True).exists()
    assert Notice.objects.filter(user=province.outsider, read_at__isnull=True).count() == 1


def test_it_saves_the_kinds_a_user_mutes(province, client_for):
    client = client_for(province.member_c1)
    page = client.get("/notices/settings/").content.decode()
    assert "Bài thu hoạch chưa nộp" in page and "Được phân công kiểm tra" in page
    client.post("/notices/settings/", {"muted": ["report_missing", "task_overdue"]})
    assert set(Mute.objects.filter(user=province.member_c1).values_list("kind", flat=True)) \
        == {"report_missing", "task_overdue"}
    client.post("/notices/settings/", {"muted": ["task_overdue"]})
    assert list(Mute.objects.values_list("kind", flat=True)) == ["task_overdue"]
    response = client.post("/notices/settings/", {"muted": ["nonsense"]})
    assert response.status_code == 200 and Mute.objects.count() == 1


def test_it_shows_nobody_else_a_users_notice(province, client_for, inbox):
    mine = inbox[0]
    for user in (province.outsider, province.admin, province.secretary_c1):
        client = client_for(user)
        for url in (f"/notices/{mine.pk}/read/", f"/notices/{mine.pk}/open/"):
            assert client.post(url).status_code == 404
        assert "&lt;script&gt;" not in client.get("/notices/").content.decode()
    mine.refresh_from_db()
    assert mine.read_at is None
    assert client_for(province.outsider).get(f"/notices/{mine.pk}/read/").status_code == 405


def test_it_requires_signing_in(client):
    for url in ("/notices/", "/notices/settings/"):
        assert client.get(url).status_code == 302


def test_it_keeps_notices_out_of_officers_admin(province, client_for, inbox):
    assert client_for(province.outsider).get("/admin/notices/notice/").status_code == 403
    html = client_for(province.admin).get("/admin/notices/notice/").content.decode()
    assert "task_overdue" in html or "Nhiệm vụ quá hạn" in html


def test_it_unmutes_everything_when_nothing_is_ticked(province, client_for):
    client = client_for(province.member_c1)
    client.post("/notices/settings/", {"muted": ["task_overdue"]})
    client.post("/notices/settings/", {})
    assert not Mute.objects.exists()
