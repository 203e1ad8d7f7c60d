"""Erasure of a member's personal data on request: every figure stays the same and the
member's name, ids and texts are nowhere in the database or the pages afterwards."""

from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps
from django.urls import reverse

from quantriet.accounts.models import AuditEntry, User
from quantriet.orgs.models import Member

from .privacy_data import MEMBER_ID, SECRETS

FIGURE_APPS = ("learning", "copychecks", "programs", "surveys", "inspections")




def _figures(c) -> dict:
    from quantriet.reports import figures as report_figures
    from quantriet.reports.selectors import coverage

    p = c.province
    units = [p.t01, p.h01, p.h01x01, p.c1, p.c2, p.h02, p.c3]
    out = {app: importlib.import_module(f"quantriet.{app}.selectors").report_figures(
        c.campaign, units) for app in FIGURE_APPS}
    out["coverage"] = {u.code: coverage(c.campaign, u) for u in units}
    out["report"] = {u.code: report_figures.build(c.campaign, u) for u in (p.t01, p.h01, p.c1)}
    for built in out["report"].values():
        built.pop("built_at")  # when, not what
    return out


def _erase(client, member_id=MEMBER_ID, **data):
    data = {"confirm": member_id, "reason": "Đơn đề nghị ngày 02/01/2017", **data}
    return client.post(reverse("orgs:member_data_erase", args=[member_id]), data)


def _every_value() -> str:
    """Every stored value of every row, as text (JSON decoded, so no escapes hide a name)."""
    chunks = []
    for model in apps.get_models():
        for row in model.objects.values_list():
            chunks.extend(str(v) for v in row if v is not None)
    return "\n".join(chunks)


def test_it_keeps_every_figure_and_leaves_no_trace(rich, client_for,
                                                   django_capture_on_commit_callbacks):
    p = rich.province
    member = rich.data.member
    file_path = rich.data.report.file.path
    assert os.path.exists(file_path)
    before = _figures(rich)
    officer = client_for(p.secretary_c1)
    with django_capture_on_commit_callbacks(execute=True):
        response = _erase(officer)
    member.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:member_privacy", args=[member.member_id])
    assert _figures(rich) == before
    assert member.full_name == f"Đảng viên đã xoá dữ liệu #{member.pk}"
    assert member.birth_date is None and member.card_no == "" and member.member_id != MEMBER_ID
    assert not os.path.exists(file_path)
    stored = _every_value()
    for secret in ("Nguyễn Văn An", "nguyen van an", MEMBER_ID, "TG" + MEMBER_ID, "member_c1",
                   SECRETS.feedback, SECRETS.duties, SECRETS.commitment, SECRETS.measure,
                   SECRETS.comment, SECRETS.answer, "bai-thu-hoach-an"):
        assert secret not in stored, secret
    # The other member who copied the text keeps theirs; the erased report is empty.
    assert rich.data.report.__class__.objects.get(pk=rich.data.report.pk).text == ""
    # The login is closed; the roll, the attendance and the grade stay.
    user = User.objects.get(pk=p.member_c1.pk)
    assert not user.is_active and not user.has_usable_password() and not user.roles.exists()
    assert member.roll_entries.count() == 1 and member.attendances.count() == 1
    assert member.learning_reports.get().grade == "Khá"
    entry = AuditEntry.objects.get(action="member.erase")
    assert (entry.actor, entry.object_id, entry.unit) == (p.secretary_c1, member.member_id, p.c1)
    # The pages show the pseudonym, never the name or the texts.
    for url in (reverse("orgs:member_detail", args=[member.member_id]),
                reverse("orgs:member_list") + "?q=an",
                reverse("learning:report_detail", args=["NQ4-XII", member.member_id]),
                reverse("learning:plan_detail", args=["NQ4-XII", member.member_id])):
        page = officer.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert "Nguyễn Văn An" not in body and SECRETS.feedback not in body, url
        assert SECRETS.duties not in body, url
    assert client_for(user).get(reverse("orgs:my_privacy")).status_code == 302  # to sign-in


def test_it_refuses_without_the_typed_member_id_and_changes_nothing(rich, client_for):
    p = rich.province
    response = _erase(client_for(p.secretary_c1), confirm="0101002")
    assert response.status_code == 400
    assert "Số hiệu đảng viên vừa gõ không khớp" in response.content.decode()
    assert Member.objects.get(member_id=MEMBER_ID).full_name == "Nguyễn Văn An"
    assert not AuditEntry.objects.filter(action="member.erase").exists()


@pytest.mark.parametrize("who", ["outsider", "inspector_h01", "member_c1"])
def test_it_refuses_erasure_to_others_with_a_404(rich, client_for, who):
    response = _erase(client_for(getattr(rich.province, who)))
    assert response.status_code == 404
    assert Member.objects.get(member_id=MEMBER_ID).full_name == "Nguyễn Văn An"
    assert not AuditEntry.objects.filter(action="member.erase").exists()


def test_it_shows_the_erase_form_only_to_officers_who_write_the_unit(rich, client_for):
    p = rich.province
    url = reverse("orgs:member_privacy", args=[MEMBER_ID])
    assert 'name="confirm"' in client_for(p.secretary_c1).get(url).content.decode()
    own = client_for(p.member_c1).get(url)
    assert own.status_code == 200 and 'name="confirm"' not in own.content.decode()
    assert client_for(p.inspector_h01).get(url).status_code == 404


def test_it_refuses_to_close_the_login_of_someone_with_more_power(rich, client_for):
    p = rich.province
    # The commune's officer is also member 0101002 of cell C1: the cell's secretary writes
    # the member's unit but not the commune, so may not close that login.
    p.officer_h01.member = p.members["0101002"]
    p.officer_h01.save()
    url = reverse("orgs:member_privacy", args=["0101002"])
    page = client_for(p.secretary_c1).get(url)
    assert page.status_code == 200 and 'name="confirm"' not in page.content.decode()
    assert _erase(client_for(p.secretary_c1), "0101002").status_code == 404
    assert Member.objects.get(member_id="0101002").full_name == "Trần Thị Ân"
    assert _erase(client_for(p.admin), "0101002").status_code == 302
    assert not User.objects.get(pk=p.officer_h01.pk).is_active
