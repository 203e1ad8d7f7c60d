from quantriet.learning import services

from .conftest import SAMPLE, entry_of


def test_the_admin_lists_reports_of_the_officers_subtree_read_only(learning, client_for):
    services.report_submit(actor=None, entry=entry_of(learning, "0101001"), text=SAMPLE)
    services.report_submit(actor=None, entry=entry_of(learning, "0201001"), text=SAMPLE)
    url = "/admin/learning/learningreport/"
    body = client_for(learning.province.officer_h01).get(url).content.decode()
    assert "Nguyễn Văn An" in body and "Huỳnh Văn Dũng" not in body
    assert client_for(learning.province.outsider).get(url).content.decode().count(
        "Nguyễn Văn An") == 0
    assert client_for(learning.province.admin).get(url + "add/").status_code == 403
