"""Reads of the copychecks app: flags and clusters a user may see, the side-by-side view,
and the figures for the result report.

Every function that takes a user limits rows through quantriet.orgs.access.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quantriet.lib import copycheck
from quantriet.orgs import access
from quantriet.orgs.models import Unit

from .models import (
    CheckRun,
    ClusterMember,
    CopyCluster,
    CopyMatch,
    MatchStatus,
    ReferenceKind,
    ReferenceText,
)

FLAGGING = (MatchStatus.PENDING, MatchStatus.CONFIRMED)


def matches_for(user, campaign, unit: Unit, *, status: str = "", kind: str = "",
                current_only: bool = False) -> QuerySet[CopyMatch]:
    """Flags the user sees with at least one member in `unit`'s subtree."""
    qs = (access.copy_matches_visible_to(user, campaign)
          .filter(Q(a__unit__path__startswith=unit.path)
                  | Q(b__unit__path__startswith=unit.path))
          .select_related("a__member", "a__unit", "b__member", "b__unit", "reference",
                          "decided_by"))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if current_only:
        qs = qs.filter(current=True)
    return qs.order_by("-score", "pk")


def status_counts(user, campaign, unit: Unit) -> dict[str, int]:
    from django.db.models import Count

    rows = (access.copy_matches_visible_to(user, campaign)
            .filter(Q(a__unit__path__startswith=unit.path)
                    | Q(b__unit__path__startswith=unit.path))
            .values("status").annotate(n=Count("pk")).order_by())
    counts = {s: 0 for s in MatchStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


@dataclass
class ClusterView:
    cluster: CopyCluster
    members: list = field(default_factory=list)  # visible LearningReports
    hidden: int = 0  # members in units the user does not see
    source_name: str = ""
    source_visible: bool = True


def clusters_for(user, campaign, unit: Unit, *, only: int | None = None
                 ) -> list[ClusterView]:
    """Clusters with a visible member in `unit`'s subtree (or just the cluster `only`);
    only visible members listed."""
    qs = access.copy_clusters_visible_to(user, campaign)
    if only is not None:
        qs = qs.filter(pk=only)
    clusters = list(qs.filter(memberships__report__unit__path__startswith=unit.path)
                    .distinct()
                    .select_related("source_reference", "source_report__member",
                                    "source_report__unit"))
    if not clusters:
        return []
    links = (ClusterMember.objects.filter(cluster__in=clusters)
             .select_related("report__member", "report__unit")
             .order_by("report__member__name_key"))
    by_cluster: dict[int, list] = defaultdict(list)
    for link in links:
        by_cluster[link.cluster_id].append(link.report)
    views = []
    for c in clusters:
        reports = by_cluster[c.pk]
        visible = [r for r in reports if access.can_see_copy_unit(user, r.unit)]
        view = ClusterView(cluster=c, members=visible, hidden=len(reports) - len(visible))
        if c.source_reference_id:
            view.source_name = c.source_reference.name
        elif c.source_report_id:
            view.source_visible = access.can_see_copy_unit(user, c.source_report.unit)
            if view.source_visible:
                view.source_name = str(c.source_report.member)
        views.append(view)
    views.sort(key=lambda v: (-len(v.members) - v.hidden, v.cluster.pk))
    return views


def cluster_view(user, cluster: CopyCluster) -> ClusterView:
    """One cluster that passed access (so it has a visible member)."""
    return clusters_for(user, cluster.campaign, cluster.campaign.owner, only=cluster.pk)[0]


def latest_run(campaign, unit: Unit | None = None) -> CheckRun | None:
    """The latest check that covered `unit`: of the campaign, or of a unit above it."""
    runs = CheckRun.objects.filter(campaign=campaign)
    if unit is not None:
        runs = runs.filter(Q(unit__isnull=True) | Q(unit_id__in=unit.ancestor_ids()))
    return runs.select_related("unit").first()


def references_of(campaign) -> QuerySet[ReferenceText]:
    return ReferenceText.objects.filter(campaign=campaign).order_by("kind", "name")


# --- Side by side ----------------------------------------------------------------------


def _merge(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Sorted, non-overlapping (start, end, passage number) spans."""
    out: list[tuple[int, int, int]] = []
    for start, end, n in sorted(spans):
        if end <= start:
            continue
        if out and start < out[-1][1]:
            prev = out[-1]
            if end > prev[1]:
                out[-1] = (prev[0], end, prev[2])
            continue
        out.append((start, end, n))
    return out


def highlight(text: str, spans: list[tuple[int, int, int]], side: str = "a") -> SafeString:
    """The text escaped, with each span wrapped in <mark>; never trusts the text.
    Passage n is <mark id="{side}{n}">, so each side can link to the other."""
    parts, pos = [], 0
    for start, end, n in _merge(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        parts.append(escape(text[pos:start]))
        other = "b" if side == "a" else "a"
        parts.append(f'<mark id="{side}{n}" data-passage="{n}"><a href="#{other}{n}">'
                     f'{escape(text[start:end])}</a></mark>')
        pos = end
    parts.append(escape(text[pos:]))
    # Every piece of the text was escaped above; only our <mark> tags are markup.
    return mark_safe("".join(parts))


def side_by_side(match: CopyMatch) -> dict:
    """Both texts with their shared passages highlighted, and the share of each text that
    the passages cover."""
    text_a = match.a.text
    text_b = match.b.text if match.b_id else match.reference.text
    ignore = list(ReferenceText.objects.filter(campaign_id=match.campaign_id,
                                               kind=ReferenceKind.RESOLUTION)
                  .values_list("text", flat=True))
    passages = copycheck.align(text_a, text_b, copycheck.Params(), ignore_texts=ignore)
    spans_a = [(p.a_start, p.a_end, i) for i, p in enumerate(passages, 1)]
    spans_b = [(p.b_start, p.b_end, i) for i, p in enumerate(passages, 1)]

    def share(spans, text) -> float:
        covered = sum(e - s for s, e, _n in _merge(spans))
        return covered / len(text) if text else 0.0

    return {"html_a": highlight(text_a, spans_a, "a"),
            "html_b": highlight(text_b, spans_b, "b"),
            "passages": len(passages), "share_a": share(spans_a, text_a),
            "share_b": share(spans_b, text_b)}


# --- Figures for the result report -----------------------------------------------------


def report_figures(campaign, units: list[Unit]) -> dict[int, dict]:
    """For each unit (by pk): counts over that unit's whole subtree, for this campaign.

    flagged: distinct members in an undecided or confirmed flag; confirmed / dismissed /
    pending: flags with a member in the subtree; clusters: clusters with a member there.
    Two queries for all units together; the counting walks each row's ancestors.
    """
    wanted = {u.pk for u in units}
    empty = {"flagged": 0, "confirmed": 0, "dismissed": 0, "pending": 0, "clusters": 0}
    flagged: dict[int, set] = defaultdict(set)
    counts: dict[int, dict] = {pk: dict(empty) for pk in wanted}
    rows = (CopyMatch.objects.filter(campaign=campaign)
            .values_list("status", "a_id", "a__unit__path", "b_id", "b__unit__path"))
    for status, a_id, a_path, b_id, b_path in rows:
        ids_a = set(Unit.ids_in_path(a_path)) & wanted
        ids_b = set(Unit.ids_in_path(b_path)) & wanted if b_path else set()
        for pk in ids_a | ids_b:
            counts[pk][status] += 1
        if status in FLAGGING:
            for pk in ids_a:
                flagged[pk].add(a_id)
            for pk in ids_b:
                flagged[pk].add(b_id)
    seen_cluster: dict[int, set] = defaultdict(set)
    for cluster_id, path in (ClusterMember.objects.filter(cluster__campaign=campaign)
                             .values_list("cluster_id", "report__unit__path")):
        for pk in set(Unit.ids_in_path(path)) & wanted:
            seen_cluster[pk].add(cluster_id)
    for pk in wanted:
        counts[pk]["flagged"] = len(flagged[pk])
        counts[pk]["clusters"] = len(seen_cluster[pk])
    return counts


# --- The command line's JSON -----------------------------------------------------------


def results_json(campaign, unit: Unit) -> dict:
    """{"pairs": [{"a", "b", "score", "kind"}], "clusters": [{"members", "source"}]} for
    the flags still found with a member in `unit`'s subtree. As in the library, a member
    in a cluster is listed there, not again in the pairs."""
    in_cluster = set(ClusterMember.objects.filter(cluster__campaign=campaign)
                     .values_list("report_id", flat=True))
    flags = (CopyMatch.objects.filter(campaign=campaign, current=True)
             .filter(Q(a__unit__path__startswith=unit.path)
                     | Q(b__unit__path__startswith=unit.path))
             .values_list("kind", "a_id", "a__member__member_id", "b_id",
                          "b__member__member_id", "reference__name", "score")
             .order_by("-score", "pk"))
    pairs = []
    for kind, a_id, a_member, b_id, b_member, ref_name, score in flags:
        if a_id in in_cluster and (b_id is None or b_id in in_cluster):
            continue
        pairs.append({"a": a_member, "b": b_member if b_id else ref_name,
                      "score": round(float(score), 4), "kind": kind})
    clusters = []
    members_of: dict[int, list[str]] = defaultdict(list)
    for cluster_id, member_id in (ClusterMember.objects
                                  .filter(cluster__campaign=campaign,
                                          report__unit__path__startswith=unit.path)
                                  .values_list("cluster_id", "report__member__member_id")
                                  .order_by("cluster_id", "report__member__member_id")):
        members_of[cluster_id].append(member_id)
    for c in (CopyCluster.objects.filter(pk__in=list(members_of))
              .select_related("source_reference", "source_report__member")):
        source = None
        if c.source_reference_id:
            source = c.source_reference.name
        elif c.source_report_id:
            source = c.source_report.member.member_id
        clusters.append({"members": members_of[c.pk], "source": source})
    return {"pairs": pairs, "clusters": clusters}


# --- Per child unit ----------------------------------------------------------------------


def children_breakdown(user, campaign, unit: Unit) -> list[dict]:
    """For each child of `unit`: the flags the user sees with a member there, by status,
    and the members flagged (undecided or confirmed). One query for the flags."""
    children = list(Unit.objects.filter(parent=unit, active=True).order_by("code"))
    if not children:
        return []
    rows = (matches_for(user, campaign, unit).select_related(None)
            .values_list("status", "a_id", "a__unit__path", "b_id", "b__unit__path"))
    out = {c.pk: {"unit": c, "pending": 0, "confirmed": 0, "dismissed": 0, "members": set()}
           for c in children}
    for status, a_id, a_path, b_id, b_path in rows:
        touched = set()
        for report_id, path in ((a_id, a_path), (b_id, b_path)):
            if not path:
                continue
            for c in children:
                if path.startswith(c.path):
                    touched.add(c.pk)
                    if status in FLAGGING:
                        out[c.pk]["members"].add(report_id)
        for pk in touched:
            out[pk][status] += 1
    result = []
    for c in children:
        row = out[c.pk]
        row["flagged"] = len(row.pop("members"))
        if row["flagged"] or row["pending"] or row["confirmed"] or row["dismissed"]:
            result.append(row)
    return result
