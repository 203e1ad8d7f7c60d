from quantriet.copychecks import services
from quantriet.copychecks.models import CopyMatch, ReportSketch
from quantriet.learning.signals import report_submitted

from .factories import SAMPLE, make_report


def test_it_checks_a_newly_submitted_report_at_once(campaign, checked):
    p = campaign.province
    report = make_report(campaign.campaign, p.members["0101002"], checked["x"])
    report_submitted.send(sender=type(report), report=report)
    flags = {frozenset((m.a.member.member_id, m.b.member.member_id))
             for m in CopyMatch.objects.filter(kind="pair", current=True)
             .select_related("a__member", "b__member")}
    # 0101002 now copies X; its old pair with 0201001 (Y) is retired as undecided.
    assert flags == {frozenset(("0101001", "0101004")), frozenset(("0101001", "0101002")),
                     frozenset(("0101002", "0101004"))}
    assert ReportSketch.objects.get(report=report).text_hash == services.text_hash(
        checked["x"])


def test_it_does_not_rebuild_the_index_for_each_report(campaign, checked, monkeypatch):
    p = campaign.province
    services.campaign_index(campaign.campaign)
    built = []
    real = services._build_index
    monkeypatch.setattr(services, "_build_index",
                        lambda c: built.append(c.pk) or real(c))
    for member_id in ("0101003", "0201002"):
        report = make_report(campaign.campaign, p.members[member_id], "Mở đầu. " + SAMPLE)
        services.report_check(report=report)
    assert built == []
    assert CopyMatch.objects.filter(kind="reference", current=True).count() == 3


def test_it_never_breaks_a_submission_when_the_check_fails(campaign, checked, monkeypatch):
    p = campaign.province

    def boom(**kwargs):
        raise RuntimeError("index broken")

    monkeypatch.setattr(services, "report_check", boom)
    report = make_report(campaign.campaign, p.members["0101003"], "Văn bản mới.")
    report_submitted.send(sender=type(report), report=report)  # no exception


def test_it_checks_a_report_submitted_through_the_learning_app(
        campaign, checked, django_capture_on_commit_callbacks):
    from quantriet.campaigns.models import RollEntry
    from quantriet.learning.services import report_submit

    p = campaign.province
    entry = RollEntry.objects.select_related("member", "unit", "campaign").get(
        campaign=campaign.campaign, member=p.members["0101003"])
    with django_capture_on_commit_callbacks(execute=True):
        report_submit(actor=None, entry=entry, text="Mở đầu. " + SAMPLE)
    flag = CopyMatch.objects.get(a__member__member_id="0101003")
    assert (flag.kind, flag.reference.name, flag.status) == ("reference", "Bài mẫu 1",
                                                             "pending")
