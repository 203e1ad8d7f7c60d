"""Property-based fuzzing of the JSON API from its own OpenAPI document (schemathesis).

Every operation is called in-process through Django's WSGI handler (no server; the test
database of pytest-django) with a bounded, derandomised set of generated requests, valid
and invalid, as a check-in device holding a real API token of a district officer sends
them; then a few as nobody and as an officer of the other district. Whatever comes in: no
5xx, every refusal a JSON object whose `detail` is a Vietnamese sentence, and every
response as the document describes it (status code, content type, body).
"""

from __future__ import annotations

import datetime
import json
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from quantriet.accounts.models import ApiToken
from quantriet.notices.models import Notice
from quantriet.programs import services as programs
from quantriet.reports.services import report_build
from quantriet.surveys.tests.factories import seed_ballot


class _InTestWSGI(WSGIHandler):
    """Django's WSGI handler, keeping the database connection between requests as the test
    client does: the whole test runs inside one transaction of pytest-django."""

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = super().__call__(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


def _openapi_document() -> dict:
    from quantriet.api import api

    # What /api/openapi.json serves (test_orgs_api checks that it does), built without a
    # request: collecting tests has no database.
    return json.loads(json.dumps(api.get_openapi_schema()))


schema = schemathesis.openapi.from_dict(_openapi_document())
schema.app = _InTestWSGI()

# Values that exist in the `world` fixture, mixed into the generated requests so that they
# also reach the code behind a successful lookup, not only the 404 of a random code.
# Filled by the fixture (the primary keys differ between runs and databases).
KNOWN: dict[str, list] = {}


def _path_known(path: str, name: str) -> list:
    if name == "code":
        return KNOWN.get(path.split("/")[2], [])  # "campaigns", "meetings", "units"
    return KNOWN.get(name, [])


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    path = context.operation.path
    real = {k: st.sampled_from([v, *_path_known(path, k)])
            for k, v in (path_parameters or {}).items()}
    return st.fixed_dictionaries(real) if real else st.just(path_parameters)


@schema.hook
def flatmap_body(context, body):
    if not isinstance(body, dict):
        return st.just(body)
    return st.fixed_dictionaries(
        {k: st.sampled_from([v, *KNOWN.get(f"body.{k}", [])]) for k, v in body.items()})


# Not negative_data_rejection: the device's real token replaces the generated (sometimes
# deliberately malformed) Authorization header, and the known values replace generated
# path parameters, so a case generated as invalid may be sent valid and rightly succeed.
# Calls without valid credentials are the next test's.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

# English that frameworks answer with by default: never a message for a Vietnamese operator.
FRAMEWORK_ENGLISH = {"Not Found", "Unauthorized", "Forbidden", "Too many requests.",
                     "CSRF check Failed", "Cannot parse request body", "Invalid request.",
                     "Method not allowed", "Field required"}


def assert_clear_error(response) -> dict | None:
    """A 4xx is a JSON object whose `detail` is a non-empty Vietnamese sentence."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/json"), (
        response.status_code, content_type, response.text[:300])
    body = json.loads(response.text)
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), body
    detail = body["detail"].strip()
    assert detail and not any(english in detail for english in FRAMEWORK_ENGLISH), body
    # Vietnamese has diacritics in every sentence the API writes; plain ASCII is English
    # (a msgid without its translation, or a library's text).
    assert not detail.isascii(), body
    if response.status_code == 422 and "errors" in body:
        assert all(e["field"] or e["loc"] for e in body["errors"]), body
        assert all(e["msg"] and not e["msg"].isascii() for e in body["errors"]), body
    return body


@pytest.fixture
def world(campaign, request):
    """The fixture campaign, with what the other endpoints read (a district program with a
    task, the seed ballot, a saved result report, a notice: each made only for the tests
    that reach it, they cost most of the setup); API tokens of a district officer (the
    device) and of the other district's officer."""
    p = campaign.province
    wanted = request.node.name
    everything = "[" not in wanted  # the test over all operations
    KNOWN.clear()
    KNOWN.update({
        "campaigns": ["NQ4-XII"], "meetings": ["HNTT-01"], "units": ["H01-X01", "H02"],
        "member_id": ["0101002", "0201001"], "tally_bp_pk": [campaign.bp1.pk],
        "body.campaign": ["NQ4-XII"], "body.meeting": ["HNTT-01"],
        "body.bridge_point": ["DC-H01"],
        "body.owner_unit": ["H01"], "body.organiser_unit": ["H01"],
        "body.host_unit": ["H01-X01"], "body.expected_units": [["H01-X01-C01"]],
        "body.offered_units": [["H01-X01"]], "body.operators": [["secretary_c1"]],
        "body.records": [[{"member_id": "0101002"}, {"member_id": "0201001",
                                                     "status": "excused"}]],
    })
    if everything or "/programs" in wanted:
        program = programs.program_create(actor=p.officer_h01, campaign=campaign.campaign,
                                          unit=p.h01)
        task = programs.task_create(
            actor=p.officer_h01, program=program, lead_unit=p.h01x01, content="Học bù",
            deadline=timezone.localdate() + datetime.timedelta(days=10))
        KNOWN.update({"program_pk": [program.pk], "task_pk": [task.pk]})
    if everything or "/ballots" in wanted:
        KNOWN["questionnaire_pk"] = [seed_ballot(campaign).pk]
    if everything or "/reports" in wanted:
        report = report_build(actor=None, campaign=campaign.campaign, unit=p.h01)
        KNOWN["report_pk"] = [report.pk]
    if everything or "/notices" in wanted:
        notice = Notice.objects.create(user=p.officer_h01, kind="task_overdue", key="fuzz",
                                       subject="Nhiệm vụ quá hạn", created_at=timezone.now())
        KNOWN["notice_pk"] = [notice.pk]
    campaign.device = _bearer(p.officer_h01)
    campaign.other_district = _bearer(p.outsider)
    yield campaign
    KNOWN.clear()


def _bearer(user) -> dict:
    _token, raw = ApiToken.issue(user=user, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


# The `world` fixture is function-scoped on purpose: one fresh province per operation,
# shared by that operation's examples (each example's writes stay visible to the next, as
# a real device's do) and rolled back after it. Hypothesis warns about exactly that sharing
# (function_scoped_fixture); the generated bodies of some operations are large
# (too_slow, data_too_large), and the known values above are drawn through sampled_from
# (filter_too_much when most draws are rejected by the schema's own constraints).
# Bounded for CI; QUANTRIET_FUZZ_EXAMPLES=200 for a longer hunt on one's own machine.
EXAMPLES = int(os.environ.get("QUANTRIET_FUZZ_EXAMPLES", "10"))
ALLOWED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
           HealthCheck.data_too_large, HealthCheck.filter_too_much]


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=ALLOWED)
def test_it_survives_fuzzing_with_a_device_token(case, world):
    response = case.call_and_validate(headers=world.device, checks=CHECKS)
    assert_clear_error(response)


OPERATIONS = [result.ok() for result in schema.get_all_operations()]
# Personal data of district H01's members: the other district's officer never sees it.
H01_PEOPLE = ["0101001", "0101002", "0101003", "0101004", "0101005", "Nguyễn Văn An",
              "Trần Thị Ân", "Lê Hoàng Bình", "Phạm Thị Thu Hòa", "Võ Minh Đức"]


# No shrinking: each example calls every operation twice, and shrinking a failure would
# replay it hundreds of times; the failing operation and request are in the message.
@settings(max_examples=max(2, EXAMPLES // 5), derandomize=True, deadline=None, database=None,
          suppress_health_check=ALLOWED, phases=[Phase.explicit, Phase.generate])
@given(data=st.data())
def test_it_refuses_strangers_and_the_other_district_clearly(world, data):
    for operation in OPERATIONS:
        case = data.draw(operation.as_strategy(), label=operation.label)
        case.headers = {k: v for k, v in (case.headers or {}).items()
                        if k.lower() != "authorization"}
        response = case.call()
        body = assert_clear_error(response)
        # No credentials: 401 (403 when a stray session cookie fails the CSRF check; 404 when
        # the address itself is malformed: no endpoint; 422 for a NUL character, refused
        # before anything is looked up).
        assert body is not None and (
            response.status_code in (401, 403, 404)
            or {e["type"] for e in body.get("errors", [{}])} == {"string_nul"}), (
            operation.label, response.status_code, body)
        response = case.call(headers=world.other_district)
        assert_clear_error(response)
        sent = json.dumps([case.path_parameters, case.query, case.body], ensure_ascii=False,
                          default=str)
        for secret in H01_PEOPLE:
            # (an id the caller sent may come back in "no member 0101002 you may mark")
            assert secret not in response.text or secret in sent, (
                operation.label, secret, response.text[:300])
