"""JSON API of the surveys app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["surveys"])
