"""Walking every URL of the site with real objects in its parameters (the access matrix,
quantriet/tests/test_access_matrix.py, and the views' own outsider tests use this).

Extension point: an app's `tests/outsider.py` has `h01_objects(campaign) -> dict`: objects
of district H01 made by that app, as {"params": {"<int:program_pk>": "12", ...},
"secrets": [words]}. A route parameter named in "params" is filled with that value
(app-specific names, so they do not clash; django-ninja names parameters without a
converter: give both spellings); "secrets" are words found only in those objects.
"""

from __future__ import annotations

import datetime

from django.urls import URLPattern, URLResolver, get_resolver

from quantriet.modules import optional_import

# Words that only appear in district H01's data (units, members, ids).
H01_SECRETS = ["Cái Bè", "An Hữu", "Chi bộ ấp 1", "Nguyễn Văn An", "Trần Thị Ân", "0101001",
               "H01-X01", "Võ Minh Đức", "DC-H01"]

SKIP_PREFIXES = ("admin/", "static/", "media/", "^static/", "^media/")

EXTENSIONS = ("learning", "copychecks", "programs", "surveys", "inspections", "notices",
              "reports")


def walk(patterns, prefix=""):
    """(route, URLPattern) for every pattern, with the prefixes of includes joined."""
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def is_skipped(route: str) -> bool:
    """The admin (tested by orgs' ScopedAdmin tests), static files, the OpenAPI document."""
    return (route.startswith(SKIP_PREFIXES) or route in ("api/openapi.json", "api/docs")
            or route.startswith("api/docs/"))


def site_routes(urlconf=None) -> list[str]:
    """Every route of the site (once each; django-ninja lists one per method), in order."""
    routes: list[str] = []
    for route, _p in walk(get_resolver(urlconf).url_patterns):
        if not is_skipped(route) and route not in routes:
            routes.append(route)
    return routes


def substitute(route: str, values: dict[str, str]) -> str:
    """The URL of a route with its parameters replaced by `values` ({"<int:pk>": "3"})."""
    for key, value in values.items():
        route = route.replace(key, value)
    return "/" + route.lstrip("^").rstrip("$")


def extension_objects(campaign) -> tuple[dict, list]:
    params, secrets = {}, []
    for app in EXTENSIONS:
        module = optional_import(f"quantriet.{app}.tests.outsider")
        if module is None:
            continue
        found = module.h01_objects(campaign)
        params.update(found.get("params", {}))
        secrets.extend(found.get("secrets", []))
    return params, secrets


def h01_objects(campaign) -> dict:
    """Data of district H01 for every kind of page: an import, attendance, a deliverable,
    and the apps' own objects (their tests/outsider.py)."""
    from quantriet.campaigns.models import Deliverable
    from quantriet.campaigns.services import deliverable_require
    from quantriet.meetings.services import attendance_record
    from quantriet.orgs.models import ImportJob

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


def fill(route: str, objects: dict) -> str:
    """Put H01's objects (h01_objects) into a route's parameters, by what it is about."""
    return substitute(route, h01_values(route, objects))


def h01_values(route: str, objects: dict) -> dict[str, str]:
    area = route.removeprefix("api/").split("/", 1)[0]
    code = {"units": "H01-X01-C01", "campaigns": "NQ4-XII", "meetings": "HNTT-01",
            "checkin": "HNTT-01"}.get(area, "H01-X01-C01")
    pk = {"imports": objects["job"], "documents": objects["document"],
          "campaigns": objects["deliverable"]}.get(area, objects["job"])
    return {**objects.get("params", {}), "<str:code>": code, "<code>": code,
            "<str:member_id>": "0101001", "<member_id>": "0101001", "<int:pk>": str(pk),
            "<str:bp>": "DC-H01", "<str:token>": objects["token"]}
