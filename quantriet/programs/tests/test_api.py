"""The programs API: roll-up, one program with its tasks, progress from a device."""

import json

from quantriet.programs.models import Task

from .conftest import adopt


def test_it_returns_the_rollup_and_a_program_in_scope(drafted, client_for):
    p = drafted.province
    adopt(drafted)
    admin = client_for(p.admin)
    data = admin.get("/api/campaigns/NQ4-XII/programs").json()
    assert data["total"]["unit"] == "T01" and data["total"]["tasks"] == 2
    h01 = next(c for c in data["children"] if c["unit"] == "H01")
    assert (h01["adopted"], h01["tasks_overdue"], h01["progress"]) == (1, 1, 0.0)
    program = admin.get(f"/api/programs/{drafted.program.pk}").json()
    assert program["document_number"] == "05-CTr/HU"
    assert [(t["lead_unit"], t["status"]) for t in program["tasks"]] == [
        ("H01", "not_started"), ("H01-X01", "overdue")]
    outsider = client_for(p.outsider)
    assert outsider.get(f"/api/programs/{drafted.program.pk}").status_code == 404
    assert outsider.get("/api/campaigns/NQ4-XII/programs?unit=H01").status_code == 404


def test_it_records_progress_through_the_api(drafted, client_for):
    p = drafted.province
    url = f"/api/programs/tasks/{drafted.t1.pk}/progress"
    officer = client_for(p.officer_h01)
    body = json.dumps({"percent": 100, "note": "Xong"})
    r = officer.post(url, body, content_type="application/json")
    assert r.status_code == 422 and "ban hành" in r.json()["detail"]
    adopt(drafted)
    r = officer.post(url, body, content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "done"
    assert Task.objects.get(pk=drafted.t1.pk).progress == 100
    assert client_for(p.outsider).post(url, body, content_type="application/json"
                                       ).status_code == 404
    assert officer.post(url, json.dumps({"percent": 101}),
                        content_type="application/json").status_code == 422
