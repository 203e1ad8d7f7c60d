import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quantriet.surveys.builder import parse_questions
from quantriet.surveys.models import Questionnaire

TYPED = """## Hình thức học tập
[chọn một] Đồng chí học tập theo hình thức nào?
- Hội nghị trực tuyến
- Lớp học tại chỗ
[Chon nhieu, khong bat buoc] Điều gì giúp đồng chí học tốt hơn?
- Tài liệu
- Thảo luận tổ
## Đánh giá
[đồng ý] Nghị quyết sát với thực tiễn địa phương
[số] Số giờ tự nghiên cứu
[ý kiến, không bắt buộc] Ý kiến khác
"""


def test_it_reads_typed_questions():
    specs = parse_questions(TYPED)
    assert [(s["kind"], s["required"], s["section"]) for s in specs] == [
        ("single", True, "Hình thức học tập"), ("multiple", False, "Hình thức học tập"),
        ("scale5", True, "Đánh giá"), ("number", True, "Đánh giá"),
        ("text", False, "Đánh giá")]
    assert specs[0]["options"] == ["Hội nghị trực tuyến", "Lớp học tại chỗ"]


@pytest.mark.parametrize(("text", "message"), [
    ("- Một lựa chọn", "Dòng 1: có phương án đứng trước mọi câu hỏi."),
    ("[chọn một] Câu hỏi\n- Chỉ một", "Dòng 1: câu hỏi lựa chọn cần ít nhất hai phương án"),
    ("[hỏi] Câu hỏi", "Dòng 1: loại câu hỏi “hỏi” không hợp lệ."),
    ("Câu hỏi không có loại", "Dòng 1: hãy bắt đầu câu hỏi bằng loại trong ngoặc vuông"),
    ("[số] Tuổi\n- 30", "Dòng 2: chỉ câu hỏi lựa chọn mới có phương án."),
    ("", "Hãy nhập ít nhất một câu hỏi."),
])
def test_it_names_the_line_of_a_mistake(text, message, settings):
    with pytest.raises(ValidationError) as e:
        parse_questions(text)
    assert any(m.startswith(message) for m in e.value.messages), e.value.messages


def test_it_creates_a_ballot_of_ones_own_and_closes_it(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    r = client.post(reverse("surveys:ballot_create", args=["NQ4-XII"]), {
        "template_key": "custom", "title": "Khảo sát hình thức học tập",
        "questions": TYPED, "owner": str(campaign.province.h01.pk)})
    assert r.status_code == 302
    ballot = Questionnaire.objects.get(title="Khảo sát hình thức học tập")
    assert ballot.questions.count() == 5 and not ballot.anonymous
    assert ballot.questions.get(order=3).options.count() == 5
    page = client_for(campaign.province.member_c1).get(
        reverse("surveys:ballot_answer", args=[ballot.pk])).content.decode()
    assert "Số giờ tự nghiên cứu" in page and 'type="checkbox"' in page
    bad = client.post(reverse("surveys:ballot_create", args=["NQ4-XII"]), {
        "template_key": "custom", "title": "X", "questions": "[chọn một] A\n- B",
        "owner": str(campaign.province.h01.pk)})
    assert bad.status_code == 400 and "Dòng 1" in bad.content.decode()
    # The outsider cannot close it; its owner can.
    close = reverse("surveys:ballot_close", args=[ballot.pk])
    assert client_for(campaign.province.outsider).post(close).status_code == 404
    assert client_for(campaign.province.secretary_c1).post(close).status_code == 404
    ballot.refresh_from_db()
    assert ballot.is_open()
    client.post(close)
    ballot.refresh_from_db()
    assert not ballot.is_open()
