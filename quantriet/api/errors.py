"""The API's error format, for every refusal: 4xx with a JSON object whose `detail` is one
readable Vietnamese sentence; a request that does not fit the schema also gets `errors`,
one entry per bad field (`loc`, `field`, `type`, `msg`), naming the field and the reason.
"""

from __future__ import annotations

import functools
import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema

# The statuses any operation may answer besides its own (documented on every operation).
ERROR_STATUSES = {
    400: "The body of the request is not valid JSON.",
    401: "Sign in or send a valid API token.",
    403: "Refused (a browser session without its CSRF token).",
    404: "Not found, or not in the caller's units (the same answer for both).",
    422: "The request does not fit the schema, or a rule refused it.",
}


class ErrorOut(Schema):
    detail: str


def _reasons() -> dict[str, str]:
    """pydantic error type -> the reason, in words (evaluated per request: translated)."""
    number = _("must be a number")
    whole = _("must be a whole number")
    date = _("must be a date written YYYY-MM-DD")
    moment = _("must be a date and time in ISO 8601 (YYYY-MM-DDTHH:MM)")
    obj = _("must be a JSON object")
    yes_no = _("must be true or false")
    return {
        "missing": _("is required"),
        "string_type": _("must be text"),
        "string_unicode": _("must be valid Unicode text"),
        "int_type": whole, "int_parsing": whole, "int_from_float": whole,
        "int_parsing_size": _("is too large"),
        "float_type": number, "float_parsing": number, "finite_number": number,
        "decimal_type": number, "decimal_parsing": number,
        "bool_type": yes_no, "bool_parsing": yes_no,
        "date_type": date, "date_parsing": date, "date_from_datetime_parsing": date,
        "date_from_datetime_inexact": date,
        "datetime_type": moment, "datetime_parsing": moment,
        "datetime_from_date_parsing": moment, "datetime_object_invalid": moment,
        "timezone_aware": moment, "timezone_naive": moment,
        "list_type": _("must be a list"), "tuple_type": _("must be a list"),
        "set_type": _("must be a list"),
        "dict_type": obj, "model_type": obj, "model_attributes_type": obj,
        "json_invalid": _("is not valid JSON"), "json_type": _("is not valid JSON"),
        "uuid_type": _("must be a UUID"), "uuid_parsing": _("must be a UUID"),
        "extra_forbidden": _("is not a known field"),
        "string_pattern_mismatch": _("is not in the expected form"),
        "string_nul": _("contains a NUL character (code 0), which is not allowed"),
    }


def _reason(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("string_too_long", "too_long"):
        return _("is too long (at most %(max)s)") % {"max": ctx.get("max_length", "?")}
    if kind in ("string_too_short", "too_short"):
        return _("is too short (at least %(min)s)") % {"min": ctx.get("min_length", "?")}
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), "?")
        word = {"greater_than": _("must be greater than %(bound)s"),
                "greater_than_equal": _("must be at least %(bound)s"),
                "less_than": _("must be less than %(bound)s"),
                "less_than_equal": _("must be at most %(bound)s")}[kind]
        return word % {"bound": bound}
    if kind in ("literal_error", "enum"):
        return _("must be one of %(choices)s") % {"choices": ctx.get("expected", "?")}
    if kind in ("value_error", "assertion_error"):
        # Our own validators raise ValueError with a translated message.
        return str(error.get("msg", "")).split(", ", 1)[-1]
    return _reasons().get(kind, _("is not valid"))


def _field(loc) -> tuple[str, str]:
    """("body", "payload", "records", 0, "member_id") -> ("body", "records[0].member_id")."""
    where, *rest = [*loc] or ["body"]
    # ninja puts the name of the view's argument after the location: not the caller's word.
    if where == "body" and rest and not isinstance(rest[0], int):
        rest = rest[1:]
    name = ""
    for part in rest:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return str(where), name


def validation_errors(errors: list[dict]) -> dict:
    """ninja's ValidationError.errors as the API's 422 body."""
    places = {"body": _("in the body"), "query": _("in the query string"),
              "path": _("in the address"), "header": _("in the headers"),
              "cookie": _("in the cookies"), "form": _("in the form")}
    items, sentences = [], []
    for error in errors:
        where, field = _field(error.get("loc") or ())
        reason = _reason(error)
        if field:
            sentences.append(_("field «%(field)s» (%(where)s) %(reason)s")
                             % {"field": field, "where": places.get(where, where),
                                "reason": reason})
        else:
            sentences.append(_("the body of the request %(reason)s") % {"reason": reason})
        items.append({"loc": [str(p) if not isinstance(p, int) else p
                              for p in error.get("loc") or ()],
                      "field": field, "type": str(error.get("type", "")), "msg": reason})
    detail = _("Invalid request: %(reasons)s.") % {"reasons": "; ".join(sentences)}
    return {"detail": detail, "errors": items}


def document_errors(schema: dict) -> dict:
    """Add the error statuses, with ErrorOut, to every operation of an OpenAPI document."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorOut"] = ErrorOut.model_json_schema()
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                })
    return schema


def _json(status: int, detail: str, **headers) -> HttpResponse:
    return HttpResponse(json.dumps({"detail": detail}, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8", headers=headers)


@csrf_exempt  # it changes nothing; a 403 page from the CSRF check would not be JSON
def api_not_found(request) -> HttpResponse:
    """An address under /api/ that names no endpoint (or a malformed id in it)."""
    return _json(404, _("Not found."))


def _nul_fields(value, field: str = ""):
    """The fields (as validation_errors writes them) of the strings holding a NUL."""
    if isinstance(value, str):
        return [field] if "\x00" in value else []
    if isinstance(value, dict):
        found = [field or str(k) for k in value if "\x00" in str(k)]
        for k, v in value.items():
            found += _nul_fields(v, f"{field}.{k}" if field else str(k))
        return found
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in _nul_fields(v, f"{field}[{i}]")]
    return []


def _nul_refusal(request, kwargs) -> HttpResponse | None:
    """A NUL character anywhere in the address, query or JSON body: 422 naming
    the field. PostgreSQL cannot store or even compare text holding one (a 500, found by
    test_fuzz.py); Django's forms refuse it the same way on the web pages."""
    errors = [{"loc": ["path", k], "type": "string_nul"} for k in _nul_fields(kwargs)]
    errors += [{"loc": ["query", k], "type": "string_nul"}
               for k, values in request.GET.lists() if _nul_fields([k, *values])]
    # Cookies holding one never get here: quantriet.http.NulGuardMiddleware drops them.
    try:
        body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    except RequestDataTooBig:
        body = b""  # the view refuses it as before
    if b"\\u0000" in body or b"\x00" in body:
        try:
            data = json.loads(body)
        except ValueError:
            data = None  # ninja answers it: not JSON
        errors += [{"loc": ["body", "payload", *k.split(".")], "type": "string_nul"}
                   for k in _nul_fields(data)]
    if not errors:
        return None
    return HttpResponse(json.dumps(validation_errors(errors), ensure_ascii=False), status=422,
                        content_type="application/json; charset=utf-8")


def guarded(view):
    """Every view of the API: NUL characters refused (422), and ninja's text/plain 405 as
    the API's JSON refusal, keeping its Allow header."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        refusal = _nul_refusal(request, kwargs)
        if refusal is not None:
            return refusal
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"):
            return _json(405, _("This address does not accept the %(method)s method.")
                         % {"method": request.method}, Allow=response.get("Allow", ""))
        return response

    return wrapped
