def test_it_lists_the_flags_a_user_sees(campaign, checked, client_for):
    response = client_for(campaign.province.officer_h01).get(
        "/api/campaigns/NQ4-XII/copy-flags")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {(i["a"], i["b"], i["reference"]) for i in items} == {
        ("0101001", "0101004", None), ("0101005", None, "Bài mẫu 1")}
    assert all(i["status"] == "pending" for i in items)


def test_it_gives_nothing_to_outsiders_and_members(campaign, checked, client_for):
    p = campaign.province
    response = client_for(p.outsider).get("/api/campaigns/NQ4-XII/copy-flags?unit=H01")
    assert response.status_code == 404
    response = client_for(p.outsider).get("/api/campaigns/NQ4-XII/copy-flags")
    assert response.json()["items"] == []
    response = client_for(p.member_c1).get("/api/campaigns/NQ4-XII/copy-flags")
    assert response.status_code == 404
