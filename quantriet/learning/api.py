"""JSON API of the learning app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["learning"])
