"""Counters against a recount of the rows, for the load and fault benches."""

from __future__ import annotations


def counter_differences(campaign, meeting) -> dict[str, int]:
    """{"meeting present": n, "coverage": n}: units whose per-unit counter differs from a
    recount of the attendance / coverage rows (0 and 0 when all agree); also "covered", the
    counters' total."""
    from django.db import connection

    def pairs(sql: str, params: list) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {unit: n for unit, n in cursor.fetchall() if n}

    def differing(a: dict, b: dict) -> int:
        return len({u for u in a.keys() | b.keys() if a.get(u) != b.get(u)})

    present = pairs("SELECT unit_id, present FROM meetings_meetingcounter "
                    "WHERE meeting_id = %s", [meeting.pk])
    present_rows = pairs(
        "SELECT r.unit_id, COUNT(*) FROM meetings_attendance a JOIN campaigns_rollentry r "
        "ON r.member_id = a.member_id AND r.campaign_id = %s WHERE a.meeting_id = %s "
        "AND a.status = 'present' GROUP BY r.unit_id", [campaign.pk, meeting.pk])
    covered = pairs("SELECT unit_id, covered FROM campaigns_coveragecounter "
                    "WHERE campaign_id = %s", [campaign.pk])
    covered_rows = pairs(
        "SELECT c.unit_id, COUNT(*) FROM meetings_coverage c JOIN campaigns_rollentry r "
        "ON r.member_id = c.member_id AND r.campaign_id = c.campaign_id "
        "AND r.unit_id = c.unit_id WHERE c.campaign_id = %s GROUP BY c.unit_id",
        [campaign.pk])
    return {"meeting present": differing(present, present_rows),
            "coverage": differing(covered, covered_rows),
            "covered": sum(covered.values())}
