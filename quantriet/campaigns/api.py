"""API endpoints of the campaigns app (registered in quantriet/api/__init__.py)."""

from ninja import Router

router = Router(tags=["campaigns"])
