"""JSON API of the inspections app (django-ninja router, mounted at /api/)."""

from ninja import Router

router = Router(tags=["inspections"])
