from quantriet.accounts.models import AuditEntry
from quantriet.copychecks import services
from quantriet.copychecks.models import CheckRun, CopyMatch, MatchStatus, ReportSketch


def _flags(campaign):
    out = set()
    for m in CopyMatch.objects.filter(campaign=campaign.campaign, current=True)\
            .select_related("a__member", "b__member", "reference"):
        other = m.b.member.member_id if m.b_id else m.reference.name
        out.add((m.kind, m.a.member.member_id, other))
    return out


def test_it_flags_the_planted_copies_and_leaves_honest_reports_alone(campaign, checked):
    assert _flags(campaign) == {
        ("pair", "0101001", "0101004"),
        ("pair", "0101002", "0201001"),
        ("reference", "0101005", "Bài mẫu 1"),
    }
    verbatim = CopyMatch.objects.get(a__member__member_id="0101001")
    assert verbatim.score > 0.95 and verbatim.status == MatchStatus.PENDING
    run = CheckRun.objects.get()
    assert (run.status, run.reports, run.pairs, run.reference_matches) == ("done", 6, 2, 1)
    assert ReportSketch.objects.count() == 6


def test_it_keeps_human_decisions_when_the_check_runs_again(campaign, checked):
    p = campaign.province
    flag = CopyMatch.objects.get(a__member__member_id="0101001")
    services.match_decide(actor=p.officer_h01, match=flag, status="dismissed",
                          note="Hai vợ chồng cùng làm, đã giải trình")
    services.check_campaign(actor=None, campaign=campaign.campaign)
    flag.refresh_from_db()
    assert (flag.status, flag.note, flag.current) == ("dismissed",
                                                       "Hai vợ chồng cùng làm, đã giải trình",
                                                       True)
    assert CopyMatch.objects.count() == 3
    assert AuditEntry.objects.filter(action="copycheck.decide").count() == 1


def test_it_retires_flags_no_longer_found(campaign, checked):
    from .factories import honest_text, make_report

    p = campaign.province
    decided = CopyMatch.objects.get(a__member__member_id="0101001")
    services.match_decide(actor=p.admin, match=decided, status="confirmed", note="")
    make_report(campaign.campaign, p.members["0101004"], honest_text(77))
    make_report(campaign.campaign, p.members["0201001"], honest_text(78))
    services.check_campaign(actor=None, campaign=campaign.campaign)
    decided.refresh_from_db()
    assert (decided.status, decided.current) == ("confirmed", False)
    # The undecided pair 0101002–0201001 is gone with the copied text.
    assert not CopyMatch.objects.filter(a__member__member_id="0101002").exists()


def test_it_ignores_drafts_and_quotes_of_the_resolution(campaign, planted):
    from .factories import make_report

    p = campaign.province
    x = planted["x"]
    make_report(campaign.campaign, p.members["0101003"], x, status="draft")
    services.check_campaign(actor=None, campaign=campaign.campaign)
    assert not CopyMatch.objects.filter(a__member__member_id="0101003").exists()
    assert not CopyMatch.objects.filter(b__member__member_id="0101003").exists()
    assert not CopyMatch.objects.filter(a__member__member_id="0201002").exists()
    assert not CopyMatch.objects.filter(b__member__member_id="0201002").exists()
