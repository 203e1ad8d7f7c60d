"""The rules the services enforce: the lock after adoption, comment rounds, who may
comment, building from the parent's program, progress and evidence."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.programs import services
from quantriet.programs.models import Comment, Program, Task
from quantriet.programs.text import sections_from_text

from .conftest import DAY, TODAY, adopt


def _round(c, **kw):
    return services.round_open(actor=c.province.officer_h01, program=c.program,
                               opens_on=kw.get("opens_on", TODAY),
                               closes_on=kw.get("closes_on", TODAY + 3 * DAY))


def _section(c, number="1"):
    return c.program.latest_version().sections.get(number=number)


def test_it_locks_text_comments_and_tasks_once_adopted(adopted):
    p = adopted.province
    program = adopted.program
    locked = "đã khóa"
    with pytest.raises(ValidationError, match=locked):
        services.version_create(actor=p.officer_h01, program=program,
                                sections=sections_from_text("1. Mới"))
    with pytest.raises(ValidationError, match=locked):
        services.round_open(actor=p.officer_h01, program=program, opens_on=TODAY,
                            closes_on=TODAY)
    with pytest.raises(ValidationError, match=locked):
        services.comment_add(actor=p.member_c1, program=program, section=_section(adopted),
                             text="Muộn")
    with pytest.raises(ValidationError, match=locked):
        services.task_create(actor=p.officer_h01, program=program, content="Thêm",
                             lead_unit=p.h01, deadline=TODAY)
    with pytest.raises(ValidationError, match=locked):
        services.task_update(actor=p.officer_h01, task=adopted.t1, content="Sửa",
                             lead_unit=p.h01, deadline=TODAY)
    with pytest.raises(ValidationError, match=locked):
        services.task_delete(actor=p.officer_h01, task=adopted.t1)
    with pytest.raises(ValidationError, match=locked):
        adopt(adopted, number="06-CTr/HU")
    assert program.versions.count() == 1 and program.tasks.count() == 2
    assert Task.objects.get(pk=adopted.t1.pk).content == "Tổ chức học tập nghị quyết"


def test_it_refuses_adoption_with_unanswered_comments_listing_them(drafted):
    p = drafted.province
    _round(drafted)
    services.comment_add(actor=p.member_c1, program=drafted.program,
                         section=_section(drafted, "2"), text="Bổ sung học bù")
    services.round_close(actor=p.officer_h01, comment_round=drafted.program.rounds.get())
    with pytest.raises(ValidationError) as e:
        adopt(drafted)
    assert e.value.messages[0].startswith("Chưa thể ban hành chương trình: còn 1 ý kiến")
    assert e.value.messages[1] == "Mục 2, Nguyễn Văn An: «Bổ sung học bù»"
    assert not Program.objects.get(pk=drafted.program.pk).is_adopted


def test_it_requires_a_ctr_number_a_body_tasks_and_no_future_date(drafted):
    with pytest.raises(ValidationError, match="CTr"):
        adopt(drafted, number="05-KH/HU")
    with pytest.raises(ValidationError, match="không phải số"):
        adopt(drafted, number="CTr 05")
    with pytest.raises(ValidationError, match="sau ngày hôm nay"):
        services.program_adopt(actor=None, program=drafted.program, adopted_by="BTV",
                               adopted_on=TODAY + DAY, document_number="05-CTr/HU")
    services.task_delete(actor=None, task=drafted.t1)
    services.task_delete(actor=None, task=drafted.t2)
    with pytest.raises(ValidationError, match="chưa có nhiệm vụ"):
        adopt(drafted)


def test_it_canonicalises_the_adoption_number(drafted):
    program = services.program_adopt(actor=None, program=drafted.program, adopted_by="BTV",
                                     adopted_on=TODAY, document_number="Số 05 - ctr/hu")
    assert program.document_number == "05-CTr/HU"


def test_it_runs_comment_rounds_one_at_a_time_on_the_latest_version(drafted):
    p = drafted.province
    with pytest.raises(ValidationError, match="sớm hơn"):
        _round(drafted, closes_on=TODAY - DAY, opens_on=TODAY)
    with pytest.raises(ValidationError, match="đã qua"):
        _round(drafted, opens_on=TODAY - 5 * DAY, closes_on=TODAY - DAY)
    current = _round(drafted)
    with pytest.raises(ValidationError, match="đang mở hoặc sắp mở"):
        _round(drafted)
    with pytest.raises(ValidationError, match="kết thúc đợt góp ý trước"):
        services.version_create(actor=p.officer_h01, program=drafted.program,
                                sections=sections_from_text("1. Khác"))
    services.round_close(actor=p.officer_h01, comment_round=current)
    with pytest.raises(ValidationError, match="không có đợt"):
        services.comment_add(actor=p.member_c1, program=drafted.program,
                             section=_section(drafted), text="Muộn")
    v2 = services.version_create(actor=p.officer_h01, program=drafted.program,
                                 sections=sections_from_text("1. Mục tiêu\nMới"))
    second = _round(drafted)
    assert second.version == v2
    old_section = current.version.sections.get(number="1")
    with pytest.raises(ValidationError, match="phiên bản 2"):
        services.comment_add(actor=p.member_c1, program=drafted.program, section=old_section,
                             text="Cũ")


def test_it_lets_members_below_and_units_below_comment_but_nobody_else(drafted):
    p = drafted.province
    _round(drafted)
    section = _section(drafted)
    c = services.comment_add(actor=p.secretary_c1, program=drafted.program, section=section,
                             text="Thay mặt chi bộ", on_behalf_of=p.c1)
    assert c.on_behalf_of == p.c1 and c.member is None
    with pytest.raises(ValidationError, match="thay mặt"):
        services.comment_add(actor=p.secretary_c1, program=drafted.program, section=section,
                             text="x", on_behalf_of=p.c2)
    with pytest.raises(ValidationError, match="Chỉ đảng viên"):
        services.comment_add(actor=p.outsider, program=drafted.program, section=section,
                             text="x")
    with pytest.raises(ValidationError, match="để trống"):
        services.comment_add(actor=p.member_c1, program=drafted.program, section=section,
                             text="   ")
    assert Comment.objects.count() == 1


def test_it_requires_an_explanation_unless_a_comment_is_accepted(drafted):
    p = drafted.province
    _round(drafted)
    c = services.comment_add(actor=p.member_c1, program=drafted.program,
                             section=_section(drafted), text="Góp ý")
    with pytest.raises(ValidationError, match="lý do"):
        services.comment_answer(actor=p.officer_h01, comment=c, kind="partly")
    with pytest.raises(ValidationError, match="cách tiếp thu"):
        services.comment_answer(actor=p.officer_h01, comment=c, kind="maybe")
    services.comment_answer(actor=p.officer_h01, comment=c, kind="partly",
                            text="Tiếp thu phần học bù")
    c.refresh_from_db()
    assert (c.answer_kind, c.answer_text, c.answered_by) == (
        "partly", "Tiếp thu phần học bù", p.officer_h01)


def test_it_builds_a_program_from_the_parents_adopted_program(campaign):
    p = campaign.province
    with pytest.raises(ValidationError, match="chưa có chương trình"):
        services.program_create(actor=p.officer_h01, campaign=campaign.campaign, unit=p.h01x01,
                                from_parent=True)
    parent = services.program_create(actor=p.officer_h01, campaign=campaign.campaign,
                                     unit=p.h01)
    services.version_create(actor=p.officer_h01, program=parent,
                            sections=sections_from_text("1. Mục tiêu\nA\n2. Nhiệm vụ\nB"))
    pt = services.task_create(actor=p.officer_h01, program=parent, content="Học bù",
                              lead_unit=p.h01x01, deadline=TODAY + 9 * DAY, weight=4)
    adopt(campaign, program=parent)
    child = services.program_create(actor=p.officer_h01, campaign=campaign.campaign,
                                    unit=p.h01x01, from_parent=True)
    assert child.parent == parent
    assert [(s.number, s.heading, s.body) for s in child.latest_version().sections.all()] == [
        ("1", "Mục tiêu", "A"), ("2", "Nhiệm vụ", "B")]
    task = child.tasks.get()
    assert (task.content, task.lead_unit, task.implements, task.weight, task.deadline) == (
        "Học bù", p.h01x01, pt, 4, pt.deadline)
    # Adapted before adoption: another task may implement the parent's task too.
    services.task_create(actor=p.officer_h01, program=child, content="Học bù ấp 2",
                         lead_unit=p.c2, deadline=TODAY, implements=pt)
    with pytest.raises(ValidationError, match="cấp trên"):
        services.task_create(actor=p.officer_h01, program=child, content="x", lead_unit=p.c2,
                             deadline=TODAY, implements=task)
    with pytest.raises(ValidationError, match="đã có chương trình"):
        services.program_create(actor=p.officer_h01, campaign=campaign.campaign,
                                unit=p.h01x01)


def test_it_keeps_tasks_inside_the_programs_unit(drafted):
    p = drafted.province
    with pytest.raises(ValidationError, match="chủ trì phải là"):
        services.task_create(actor=None, program=drafted.program, content="x", lead_unit=p.h02,
                             deadline=TODAY)
    with pytest.raises(ValidationError, match="không trực thuộc"):
        services.task_create(actor=None, program=drafted.program, content="x", lead_unit=p.h01,
                             deadline=TODAY, cooperating=[p.h02])
    with pytest.raises(ValidationError, match="đồng thời"):
        services.task_create(actor=None, program=drafted.program, content="x", lead_unit=p.h01,
                             deadline=TODAY, cooperating=[p.h01])
    with pytest.raises(ValidationError, match="1 đến 100"):
        services.task_create(actor=None, program=drafted.program, content="x", lead_unit=p.h01,
                             deadline=TODAY, weight=0)


def test_it_tracks_progress_only_on_adopted_programs_with_valid_evidence(drafted):
    with pytest.raises(ValidationError, match="sau khi chương trình được ban hành"):
        services.progress_record(actor=None, task=drafted.t1, percent=10)
    adopt(drafted)
    with pytest.raises(ValidationError, match="0 đến 100"):
        services.progress_record(actor=None, task=drafted.t1, percent=120)
    with pytest.raises(ValidationError, match="Minh chứng phải"):
        services.progress_record(actor=None, task=drafted.t1, percent=10,
                                 evidence=SimpleUploadedFile("x.exe", b"MZ"))
    services.progress_record(actor=None, task=drafted.t1, percent=100,
                             evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
                             today=datetime.date(2026, 1, 2))
    t1 = Task.objects.get(pk=drafted.t1.pk)
    assert (t1.progress, t1.done_on, t1.updates.get().evidence_name) == (
        100, datetime.date(2026, 1, 2), "bien-ban.pdf")
    services.progress_record(actor=None, task=t1, percent=90)
    t1.refresh_from_db()
    assert (t1.progress, t1.done_on) == (90, None)
