from quantriet.learning.models import ActionPlan, CellRating

BASE = "/campaigns/NQ4-XII/learning/"


def _form(duties, rows):
    data = {"duties": duties, "c-TOTAL_FORMS": str(len(rows)), "c-INITIAL_FORMS": "0",
            "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "1000"}
    for i, (what, due, measure) in enumerate(rows):
        data.update({f"c-{i}-what": what, f"c-{i}-due_on": due, f"c-{i}-measure": measure})
    return data


def test_a_member_writes_a_plan_reviews_it_and_the_cell_assesses_it(learning, client_for):
    p = learning.province
    member = client_for(p.member_c1)
    assert member.get(BASE + "my/plan/").status_code == 200
    response = member.post(BASE + "my/plan/", _form("Bí thư chi đoàn", [
        ("Gương mẫu tự phê bình", "2017-06-30", "Chi bộ đánh giá tốt"),
        ("", "", "")]))
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.unit == p.c1 and plan.duties == "Bí thư chi đoàn"
    commitment = plan.commitments.get()
    assert commitment.measure == "Chi bộ đánh giá tốt"
    member.post(BASE + "my/plan/review/", {"self_assessment": "Đã hoàn thành",
                                           f"achieved_{commitment.pk}": "yes"})
    commitment.refresh_from_db()
    assert commitment.achieved is True
    cell = client_for(p.secretary_c1)
    page = cell.get(BASE + "plans/0101001/").content.decode()
    assert "Gương mẫu tự phê bình" in page and "Đã hoàn thành" in page
    cell.post(BASE + "plans/0101001/", {"cell_rating": "achieved", "cell_assessment": "Tốt"})
    plan.refresh_from_db()
    assert plan.cell_rating == CellRating.ACHIEVED and plan.cell_assessed_by == p.secretary_c1
    locked = member.post(BASE + "my/plan/", _form("", [("Khác", "", "")]), follow=True)
    assert "không thể sửa" in locked.content.decode()


def test_a_plan_needs_a_commitment(learning, client_for):
    response = client_for(learning.province.member_c1).post(
        BASE + "my/plan/", _form("", [("", "", "")]))
    assert response.status_code == 400
    assert "ít nhất một cam kết" in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_the_cell_waits_for_the_self_assessment(learning, client_for):
    client_for(learning.province.member_c1).post(BASE + "my/plan/",
                                                 _form("", [("Học", "", "")]))
    response = client_for(learning.province.secretary_c1).post(
        BASE + "plans/0101001/", {"cell_rating": "achieved"})
    assert response.status_code == 400
    assert ActionPlan.objects.get().cell_assessed_at is None


def test_an_outsider_sees_no_plan_of_h01(learning, client_for):
    client_for(learning.province.member_c1).post(BASE + "my/plan/",
                                                 _form("", [("Cam kết bí mật", "", "")]))
    client = client_for(learning.province.outsider)
    assert client.get(BASE + "plans/0101001/").status_code == 404
    assert client.post(BASE + "plans/0101001/", {"cell_rating": "achieved"}).status_code == 404
