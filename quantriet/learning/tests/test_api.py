from quantriet.learning.models import LearningReport, ReportStatus

from .conftest import SAMPLE

URL = "/api/campaigns/NQ4-XII/learning/my-report"


def test_a_member_saves_and_submits_through_the_api(learning, client_for):
    client = client_for(learning.province.member_c1)
    assert client.get(URL).json()["status"] == "draft"
    saved = client.put(URL, {"text": SAMPLE}, content_type="application/json")
    assert saved.status_code == 200
    topics = {t["name"]: t["covered"] for t in saved.json()["topics"]}
    assert topics["Thách thức"] is True
    submitted = client.post(URL + "/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    refused = client.put(URL, {"text": "khác"}, content_type="application/json")
    assert refused.status_code == 422
    assert LearningReport.objects.get().text == SAMPLE


def test_an_empty_submission_is_refused_with_a_reason(learning, client_for):
    response = client_for(learning.province.member_c1).post(URL + "/submit")
    assert response.status_code == 422
    assert "trống" in response.json()["detail"]
    assert not LearningReport.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_officers_read_reports_of_their_subtree_only(learning, client_for):
    client_for(learning.province.member_c1).put(URL, {"text": SAMPLE},
                                                content_type="application/json")
    client_for(learning.province.member_c1).post(URL + "/submit")
    url = "/api/campaigns/NQ4-XII/learning/reports/0101001"
    assert client_for(learning.province.officer_h01).get(url).json()["text"] == SAMPLE
    assert client_for(learning.province.outsider).get(url).status_code == 404
    assert client_for(learning.province.outsider).get(URL).status_code == 404
