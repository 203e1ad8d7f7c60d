import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from quantriet.copychecks.models import ReferenceText

URL = "/campaigns/NQ4-XII/copies/references/"


def _docx(text: str) -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_it_loads_reference_texts_from_the_page(campaign, client_for):
    client = client_for(campaign.province.admin)
    response = client.post(URL, {"kind": "sample", "files": [
        SimpleUploadedFile("Bài mẫu A.txt", "Bài thu hoạch mẫu số một.".encode()),
        SimpleUploadedFile("Bài mẫu B.docx", _docx("Bài thu hoạch mẫu số hai.")),
    ]})
    assert response.status_code == 302
    texts = dict(ReferenceText.objects.values_list("name", "text"))
    assert texts == {"Bài mẫu A": "Bài thu hoạch mẫu số một.",
                     "Bài mẫu B": "Bài thu hoạch mẫu số hai."}
    body = client.get(URL).content.decode()
    assert "Bài mẫu A" in body and "Bài mẫu B" in body


def test_it_rejects_the_whole_upload_on_one_bad_file(campaign, client_for):
    client = client_for(campaign.province.admin)
    response = client.post(URL, {"kind": "sample", "files": [
        SimpleUploadedFile("tốt.txt", "Một văn bản.".encode()),
        SimpleUploadedFile("hỏng.docx", b"not a zip"),
        SimpleUploadedFile("ảnh.pdf", b"%PDF-1.4"),
    ]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "hỏng.docx" in body and "ảnh.pdf" in body
    assert not ReferenceText.objects.exists()


def test_it_lets_only_the_owner_officers_load_or_delete(campaign, client_for):
    from .factories import add_references

    add_references(campaign)
    ref = ReferenceText.objects.get(name="Bài mẫu 1")
    client = client_for(campaign.province.officer_h01)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"kind": "sample", "files": [
        SimpleUploadedFile("x.txt", b"abc")]})
    assert response.status_code == 404
    assert client.post(f"{URL}{ref.pk}/delete/").status_code == 404
    assert client.get(f"{URL}{ref.pk}/").status_code == 200
    admin = client_for(campaign.province.admin)
    assert admin.post(f"{URL}{ref.pk}/delete/").status_code == 302
    assert not ReferenceText.objects.filter(pk=ref.pk).exists()


def test_it_imports_a_folder_from_the_command_line(campaign, tmp_path, capsys):
    (tmp_path / "mau-1.txt").write_text("\ufeffBài mẫu thứ nhất.", encoding="utf-8")
    (tmp_path / "mau-2.docx").write_bytes(_docx("Bài mẫu thứ hai."))
    (tmp_path / "ghi-chu.md").write_text("bỏ qua", encoding="utf-8")
    call_command("import-references", str(tmp_path), campaign="NQ4-XII")
    assert dict(ReferenceText.objects.values_list("name", "text")) == {
        "mau-1": "Bài mẫu thứ nhất.", "mau-2": "Bài mẫu thứ hai."}
    call_command("import-references", str(tmp_path), campaign="NQ4-XII")  # idempotent
    assert ReferenceText.objects.count() == 2
    assert "Đã nạp 2 văn bản" in capsys.readouterr().out
