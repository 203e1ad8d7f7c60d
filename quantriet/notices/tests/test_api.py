"""/api/notices and /api/notices/<pk>/read: the caller's own inbox only."""

from __future__ import annotations

from django.utils import timezone

from quantriet.notices.models import Notice


def test_it_returns_the_callers_inbox_and_marks_read(province, client_for):
    p = province
    mine = Notice.objects.create(user=p.officer_h01, kind="task_overdue", key="k",
                                 subject="Nhiệm vụ số 3 quá hạn", created_at=timezone.now())
    Notice.objects.create(user=p.outsider, kind="task_overdue", key="k",
                          subject="Thư Châu Thành", created_at=timezone.now())
    client = client_for(p.officer_h01)
    data = client.get("/api/notices").json()
    assert data["unread"] == 1
    assert [(n["subject"], n["kind_label"]) for n in data["notices"]] == [
        ("Nhiệm vụ số 3 quá hạn", "Nhiệm vụ quá hạn")]
    assert client_for(p.outsider).post(f"/api/notices/{mine.pk}/read").status_code == 404
    response = client.post(f"/api/notices/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get("/api/notices?unread=true").json() == {"unread": 0, "notices": []}
