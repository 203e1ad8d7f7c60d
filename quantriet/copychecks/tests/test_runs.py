from quantriet.copychecks.models import CheckRun, CopyMatch

URL = "/campaigns/NQ4-XII/copies/run/"


def test_it_runs_a_full_check_in_the_background(campaign, planted, client_for):
    client = client_for(campaign.province.admin)
    response = client.post(URL)
    run = CheckRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/NQ4-XII/copies/runs/{run.pk}/"
    # TASKS_BACKEND=immediate in tests: the task has run already.
    assert (run.status, run.reports, run.pairs, run.reference_matches) == ("done", 6, 2, 1)
    assert CopyMatch.objects.count() == 3
    response = client.get(response["Location"], headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "hx-trigger" not in body  # finished: the partial stops polling
    assert "Đã kiểm tra 6 bài" in body


def test_it_polls_while_the_run_is_going(campaign, client_for):
    run = CheckRun.objects.create(campaign=campaign.campaign, status="running", done=250,
                                  total=1000)
    response = client_for(campaign.province.admin).get(
        f"/campaigns/NQ4-XII/copies/runs/{run.pk}/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and "250 / 1.000" in body
    assert 'aria-valuenow="25"' in body


def test_it_checks_one_district_for_its_officer(campaign, planted, client_for):
    p = campaign.province
    response = client_for(p.officer_h01).post(URL)
    run = CheckRun.objects.get()
    assert response.status_code == 302 and run.unit == p.h01
    assert (run.status, run.reports, run.pairs, run.reference_matches) == ("done", 4, 1, 1)
    # Only H01's reports were read: the pair across districts is not found (nor lost).
    assert set(CopyMatch.objects.values_list("a__member__member_id", flat=True)) == {
        "0101001", "0101005"}
    body = client_for(p.officer_h01).get("/campaigns/NQ4-XII/copies/").content.decode()
    assert "Kiểm tra ngay các bài của Đảng bộ huyện Cái Bè" in body


def test_it_keeps_flags_across_the_district_when_one_district_is_checked(
        campaign, checked, client_for):
    client_for(campaign.province.officer_h01).post(URL)
    assert CopyMatch.objects.filter(a__member__member_id="0101002", current=True).exists()
    assert CopyMatch.objects.count() == 3


def test_it_lets_only_the_unit_officers_start_a_check(campaign, planted, client_for):
    p = campaign.province
    assert client_for(p.outsider).post(URL + "?unit=H01").status_code == 404
    assert client_for(p.secretary_c1).post(URL + "?unit=H01").status_code == 404
    assert client_for(p.inspector_h01).post(URL + "?unit=H01").status_code == 403
    assert client_for(p.member_c1).post(URL).status_code == 403
    assert not CheckRun.objects.exists()
    run = CheckRun.objects.create(campaign=campaign.campaign, status="done")
    assert client_for(p.officer_h01).get(
        f"/campaigns/NQ4-XII/copies/runs/{run.pk}/").status_code == 404


def test_it_does_not_start_a_second_run_while_one_is_going(campaign, planted, client_for):
    queued = CheckRun.objects.create(campaign=campaign.campaign, status="queued")
    response = client_for(campaign.province.admin).post(URL)
    assert response["Location"] == f"/campaigns/NQ4-XII/copies/runs/{queued.pk}/"
    assert CheckRun.objects.count() == 1
