"""Personal data held by the reports app (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

MODELS = {
    "reports.ResultReport": "submitted_by / decided_by are officers (users): kept, the user "
                            "is pseudonymised; a unit's report is an official document",
}


def member_data(member, user) -> list:
    return []


def member_data_erase(member, user) -> dict[str, int]:
    return {}
