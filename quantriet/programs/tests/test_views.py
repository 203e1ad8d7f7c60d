"""Pages and downloads: contents, Excel, Word import, the difference, and scoping."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as DocxDocument
from openpyxl import load_workbook

from quantriet.programs import services
from quantriet.programs.models import Comment, Task
from quantriet.programs.text import sections_from_text

from .conftest import DAY, TODAY, adopt


def _sheet(response, index=0):
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.worksheets[index].iter_rows(values_only=True)]


def _docx(lines) -> bytes:
    doc = DocxDocument()
    for content, style in lines:
        doc.add_paragraph(content, style=style)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_it_imports_a_version_from_word_and_shows_the_difference(drafted, client_for):
    officer = client_for(drafted.province.officer_h01)
    url = f"/programs/{drafted.program.pk}/versions/new/"
    assert "1. Mục tiêu" in officer.get(url).content.decode()  # prefilled from version 1
    data = _docx([("Mục tiêu", "Heading 1"), ("Quán triệt nghị quyết đến <mọi> đảng viên.",
                                              None),
                  ("Nhiệm vụ", "Heading 1"), ("Tổ chức học tập và học bù.", None)])
    r = officer.post(url, {"file": SimpleUploadedFile("ctr.docx", data), "note": "Sửa"})
    assert r.status_code == 302
    v2 = drafted.program.versions.get(number=2)
    assert (v2.source, [s.heading for s in v2.sections.all()]) == ("docx",
                                                                   ["Mục tiêu", "Nhiệm vụ"])
    r = officer.post(url, {"file": SimpleUploadedFile("ctr.docx", b"%PDF-1.4")})
    assert r.status_code == 400 and "không phải văn bản Word" in r.content.decode()
    body = officer.get(f"/programs/{drafted.program.pk}/diff/").content.decode()
    assert "So sánh phiên bản 1 với phiên bản 2" in body
    assert "<ins>đến &lt;mọi&gt; đảng viên.</ins>" in body or "&lt;mọi&gt;</ins>" in body
    assert "bị bỏ" in body  # section 3 is gone, the introduction too


def test_it_answers_a_comment_through_htmx(drafted, client_for):
    p = drafted.province
    services.round_open(actor=None, program=drafted.program, opens_on=TODAY,
                        closes_on=TODAY + DAY)
    c = services.comment_add(actor=p.member_c1, program=drafted.program,
                             section=drafted.program.latest_version().sections.get(number="1"),
                             text="Ý kiến <script>x</script>")
    r = client_for(p.officer_h01).post(f"/programs/comments/{c.pk}/answer/",
                                       {"kind": "accepted"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "Tiếp thu" in body and "<script>x" not in body
    assert Comment.objects.get(pk=c.pk).answer_kind == "accepted"
    # A member may not answer.
    assert client_for(p.member_c1).post(f"/programs/comments/{c.pk}/answer/",
                                        {"kind": "accepted"}).status_code == 404


def test_it_shows_the_program_to_a_member_with_the_comment_form(drafted, client_for):
    p = drafted.province
    services.round_open(actor=None, program=drafted.program, opens_on=TODAY,
                        closes_on=TODAY + DAY)
    member = client_for(p.member_c1)
    body = member.get(f"/programs/{drafted.program.pk}/").content.decode()
    assert "Gửi ý kiến góp ý" in body and "Soạn phiên bản mới" not in body
    assert "Thêm nhiệm vụ" not in body
    body = member.get("/programs/mine/").content.decode()
    assert "Đang lấy ý kiến góp ý đến ngày" in body and drafted.program.title in body


def test_it_downloads_the_rollup_tasks_and_overdue_lists(drafted, client_for):
    p = drafted.province
    adopt(drafted)
    admin = client_for(p.admin)
    rows = _sheet(admin.get("/campaigns/NQ4-XII/programs/?format=xlsx"))
    assert rows[0][:3] == ["Mã", "Tổ chức đảng", "Đơn vị có chương trình"] or \
        rows[0][2] == "Đơn vị có chương trình"
    h01 = next(r for r in rows if r[0] == "H01")
    assert h01[2:8] == [1, 1, 2, 0, 1, 0.0]
    levels = _sheet(admin.get("/campaigns/NQ4-XII/programs/?format=xlsx"), 1)
    assert levels[1][:3] == [0, 1, 0] and levels[2][:3] == [1, 2, 1]
    tasks = _sheet(admin.get(f"/programs/{drafted.program.pk}/tasks/export/"))
    assert [r[2] for r in tasks[1:]] == ["Tổ chức học tập nghị quyết", "Tổ chức học bù"]
    assert tasks[2][4] == "Đảng bộ huyện Cái Bè" and tasks[2][8] == "Quá hạn"
    overdue = _sheet(admin.get("/campaigns/NQ4-XII/programs/overdue/?unit=H01&format=xlsx"))
    assert len(overdue) == 2 and overdue[1][2] == "Tổ chức học bù" and overdue[1][9] == 2
    body = admin.get("/campaigns/NQ4-XII/programs/overdue/?unit=H01").content.decode()
    assert "1 nhiệm vụ quá hạn" in body


def test_it_renders_the_overview_in_a_fixed_number_of_queries(drafted, client_for,
                                                               django_assert_max_num_queries):
    p = drafted.province
    adopt(drafted)
    for unit in (p.h02, p.h01x01):
        services.program_create(actor=None, campaign=drafted.campaign, unit=unit)
    admin = client_for(p.admin)
    admin.get("/campaigns/NQ4-XII/programs/")
    with django_assert_max_num_queries(14):
        r = admin.get("/campaigns/NQ4-XII/programs/")
    assert "Đảng bộ huyện Châu Thành" in r.content.decode()


def test_it_records_progress_with_evidence_and_serves_it_in_scope(adopted, client_for):
    p = adopted.province
    officer = client_for(p.officer_h01)
    r = officer.post(f"/programs/tasks/{adopted.t2.pk}/", {
        "percent": 100, "note": "Đã học bù",
        "evidence": SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4 ds")})
    assert r.status_code == 302
    update = Task.objects.get(pk=adopted.t2.pk).updates.get()
    r = officer.get(f"/programs/evidence/{update.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 ds"
    assert client_for(p.outsider).get(f"/programs/evidence/{update.pk}/").status_code == 404
    body = officer.get(f"/programs/tasks/{adopted.t2.pk}/").content.decode()
    assert "danh-sach.pdf" in body and "100 %" in body


def test_it_edits_and_deletes_draft_tasks(drafted, client_for):
    p = drafted.province
    officer = client_for(p.officer_h01)
    r = officer.post(f"/programs/tasks/{drafted.t1.pk}/edit/", {
        "content": "Học tập (sửa)", "lead_unit": p.h01x01.pk, "deadline": TODAY.isoformat(),
        "weight": 5})
    assert r.status_code == 302
    t1 = Task.objects.get(pk=drafted.t1.pk)
    assert (t1.content, t1.lead_unit, t1.weight) == ("Học tập (sửa)", p.h01x01, 5)
    officer.post(f"/programs/tasks/{drafted.t2.pk}/delete/")
    assert list(drafted.program.tasks.all()) == [t1]


PROGRAM_URLS = [
    "/programs/{program}/", "/programs/{program}/versions/new/", "/programs/{program}/diff/",
    "/programs/{program}/tasks/export/", "/programs/tasks/{task}/",
    "/programs/{program}/comments/export/", "/programs/{program}/docx/",
    "/programs/evidence/{update}/",
]
POST_URLS = [
    "/programs/{program}/round/", "/programs/{program}/round/close/",
    "/programs/{program}/comments/", "/programs/comments/{comment}/answer/",
    "/programs/{program}/adopt/", "/programs/{program}/tasks/new/",
    "/programs/tasks/{task}/edit/", "/programs/tasks/{task}/delete/",
    "/programs/tasks/{task}/", "/programs/{program}/versions/new/",
]


@pytest.fixture
def h01_world(drafted):
    p = drafted.province
    services.version_create(actor=None, program=drafted.program,
                            sections=sections_from_text("1. Mục tiêu\nKhác"))
    services.round_open(actor=None, program=drafted.program, opens_on=TODAY,
                        closes_on=TODAY + DAY)
    comment = services.comment_add(actor=p.member_c1, program=drafted.program,
                                   section=drafted.program.latest_version().sections.first(),
                                   text="Góp ý riêng")
    services.comment_answer(actor=None, comment=comment, kind="accepted")
    services.round_close(actor=None, comment_round=drafted.program.rounds.get())
    adopt(drafted)
    update = services.progress_record(actor=None, task=drafted.t1, percent=10,
                                      evidence=SimpleUploadedFile("a.pdf", b"%PDF"))
    return {"program": drafted.program.pk, "task": drafted.t1.pk, "comment": comment.pk,
            "update": update.pk}


def test_it_hides_every_h01_program_page_from_another_district(h01_world, drafted,
                                                                client_for):
    outsider = client_for(drafted.province.outsider)
    for url in PROGRAM_URLS:
        assert outsider.get(url.format(**h01_world)).status_code == 404, url
    for url in POST_URLS:
        assert outsider.post(url.format(**h01_world), {"percent": 1, "kind": "accepted",
                                                       "text": "x"}).status_code == 404, url
    # Campaign pages: the outsider starts from H02 and cannot ask for H01.
    for url in ("/campaigns/NQ4-XII/programs/", "/campaigns/NQ4-XII/programs/overdue/"):
        body = outsider.get(url).content.decode()
        assert "Cái Bè" not in body and "Tổ chức học bù" not in body
        assert outsider.get(url + "?unit=H01").status_code == 404
        assert outsider.get(url + "?unit=H01&format=xlsx").status_code == 404
    r = outsider.post("/campaigns/NQ4-XII/programs/start/", {"unit": drafted.province.h01.pk})
    assert r.status_code == 302 and Comment.objects.count() == 1
    assert drafted.program.__class__.objects.filter(unit=drafted.province.h01).count() == 1
    assert "Cái Bè" not in outsider.get("/programs/mine/").content.decode()


def test_it_refuses_staff_pages_to_members_and_writes_to_readers(h01_world, drafted,
                                                                 client_for):
    p = drafted.province
    member = client_for(p.member_c1)
    assert member.get("/campaigns/NQ4-XII/programs/").status_code == 403
    inspector = client_for(p.inspector_h01)  # reads H01, writes nothing
    assert inspector.get(f"/programs/{h01_world['program']}/").status_code == 200
    assert inspector.post(f"/programs/tasks/{h01_world['task']}/",
                          {"percent": 90}).status_code == 404
    assert Task.objects.get(pk=h01_world["task"]).progress == 10


def test_it_links_programs_from_the_nav_and_the_campaign_page(drafted, client_for):
    officer = client_for(drafted.province.officer_h01)
    body = officer.get("/programs/").content.decode()
    assert '/campaigns/NQ4-XII/programs/' in body and "Chương trình hành động" in body
    body = officer.get("/campaigns/NQ4-XII/?unit=H01").content.decode()
    assert "/campaigns/NQ4-XII/programs/?unit=H01" in body
    assert client_for(drafted.province.member_c1).get("/programs/").status_code == 403


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_it_renders_a_program_in_queries_independent_of_its_size(drafted, client_for):
    p = drafted.province
    services.round_open(actor=None, program=drafted.program, opens_on=TODAY,
                        closes_on=TODAY + DAY)
    section = drafted.program.latest_version().sections.first()
    officer = client_for(p.officer_h01)
    url = f"/programs/{drafted.program.pk}/"
    officer.get(url)
    before = _count_queries(officer, url)
    for i in range(4):
        services.task_create(actor=None, program=drafted.program, content=f"Việc {i}",
                             lead_unit=p.h01x01, deadline=TODAY, cooperating=[p.h01])
        services.comment_add(actor=p.member_c1, program=drafted.program, section=section,
                             text=f"Ý kiến {i}")
        services.comment_add(actor=p.secretary_c1, program=drafted.program, section=section,
                             text=f"Chi bộ {i}", on_behalf_of=p.c1)
    assert _count_queries(officer, url) == before


def test_it_shows_a_unit_the_tasks_it_leads_from_any_program(adopted, client_for):
    p = adopted.province
    r = client_for(p.officer_h01).get("/campaigns/NQ4-XII/programs/?unit=H01-X01")
    assert [t.content for t in r.context["led"]] == ["Tổ chức học bù"]
    assert "Nhiệm vụ do đơn vị này chủ trì" in r.content.decode()


def test_it_shows_comments_on_a_higher_program_only_within_the_readers_scope(campaign,
                                                                           client_for):
    p = campaign.province
    program = services.program_create(actor=p.admin, campaign=campaign.campaign, unit=p.t01)
    services.version_create(actor=p.admin, program=program,
                            sections=sections_from_text("1. Mục tiêu\nA"))
    services.round_open(actor=p.admin, program=program, opens_on=TODAY, closes_on=TODAY)
    section = program.latest_version().sections.get()
    services.comment_add(actor=p.member_c1, program=program, section=section,
                         text="Ý kiến của ấp một")
    services.comment_add(actor=p.outsider, program=program, section=section,
                         text="Ý kiến huyện hai", on_behalf_of=p.h02)
    url = f"/programs/{program.pk}/"
    assert "Ý kiến huyện hai" not in client_for(p.officer_h01).get(url).content.decode()
    body = client_for(p.outsider).get(url).content.decode()
    assert "Ý kiến huyện hai" in body and "Ý kiến của ấp một" not in body
    body = client_for(p.member_c1).get(url).content.decode()
    assert "Ý kiến của ấp một" in body and "Ý kiến huyện hai" not in body
    body = client_for(p.admin).get(url).content.decode()
    assert "Ý kiến của ấp một" in body and "Ý kiến huyện hai" in body


def test_it_downloads_the_comment_summary_and_the_text_as_word(h01_world, drafted,
                                                               client_for):
    officer = client_for(drafted.province.officer_h01)
    rows = _sheet(officer.get(f"/programs/{h01_world['program']}/comments/export/"))
    assert rows[0][:3] == ["Phiên bản", "Mục", "Người góp ý"]
    assert rows[1][1:3] == ["1", "Nguyễn Văn An"] and rows[1][5:7] == ["Góp ý riêng",
                                                                         "Tiếp thu"]
    r = officer.get(f"/programs/{h01_world['program']}/docx/")
    assert r.status_code == 200
    doc = DocxDocument(io.BytesIO(r.content))
    texts = [p.text for p in doc.paragraphs]
    assert "văn bản số 05-CTr/HU" in texts[1] and "1. Mục tiêu" in texts and "Khác" in texts
    r = officer.get(f"/programs/{h01_world['program']}/docx/?version=1")
    assert "Dự thảo, phiên bản 1" in [p.text for p in DocxDocument(io.BytesIO(r.content))
                                      .paragraphs]
