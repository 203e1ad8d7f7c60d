"""List pages take a fixed number of queries, whatever the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.learning import services

from .conftest import SAMPLE, entry_of

BASE = "/campaigns/NQ4-XII/learning/"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_do_not_query_per_row(learning, client_for):
    client = client_for(learning.province.admin)
    urls = [BASE + "members/?unit=T01", BASE + "?unit=T01", BASE + "grading/"]

    def submit(mid):
        report = services.report_submit(actor=None, entry=entry_of(learning, mid),
                                        text=SAMPLE + mid)
        report.grader = learning.province.admin
        report.save()

    submit("0101001")
    before = [_count(client, url) for url in urls]
    for mid in ("0101002", "0101004", "0201001"):
        submit(mid)
    after = [_count(client, url) for url in urls]
    assert after == before
