"""Objects of district H01 for the global outsider walk
(quantriet/tests/test_access_matrix.py)."""

from __future__ import annotations

SECRET = "Kênh Xáng Mỹ Lợi"


def h01_objects(campaign) -> dict:
    from quantriet.copychecks import services
    from quantriet.copychecks.models import CheckRun, CopyCluster, CopyMatch, ReferenceText

    from .factories import SAMPLE, make_report

    p, c = campaign.province, campaign.campaign
    services.forget_index()
    services.references_import(actor=None, campaign=c,
                               files=[("Bài mẫu 1.txt", SAMPLE.encode())])
    # 0101001's report belongs to the learning app's walk objects: left alone.
    for member_id in ("0101002", "0101003", "0101004", "0101005"):
        make_report(c, p.members[member_id], SAMPLE + f" {SECRET}.")
    run = services.check_campaign(actor=None, campaign=c)
    match = CopyMatch.objects.filter(campaign=c).order_by("pk").first()
    cluster = CopyCluster.objects.filter(campaign=c).first()
    return {
        "params": {
            "<int:match_pk>": str(match.pk if match else 0),
            "<int:cluster_pk>": str(cluster.pk if cluster else 0),
            "<int:run_pk>": str(CheckRun.objects.get(pk=run.pk).pk),
            "<int:reference_pk>": str(ReferenceText.objects.filter(campaign=c).first().pk),
        },
        "secrets": [SECRET],
    }
