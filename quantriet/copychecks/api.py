"""JSON API of the copychecks app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["copychecks"])
