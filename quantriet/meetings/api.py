"""API endpoints of the meetings app (registered in quantriet/api/__init__.py)."""

from ninja import Router

router = Router(tags=["meetings"])
