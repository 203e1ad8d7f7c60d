import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from quantriet.campaigns.models import Deliverable, DeliverableRequirement
from quantriet.campaigns.selectors import reporting_rates
from quantriet.campaigns.services import deliverable_receive, deliverable_require

TODAY = timezone.localdate()
DUE = TODAY - datetime.timedelta(days=10)


@pytest.fixture
def cascade(campaign):
    """Every cell (depth 3) owes its plan, due 10 days ago: ấp 1 sent it on the due date,
    ấp 2 three days late, Long Hòa (H02) not at all. Communes owe a result report later."""
    p = campaign.province
    deliverable_require(actor=p.admin, campaign=campaign.campaign, kind="plan", depth=3,
                        due_on=DUE)
    deliverable_require(actor=p.admin, campaign=campaign.campaign, kind="result_report",
                        depth=2, due_on=TODAY + datetime.timedelta(days=30))
    plans = {d.unit.code: d for d in Deliverable.objects.filter(kind="plan")
             .select_related("unit")}
    deliverable_receive(actor=p.secretary_c1, deliverable=plans["H01-X01-C01"],
                        received_on=DUE, document_number="05-KH/CB")
    deliverable_receive(actor=p.officer_h01, deliverable=plans["H01-X01-C02"],
                        received_on=DUE + datetime.timedelta(days=3),
                        document_number="06-KH/CB")
    campaign.plans = plans
    return campaign


def _sheet(response):
    assert response.status_code == 200
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active
            .iter_rows(values_only=True)]


def test_it_computes_reporting_rates_with_on_time_late_and_missing(cascade):
    rates = reporting_rates(cascade.campaign, cascade.province.t01)
    plan = next(r for r in rates if r["kind"] == "plan")
    assert (plan["expected"], plan["on_time"], plan["late"], plan["missing"],
            plan["overdue"]) == (3, 1, 1, 1, 1)
    assert str(plan["rate"]) == "66.7" and str(plan["on_time_rate"]) == "33.3"
    report = next(r for r in rates if r["kind"] == "result_report")
    assert (report["expected"], report["missing"], report["overdue"]) == (2, 2, 0)
    # A district sees its own subtree only: both of its cells sent the plan.
    h01 = next(r for r in reporting_rates(cascade.campaign, cascade.province.h01)
               if r["kind"] == "plan")
    assert (h01["expected"], h01["on_time"], h01["late"], str(h01["rate"]),
            str(h01["on_time_rate"])) == (2, 1, 1, "100.0", "50.0")


def test_it_shows_the_reporting_rate_table_on_the_campaign_page(cascade, client_for):
    body = client_for(cascade.province.admin).get("/campaigns/NQ4-XII/").content.decode()
    assert "Tỷ lệ nộp văn bản theo cấp" in body
    assert "66,7 %" in body and "33,3 %" in body
    assert "Cấp dưới thứ 3 (Chi bộ trực thuộc)" in body


def test_it_downloads_the_reporting_rates(cascade, client_for):
    rows = _sheet(client_for(cascade.province.admin).get(
        "/campaigns/NQ4-XII/deliverables/rates.xlsx"))
    assert rows[1][1:] == ["Báo cáo kết quả", datetime.datetime.combine(
        TODAY + datetime.timedelta(days=30), datetime.time()), 2, 0, 0, 2, 0.0, 0.0]
    assert rows[2][1:] == ["Kế hoạch", datetime.datetime.combine(DUE, datetime.time()), 3, 1,
                           1, 1, 66.7, 33.3]


def test_it_lists_each_units_status_filtered(cascade, client_for):
    client = client_for(cascade.province.admin)
    body = client.get("/campaigns/NQ4-XII/deliverables/?kind=plan&level=3&status=missing")
    body = body.content.decode()
    assert "Chi bộ ấp Long Hòa" in body
    assert "Chi bộ ấp 1" not in body and "Chi bộ ấp 2" not in body
    body = client.get("/campaigns/NQ4-XII/deliverables/?kind=plan&status=late").content.decode()
    assert "Chi bộ ấp 2" in body and "06-KH/CB" in body and "Long Hòa" not in body


def test_it_downloads_each_units_status(cascade, client_for):
    rows = _sheet(client_for(cascade.province.officer_h01).get(
        "/campaigns/NQ4-XII/deliverables/?kind=plan&format=xlsx"))
    assert [r[0] for r in rows[1:]] == ["H01-X01-C01", "H01-X01-C02"]
    assert rows[1][4] == "Nhận đúng hạn" and rows[1][6] == "05-KH/CB"
    assert rows[2][4] == "Nhận trễ hạn"


def test_it_lists_and_downloads_the_overdue_units_to_remind(cascade, client_for):
    client = client_for(cascade.province.admin)
    body = client.get("/campaigns/NQ4-XII/deliverables/overdue/").content.decode()
    assert "Chi bộ ấp Long Hòa" in body and "Đảng bộ xã Long Định" in body  # its superior
    assert "Chi bộ ấp 2" not in body
    rows = _sheet(client.get("/campaigns/NQ4-XII/deliverables/overdue/?format=xlsx"))
    assert len(rows) == 2
    assert rows[1][:5] == ["H02-X01-C01", "Chi bộ ấp Long Hòa", "Kế hoạch",
                           datetime.datetime.combine(DUE, datetime.time()), "Chưa nhận"]


def test_it_requires_a_deliverable_from_a_chosen_level(campaign, client_for):
    response = client_for(campaign.province.admin).post(
        "/campaigns/NQ4-XII/deliverables/require/",
        {"kind": "action_program", "depth": "2", "due_on": "2017-03-31"})
    assert response.status_code == 302
    requirement = DeliverableRequirement.objects.get()
    assert (requirement.kind, requirement.depth) == ("action_program", 2)
    assert sorted(d.unit.code for d in requirement.deliverables.all()) == ["H01-X01", "H02-X01"]


def test_it_refuses_a_level_that_does_not_exist(campaign, client_for):
    client = client_for(campaign.province.admin)
    response = client.post("/campaigns/NQ4-XII/deliverables/require/",
                           {"kind": "plan", "depth": "9", "due_on": "2017-03-31"}, follow=True)
    assert not DeliverableRequirement.objects.exists()
    assert "Các đơn vị phải nộp" in response.content.decode()


def test_it_lets_only_the_owners_officers_require(campaign, client_for):
    form = {"kind": "plan", "depth": "3", "due_on": "2017-03-31"}
    for user in (campaign.province.officer_h01, campaign.province.outsider):
        response = client_for(user).post("/campaigns/NQ4-XII/deliverables/require/", form)
        assert response.status_code == 404
        body = client_for(user).get("/campaigns/NQ4-XII/").content.decode()
        assert "Giao cấp dưới nộp văn bản" not in body
    assert not DeliverableRequirement.objects.exists()


def test_it_lets_a_cell_mark_its_own_deliverable_received(cascade, client_for):
    report = Deliverable.objects.get(kind="result_report", unit__code="H01-X01")
    client = client_for(cascade.province.officer_h01)
    page = client.get("/campaigns/NQ4-XII/?unit=H01-X01").content.decode()
    assert f"/campaigns/NQ4-XII/deliverables/{report.pk}/receive/" in page
    response = client.post(f"/campaigns/NQ4-XII/deliverables/{report.pk}/receive/",
                           {"received_on": TODAY.isoformat(), "document_number": "12 - bc/đu"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.received_on == TODAY and report.document_number == "12-BC/ĐU"
    assert report.received_by == cascade.province.officer_h01


def test_it_names_a_bad_document_number_in_vietnamese(cascade, client_for):
    report = Deliverable.objects.get(kind="result_report", unit__code="H01-X01")
    client = client_for(cascade.province.officer_h01)
    url = f"/campaigns/NQ4-XII/deliverables/{report.pk}/receive/"
    body = client.post(url, {"received_on": TODAY.isoformat(), "document_number": "BC12"})
    assert body.status_code == 400
    assert "«BC12» không phải số, ký hiệu văn bản" in body.content.decode()
    body = client.post(url, {"received_on": TODAY.isoformat()}).content.decode()
    assert "Hãy nhập số, ký hiệu văn bản hoặc đính kèm tệp văn bản." in body
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    body = client.post(url, {"received_on": tomorrow, "document_number": "12-BC/ĐU"})
    assert "Ngày nhận không thể ở tương lai." in body.content.decode()
    report.refresh_from_db()
    assert report.received_on is None


def test_it_accepts_an_uploaded_docx_and_serves_it_in_scope(cascade, client_for):
    report = Deliverable.objects.get(kind="result_report", unit__code="H01-X01")
    import docx as python_docx

    buffer = io.BytesIO()
    python_docx.Document().save(buffer)
    data = buffer.getvalue()
    docx = SimpleUploadedFile("bao-cao.docx", data, content_type="application/zip")
    client = client_for(cascade.province.officer_h01)
    response = client.post(f"/campaigns/NQ4-XII/deliverables/{report.pk}/receive/",
                           {"received_on": TODAY.isoformat(), "file": docx})
    assert response.status_code == 302
    url = f"/campaigns/NQ4-XII/deliverables/{report.pk}/file/"
    assert b"".join(client.get(url).streaming_content) == data
    assert client_for(cascade.province.outsider).get(url).status_code == 404


def test_it_keeps_units_from_marking_others_deliverables(cascade, client_for):
    c2 = cascade.plans["H01-X01-C02"]
    h02 = cascade.plans["H02-X01-C01"]
    form = {"received_on": TODAY.isoformat(), "document_number": "01-KH/CB"}
    assert client_for(cascade.province.secretary_c1).post(
        f"/campaigns/NQ4-XII/deliverables/{c2.pk}/receive/", form).status_code == 404
    assert client_for(cascade.province.inspector_h01).post(
        f"/campaigns/NQ4-XII/deliverables/{c2.pk}/receive/", form).status_code == 404
    assert client_for(cascade.province.outsider).get(
        f"/campaigns/NQ4-XII/deliverables/{c2.pk}/receive/").status_code == 404
    assert client_for(cascade.province.officer_h01).post(
        f"/campaigns/NQ4-XII/deliverables/{h02.pk}/receive/", form).status_code == 404
    h02.refresh_from_db()
    assert h02.received_on is None


def test_it_shows_an_outsider_only_their_districts_deliverables(cascade, client_for):
    client = client_for(cascade.province.outsider)
    for url in ("/campaigns/NQ4-XII/deliverables/?unit=H01",
                "/campaigns/NQ4-XII/deliverables/overdue/?unit=H01-X01",
                "/campaigns/NQ4-XII/deliverables/rates.xlsx?unit=H01"):
        assert client.get(url).status_code == 404, url
    body = client.get("/campaigns/NQ4-XII/deliverables/").content.decode()
    assert "Chi bộ ấp Long Hòa" in body
    assert "Chi bộ ấp 1" not in body and "05-KH/CB" not in body and "An Hữu" not in body
    rows = _sheet(client.get("/campaigns/NQ4-XII/deliverables/?format=xlsx"))
    assert {r[0] for r in rows[1:]} == {"H02-X01", "H02-X01-C01"}


def test_it_keeps_the_status_list_to_a_fixed_number_of_queries(cascade, client_for,
                                                                 django_assert_max_num_queries):
    client = client_for(cascade.province.officer_h01)
    with django_assert_max_num_queries(11):  # + the inbox badge's COUNT
        response = client.get("/campaigns/NQ4-XII/deliverables/")
    assert response.status_code == 200


def test_it_starts_a_cell_secretary_at_their_cell_with_what_it_owes(cascade, client_for):
    body = client_for(cascade.province.secretary_c1).get("/campaigns/NQ4-XII/").content.decode()
    assert "Kết quả học tập: Chi bộ ấp 1" in body
    assert "Chi bộ ấp 1 phải nộp" in body and "05-KH/CB" in body
    assert f"/deliverables/{cascade.plans['H01-X01-C01'].pk}/receive/" in body
    assert "Chi bộ ấp 2" not in body and "Giao cấp dưới nộp văn bản" not in body


def test_it_records_a_reminder_to_the_overdue_units_of_the_users_scope(campaign, client_for):
    import datetime as dt

    from quantriet.accounts.models import AuditEntry
    from quantriet.campaigns.models import Deliverable
    from quantriet.campaigns.services import deliverable_require

    p = campaign.province
    deliverable_require(actor=None, campaign=campaign.campaign, kind="plan",
                        depth=p.h01x01.depth, due_on=dt.date(2016, 12, 15))
    url = "/campaigns/NQ4-XII/deliverables/overdue/?unit=H01"
    response = client_for(p.officer_h01).post(url)
    assert response.status_code == 302
    reminded = Deliverable.objects.filter(reminded_at__isnull=False)
    assert [d.unit.code for d in reminded] == ["H01-X01"]
    entry = AuditEntry.objects.get(action="deliverable.remind")
    assert entry.after == {"units": ["H01-X01"], "deliverables": 1}
    # Readers may see the list but not remind; outsiders get nothing.
    assert client_for(p.inspector_h01).post(url).status_code == 404
    assert client_for(p.outsider).post(url).status_code == 404
    assert Deliverable.objects.get(unit=p.h02x01).reminded_at is None
