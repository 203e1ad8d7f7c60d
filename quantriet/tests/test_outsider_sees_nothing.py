"""Walk every URL of the site as an officer of another district: nothing of H01 leaks.

New views are picked up automatically: a view that forgets to scope fails here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from quantriet.orgs.models import ImportJob

# Words that only appear in district H01's data (units, members, ids).
H01_SECRETS = ["Cái Bè", "An Hữu", "Chi bộ ấp 1", "Nguyễn Văn An", "Trần Thị Ân", "0101001",
               "H01-X01", "Võ Minh Đức"]

SKIP_PREFIXES = ("admin/", "static/", "media/")


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def fill(route: str, job: ImportJob) -> str:
    values = {"<str:code>": "H01-X01-C01", "<str:member_id>": "0101001",
              "<int:pk>": str(job.pk), "<code>": "H01-X01-C01", "<member_id>": "0101001"}
    for key, value in values.items():
        route = route.replace(key, value)
    return "/" + route.lstrip("^").rstrip("$")


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
def test_it_leaks_nothing_of_another_district(province, client_for, route):
    job = ImportJob.objects.create(kind="members", original_name="H01-X01 roster.csv",
                                   file="x.csv", created_by=province.officer_h01)
    url = fill(route, job)
    assert "<" not in url, f"unfilled parameter in {route}"
    client = client_for(province.outsider)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (method, url)
        if response.status_code == 200:
            body = response.content.decode("utf-8", "replace")
            for secret in H01_SECRETS:
                assert secret not in body, (method, url, secret)
