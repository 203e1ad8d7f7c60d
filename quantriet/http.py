"""Small HTTP helpers shared by every app's views."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


def is_htmx(request) -> bool:
    """Sent by htmx (hx-get/hx-post): the view answers with a partial, not the page."""
    return request.headers.get("HX-Request") == "true"


def download_response(data: bytes, basename: str, fmt: str) -> HttpResponse:
    """A file download whose (possibly Vietnamese) name survives every browser."""
    filename = f"{basename}.{fmt}"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response
