"""JSON API of the results app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["results"])
