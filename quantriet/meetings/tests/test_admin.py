def test_it_lists_only_the_users_bridge_points_and_attendance_in_the_admin(campaign,
                                                                         client_for):
    from quantriet.meetings.services import attendance_record

    p = campaign.province
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      records=[(p.members["0101001"].pk, "present"),
                               (p.members["0201001"].pk, "present")])
    client = client_for(p.outsider)
    body = client.get("/admin/meetings/bridgepoint/").content.decode()
    assert "Châu Thành" in body and "Cái Bè" not in body
    body = client.get("/admin/meetings/attendance/").content.decode()
    assert "Huỳnh Văn Dũng" in body and "Nguyễn Văn An" not in body
    assert client.get("/admin/campaigns/campaign/").status_code == 200
    # Read-only for everyone: attendance changes only through the services.
    assert client_for(p.admin).get("/admin/meetings/attendance/add/").status_code == 403
