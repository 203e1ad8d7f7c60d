"""Walk every URL of the site as an officer of another district: nothing of H01 leaks.

New views are picked up automatically: a view that forgets to scope fails here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from quantriet.orgs.models import ImportJob

# Words that only appear in district H01's data (units, members, ids).
H01_SECRETS = ["Cái Bè", "An Hữu", "Chi bộ ấp 1", "Nguyễn Văn An", "Trần Thị Ân", "0101001",
               "H01-X01", "Võ Minh Đức", "DC-H01"]

SKIP_PREFIXES = ("admin/", "static/", "media/")

# Apps whose tests/outsider.py has `h01_objects(campaign) -> dict`: objects of district H01
# made by that app, as {"params": {"<int:program>": "12", ...}, "secrets": [words]}.
# A route parameter named in "params" is filled with that value (app-specific names, so
# they do not clash); "secrets" are words found only in those objects.
EXTENSIONS = ("learning", "copychecks", "programs", "surveys", "inspections", "notices",
              "reports")


def extension_objects(campaign) -> tuple[dict, list]:
    import importlib

    params, secrets = {}, []
    for app in EXTENSIONS:
        name = f"quantriet.{app}.tests.outsider"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found = module.h01_objects(campaign)
        params.update(found.get("params", {}))
        secrets.extend(found.get("secrets", []))
    return params, secrets


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def fill(route: str, objects: dict) -> str:
    """Put H01's objects into a route's parameters, by what the route is about."""
    area = route.removeprefix("api/").split("/", 1)[0]
    code = {"units": "H01-X01-C01", "campaigns": "NQ4-XII", "meetings": "HNTT-01",
            "checkin": "HNTT-01"}.get(area, "H01-X01-C01")
    pk = {"imports": objects["job"], "documents": objects["document"],
          "campaigns": objects["deliverable"]}.get(area, objects["job"])
    values = {**objects.get("params", {}), "<str:code>": code, "<code>": code,
              "<str:member_id>": "0101001", "<member_id>": "0101001", "<int:pk>": str(pk),
              "<str:bp>": "DC-H01", "<str:token>": objects["token"]}
    for key, value in values.items():
        route = route.replace(key, value)
    return "/" + route.lstrip("^").rstrip("$")


def h01_objects(campaign) -> dict:
    """Data of district H01 for every kind of page: an import, attendance, a deliverable."""
    import datetime

    from quantriet.campaigns.models import Deliverable
    from quantriet.campaigns.services import deliverable_require
    from quantriet.meetings.services import attendance_record

    p = campaign.province
    job = ImportJob.objects.create(kind="members", original_name="H01-X01 roster.csv",
                                   file="x.csv", created_by=p.officer_h01)
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      bridge_point=campaign.bp1,
                      records=[(p.members["0101001"].pk, "present"),
                               (p.members["0101002"].pk, "excused")])
    deliverable_require(actor=None, campaign=campaign.campaign, kind="plan",
                        depth=p.h01.depth, due_on=datetime.date(2016, 12, 15))
    try:
        from quantriet.meetings.qr import token_for

        token = token_for(campaign.bp1)
    except ImportError:
        token = "token"
    params, secrets = extension_objects(campaign)
    return {"job": job.pk, "document": campaign.guide.pk, "token": token,
            "deliverable": Deliverable.objects.get(unit=p.h01).pk,
            "params": params, "secrets": secrets}


def site_routes():
    routes = []
    for route, _p in walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or "openapi" in route or "docs" in route:
            continue
        routes.append(route)
    return routes


def test_it_finds_the_views_it_walks():
    routes = site_routes()
    assert any("members/<str:member_id>/" in r for r in routes)
    assert any(r.startswith("api/") for r in routes)


@pytest.mark.parametrize("route", site_routes())
def test_it_leaks_nothing_of_another_district(campaign, client_for, route):
    objects = h01_objects(campaign)
    url = fill(route, objects)
    assert "<" not in url, f"unfilled parameter in {route}"
    client = client_for(campaign.province.outsider)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302, 400, 403, 404, 405, 422), (method, url)
        if response.status_code in (200, 400, 422):
            body = response.content.decode("utf-8", "replace")
            for secret in H01_SECRETS + objects["secrets"]:
                assert secret not in body, (method, url, secret)
