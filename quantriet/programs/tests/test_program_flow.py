"""The issue's "done when", through HTTP: a district drafts its program, members comment,
every comment is answered, the program is adopted and locked, its tasks are tracked to
done, and the province sees progress and overdue tasks rolled up for every district."""

import datetime

from django.utils import timezone

from quantriet.accounts.models import AuditEntry
from quantriet.campaigns.models import Deliverable
from quantriet.campaigns.services import deliverable_require
from quantriet.programs.models import Comment, Program, ProgramVersion, Task

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_it_takes_a_district_program_from_draft_to_done(campaign, client_for):
    p = campaign.province
    deliverable_require(actor=p.admin, campaign=campaign.campaign, kind="action_program",
                        depth=1, due_on=TODAY + 30 * DAY)
    officer = client_for(p.officer_h01)

    # The district starts and drafts its program.
    r = officer.post("/campaigns/NQ4-XII/programs/start/", {"unit": p.h01.pk})
    program = Program.objects.get(unit=p.h01)
    assert r.status_code == 302 and r.url == f"/programs/{program.pk}/"
    r = officer.post(f"/programs/{program.pk}/versions/new/", {
        "text": "1. Mục tiêu\nQuán triệt nghị quyết.\n2. Nhiệm vụ\nHọc tập và học bù."})
    assert r.status_code == 302
    assert [s.heading for s in program.versions.get().sections.all()] == ["Mục tiêu",
                                                                          "Nhiệm vụ"]
    officer.post(f"/programs/{program.pk}/tasks/new/", {
        "content": "Tổ chức học bù", "lead_unit": p.h01x01.pk, "cooperating": [p.h01.pk],
        "deadline": (TODAY + 5 * DAY).isoformat(), "weight": 2})
    officer.post(f"/programs/{program.pk}/tasks/new/", {
        "content": "Báo cáo kết quả", "lead_unit": p.h01.pk,
        "deadline": (TODAY + 20 * DAY).isoformat(), "weight": 1})
    assert program.tasks.count() == 2

    # A round opens; a member and a cell (on behalf of its unit) comment.
    officer.post(f"/programs/{program.pk}/round/", {
        "opens_on": TODAY.isoformat(), "closes_on": (TODAY + 7 * DAY).isoformat()})
    section = program.versions.get().sections.get(number="2")
    r = client_for(p.member_c1).post(f"/programs/{program.pk}/comments/", {
        "section": section.pk, "text": "Đề nghị nêu rõ thời gian học bù."})
    assert r.status_code == 302
    r = client_for(p.secretary_c1).post(f"/programs/{program.pk}/comments/", {
        "section": section.pk, "text": "Chi bộ đề nghị bổ sung <kinh phí>.",
        "on_behalf_of": p.c1.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "&lt;kinh phí&gt;" in r.content.decode()
    by_member, by_cell = Comment.objects.order_by("pk")
    assert by_member.member == p.members["0101001"] and by_member.on_behalf_of is None
    assert by_cell.on_behalf_of == p.c1

    # Adoption is refused while the round is open, then while comments are unanswered.
    adopt = {"adopted_by": "Ban Thường vụ Huyện ủy", "adopted_on": TODAY.isoformat(),
             "document_number": "05-CTr/HU"}
    r = officer.post(f"/programs/{program.pk}/adopt/", adopt, follow=True)
    assert "đang mở" in _messages(r)
    officer.post(f"/programs/{program.pk}/round/close/")
    r = officer.post(f"/programs/{program.pk}/adopt/", adopt, follow=True)
    text = _messages(r)
    assert "2 ý kiến" in text and "Đề nghị nêu rõ thời gian học bù." in text
    assert "Chi bộ ấp 1" in text
    program.refresh_from_db()
    assert not program.is_adopted

    # Every comment answered (an explanation is required unless accepted).
    r = officer.post(f"/programs/comments/{by_cell.pk}/answer/", {"kind": "explained"},
                     follow=True)
    assert "giải trình" in _messages(r).lower() or "lý do" in _messages(r).lower()
    officer.post(f"/programs/comments/{by_member.pk}/answer/", {"kind": "accepted"})
    officer.post(f"/programs/comments/{by_cell.pk}/answer/",
                 {"kind": "explained", "text": "Kinh phí theo quy định chung."})
    assert not Comment.objects.filter(answer_kind="").exists()

    # A number of the wrong type is refused; the right one adopts and locks the text.
    r = officer.post(f"/programs/{program.pk}/adopt/", {**adopt, "document_number": "05-KH/HU"},
                     follow=True)
    assert "CTr" in _messages(r)
    r = officer.post(f"/programs/{program.pk}/adopt/", adopt, follow=True)
    program.refresh_from_db()
    assert program.is_adopted and program.document_number == "05-CTr/HU"
    assert program.adopted_by == "Ban Thường vụ Huyện ủy"
    body = r.content.decode()
    assert "05-CTr/HU" in body and "khóa" in body
    assert Deliverable.objects.get(unit=p.h01, kind="action_program").document_number == \
        "05-CTr/HU"
    assert AuditEntry.objects.filter(action="program.adopt", unit=p.h01).count() == 1

    # Locked: no new version, no comment, no new task.
    r = officer.post(f"/programs/{program.pk}/versions/new/", {"text": "1. Khác"})
    assert r.status_code == 400 and "khóa" in r.content.decode()
    assert ProgramVersion.objects.filter(program=program).count() == 1
    officer.post(f"/programs/{program.pk}/tasks/new/", {
        "content": "Thêm", "lead_unit": p.h01.pk, "deadline": TODAY.isoformat(), "weight": 1})
    assert program.tasks.count() == 2

    # The tasks are tracked to done, the commune recording its own.
    first, second = program.tasks.order_by("position")
    commune_officer = client_for(p.secretary_c1)  # officer of a cell: not the lead unit
    assert commune_officer.post(f"/programs/tasks/{first.pk}/", {"percent": 50}).status_code \
        == 404
    officer.post(f"/programs/tasks/{first.pk}/", {"percent": 60, "note": "Đã học 3 lớp"})
    first.refresh_from_db()
    assert first.progress == 60 and first.status(TODAY) == "in_progress"
    admin = client_for(p.admin)
    rollup = admin.get("/campaigns/NQ4-XII/programs/").context["figures"]
    h01 = next(c for c in rollup["children"] if c["unit"] == p.h01)
    assert (h01["programs"], h01["adopted"], h01["tasks"], h01["tasks_done"]) == (1, 1, 2, 0)
    assert h01["progress"] == 40.0  # (2 × 60 + 1 × 0) / 3
    for task in (first, second):
        officer.post(f"/programs/tasks/{task.pk}/", {"percent": 100, "note": "Xong"})
    assert Task.objects.done().filter(program=program).count() == 2

    # The province sees every district rolled up.
    r = admin.get("/campaigns/NQ4-XII/programs/")
    h01 = next(c for c in r.context["figures"]["children"] if c["unit"] == p.h01)
    h02 = next(c for c in r.context["figures"]["children"] if c["unit"] == p.h02)
    assert (h01["tasks"], h01["tasks_done"], h01["progress"]) == (2, 2, 100.0)
    assert (h02["programs"], h02["tasks"]) == (0, 0)
    assert "100,0 %" in r.content.decode()
