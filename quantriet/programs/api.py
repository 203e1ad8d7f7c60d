"""JSON API of the programs app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["programs"])
