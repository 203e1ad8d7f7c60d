from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.accounts.models import AuditEntry
from quantriet.campaigns.models import Document

FORM = {"number": "15-CT/TU", "issued_on": "2017-01-05", "issuer_name": "Tỉnh ủy Tiền Giang",
        "title": "Chỉ thị về tăng cường học tập", "summary": ""}


def test_it_lists_the_registry(campaign, client_for):
    body = client_for(campaign.province.officer_h01).get("/documents/").content.decode()
    for text in ("04-NQ/TW", "20-HD/BTGTW", "28-KH/TU", "Ban Tuyên giáo Trung ương", "22/11/2016"):
        assert text in body


def test_it_filters_the_registry_by_type(campaign, client_for):
    body = client_for(campaign.province.officer_h01).get("/documents/?type=HD").content.decode()
    assert "20-HD/BTGTW" in body
    assert "28-KH/TU" not in body and "04-NQ/TW" not in body


def test_it_registers_a_document(province, client_for):
    response = client_for(province.officer_h01).post("/documents/new/", FORM)
    assert response.status_code == 302
    doc = Document.objects.get(number="15", type_code="CT", issuer_code="TU", year=2017)
    assert doc.title == "Chỉ thị về tăng cường học tập"
    assert AuditEntry.objects.filter(action="document.register", object_id="15-CT/TU").exists()


def test_it_names_a_malformed_number_in_vietnamese(province, client_for):
    response = client_for(province.officer_h01).post("/documents/new/",
                                                     {**FORM, "number": "15/CT-TU"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "«15/CT-TU» không phải số, ký hiệu văn bản" in body
    assert not Document.objects.exists()


def test_it_names_an_unknown_document_type_in_vietnamese(province, client_for):
    response = client_for(province.officer_h01).post("/documents/new/",
                                                     {**FORM, "number": "15-XYZ/TU"})
    assert "«XYZ» không phải loại văn bản của Đảng" in response.content.decode()


def test_it_refuses_the_same_number_twice_in_a_year(campaign, client_for):
    response = client_for(campaign.province.officer_h01).post(
        "/documents/new/", {**FORM, "number": "28-KH/TU", "issued_on": "2016-05-01"})
    assert response.status_code == 400
    assert "Văn bản số 28-KH/TU năm 2016 đã có trong sổ." in response.content.decode()


def test_it_accepts_a_pdf_and_serves_it_back(province, client_for):
    pdf = SimpleUploadedFile("ct15.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client = client_for(province.officer_h01)
    assert client.post("/documents/new/", {**FORM, "file": pdf}).status_code == 302
    doc = Document.objects.get()
    response = client.get(f"/documents/{doc.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_it_refuses_files_other_than_pdf_or_word(province, client_for):
    client = client_for(province.officer_h01)
    txt = SimpleUploadedFile("ct15.txt", b"hello")
    body = client.post("/documents/new/", {**FORM, "file": txt}).content.decode()
    assert "Chỉ đính kèm được tệp .pdf, .doc hoặc .docx." in body
    fake = SimpleUploadedFile("ct15.pdf", b"MZ\x90\x00 not a pdf")
    body = client.post("/documents/new/", {**FORM, "file": fake}).content.decode()
    assert "Nội dung tệp không phải là văn bản .pdf." in body
    assert not Document.objects.exists()


def test_it_lets_only_officers_who_write_register(province, client_for):
    assert client_for(province.inspector_h01).get("/documents/").status_code == 200
    assert client_for(province.inspector_h01).get("/documents/new/").status_code == 403
    assert client_for(province.inspector_h01).post("/documents/new/", FORM).status_code == 403
    assert client_for(province.member_c1).get("/documents/").status_code == 403
    assert not Document.objects.exists()


def test_it_has_no_file_for_a_document_without_one(campaign, client_for):
    response = client_for(campaign.province.outsider).get(
        f"/documents/{campaign.resolution.pk}/file/")
    assert response.status_code == 404
