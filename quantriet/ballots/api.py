"""JSON API of the ballots app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["ballots"])
