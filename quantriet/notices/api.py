"""JSON API of the notices app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["notices"])
