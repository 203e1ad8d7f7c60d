"""JSON API of the reports app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["reports"])
