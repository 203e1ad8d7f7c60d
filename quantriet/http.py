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


def message_page(message: str, status: int) -> HttpResponse:
    """A bare Vietnamese page holding one message, for answers given before any view or
    template runs (a busy database, a request refused by a middleware)."""
    from django.utils.html import escape

    text = escape(message)
    return HttpResponse(f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{text}'
                        f"</title><p>{text}</p></html>", status=status)


class NulGuardMiddleware:
    """A NUL character (code 0) in a page's address, query or form fields: 400 with a
    Vietnamese message, before any view runs. PostgreSQL cannot store or even compare text
    holding one, so a view reading request.GET directly answered 500 there (found by the API
    fuzzing). A cookie holding one is dropped as if absent: a session cookie with "\\000"
    made Django's session lookup fail on every page. The API answers these itself, as JSON
    naming the field (api/errors.py), so /api/ is left to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [k for k, v in request.COOKIES.items() if "\x00" in k + v]:
            del request.COOKIES[name]
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
        fields = [k for k, values in request.GET.lists() if "\x00" in k + "".join(values)]
        if request.method == "POST" and request.content_type in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            fields += [k for k, values in request.POST.lists()
                       if "\x00" in k + "".join(values)]
        if "\x00" in request.path_info or fields:
            from django.utils.translation import gettext as _

            return message_page(
                _("The request contains a NUL character (code 0), which is not allowed: "
                  "%(where)s.") % {"where": ", ".join(fields) or _("the address")}, 400)
        return self.get_response(request)
